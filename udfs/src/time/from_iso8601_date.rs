//! `from_iso8601_date`: ISO 8601 date text to DATE.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{DOC_SECTION, coerce_text, date_array, days_from_date, utf8_column};
use super::iso8601::parse_date;

/// Trino's `from_iso8601_date`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FromIso8601DateFunc {
    signature: Signature,
}

impl Default for FromIso8601DateFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl FromIso8601DateFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for FromIso8601DateFunc {
    fn name(&self) -> &str {
        "from_iso8601_date"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [t] => Ok(vec![coerce_text(self.name(), "the text", t)?]),
            _ => plan_err!(
                "from_iso8601_date takes one argument, got {}",
                arg_types.len()
            ),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Date32)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let texts = utf8_column(&args.args[0], args.number_rows)?;
        let mut out = Vec::with_capacity(args.number_rows);
        for text in texts.iter() {
            let Some(text) = text else {
                out.push(None);
                continue;
            };
            match parse_date(text).and_then(days_from_date) {
                Some(days) => out.push(Some(days)),
                None => {
                    return exec_err!(
                        "from_iso8601_date: '{text}' is not an ISO 8601 date (expected e.g. 2020-05-11, 2020-W10 or 2020-123); wrap the call in try() to get NULL for such rows"
                    );
                }
            }
        }
        Ok(ColumnarValue::Array(date_array(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Parses an ISO 8601 date: calendar (`2020-05-11`, `2020-05`, `2020`), week (`2020-W10`, `2020-W10-3`) or ordinal (`2020-123`). NULL gives NULL; anything else, including a time part, is an error, as in Trino. Matches Trino from_iso8601_date.", "from_iso8601_date(string)")
                .with_sql_example("> SELECT from_iso8601_date('2020-W10'), from_iso8601_date('2020-123');\n2020-03-02 2020-05-02")
                .with_argument("string", "VARCHAR holding an ISO 8601 date.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{AsArray, StringArray};
    use datafusion::arrow::datatypes::{Date32Type, Field};
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(arg: ColumnarValue, rows: usize) -> Result<Vec<Option<i32>>> {
        let out = FromIso8601DateFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![Arc::new(Field::new("a", arg.data_type(), true))],
            args: vec![arg],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", DataType::Date32, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        Ok(out
            .to_array(rows)?
            .as_primitive::<Date32Type>()
            .iter()
            .collect())
    }

    #[test]
    fn arrays_scalars_nulls_and_errors() -> Result<()> {
        let texts = StringArray::from(vec![Some("1970-01-02"), None, Some("1970-W01-4")]);
        // 1970-W01-4 is Thursday 1970-01-01, the epoch.
        assert_eq!(
            run(ColumnarValue::Array(Arc::new(texts)), 3)?,
            vec![Some(1), None, Some(0)]
        );
        assert_eq!(
            run(ColumnarValue::Scalar(ScalarValue::Utf8(None)), 1)?,
            vec![None]
        );
        for bad in ["", "2020-05-11T00:00:00", "2020-02-30"] {
            let err = run(
                ColumnarValue::Scalar(ScalarValue::Utf8(Some(bad.into()))),
                1,
            )
            .unwrap_err();
            assert!(err.to_string().contains("is not an ISO 8601 date"), "{err}");
        }
        Ok(())
    }
}
