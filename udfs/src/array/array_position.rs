//! `array_position`: the 1-based position of the first element equal to the
//! given one, 0 when there is none.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, Int64Array, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{DataFusionError, Result};
use datafusion::functions_nested::position::array_position_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature,
};

use super::common::ARRAY_SECTION;

/// Trino's `array_position` (DataFusion's gives NULL, not 0, when the
/// element is absent, and an unsigned type).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ArrayPositionFunc {
    builtin: Arc<ScalarUDF>,
}

impl Default for ArrayPositionFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ArrayPositionFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            builtin: array_position_udf(),
        }
    }
}

impl ScalarUDFImpl for ArrayPositionFunc {
    fn name(&self) -> &str {
        "array_position"
    }

    fn signature(&self) -> &Signature {
        self.builtin.signature()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.builtin.inner().coerce_types(arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(Arc::new(Field::new(self.name(), DataType::Int64, true)))
    }

    fn invoke_with_args(&self, mut args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        if args.args.len() != 2 {
            return Err(DataFusionError::Plan(
                "array_position takes (array, element); the start position form is not Trino's"
                    .to_string(),
            ));
        }
        let rows = args.number_rows;
        let inputs = ColumnarValue::values_to_arrays(&args.args)?;
        args.return_field = Arc::new(Field::new(self.name(), DataType::UInt64, true));
        let found = self
            .builtin
            .inner()
            .invoke_with_args(args)?
            .into_array(rows)?;
        let found = found
            .as_any()
            .downcast_ref::<UInt64Array>()
            .ok_or_else(|| {
                DataFusionError::Internal(format!(
                    "array_position: DataFusion returned {} instead of UInt64",
                    found.data_type()
                ))
            })?;
        let (list, element) = (&inputs[0], &inputs[1]);
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let value = if found.is_valid(row) {
                Some(i64::try_from(found.value(row)).unwrap_or(i64::MAX))
            } else if list.is_valid(row) && element.is_valid(row) {
                Some(0)
            } else {
                None
            };
            out.push(value);
        }
        Ok(ColumnarValue::Array(Arc::new(Int64Array::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns the 1-based position of the first element of `array` equal to `element`, or 0 if there is none; NULL when an argument is NULL. Matches Trino array_position.",
                "array_position(array, element)",
            )
            .with_sql_example("> SELECT array_position(ARRAY[10, 20, 30], 20);\n2\n> SELECT array_position(ARRAY[10, 20], 40);\n0")
            .with_argument("array", "ARRAY to search.")
            .with_argument("element", "Value to find.")
            .build()
        }))
    }
}
