//! `format_datetime`: a timestamp to text by a Joda pattern.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::DOC_SECTION;
use super::date_format::{coerce_format_args, format_column};
use super::joda;

/// Trino's `format_datetime`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FormatDatetimeFunc {
    signature: Signature,
}

impl Default for FormatDatetimeFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl FormatDatetimeFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for FormatDatetimeFunc {
    fn name(&self) -> &str {
        "format_datetime"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce_format_args(self.name(), arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        format_column(self.name(), &args.args, args.number_rows, joda::compile)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Formats a timestamp (a DATE is taken as its midnight) by a Joda-Time pattern, in the timestamp's zone (UTC for a timestamp without zone): yyyy, yy, MM, MMM, MMMM, dd, D, HH, hh, kk, KK, a, mm, ss, S.. (fraction digits), E, EEEE, e, w, x, G, C, Z (+0800), ZZ (+08:00), ZZZ and z (zone id), 'quoted text'. NULL timestamp or pattern gives NULL; an unknown pattern letter is an error. Matches Trino format_datetime, except that z prints the zone id rather than its abbreviation.", "format_datetime(timestamp, pattern)")
                .with_sql_example("> SELECT format_datetime(TIMESTAMP '2001-08-22 03:04:05.321', 'yyyy-MM-dd HH:mm:ss.SSS EEE MMM');\n2001-08-22 03:04:05.321 Wed Aug")
                .with_argument("timestamp", "TIMESTAMP, with or without zone, or DATE.")
                .with_argument("pattern", "Joda-Time pattern; compiled once when it is a literal.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Array, TimestampMillisecondArray};
    use datafusion::arrow::datatypes::Field;
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::super::common::utf8_column;
    use super::*;

    fn run(ts: ColumnarValue, pattern: Option<&str>, rows: usize) -> Result<Vec<Option<String>>> {
        let pattern = ColumnarValue::Scalar(ScalarValue::Utf8(pattern.map(str::to_string)));
        let out = FormatDatetimeFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![
                Arc::new(Field::new("a", ts.data_type(), true)),
                Arc::new(Field::new("b", DataType::Utf8, true)),
            ],
            args: vec![ts, pattern],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", DataType::Utf8, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let array = utf8_column(&out, rows)?;
        Ok((0..array.len())
            .map(|i| array.is_valid(i).then(|| array.value(i).to_string()))
            .collect())
    }

    fn ms(values: Vec<Option<i64>>, zone: Option<&str>) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(
            TimestampMillisecondArray::from(values).with_timezone_opt(zone),
        ))
    }

    #[test]
    fn formats_with_zone_and_nulls() -> Result<()> {
        // 2001-08-22 03:04:05.321 UTC is 2001-08-21 20:04:05.321 PDT (-07:00).
        let t = 998_449_445_321;
        let out = run(
            ms(vec![Some(t), None], Some("America/Los_Angeles")),
            Some("yyyy-MM-dd HH:mm:ss.SSS ZZ ZZZ"),
            2,
        )?;
        assert_eq!(
            out,
            vec![
                Some("2001-08-21 20:04:05.321 -07:00 America/Los_Angeles".to_string()),
                None
            ]
        );
        assert_eq!(run(ms(vec![Some(t)], None), None, 1)?, vec![None]);
        Ok(())
    }

    #[test]
    fn bad_pattern_and_empty_input() {
        let err = run(ms(vec![Some(0)], None), Some("yyyy-qq"), 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("illegal pattern component 'q'"), "{err}");
        assert_eq!(run(ms(vec![], None), Some("yyyy"), 0).ok(), Some(vec![]));
    }
}
