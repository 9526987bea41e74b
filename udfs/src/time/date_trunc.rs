//! `date_trunc`: a timestamp or date cut down to the start of its unit.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{
    DOC_SECTION, Unit, coerce_temporal, coerce_text, date_array, date_from_days, dates,
    days_from_date, from_naive, local_to_utc, timestamp_array, timestamps, to_naive, units,
};

/// Trino's `date_trunc` (replaces DataFusion's, which also takes
/// `microsecond` and turns a DATE into a timestamp).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateTruncFunc {
    signature: Signature,
}

impl Default for DateTruncFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl DateTruncFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// The first day of `date`'s unit (day and longer).
pub(super) fn trunc_date(date: NaiveDate, unit: Unit) -> Option<NaiveDate> {
    match unit {
        Unit::Week => date.checked_sub_signed(Duration::days(i64::from(
            date.weekday().num_days_from_monday(),
        ))),
        Unit::Month => date.with_day(1),
        Unit::Quarter => NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1),
        Unit::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1),
        _ => Some(date),
    }
}

/// Wall-clock `local` cut down to `unit`.
fn trunc_local(local: NaiveDateTime, unit: Unit) -> Option<NaiveDateTime> {
    let t = local.time();
    let time = match unit {
        Unit::Millisecond => t.with_nanosecond(t.nanosecond() / 1_000_000 * 1_000_000)?,
        Unit::Second => t.with_nanosecond(0)?,
        Unit::Minute => t.with_nanosecond(0)?.with_second(0)?,
        Unit::Hour => t.with_nanosecond(0)?.with_second(0)?.with_minute(0)?,
        _ => return trunc_date(local.date(), unit)?.and_hms_opt(0, 0, 0),
    };
    Some(local.date().and_time(time))
}

impl ScalarUDFImpl for DateTruncFunc {
    fn name(&self) -> &str {
        "date_trunc"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [u, x] => Ok(vec![
                coerce_text(self.name(), "the unit", u)?,
                coerce_temporal(self.name(), x, true)?,
            ]),
            _ => plan_err!(
                "date_trunc takes (unit, x), got {} arguments",
                arg_types.len()
            ),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.get(1).cloned().unwrap_or(DataType::Null))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let name = self.name();
        if matches!(args.args[1].data_type(), DataType::Date32) {
            let units = units(name, &args.args[0], rows, true)?;
            let days = dates(&args.args[1], rows)?;
            let out = days
                .iter()
                .zip(&units)
                .map(|(d, u)| match (d, u) {
                    (Some(d), Some(u)) => date_from_days(*d)
                        .and_then(|d| trunc_date(d, *u))
                        .and_then(days_from_date),
                    _ => None,
                })
                .collect();
            return Ok(ColumnarValue::Array(date_array(out)));
        }
        let units = units(name, &args.args[0], rows, false)?;
        let ts = timestamps(name, &args.args[1], rows)?;
        let mut out = Vec::with_capacity(rows);
        for (value, unit) in ts.values.iter().zip(&units) {
            let (Some(value), Some(unit)) = (value, unit) else {
                out.push(None);
                continue;
            };
            let Some(utc) = to_naive(*value, ts.unit) else {
                return exec_err!("{name}: timestamp {value} is out of range");
            };
            let offset = match &ts.zone {
                Some(tz) => Duration::seconds(i64::from(
                    tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
                )),
                None => Duration::zero(),
            };
            let Some(truncated) = trunc_local(utc + offset, *unit) else {
                return exec_err!("{name}: cannot truncate timestamp {value} to {unit:?}");
            };
            // Below a day Joda keeps the value's own offset; from a day up the
            // start of the local day (or week, ...) is placed in the zone anew.
            let back = if *unit < Unit::Day {
                truncated - offset
            } else {
                local_to_utc(truncated, ts.zone.as_ref())
            };
            out.push(from_naive(back, ts.unit));
        }
        Ok(ColumnarValue::Array(timestamp_array(
            out,
            ts.unit,
            ts.zone_name,
        )))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Truncates a timestamp to the start of its millisecond, second, minute, hour, day, week (Monday), month, quarter or year, in the timestamp's own zone, keeping its type; a DATE takes day to year and stays a DATE. The unit is case-insensitive. NULL unit or value gives NULL; another unit (microsecond included) is an error, as in Trino. Matches Trino date_trunc.", "date_trunc(unit, x)")
                .with_sql_example("> SELECT date_trunc('week', TIMESTAMP '2001-08-22 03:04:05.321');\n2001-08-20T00:00:00   -- Trino: 2001-08-20 00:00:00.000")
                .with_argument("unit", "'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter' or 'year'.")
                .with_argument("x", "TIMESTAMP (with or without zone) or DATE.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{AsArray, Date32Array, TimestampMillisecondArray};
    use datafusion::arrow::datatypes::{Date32Type, Field, TimestampMillisecondType};
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(unit: &str, x: ColumnarValue, rows: usize) -> Result<ColumnarValue> {
        let t = x.data_type();
        DateTruncFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![
                Arc::new(Field::new("u", DataType::Utf8, true)),
                Arc::new(Field::new("x", t.clone(), true)),
            ],
            args: vec![
                ColumnarValue::Scalar(ScalarValue::Utf8(Some(unit.into()))),
                x,
            ],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", t, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })
    }

    fn ms(unit: &str, values: Vec<Option<i64>>, zone: Option<&str>) -> Result<Vec<Option<i64>>> {
        let rows = values.len();
        let x = ColumnarValue::Array(Arc::new(
            TimestampMillisecondArray::from(values).with_timezone_opt(zone),
        ));
        Ok(run(unit, x, rows)?
            .to_array(rows)?
            .as_primitive::<TimestampMillisecondType>()
            .iter()
            .collect())
    }

    // 2001-08-22 03:04:05.321 UTC, Trino's documented input.
    const T: i64 = 998_449_445_321;
    const DAY: i64 = 86_400_000;

    #[test]
    fn trino_table_of_units() -> Result<()> {
        let day_start = T - (3 * 3_600_000 + 4 * 60_000 + 5_321);
        assert_eq!(ms("millisecond", vec![Some(T)], None)?, vec![Some(T)]);
        assert_eq!(ms("second", vec![Some(T)], None)?, vec![Some(T - 321)]);
        assert_eq!(ms("minute", vec![Some(T)], None)?, vec![Some(T - 5_321)]);
        assert_eq!(
            ms("HOUR", vec![Some(T)], None)?,
            vec![Some(T - 4 * 60_000 - 5_321)]
        );
        assert_eq!(
            ms("day", vec![Some(T), None], None)?,
            vec![Some(day_start), None]
        );
        assert_eq!(
            ms("week", vec![Some(T)], None)?,
            vec![Some(day_start - 2 * DAY)]
        );
        assert_eq!(
            ms("month", vec![Some(T)], None)?,
            vec![Some(day_start - 21 * DAY)]
        );
        // 2001-07-01 and 2001-01-01 at midnight, by day counts since the epoch.
        assert_eq!(
            ms("quarter", vec![Some(T)], None)?,
            vec![Some(11_504 * DAY)]
        );
        assert_eq!(ms("year", vec![Some(T)], None)?, vec![Some(11_323 * DAY)]);
        Ok(())
    }

    #[test]
    fn day_in_a_zone_starts_at_local_midnight() -> Result<()> {
        // 03:04 UTC on 08-22 is 23:04 on 08-21 in New York (EDT, -04:00): midnight 08-21 EDT is 04:00 UTC.
        let day_start_utc = T - (3 * 3_600_000 + 4 * 60_000 + 5_321) - DAY + 4 * 3_600_000;
        assert_eq!(
            ms("day", vec![Some(T)], Some("America/New_York"))?,
            vec![Some(day_start_utc)]
        );
        Ok(())
    }

    #[test]
    fn dates_and_bad_units() -> Result<()> {
        // 2001-08-22 is day 11556.
        let x = ColumnarValue::Array(Arc::new(Date32Array::from(vec![Some(11_556), None])));
        let out = run("month", x.clone(), 2)?.to_array(2)?;
        assert_eq!(
            out.as_primitive::<Date32Type>().iter().collect::<Vec<_>>(),
            vec![Some(11_556 - 21), None]
        );
        assert!(
            run("hour", x, 2)
                .unwrap_err()
                .to_string()
                .contains("'hour' is not a valid DATE field")
        );
        assert!(
            ms("microsecond", vec![Some(T)], None)
                .unwrap_err()
                .to_string()
                .contains("not a valid TIMESTAMP field")
        );
        assert_eq!(ms("day", vec![], None)?, vec![]);
        Ok(())
    }
}
