//! `json_array_length`: the number of elements of a JSON array.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::Value;

use super::common::{DOC_SECTION, map_selected};

/// Trino's `json_array_length`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonArrayLengthFunc {
    signature: Signature,
}

impl Default for JsonArrayLengthFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonArrayLengthFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
        }
    }
}

/// Elements of an array; anything else is NULL.
fn array_length(value: &Value) -> Option<i64> {
    value.as_array().map(|a| a.len() as i64)
}

impl ScalarUDFImpl for JsonArrayLengthFunc {
    fn name(&self) -> &str {
        "json_array_length"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let values = map_selected(self.name(), &args.args, args.number_rows, array_length)?;
        Ok(ColumnarValue::Array(Arc::new(Int64Array::from(values))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns the number of elements of a JSON array. Returns NULL when the input is NULL, malformed JSON, or not an array. Matches Trino json_array_length.", "json_array_length(json)")
                .with_sql_example("> SELECT json_array_length('[1, 2, 3]');\n3")
                .with_argument("json", "VARCHAR holding a JSON array.")
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

    fn run(args: Vec<ColumnarValue>, rows: usize) -> Result<Int64Array> {
        let arg_fields = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
            .collect();
        let out = JsonArrayLengthFunc::new().invoke_with_args(ScalarFunctionArgs {
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

    #[test]
    fn lengths() -> Result<()> {
        let out = run(
            vec![docs(&[
                Some("[1, 2, 3]"),
                Some("[]"),
                Some("{}"),
                Some("1"),
                None,
                Some("[1,"),
            ])],
            6,
        )?;
        assert_eq!((out.value(0), out.value(1)), (3, 0));
        for row in 2..6 {
            assert!(out.is_null(row), "row {row}");
        }
        Ok(())
    }
}
