//! `from_iso8601_timestamp`: ISO 8601 text to `timestamp(3) with time zone`.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{
    DOC_SECTION, coerce_text, from_naive, timestamp_array, timestamp_ms_tz, utf8_column,
};
use super::iso8601::{fixed_to_utc, parse_timestamp};

/// Trino's `from_iso8601_timestamp`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FromIso8601TimestampFunc {
    signature: Signature,
}

impl Default for FromIso8601TimestampFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl FromIso8601TimestampFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for FromIso8601TimestampFunc {
    fn name(&self) -> &str {
        "from_iso8601_timestamp"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [t] => Ok(vec![coerce_text(self.name(), "the text", t)?]),
            _ => datafusion::common::plan_err!(
                "from_iso8601_timestamp takes one argument, got {}",
                arg_types.len()
            ),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(timestamp_ms_tz("UTC"))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let texts = utf8_column(&args.args[0], args.number_rows)?;
        let mut out = Vec::with_capacity(args.number_rows);
        for text in texts.iter() {
            let Some(text) = text else {
                out.push(None);
                continue;
            };
            let Some((local, zone)) = parse_timestamp(text) else {
                return exec_err!(
                    "from_iso8601_timestamp: '{text}' is not an ISO 8601 timestamp (expected e.g. 2023-07-10T11:42:07Z); wrap the call in try() to get NULL for such rows"
                );
            };
            let utc = fixed_to_utc(local, zone.as_ref());
            out.push(from_naive(utc, TimeUnit::Millisecond));
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
            Documentation::builder(DOC_SECTION, "Parses ISO 8601 text (a date, optionally `T` and a time, optionally an offset `Z`, `+01:00`) into a timestamp with time zone, millisecond precision. Text without an offset is taken as UTC (Athena's session zone). The value is kept as a UTC instant: Trino would display `+01:00` input in `+01:00`, Quarry displays the same instant in UTC. NULL gives NULL; text that is not ISO 8601 (including a space instead of `T`) is an error, as in Trino. Matches Trino from_iso8601_timestamp.", "from_iso8601_timestamp(string)")
                .with_sql_example("> SELECT from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00');\n2020-05-11T10:15:05.055Z   -- Trino: 2020-05-11 11:15:05.055 +01:00")
                .with_argument("string", "VARCHAR in ISO 8601 form, e.g. CloudTrail's eventtime `2023-07-10T11:42:07Z`.")
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

    fn run(arg: ColumnarValue, rows: usize) -> Result<Vec<Option<i64>>> {
        let out = FromIso8601TimestampFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![Arc::new(Field::new("a", arg.data_type(), true))],
            args: vec![arg],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", timestamp_ms_tz("UTC"), true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let array = out.to_array(rows)?;
        Ok(array
            .as_primitive::<TimestampMillisecondType>()
            .iter()
            .collect())
    }

    #[test]
    fn array_with_null_and_offsets() -> Result<()> {
        let texts = StringArray::from(vec![
            Some("2023-07-10T11:42:07Z"),
            None,
            Some("1970-01-01T01:00:00.5+01:00"),
        ]);
        let out = run(ColumnarValue::Array(Arc::new(texts)), 3)?;
        // 2023-07-10 is day 19548 of the epoch; 11:42:07 is 42127 s into it.
        assert_eq!(
            out,
            vec![Some(19_548 * 86_400_000 + 42_127_000), None, Some(500)]
        );
        Ok(())
    }

    #[test]
    fn scalar_and_malformed() {
        let ok = run(
            ColumnarValue::Scalar(ScalarValue::Utf8(Some("1970-01-02".into()))),
            1,
        );
        assert_eq!(ok.ok(), Some(vec![Some(86_400_000)]));
        for bad in ["", "2023-07-10 11:42:07", "yesterday"] {
            let err = run(
                ColumnarValue::Scalar(ScalarValue::Utf8(Some(bad.into()))),
                1,
            )
            .unwrap_err();
            assert!(
                err.to_string().contains("is not an ISO 8601 timestamp"),
                "{err}"
            );
        }
        let empty = run(
            ColumnarValue::Array(Arc::new(StringArray::from(Vec::<Option<&str>>::new()))),
            0,
        );
        assert_eq!(empty.ok().map(|v| v.len()), Some(0));
        let null = run(ColumnarValue::Scalar(ScalarValue::Utf8(None)), 1).ok();
        assert_eq!(null, Some(vec![None]));
    }
}
