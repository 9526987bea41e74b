//! `date_add`: a timestamp or date moved by a number of units.

use std::sync::OnceLock;

use chrono::{Duration, Months, NaiveDate, NaiveDateTime};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{
    DOC_SECTION, Unit, coerce_temporal, coerce_text, date_array, date_from_days, dates,
    days_from_date, from_naive, local_to_utc, timestamp_array, timestamps, to_naive, units,
    utc_to_local,
};

/// Trino's `date_add`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateAddFunc {
    signature: Signature,
}

impl Default for DateAddFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl DateAddFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// `date` plus `n` calendar units (day and longer); months clamp to the
/// month's last day, as Joda's `plusMonths` does.
fn add_to_date(date: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
    if let Some(months) = unit.months() {
        let total = months.checked_mul(n)?;
        let m = Months::new(u32::try_from(total.unsigned_abs()).ok()?);
        return if total >= 0 {
            date.checked_add_months(m)
        } else {
            date.checked_sub_months(m)
        };
    }
    let days = n.checked_mul(if unit == Unit::Week { 7 } else { 1 })?;
    date.checked_add_signed(Duration::try_days(days)?)
}

fn add_to_local(local: NaiveDateTime, unit: Unit, n: i64) -> Option<NaiveDateTime> {
    Some(add_to_date(local.date(), unit, n)?.and_time(local.time()))
}

impl ScalarUDFImpl for DateAddFunc {
    fn name(&self) -> &str {
        "date_add"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [u, n, x] if n.is_integer() || matches!(n, DataType::Null) => Ok(vec![
                coerce_text(self.name(), "the unit", u)?,
                DataType::Int64,
                coerce_temporal(self.name(), x, true)?,
            ]),
            [_, n, _] => {
                plan_err!("date_add expects the number of units as an integer (BIGINT), got {n}")
            }
            _ => plan_err!(
                "date_add takes (unit, value, x), got {} arguments",
                arg_types.len()
            ),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.get(2).cloned().unwrap_or(DataType::Null))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let name = self.name();
        let counts = cast(&args.args[1].to_array(rows)?, &DataType::Int64)?;
        let counts = counts.as_primitive::<Int64Type>();
        let count = |i: usize| counts.is_valid(i).then(|| counts.value(i));
        let overflow =
            |n: i64| exec_err!("{name}: adding {n} gives a value out of the timestamp range");
        if matches!(args.args[2].data_type(), DataType::Date32) {
            let units = units(name, &args.args[0], rows, true)?;
            let days = dates(&args.args[2], rows)?;
            let mut out = Vec::with_capacity(rows);
            for (i, (d, u)) in days.iter().zip(&units).enumerate() {
                let (Some(d), Some(u), Some(n)) = (d, u, count(i)) else {
                    out.push(None);
                    continue;
                };
                match date_from_days(*d)
                    .and_then(|d| add_to_date(d, *u, n))
                    .and_then(days_from_date)
                {
                    Some(v) => out.push(Some(v)),
                    None => return overflow(n),
                }
            }
            return Ok(ColumnarValue::Array(date_array(out)));
        }
        let units = units(name, &args.args[0], rows, false)?;
        let ts = timestamps(name, &args.args[2], rows)?;
        let zone = ts.zone.as_ref();
        let mut out = Vec::with_capacity(rows);
        for (i, (value, unit)) in ts.values.iter().zip(&units).enumerate() {
            let (Some(value), Some(unit), Some(n)) = (value, unit, count(i)) else {
                out.push(None);
                continue;
            };
            let Some(utc) = to_naive(*value, ts.unit) else {
                return exec_err!("{name}: timestamp {value} is out of range");
            };
            // Below a day the instant moves by a fixed length; from a day up
            // the wall clock moves in the zone (across daylight saving), as in Joda.
            let moved = if *unit < Unit::Day {
                unit.fixed_millis()
                    .and_then(|ms| ms.checked_mul(n))
                    .and_then(Duration::try_milliseconds)
                    .and_then(|d| utc.checked_add_signed(d))
            } else {
                add_to_local(utc_to_local(utc, zone), *unit, n).map(|l| local_to_utc(l, zone))
            };
            match moved.and_then(|m| from_naive(m, ts.unit)) {
                Some(v) => out.push(Some(v)),
                None => return overflow(n),
            }
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
            Documentation::builder(DOC_SECTION, "Adds `value` units (negative to subtract) to a timestamp or date, keeping its type. Units: millisecond, second, minute, hour (fixed lengths), day, week, month, quarter, year (calendar: in the timestamp's zone, a month added to January 31 gives the last day of February); a DATE takes day to year. NULL in any argument gives NULL; another unit, or a result beyond the timestamp range, is an error. Matches Trino date_add.", "date_add(unit, value, x)")
                .with_sql_example("> SELECT date_add('second', 86, TIMESTAMP '2020-03-01 00:00:00');\n2020-03-01T00:01:26   -- Trino: 2020-03-01 00:01:26.000")
                .with_argument("unit", "Unit name, case-insensitive.")
                .with_argument("value", "BIGINT number of units.")
                .with_argument("x", "TIMESTAMP (with or without zone) or DATE.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Date32Array, Int64Array, TimestampMillisecondArray};
    use datafusion::arrow::datatypes::{Date32Type, Field, TimestampMillisecondType};
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(unit: &str, n: ColumnarValue, x: ColumnarValue, rows: usize) -> Result<ColumnarValue> {
        let t = x.data_type();
        DateAddFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![
                Arc::new(Field::new("u", DataType::Utf8, true)),
                Arc::new(Field::new("n", DataType::Int64, true)),
                Arc::new(Field::new("x", t.clone(), true)),
            ],
            args: vec![
                ColumnarValue::Scalar(ScalarValue::Utf8(Some(unit.into()))),
                n,
                x,
            ],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", t, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })
    }

    fn n(v: i64) -> ColumnarValue {
        ColumnarValue::Scalar(ScalarValue::Int64(Some(v)))
    }

    fn ms(
        unit: &str,
        by: ColumnarValue,
        values: Vec<Option<i64>>,
        zone: Option<&str>,
    ) -> Result<Vec<Option<i64>>> {
        let rows = values.len();
        let x = ColumnarValue::Array(Arc::new(
            TimestampMillisecondArray::from(values).with_timezone_opt(zone),
        ));
        Ok(run(unit, by, x, rows)?
            .to_array(rows)?
            .as_primitive::<TimestampMillisecondType>()
            .iter()
            .collect())
    }

    const DAY: i64 = 86_400_000;
    // 2020-03-01 00:00:00 UTC is day 18322.
    const MARCH_1: i64 = 18_322 * DAY;

    #[test]
    fn trino_examples() -> Result<()> {
        assert_eq!(
            ms("second", n(86), vec![Some(MARCH_1)], None)?,
            vec![Some(MARCH_1 + 86_000)]
        );
        assert_eq!(
            ms("hour", n(9), vec![Some(MARCH_1)], None)?,
            vec![Some(MARCH_1 + 9 * 3_600_000)]
        );
        assert_eq!(
            ms("day", n(-1), vec![Some(MARCH_1)], Some("UTC"))?,
            vec![Some(MARCH_1 - DAY)]
        );
        Ok(())
    }

    #[test]
    fn months_clamp_and_nulls_pass() -> Result<()> {
        // 2020-01-31 + 1 month = 2020-02-29 (leap year).
        let jan31 = MARCH_1 - 30 * DAY;
        assert_eq!(
            ms("month", n(1), vec![Some(jan31), None], None)?,
            vec![Some(MARCH_1 - DAY), None]
        );
        let counts = ColumnarValue::Array(Arc::new(Int64Array::from(vec![None, Some(1)])));
        assert_eq!(
            ms("year", counts, vec![Some(0), Some(0)], None)?,
            vec![None, Some(365 * DAY)]
        );
        Ok(())
    }

    #[test]
    fn days_keep_the_wall_clock_across_daylight_saving() -> Result<()> {
        // 2020-03-07 12:00 PST (20:00 UTC) + 1 day = 2020-03-08 12:00 PDT (19:00 UTC).
        let before = (18_328 * DAY) + 20 * 3_600_000;
        assert_eq!(
            ms("day", n(1), vec![Some(before)], Some("America/Los_Angeles"))?,
            vec![Some(before + DAY - 3_600_000)]
        );
        assert_eq!(
            ms(
                "hour",
                n(24),
                vec![Some(before)],
                Some("America/Los_Angeles")
            )?,
            vec![Some(before + DAY)]
        );
        Ok(())
    }

    #[test]
    fn dates_bad_units_and_overflow() -> Result<()> {
        let x = ColumnarValue::Array(Arc::new(Date32Array::from(vec![Some(18_322)])));
        let out = run("week", n(1), x.clone(), 1)?.to_array(1)?;
        assert_eq!(out.as_primitive::<Date32Type>().value(0), 18_329);
        assert!(run("minute", n(1), x, 1).is_err());
        let err = ms("year", n(i64::MAX), vec![Some(0)], None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("out of the timestamp range"), "{err}");
        Ok(())
    }
}
