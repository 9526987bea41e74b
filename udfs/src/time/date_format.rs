//! `date_format`: a timestamp to text by a MySQL-style format.

use std::sync::{Arc, OnceLock};

use chrono::{Offset, TimeZone};
use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{DOC_SECTION, coerce_temporal, coerce_text, timestamps, to_naive};
use super::mysql;
use super::pattern::{Item, Printable, compile_column, format};

/// Trino's `date_format` (replaces DataFusion's alias of `to_char`, which
/// takes chrono's `%M` as minutes where MySQL and Trino mean the month name).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateFormatFunc {
    signature: Signature,
}

impl Default for DateFormatFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl DateFormatFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Coerces `(timestamp, format)` for `date_format` and `format_datetime`.
pub(super) fn coerce_format_args(function: &str, arg_types: &[DataType]) -> Result<Vec<DataType>> {
    match arg_types {
        [a, b] => Ok(vec![
            coerce_temporal(function, a, false)?,
            coerce_text(function, "the format", b)?,
        ]),
        _ => plan_err!(
            "{function} takes (timestamp, format), got {} arguments",
            arg_types.len()
        ),
    }
}

/// Prints each timestamp of `args[0]` in its zone by the pattern of `args[1]`.
pub(super) fn format_column(
    function: &str,
    args: &[ColumnarValue],
    rows: usize,
    compile: fn(&str) -> Result<Vec<Item>, String>,
) -> Result<ColumnarValue> {
    let patterns = compile_column(function, &args[1], rows, compile)?;
    let ts = timestamps(function, &args[0], rows)?;
    let zone_name = ts.zone_name.as_deref().unwrap_or("UTC");
    let mut out = Vec::with_capacity(rows);
    for (value, pattern) in ts.values.iter().zip(&patterns) {
        let (Some(value), Some(pattern)) = (value, pattern) else {
            out.push(None);
            continue;
        };
        let Some(utc) = to_naive(*value, ts.unit) else {
            return exec_err!("{function}: timestamp {value} is out of range");
        };
        let offset_seconds = match &ts.zone {
            Some(tz) => tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
            None => 0,
        };
        let local = utc + chrono::Duration::seconds(i64::from(offset_seconds));
        out.push(Some(format(
            pattern,
            &Printable {
                local,
                offset_seconds,
                zone_name,
            },
        )));
    }
    Ok(ColumnarValue::Array(Arc::new(StringArray::from(out))))
}

impl ScalarUDFImpl for DateFormatFunc {
    fn name(&self) -> &str {
        "date_format"
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
        format_column(self.name(), &args.args, args.number_rows, mysql::compile)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Formats a timestamp (a DATE is taken as its midnight) by a MySQL-style format, in the timestamp's zone: %Y %y %m %c %d %e %H %k %h %I %l %i %s %S %f (microseconds, 6 digits) %p %r %T %j %b %M (month name) %a %W %v %x %%; any other %x prints x. NULL timestamp or format gives NULL; %D %U %u %V %w %X are errors, as in Trino. Matches Trino date_format.", "date_format(timestamp, format)")
                .with_sql_example("> SELECT date_format(TIMESTAMP '2022-10-20 05:10:00', '%m-%d-%Y %H');\n10-20-2022 05")
                .with_argument("timestamp", "TIMESTAMP, with or without zone, or DATE.")
                .with_argument("format", "MySQL-style format; compiled once when it is a literal.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, TimestampMillisecondArray};
    use datafusion::arrow::datatypes::Field;
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::super::common::utf8_column;
    use super::*;

    fn run(ts: ColumnarValue, fmt: &str, rows: usize) -> Result<Vec<Option<String>>> {
        let fmt = ColumnarValue::Scalar(ScalarValue::Utf8(Some(fmt.into())));
        let out = DateFormatFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![
                Arc::new(Field::new("a", ts.data_type(), true)),
                Arc::new(Field::new("b", DataType::Utf8, true)),
            ],
            args: vec![ts, fmt],
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
    fn formats_in_the_column_zone() -> Result<()> {
        // 2001-08-22 03:04:05.321 UTC.
        let t = 998_449_445_321;
        assert_eq!(
            run(ms(vec![Some(t), None], None), "%Y-%m-%d %H:%i:%s.%f %b %M %a %W %p %j %y %e %k %l %r %T %%", 2)?,
            vec![
                Some("2001-08-22 03:04:05.321000 Aug August Wed Wednesday AM 234 01 22 3 3 03:04:05 AM 03:04:05 %".to_string()),
                None
            ]
        );
        assert_eq!(
            run(ms(vec![Some(t)], Some("+05:30")), "%H:%i", 1)?,
            vec![Some("08:34".to_string())]
        );
        Ok(())
    }

    #[test]
    fn empty_and_unsupported() {
        assert_eq!(run(ms(vec![], None), "%Y", 0).ok(), Some(vec![]));
        assert_eq!(
            run(ms(vec![Some(0)], None), "", 1).ok(),
            Some(vec![Some(String::new())])
        );
        let err = run(ms(vec![Some(0)], None), "%w", 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("%w not supported"), "{err}");
    }
}
