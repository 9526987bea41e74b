//! `json_parse`: checks JSON text and returns it in compact canonical form.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{Result, exec_datafusion_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use serde_json::Value;

use super::cast::json_field;
use super::common::{DOC_SECTION, utf8_column};

/// Trino's `json_parse`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonParseFunc {
    signature: Signature,
}

impl Default for JsonParseFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonParseFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
        }
    }
}

/// Compact JSON text, or an error quoting the text that is not JSON.
fn parse(function: &str, text: &str) -> Result<String> {
    serde_json::from_str::<Value>(text)
        .map_err(|e| exec_datafusion_err!("{function}: cannot convert '{text}' to JSON: {e}"))
        .map(|v| v.to_string())
}

impl ScalarUDFImpl for JsonParseFunc {
    fn name(&self) -> &str {
        "json_parse"
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
        let texts = utf8_column(&args.args[0], args.number_rows)?;
        let values = texts
            .iter()
            .map(|t| t.map(|t| parse(self.name(), t)).transpose())
            .collect::<Result<Vec<_>>>()?;
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(values))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Parses VARCHAR as JSON and returns it in compact form (no insignificant whitespace, object keys sorted). NULL gives NULL; text that is not JSON is an error quoting it. Matches Trino json_parse (Quarry carries JSON as VARCHAR).", "json_parse(string)")
                .with_sql_example("> SELECT json_parse('[1, 2, 3]');\n[1,2,3]")
                .with_argument("json", "VARCHAR holding JSON text.")
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
        let out = JsonParseFunc::new().invoke_with_args(ScalarFunctionArgs {
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
    fn parses_and_rejects() -> Result<()> {
        let out = run(
            vec![docs(&[
                Some("[1, 2, 3]"),
                Some(r#" {"b": 1, "a" : "b"} "#),
                None,
            ])],
            3,
        )?;
        assert_eq!(out.value(0), "[1,2,3]");
        assert_eq!(out.value(1), r#"{"a":"b","b":1}"#);
        assert!(out.is_null(2));
        let err = run(vec![docs(&[Some("{oops")])], 1)
            .map(|_| ())
            .unwrap_err();
        assert!(
            err.to_string().contains("cannot convert '{oops' to JSON"),
            "{err}"
        );
        Ok(())
    }
}
