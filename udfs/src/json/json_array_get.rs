//! `json_array_get`: one element of a JSON array, as JSON text.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, AsArray, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::Int64Type;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::Result;
use datafusion::common::types::{NativeType, logical_int64, logical_string};
use datafusion::logical_expr::{
    Coercion, ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl,
    Signature, TypeSignatureClass, Volatility,
};
use serde_json::Value;

use super::cast::json_field;
use super::common::{DOC_SECTION, parse_json, utf8_column};

/// Trino's `json_array_get`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonArrayGetFunc {
    signature: Signature,
}

impl Default for JsonArrayGetFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonArrayGetFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::coercible(
                vec![
                    Coercion::new_exact(TypeSignatureClass::Native(logical_string())),
                    Coercion::new_implicit(
                        TypeSignatureClass::Native(logical_int64()),
                        vec![TypeSignatureClass::Integer],
                        NativeType::Int64,
                    ),
                ],
                Volatility::Immutable,
            ),
        }
    }
}

/// Element `index` of the array in `text` (negative counts from the end).
fn element(text: &str, index: i64) -> Option<String> {
    let doc = parse_json(text)?;
    let items = doc.as_array()?;
    let at = if index < 0 {
        items
            .len()
            .checked_sub(usize::try_from(index.unsigned_abs()).ok()?)?
    } else {
        usize::try_from(index).ok()?
    };
    items.get(at).map(Value::to_string)
}

impl ScalarUDFImpl for JsonArrayGetFunc {
    fn name(&self) -> &str {
        "json_array_get"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(Arc::new(json_field(self.name(), true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let texts = utf8_column(&args.args[0], rows)?;
        let index = cast(&args.args[1].to_array(rows)?, &DataType::Int64)?;
        let index = index.as_primitive::<Int64Type>();
        let values: Vec<Option<String>> = (0..rows)
            .map(|row| {
                (texts.is_valid(row) && index.is_valid(row))
                    .then(|| element(texts.value(row), index.value(row)))
                    .flatten()
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(values))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns element `index` (0-based; negative counts from the end) of a JSON array as JSON text. Returns NULL when an argument is NULL, the text is malformed JSON or not an array, or the index is out of range. Matches Trino json_array_get.", "json_array_get(json_array, index)")
                .with_sql_example("> SELECT json_array_get('[\"a\", [3, 9], \"c\"]', 1), json_array_get('[\"a\", [3, 9], \"c\"]', -1);\n[3,9] \"c\"")
                .with_argument("json_array", "VARCHAR holding a JSON array.")
                .with_argument("index", "BIGINT position, 0-based; -1 is the last element.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::Array;
    use datafusion::arrow::datatypes::Field;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(args: Vec<ColumnarValue>, rows: usize) -> Result<StringArray> {
        let arg_fields = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
            .collect();
        let out = JsonArrayGetFunc::new().invoke_with_args(ScalarFunctionArgs {
            args,
            arg_fields,
            number_rows: rows,
            return_field: Arc::new(Field::new("r", DataType::Utf8, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let array = out.to_array(rows)?;
        Ok(array
            .as_any()
            .downcast_ref::<StringArray>()
            .cloned()
            .unwrap_or_else(|| StringArray::from(Vec::<Option<String>>::new())))
    }

    fn docs(values: &[Option<&str>]) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(datafusion::arrow::array::StringArray::from(
            values.to_vec(),
        )))
    }

    #[test]
    fn elements_and_out_of_range() -> Result<()> {
        let arr = r#"["a", [3, 9], "c"]"#;
        let idx = |v: Vec<Option<i64>>| {
            ColumnarValue::Array(Arc::new(datafusion::arrow::array::Int64Array::from(v)))
        };
        let out = run(
            vec![
                docs(&[
                    Some(arr),
                    Some(arr),
                    Some(arr),
                    Some(arr),
                    Some(arr),
                    None,
                    Some("{}"),
                    Some("["),
                ]),
                idx(vec![
                    Some(0),
                    Some(1),
                    Some(-1),
                    Some(3),
                    Some(-4),
                    Some(0),
                    Some(0),
                    Some(0),
                ]),
            ],
            8,
        )?;
        assert_eq!(out.value(0), r#""a""#);
        assert_eq!(out.value(1), "[3,9]");
        assert_eq!(out.value(2), r#""c""#);
        for row in 3..8 {
            assert!(out.is_null(row), "row {row}");
        }
        Ok(())
    }
}
