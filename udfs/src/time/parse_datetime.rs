//! `parse_datetime`: text to `timestamp(3) with time zone` by a Joda pattern.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{
    DOC_SECTION, coerce_text, from_naive, local_to_utc, timestamp_array, timestamp_ms_tz,
    utf8_column,
};
use super::joda;
use super::parse::parse;
use super::pattern::compile_column;

/// Trino's `date_parse`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ParseDatetimeFunc {
    signature: Signature,
}

impl Default for ParseDatetimeFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseDatetimeFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for ParseDatetimeFunc {
    fn name(&self) -> &str {
        "parse_datetime"
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
                "parse_datetime takes (string, pattern), got {} arguments",
                arg_types.len()
            ),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(timestamp_ms_tz("UTC"))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let formats = compile_column(self.name(), &args.args[1], rows, joda::compile)?;
        let texts = utf8_column(&args.args[0], rows)?;
        let mut out = Vec::with_capacity(rows);
        for (text, format) in texts.iter().zip(&formats) {
            let (Some(text), Some(format)) = (text, format) else {
                out.push(None);
                continue;
            };
            match parse(format, text) {
                Ok(parsed) => {
                    let utc = local_to_utc(parsed.local, parsed.zone.as_ref());
                    out.push(from_naive(utc, TimeUnit::Millisecond));
                }
                Err(e) => {
                    return exec_err!(
                        "parse_datetime: invalid format: {e}; check the format string, or wrap the call in try() to get NULL for such rows"
                    );
                }
            }
        }
        Ok(ColumnarValue::Array(timestamp_array(
            out,
            TimeUnit::Millisecond,
            Some("UTC".into()),
        )))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Parses text into a timestamp with time zone (millisecond precision) by a Joda-Time pattern: y yyyy (year), yy (two-digit year), M MM (month), MMM MMMM (month name), d, D (day of year), H, k, h, K, a (AM/PM), m, s, S.. (fraction), E EEEE (weekday name, checked but not used), G, Z (+0800), ZZ (+08:00), ZZZ or z (zone id), 'quoted text'. Without a zone in the text, UTC (Athena's session zone) is used; the value is kept as a UTC instant. NULL text or pattern gives NULL; text that does not match the whole pattern, an impossible date or an unknown pattern letter is an error. Matches Trino parse_datetime.", "parse_datetime(string, pattern)")
                .with_sql_example("> SELECT parse_datetime('10/Oct/2000:13:55:36 -0700', 'dd/MMM/yyyy:HH:mm:ss Z');\n2000-10-10T20:55:36Z   -- Trino: 2000-10-10 13:55:36.000 -07:00")
                .with_argument("string", "VARCHAR to parse.")
                .with_argument("pattern", "Joda-Time pattern; compiled once when it is a literal.")
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
        let out = ParseDatetimeFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![
                Arc::new(Field::new("a", text.data_type(), true)),
                Arc::new(Field::new("b", format.data_type(), true)),
            ],
            args: vec![text, format],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", timestamp_ms_tz("UTC"), true)),
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
    fn patterns_offsets_and_nulls() -> Result<()> {
        let out = run(
            col(vec![
                Some("1970-01-01 01:00:01 +0100"),
                None,
                Some("1970-01-02 00:00:00 Z"),
            ]),
            s("yyyy-MM-dd HH:mm:ss Z"),
            3,
        )?;
        assert_eq!(out, vec![Some(1_000), None, Some(86_400_000)]);
        let out = run(
            s("1970-01-01 00:00 America/New_York"),
            s("yyyy-MM-dd HH:mm ZZZ"),
            1,
        )?;
        assert_eq!(out, vec![Some(5 * 3_600_000)]);
        assert_eq!(
            run(s("x"), ColumnarValue::Scalar(ScalarValue::Utf8(None)), 1)?,
            vec![None]
        );
        Ok(())
    }

    #[test]
    fn malformed_text_and_bad_pattern_are_errors() {
        let err = run(s("2023-07-10"), s("yyyy/MM/dd"), 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is malformed at \"-07-10\""), "{err}");
        let err = run(s("2023"), s("yyyy qq"), 1).unwrap_err().to_string();
        assert!(err.contains("invalid format 'yyyy qq'"), "{err}");
        let err = run(s("1970-01-01 x"), s("yyyy-MM-dd ZZZ"), 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown time zone"), "{err}");
    }
}
