//! Argument plumbing shared by the regexp and string families: coercion of
//! argument types to one canonical type per kind, and typed access to the
//! coerced columns, so each function body deals with `&str` and `i64` only.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayBuilder, ArrayRef, BinaryArray, Int64Array, ListArray, StringArray, StringBuilder,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{DataFusionError, Result, ScalarValue, plan_err};
use datafusion::logical_expr::ColumnarValue;

/// Whether `data_type` is one of Arrow's string types.
pub fn is_string(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

/// What one argument position accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Any string type, passed to the function as `Utf8`.
    Str,
    /// Any integer type, passed as `Int64` (Trino's BIGINT).
    Int,
    /// Binary, passed as `Binary` (Trino's VARBINARY).
    Bin,
    /// A string or an integer (from_utf8's replacement), kept apart.
    StrOrInt,
}

impl Kind {
    fn sql(self) -> &'static str {
        match self {
            Kind::Str => "varchar",
            Kind::Int => "bigint",
            Kind::Bin => "varbinary",
            Kind::StrOrInt => "varchar|bigint",
        }
    }

    /// The type an argument of type `ty` is cast to, if this kind accepts it.
    pub(crate) fn coerce(self, ty: &DataType) -> Option<DataType> {
        let is_str = matches!(
            ty,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
        ) || matches!(ty, DataType::Dictionary(_, v)
            if matches!(v.as_ref(), DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View));
        match self {
            Kind::Str => is_str.then_some(DataType::Utf8),
            Kind::Int => (ty.is_integer() || ty.is_null()).then_some(DataType::Int64),
            Kind::Bin => matches!(
                ty,
                DataType::Binary
                    | DataType::LargeBinary
                    | DataType::BinaryView
                    | DataType::FixedSizeBinary(_)
                    | DataType::Null
            )
            .then_some(DataType::Binary),
            Kind::StrOrInt if ty.is_integer() => Some(DataType::Int64),
            Kind::StrOrInt => is_str.then_some(DataType::Utf8),
        }
    }
}

/// Picks the form whose arity matches `types` and returns the types the
/// planner must cast the arguments to; an unmatched call is a plan error
/// listing the accepted forms.
pub(crate) fn coerce(
    function: &str,
    types: &[DataType],
    forms: &[&[Kind]],
) -> Result<Vec<DataType>> {
    if let Some(form) = forms.iter().find(|f| f.len() == types.len()) {
        let coerced: Option<Vec<DataType>> =
            form.iter().zip(types).map(|(k, t)| k.coerce(t)).collect();
        if let Some(coerced) = coerced {
            return Ok(coerced);
        }
    }
    let got = types
        .iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let accepted = forms
        .iter()
        .map(|f| {
            let kinds = f.iter().map(|k| k.sql()).collect::<Vec<_>>().join(", ");
            format!("{function}({kinds})")
        })
        .collect::<Vec<_>>()
        .join(" or ");
    plan_err!("{function} cannot be called with ({got}); it accepts {accepted}")
}

fn downcast<T: Clone + 'static>(array: &ArrayRef, what: &str) -> Result<T> {
    array
        .as_any()
        .downcast_ref::<T>()
        .cloned()
        .ok_or_else(|| DataFusionError::Internal(format!("argument is not {what} after coercion")))
}

/// `arg` as a `Utf8` array of `rows` rows.
pub(crate) fn strings(arg: &ColumnarValue, rows: usize) -> Result<StringArray> {
    let array = cast(&arg.to_array(rows)?, &DataType::Utf8)?;
    downcast(&array, "Utf8")
}

/// `arg` as an `Int64` array of `rows` rows.
pub(crate) fn ints(arg: &ColumnarValue, rows: usize) -> Result<Int64Array> {
    let array = cast(&arg.to_array(rows)?, &DataType::Int64)?;
    downcast(&array, "Int64")
}

/// `arg` as a `Binary` array of `rows` rows.
pub(crate) fn binaries(arg: &ColumnarValue, rows: usize) -> Result<BinaryArray> {
    let array = cast(&arg.to_array(rows)?, &DataType::Binary)?;
    downcast(&array, "Binary")
}

/// The value of a string literal argument: `Some(None)` for a NULL literal,
/// `None` when the argument is a column (so it varies by row).
pub(crate) fn literal_str(arg: &ColumnarValue) -> Option<Option<String>> {
    match arg {
        ColumnarValue::Scalar(s) if s.is_null() => Some(None),
        ColumnarValue::Scalar(
            ScalarValue::Utf8(v) | ScalarValue::LargeUtf8(v) | ScalarValue::Utf8View(v),
        ) => Some(v.clone()),
        _ => None,
    }
}

/// Value of row `row`, or `None` when it is NULL.
pub(crate) fn str_at(array: &StringArray, row: usize) -> Option<&str> {
    array.is_valid(row).then(|| array.value(row))
}

/// Value of row `row`, or `None` when it is NULL.
pub(crate) fn int_at(array: &Int64Array, row: usize) -> Option<i64> {
    array.is_valid(row).then(|| array.value(row))
}

/// The `ARRAY(VARCHAR)` type Trino's split functions return.
pub(crate) fn string_list_type() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
}

/// Builds an `ARRAY(VARCHAR)` column, one (nullable) list per row.
pub(crate) struct StringListBuilder {
    values: StringBuilder,
    offsets: Vec<i32>,
    valid: Vec<bool>,
}

impl Default for StringListBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl StringListBuilder {
    /// An empty builder.
    pub(crate) fn new() -> Self {
        Self {
            values: StringBuilder::new(),
            offsets: vec![0],
            valid: Vec::new(),
        }
    }

    /// Appends one element to the list being built.
    pub(crate) fn push_value(&mut self, value: Option<&str>) {
        self.values.append_option(value);
    }

    /// Ends the current row's list; `valid = false` makes the row NULL.
    pub(crate) fn finish_row(&mut self, valid: bool) -> Result<()> {
        let len = i32::try_from(self.values.len()).map_err(|_| {
            DataFusionError::Execution("array result exceeds 2 GiB of elements".into())
        })?;
        self.offsets.push(len);
        self.valid.push(valid);
        Ok(())
    }

    /// The finished column.
    pub(crate) fn finish(mut self) -> Result<ColumnarValue> {
        let values = Arc::new(self.values.finish());
        let list = ListArray::try_new(
            Arc::new(Field::new_list_field(DataType::Utf8, true)),
            OffsetBuffer::new(self.offsets.into()),
            values,
            Some(self.valid.into()),
        )?;
        Ok(ColumnarValue::Array(Arc::new(list)))
    }
}

/// Helpers for the unit tests at the foot of each function file.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use datafusion::arrow::array::{Array, ArrayRef};
    use datafusion::arrow::datatypes::Field;
    use datafusion::common::config::ConfigOptions;
    use datafusion::common::{Result, ScalarValue};
    use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl};

    /// Calls `f` as the planner would after coercion and returns the result
    /// as an array of `rows` rows.
    pub(crate) fn invoke(
        f: &dyn ScalarUDFImpl,
        args: Vec<ColumnarValue>,
        rows: usize,
    ) -> Result<ArrayRef> {
        let types: Vec<_> = args.iter().map(|a| a.data_type()).collect();
        let arg_fields = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
            .collect();
        let return_type = f.return_type(&types)?;
        let out = f.invoke_with_args(ScalarFunctionArgs {
            args,
            arg_fields,
            number_rows: rows,
            return_field: Arc::new(Field::new("r", return_type, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let array = out.to_array(rows)?;
        assert_eq!(array.len(), rows, "result has one value per row");
        Ok(array)
    }

    /// The message of an expected error; a success is reported as such so
    /// the calling assertion fails with it.
    pub(crate) fn error(result: Result<ArrayRef>) -> String {
        match result {
            Ok(array) => format!("unexpected success: {array:?}"),
            Err(e) => e.to_string(),
        }
    }

    /// A VARCHAR literal.
    pub(crate) fn s(v: &str) -> ColumnarValue {
        ColumnarValue::Scalar(ScalarValue::Utf8(Some(v.to_string())))
    }

    /// A NULL VARCHAR literal.
    pub(crate) fn null_s() -> ColumnarValue {
        ColumnarValue::Scalar(ScalarValue::Utf8(None))
    }

    /// A BIGINT literal.
    pub(crate) fn i(v: i64) -> ColumnarValue {
        ColumnarValue::Scalar(ScalarValue::Int64(Some(v)))
    }

    /// A VARCHAR column.
    pub(crate) fn strs(values: &[Option<&str>]) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(datafusion::arrow::array::StringArray::from(
            values.to_vec(),
        )))
    }

    /// Row values of a VARCHAR result, NULL as `None`.
    pub(crate) fn str_values(array: &ArrayRef) -> Vec<Option<String>> {
        let array = datafusion::arrow::array::AsArray::as_string::<i32>(array);
        (0..array.len())
            .map(|r| array.is_valid(r).then(|| array.value(r).to_string()))
            .collect()
    }

    /// Row values of a BIGINT result, NULL as `None`.
    pub(crate) fn int_values(array: &ArrayRef) -> Vec<Option<i64>> {
        let array = datafusion::arrow::array::AsArray::as_primitive::<
            datafusion::arrow::datatypes::Int64Type,
        >(array);
        (0..array.len())
            .map(|r| array.is_valid(r).then(|| array.value(r)))
            .collect()
    }

    /// Row values of an ARRAY(VARCHAR) result, NULL rows as `None`.
    pub(crate) fn list_values(array: &ArrayRef) -> Vec<Option<Vec<Option<String>>>> {
        let list = datafusion::arrow::array::AsArray::as_list::<i32>(array);
        (0..list.len())
            .map(|r| list.is_valid(r).then(|| str_values(&list.value(r))))
            .collect()
    }
}
