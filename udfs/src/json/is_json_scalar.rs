//! `is_json_scalar`: whether JSON text is a scalar (not an object or array).

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::BooleanArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_datafusion_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::Value;

use super::common::{DOC_SECTION, utf8_column};

/// Trino's `is_json_scalar`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IsJsonScalarFunc {
    signature: Signature,
}

impl Default for IsJsonScalarFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl IsJsonScalarFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
        }
    }
}

/// Whether `text` is a JSON scalar; text that is not JSON is an error.
fn is_scalar(function: &str, text: &str) -> Result<bool> {
    serde_json::from_str::<Value>(text)
        .map_err(|e| exec_datafusion_err!("{function}: invalid JSON value '{text}': {e}"))
        .map(|v| !matches!(v, Value::Array(_) | Value::Object(_)))
}

impl ScalarUDFImpl for IsJsonScalarFunc {
    fn name(&self) -> &str {
        "is_json_scalar"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let texts = utf8_column(&args.args[0], args.number_rows)?;
        let values = texts
            .iter()
            .map(|t| t.map(|t| is_scalar(self.name(), t)).transpose())
            .collect::<Result<Vec<_>>>()?;
        Ok(ColumnarValue::Array(Arc::new(BooleanArray::from(values))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns true when JSON text is a scalar (string, number, boolean or null), false for an object or array. NULL gives NULL; text that is not JSON is an error. Matches Trino is_json_scalar.", "is_json_scalar(json)")
                .with_sql_example("> SELECT is_json_scalar('1'), is_json_scalar('[1, 2, 3]');\ntrue false")
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

    fn run(args: Vec<ColumnarValue>, rows: usize) -> Result<BooleanArray> {
        let arg_fields = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
            .collect();
        let out = IsJsonScalarFunc::new().invoke_with_args(ScalarFunctionArgs {
            args,
            arg_fields,
            number_rows: rows,
            return_field: Arc::new(Field::new("r", DataType::Boolean, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let array = out.to_array(rows)?;
        Ok(array
            .as_any()
            .downcast_ref::<BooleanArray>()
            .cloned()
            .unwrap_or_else(|| BooleanArray::from(Vec::<Option<bool>>::new())))
    }

    fn docs(values: &[Option<&str>]) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(datafusion::arrow::array::StringArray::from(
            values.to_vec(),
        )))
    }

    #[test]
    fn scalars_and_containers() -> Result<()> {
        let out = run(
            vec![docs(&[
                Some("1"),
                Some(r#""s""#),
                Some("null"),
                Some("[1]"),
                Some("{}"),
                None,
            ])],
            6,
        )?;
        assert!(out.value(0) && out.value(1) && out.value(2));
        assert!(!out.value(3) && !out.value(4) && out.is_null(5));
        let err = run(vec![docs(&[Some("{oops")])], 1)
            .map(|_| ())
            .unwrap_err();
        assert!(
            err.to_string().contains("invalid JSON value '{oops'"),
            "{err}"
        );
        Ok(())
    }
}
