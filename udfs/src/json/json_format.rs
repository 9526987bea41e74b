//! `json_format`: JSON text in its compact canonical form.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::Value;

use super::common::{DOC_SECTION, map_selected};

/// Trino's `json_format`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonFormatFunc {
    signature: Signature,
}

impl Default for JsonFormatFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonFormatFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
        }
    }
}

/// Compact JSON text.
fn format(value: &Value) -> Option<String> {
    serde_json::to_string(value).ok()
}

impl ScalarUDFImpl for JsonFormatFunc {
    fn name(&self) -> &str {
        "json_format"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let values = map_selected(self.name(), &args.args, args.number_rows, format)?;
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(values))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns JSON text in compact form (no insignificant whitespace, object keys sorted). Returns NULL when the input is NULL or malformed JSON. Matches Trino json_format (Quarry carries JSON as VARCHAR).", "json_format(json)")
                .with_sql_example("> SELECT json_format('[1, 2, 3]');\n[1,2,3]")
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
        let out = JsonFormatFunc::new().invoke_with_args(ScalarFunctionArgs {
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
    fn formats() -> Result<()> {
        let out = run(
            vec![docs(&[
                Some("[1, 2, 3]"),
                Some(r#" {"a" : "b"} "#),
                None,
                Some("{"),
            ])],
            4,
        )?;
        assert_eq!(out.value(0), "[1,2,3]");
        assert_eq!(out.value(1), r#"{"a":"b"}"#);
        assert!(out.is_null(2) && out.is_null(3));
        Ok(())
    }
}
