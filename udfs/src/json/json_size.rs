//! `json_size`: the number of members or elements a JSONPath selects.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::Value;

use super::common::{DOC_SECTION, map_selected};

/// Trino's `json_size`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonSizeFunc {
    signature: Signature,
}

impl Default for JsonSizeFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonSizeFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(2, Volatility::Immutable),
        }
    }
}

/// Members of an object or elements of an array; 0 for a scalar.
fn size(value: &Value) -> Option<i64> {
    Some(match value {
        Value::Object(m) => m.len() as i64,
        Value::Array(a) => a.len() as i64,
        _ => 0,
    })
}

impl ScalarUDFImpl for JsonSizeFunc {
    fn name(&self) -> &str {
        "json_size"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let values = map_selected(self.name(), &args.args, args.number_rows, size)?;
        Ok(ColumnarValue::Array(Arc::new(Int64Array::from(values))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns the size of the value a JSONPath selects: members of an object, elements of an array, 0 for a scalar. Returns NULL when the input is NULL or malformed JSON or the path selects nothing. An invalid path is an error naming the path. Matches Trino json_size.", "json_size(json, json_path)")
                .with_sql_example("> SELECT json_size('{\"x\": {\"a\": 1, \"b\": 2}}', '$.x');\n2")
                .with_argument("json", "VARCHAR holding JSON text.")
                .with_argument("json_path", "Trino JSONPath: `$`, `.key`, `[\"key\"]`, `['key']`, `[index]`.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::Array;
    use datafusion::arrow::datatypes::Field;
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(args: Vec<ColumnarValue>, rows: usize) -> Result<Int64Array> {
        let arg_fields = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
            .collect();
        let out = JsonSizeFunc::new().invoke_with_args(ScalarFunctionArgs {
            args,
            arg_fields,
            number_rows: rows,
            return_field: Arc::new(Field::new("r", DataType::Int64, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let array = out.to_array(rows)?;
        Ok(array
            .as_any()
            .downcast_ref::<Int64Array>()
            .cloned()
            .unwrap_or_else(|| Int64Array::from(Vec::<Option<i64>>::new())))
    }

    fn docs(values: &[Option<&str>]) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(datafusion::arrow::array::StringArray::from(
            values.to_vec(),
        )))
    }

    fn lit(s: &str) -> ColumnarValue {
        ColumnarValue::Scalar(ScalarValue::Utf8(Some(s.to_string())))
    }

    #[test]
    fn sizes() -> Result<()> {
        let out = run(
            vec![
                docs(&[
                    Some(r#"{"x": {"a": 1, "b": 2}}"#),
                    Some(r#"{"x": [1, 2, 3]}"#),
                    Some(r#"{"x": 1}"#),
                    Some(r#"{"y": 1}"#),
                    None,
                    Some("nope"),
                ]),
                lit("$.x"),
            ],
            6,
        )?;
        assert_eq!((out.value(0), out.value(1), out.value(2)), (2, 3, 0));
        for row in 3..6 {
            assert!(out.is_null(row), "row {row}");
        }
        Ok(())
    }
}
