//! `json_array_contains`: whether a JSON array holds a value.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, AsArray, BooleanArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::Value;

use super::common::{DOC_SECTION, parse_json, utf8_column};

/// Trino's `json_array_contains`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonArrayContainsFunc {
    signature: Signature,
}

impl Default for JsonArrayContainsFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonArrayContainsFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

/// The SQL type the needle is compared as, following Trino's overloads
/// (boolean, bigint, double, varchar).
#[derive(Clone, Copy)]
enum Needle {
    Bool,
    Int,
    Float,
    Text,
}

fn needle_kind(t: &DataType) -> Option<Needle> {
    match t {
        DataType::Boolean => Some(Needle::Bool),
        t if t.is_integer() => Some(Needle::Int),
        t if t.is_floating() || matches!(t, DataType::Decimal128(..)) => Some(Needle::Float),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => {
            Some(Needle::Text)
        }
        _ => None,
    }
}

impl ScalarUDFImpl for JsonArrayContainsFunc {
    fn name(&self) -> &str {
        "json_array_contains"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.get(1).map(needle_kind) {
            Some(Some(_)) => Ok(DataType::Boolean),
            other => plan_err!(
                "json_array_contains: the value must be BOOLEAN, BIGINT, DOUBLE or VARCHAR, got {:?}",
                other.and(arg_types.get(1))
            ),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let docs = utf8_column(&args.args[0], rows)?;
        let needle = args.args[1].to_array(rows)?;
        let Some(kind) = needle_kind(needle.data_type()) else {
            return plan_err!(
                "json_array_contains: unsupported value type {}",
                needle.data_type()
            );
        };
        let target = match kind {
            Needle::Bool => DataType::Boolean,
            Needle::Int => DataType::Int64,
            Needle::Float => DataType::Float64,
            Needle::Text => DataType::Utf8,
        };
        let needle = cast(&needle, &target)?;
        let texts = (matches!(kind, Needle::Text)).then(|| needle.as_string::<i32>());
        let values: BooleanArray = (0..rows)
            .map(|row| {
                if docs.is_null(row) || needle.is_null(row) {
                    return None;
                }
                let doc = parse_json(docs.value(row))?;
                let items = doc.as_array()?;
                Some(items.iter().any(|item| match (kind, item) {
                    (Needle::Bool, Value::Bool(b)) => *b == needle.as_boolean().value(row),
                    (Needle::Int, Value::Number(n)) => {
                        n.as_i64() == Some(needle.as_primitive::<Int64Type>().value(row))
                    }
                    (Needle::Float, Value::Number(n)) => {
                        n.as_f64() == Some(needle.as_primitive::<Float64Type>().value(row))
                    }
                    (Needle::Text, Value::String(s)) => {
                        texts.is_some_and(|t| t.value(row) == s.as_str())
                    }
                    _ => false,
                }))
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(values)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                DOC_SECTION,
                "Returns true when a JSON array holds the value (compared as BOOLEAN, BIGINT, DOUBLE or VARCHAR; a BIGINT matches only integral JSON numbers). Returns NULL when an argument is NULL or the text is malformed JSON or not an array. Matches Trino json_array_contains.",
                "json_array_contains(json_array, value)",
            )
            .with_sql_example("> SELECT json_array_contains('[1, 2, 3]', 2);\ntrue")
            .with_argument("json_array", "VARCHAR holding a JSON array.")
            .with_argument("value", "BOOLEAN, BIGINT, DOUBLE or VARCHAR to look for.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Int64Array, StringArray};
    use datafusion::arrow::datatypes::Field;
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(args: Vec<ColumnarValue>, rows: usize) -> Result<BooleanArray> {
        let arg_fields = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
            .collect();
        let out = JsonArrayContainsFunc::new().invoke_with_args(ScalarFunctionArgs {
            args,
            arg_fields,
            number_rows: rows,
            return_field: Arc::new(Field::new("r", DataType::Boolean, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        Ok(out.to_array(rows)?.as_boolean().clone())
    }

    fn docs(values: &[Option<&str>]) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(StringArray::from(values.to_vec())))
    }

    #[test]
    fn integers_strings_and_nulls() -> Result<()> {
        let d = docs(&[
            Some("[1, 2, 3]"),
            Some("[1.5, 2.0]"),
            Some("{}"),
            Some("[1"),
            None,
        ]);
        let out = run(
            vec![
                d.clone(),
                ColumnarValue::Array(Arc::new(Int64Array::from(vec![2; 5]))),
            ],
            5,
        )?;
        assert!(out.value(0) && !out.value(1));
        assert!(out.is_null(2) && out.is_null(3) && out.is_null(4));
        let out = run(
            vec![
                docs(&[Some(r#"["a", "b"]"#), Some("[1]")]),
                ColumnarValue::Scalar(ScalarValue::Utf8(Some("b".into()))),
            ],
            2,
        )?;
        assert!(out.value(0) && !out.value(1));
        Ok(())
    }
}
