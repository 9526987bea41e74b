//! `json_extract_scalar`: the scalar a JSONPath selects, as text.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::Value;

use super::common::{DOC_SECTION, map_selected};

/// Trino's `json_extract_scalar`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonExtractScalarFunc {
    signature: Signature,
}

impl Default for JsonExtractScalarFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonExtractScalarFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(2, Volatility::Immutable),
        }
    }
}

/// A JSON scalar as Trino prints it; objects, arrays and null give `None`.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

impl ScalarUDFImpl for JsonExtractScalarFunc {
    fn name(&self) -> &str {
        "json_extract_scalar"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let values = map_selected(self.name(), &args.args, args.number_rows, scalar_text)?;
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(values))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Evaluates a JSONPath over JSON text and returns the selected scalar (string, number or boolean) as VARCHAR. Returns NULL when the input is NULL or malformed JSON, when the path selects nothing, or when it selects an object, array or JSON null. An invalid path is an error naming the path. Matches Trino json_extract_scalar.", "json_extract_scalar(json, json_path)")
                .with_sql_example("> SELECT json_extract_scalar('{\"a\": {\"b\": [1, 2]}}', '$.a.b[1]');\n2")
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
        let out = JsonExtractScalarFunc::new().invoke_with_args(ScalarFunctionArgs {
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
    fn scalars_nulls_and_containers() -> Result<()> {
        let out = run(
            vec![
                docs(&[
                    Some(r#"{"a": {"b": "x"}}"#),
                    Some(r#"{"a": {"b": 1.5}}"#),
                    Some(r#"{"a": {"b": [1]}}"#),
                    Some(r#"{"a": {"b": null}}"#),
                    None,
                    Some("{not json"),
                    Some(""),
                ]),
                lit("$.a.b"),
            ],
            7,
        )?;
        assert_eq!(out.value(0), "x");
        assert_eq!(out.value(1), "1.5");
        for row in 2..7 {
            assert!(out.is_null(row), "row {row}");
        }
        Ok(())
    }

    #[test]
    fn invalid_path_names_the_path() {
        let err = run(vec![docs(&[Some("{}")]), lit("$.a[*]")], 1)
            .map(|_| ())
            .unwrap_err();
        assert!(err.to_string().contains("'$.a[*]'"), "{err}");
    }
}
