//! `date_parse`: text to `timestamp(3)` by a MySQL-style format.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{
    DOC_SECTION, TIMESTAMP_MS, coerce_text, from_naive, timestamp_array, utf8_column,
};
use super::mysql;
use super::parse::parse;
use super::pattern::compile_column;

/// Trino's `date_parse`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateParseFunc {
    signature: Signature,
}

impl Default for DateParseFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl DateParseFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for DateParseFunc {
    fn name(&self) -> &str {
        "date_parse"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [a, b] => Ok(vec![
                coerce_text(self.name(), "the text", a)?,
                coerce_text(self.name(), "the format", b)?,
            ]),
            _ => plan_err!(
                "date_parse takes (string, format), got {} arguments",
                arg_types.len()
            ),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(TIMESTAMP_MS)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let formats = compile_column(self.name(), &args.args[1], rows, mysql::compile)?;
        let texts = utf8_column(&args.args[0], rows)?;
        let mut out = Vec::with_capacity(rows);
        for (text, format) in texts.iter().zip(&formats) {
            let (Some(text), Some(format)) = (text, format) else {
                out.push(None);
                continue;
            };
            match parse(format, text) {
                Ok(parsed) => out.push(from_naive(parsed.local, TimeUnit::Millisecond)),
                Err(e) => {
                    return exec_err!(
                        "date_parse: invalid format: {e}; check the format string, or wrap the call in try() to get NULL for such rows"
                    );
                }
            }
        }
        Ok(ColumnarValue::Array(timestamp_array(
            out,
            TimeUnit::Millisecond,
            None,
        )))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Parses text into a timestamp (millisecond precision, no zone) by a MySQL-style format: %Y %y %m %c %d %e %H %k %h %I %l %i %s %S %f %p %r %T %j %b %M %a %W %v %x %%; any other %x is x itself. Fields left out default to 1970-01-01 00:00:00; a two-digit year falls in 1970-2069; fractions beyond milliseconds are truncated. NULL text or format gives NULL; text that does not match the whole format, an impossible date, or %D %U %u %V %w %X in the format is an error. Matches Trino date_parse.", "date_parse(string, format)")
                .with_sql_example("> SELECT date_parse('2022/10/20/05', '%Y/%m/%d/%H');\n2022-10-20T05:00:00   -- Trino: 2022-10-20 05:00:00.000\n> SELECT date_parse('2023-07-10T11:42:07Z', '%Y-%m-%dT%H:%i:%sZ');\n2023-07-10T11:42:07")
                .with_argument("string", "VARCHAR to parse.")
                .with_argument("format", "MySQL-style format; compiled once when it is a literal.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{AsArray, StringArray};
    use datafusion::arrow::datatypes::{Field, TimestampMillisecondType};
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(text: ColumnarValue, format: ColumnarValue, rows: usize) -> Result<Vec<Option<i64>>> {
        let out = DateParseFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![
                Arc::new(Field::new("a", text.data_type(), true)),
                Arc::new(Field::new("b", format.data_type(), true)),
            ],
            args: vec![text, format],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", TIMESTAMP_MS, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        Ok(out
            .to_array(rows)?
            .as_primitive::<TimestampMillisecondType>()
            .iter()
            .collect())
    }

    fn s(v: &str) -> ColumnarValue {
        ColumnarValue::Scalar(ScalarValue::Utf8(Some(v.into())))
    }

    fn col(v: Vec<Option<&str>>) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(StringArray::from(v)))
    }

    #[test]
    fn literal_format_over_a_column() -> Result<()> {
        let out = run(
            col(vec![
                Some("1970-01-01T00:00:01Z"),
                None,
                Some("1970-01-02T00:00:00Z"),
            ]),
            s("%Y-%m-%dT%H:%i:%sZ"),
            3,
        )?;
        assert_eq!(out, vec![Some(1_000), None, Some(86_400_000)]);
        Ok(())
    }

    #[test]
    fn format_per_row_and_null_format() -> Result<()> {
        let out = run(
            col(vec![Some("1970-01-01 00:01"), Some("02"), Some("x")]),
            col(vec![Some("%Y-%m-%d %H:%i"), Some("%d"), None]),
            3,
        )?;
        assert_eq!(out, vec![Some(60_000), Some(86_400_000), None]);
        assert_eq!(
            run(s("x"), ColumnarValue::Scalar(ScalarValue::Utf8(None)), 1)?,
            vec![None]
        );
        Ok(())
    }

    #[test]
    fn fraction_is_truncated_to_milliseconds() -> Result<()> {
        assert_eq!(
            run(s("00:00:01.123999"), s("%H:%i:%s.%f"), 1)?,
            vec![Some(1_123)]
        );
        Ok(())
    }

    #[test]
    fn malformed_text_and_bad_format_are_errors() {
        let err = run(s("2023-07-10"), s("%Y/%m/%d"), 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is malformed at \"-07-10\""), "{err}");
        let err = run(s(""), s("%Y"), 1).unwrap_err().to_string();
        assert!(err.contains("too short"), "{err}");
        let err = run(s("1st"), s("%D"), 1).unwrap_err().to_string();
        assert!(err.contains("invalid format '%D'"), "{err}");
    }
}
