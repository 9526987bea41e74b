//! `json_extract`: the JSON value a JSONPath selects, as JSON text.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use serde_json::Value;

use super::cast::json_field;
use super::common::{DOC_SECTION, map_selected};

/// Trino's `json_extract`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonExtractFunc {
    signature: Signature,
}

impl Default for JsonExtractFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonExtractFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(2, Volatility::Immutable),
        }
    }
}

/// The selected value re-serialised as compact JSON.
fn json_text(value: &Value) -> Option<String> {
    serde_json::to_string(value).ok()
}

impl ScalarUDFImpl for JsonExtractFunc {
    fn name(&self) -> &str {
        "json_extract"
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
        let values = map_selected(self.name(), &args.args, args.number_rows, json_text)?;
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(values))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Evaluates a JSONPath over JSON text and returns the selected value as compact JSON text (objects and arrays included). Returns NULL when the input is NULL or malformed JSON or the path selects nothing. An invalid path is an error naming the path. Matches Trino json_extract; object members are printed with their keys sorted.", "json_extract(json, json_path)")
                .with_sql_example("> SELECT json_extract('{\"a\": {\"b\": [1, 2]}}', '$.a');\n{\"b\":[1,2]}")
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

    fn run(args: Vec<ColumnarValue>, rows: usize) -> Result<StringArray> {
        let arg_fields = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
            .collect();
        let out = JsonExtractFunc::new().invoke_with_args(ScalarFunctionArgs {
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

    fn lit(s: &str) -> ColumnarValue {
        ColumnarValue::Scalar(ScalarValue::Utf8(Some(s.to_string())))
    }

    #[test]
    fn values_and_nulls() -> Result<()> {
        let out = run(
            vec![
                docs(&[
                    Some(r#"{"a": {"b": [1, 2]}}"#),
                    Some(r#"{"a": "s"}"#),
                    Some(r#"{"b": 1}"#),
                    None,
                    Some("[1,"),
                ]),
                lit("$.a"),
            ],
            5,
        )?;
        assert_eq!(out.value(0), r#"{"b":[1,2]}"#);
        assert_eq!(out.value(1), r#""s""#);
        for row in 2..5 {
            assert!(out.is_null(row), "row {row}");
        }
        Ok(())
    }
}
