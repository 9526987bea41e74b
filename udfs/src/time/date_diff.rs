//! `date_diff`: how many whole units lie between two timestamps or dates.

use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{
    DOC_SECTION, TIMESTAMP_MS, Unit, coerce_temporal, coerce_text, date_from_days, dates,
    timestamps, to_naive, units, utc_to_local,
};

/// Trino's `date_diff`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateDiffFunc {
    signature: Signature,
}

impl Default for DateDiffFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl DateDiffFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

fn days_in_month(t: NaiveDateTime) -> u32 {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(t.year(), t.month(), *d).is_some())
        .unwrap_or(28)
}

/// Whole months from `sub` to `min`, by Joda's rule: a later day of month
/// counts as reaching the last day of a shorter month.
fn month_diff(min: NaiveDateTime, sub: NaiveDateTime) -> i64 {
    if min < sub {
        return -month_diff(sub, min);
    }
    let mut diff = (i64::from(min.year()) - i64::from(sub.year())) * 12 + i64::from(min.month())
        - i64::from(sub.month());
    let mut sub = sub;
    if min.day() == days_in_month(min) && sub.day() > min.day() {
        sub = sub.with_day(min.day()).unwrap_or(sub);
    }
    let start = |t: NaiveDateTime| {
        t.with_day(1)
            .and_then(|d| d.date().and_hms_opt(0, 0, 0))
            .unwrap_or(t)
    };
    if min - start(min) < sub - start(sub) {
        diff -= 1;
    }
    diff
}

/// `x2 - x1` in `unit`s, on wall-clock times (fixed units below a day are
/// measured between instants, as Joda does).
fn diff(
    unit: Unit,
    local1: NaiveDateTime,
    local2: NaiveDateTime,
    utc1: NaiveDateTime,
    utc2: NaiveDateTime,
) -> i64 {
    if let Some(months) = unit.months() {
        return month_diff(local2, local1) / months;
    }
    let span = if unit < Unit::Day {
        utc2 - utc1
    } else {
        local2 - local1
    };
    let per = unit.fixed_millis().unwrap_or(1);
    // Whole units, truncated toward zero; sub-millisecond parts never add a unit.
    span.num_milliseconds() / per
}

impl ScalarUDFImpl for DateDiffFunc {
    fn name(&self) -> &str {
        "date_diff"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let [u, a, b] = arg_types else {
            return plan_err!(
                "date_diff takes (unit, x1, x2), got {} arguments",
                arg_types.len()
            );
        };
        let is_date =
            |t: &DataType| matches!(t, DataType::Date32 | DataType::Date64 | DataType::Null);
        let unit = coerce_text(self.name(), "the unit", u)?;
        if is_date(a) && is_date(b) {
            return Ok(vec![unit, DataType::Date32, DataType::Date32]);
        }
        let widen = |t: &DataType| -> Result<DataType> {
            Ok(match coerce_temporal(self.name(), t, true)? {
                DataType::Date32 => TIMESTAMP_MS,
                other => other,
            })
        };
        Ok(vec![unit, widen(a)?, widen(b)?])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let name = self.name();
        if matches!(args.args[1].data_type(), DataType::Date32) {
            let units = units(name, &args.args[0], rows, true)?;
            let (d1, d2) = (dates(&args.args[1], rows)?, dates(&args.args[2], rows)?);
            let out: Int64Array = (0..rows)
                .map(|i| {
                    let a = date_from_days(d1[i]?)?.and_hms_opt(0, 0, 0)?;
                    let b = date_from_days(d2[i]?)?.and_hms_opt(0, 0, 0)?;
                    Some(diff(units[i]?, a, b, a, b))
                })
                .collect();
            return Ok(ColumnarValue::Array(Arc::new(out)));
        }
        let units = units(name, &args.args[0], rows, false)?;
        let t1 = timestamps(name, &args.args[1], rows)?;
        let t2 = timestamps(name, &args.args[2], rows)?;
        // Trino measures calendar units in the zone of the first argument.
        let zone = t1.zone.as_ref();
        let mut out = Vec::with_capacity(rows);
        for (i, unit) in units.iter().enumerate() {
            let (Some(unit), Some(v1), Some(v2)) = (*unit, t1.values[i], t2.values[i]) else {
                out.push(None);
                continue;
            };
            let (Some(u1), Some(u2)) = (to_naive(v1, t1.unit), to_naive(v2, t2.unit)) else {
                return exec_err!("{name}: timestamp out of range");
            };
            out.push(Some(diff(
                unit,
                utc_to_local(u1, zone),
                utc_to_local(u2, zone),
                u1,
                u2,
            )));
        }
        Ok(ColumnarValue::Array(Arc::new(Int64Array::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns x2 - x1 in whole units (truncated toward zero) as BIGINT. Units: millisecond, second, minute, hour (between instants), day, week (on the wall clock of x1's zone), month, quarter, year (calendar months; January 31 to February 29 is one month). Two DATEs take day to year; a DATE beside a TIMESTAMP is its midnight. NULL in any argument gives NULL; another unit is an error. Matches Trino date_diff.", "date_diff(unit, x1, x2)")
                .with_sql_example("> SELECT date_diff('second', TIMESTAMP '2020-03-01 00:00:00', TIMESTAMP '2020-03-02 00:00:00');\n86400")
                .with_argument("unit", "Unit name, case-insensitive.")
                .with_argument("x1", "Start: TIMESTAMP (with or without zone) or DATE.")
                .with_argument("x2", "End, of the same kind.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, Date32Array, TimestampMillisecondArray};
    use datafusion::arrow::datatypes::Field;
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(
        unit: &str,
        a: ColumnarValue,
        b: ColumnarValue,
        rows: usize,
    ) -> Result<Vec<Option<i64>>> {
        let out = DateDiffFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![
                Arc::new(Field::new("u", DataType::Utf8, true)),
                Arc::new(Field::new("a", a.data_type(), true)),
                Arc::new(Field::new("b", b.data_type(), true)),
            ],
            args: vec![
                ColumnarValue::Scalar(ScalarValue::Utf8(Some(unit.into()))),
                a,
                b,
            ],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", DataType::Int64, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let array = out.to_array(rows)?;
        let ints = array
            .as_any()
            .downcast_ref::<Int64Array>()
            .cloned()
            .unwrap_or_else(|| Int64Array::from(Vec::<i64>::new()));
        Ok((0..ints.len())
            .map(|i| ints.is_valid(i).then(|| ints.value(i)))
            .collect())
    }

    fn ms(v: Vec<Option<i64>>) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(TimestampMillisecondArray::from(v)))
    }

    const DAY: i64 = 86_400_000;

    #[test]
    fn fixed_units_truncate_toward_zero() -> Result<()> {
        assert_eq!(
            run("second", ms(vec![Some(0)]), ms(vec![Some(DAY)]), 1)?,
            vec![Some(86_400)]
        );
        assert_eq!(
            run(
                "millisecond",
                ms(vec![Some(0)]),
                ms(vec![Some(DAY + 123)]),
                1
            )?,
            vec![Some(86_400_123)]
        );
        assert_eq!(
            run(
                "hour",
                ms(vec![Some(0), None]),
                ms(vec![Some(-5_400_000), Some(0)]),
                2
            )?,
            vec![Some(-1), None]
        );
        Ok(())
    }

    #[test]
    fn months_follow_joda() -> Result<()> {
        // Days since the epoch: 2020-01-31 = 18292, 2020-02-29 = 18321, 2020-02-28 = 18320, 2021-01-31 = 18658.
        let d = |v: i32| ColumnarValue::Array(Arc::new(Date32Array::from(vec![Some(v)])));
        assert_eq!(run("month", d(18_292), d(18_321), 1)?, vec![Some(1)]);
        assert_eq!(run("month", d(18_292), d(18_320), 1)?, vec![Some(0)]);
        // Joda measures backwards from the later date: February 29 reaches January 31.
        assert_eq!(run("month", d(18_321), d(18_292), 1)?, vec![Some(-1)]);
        assert_eq!(run("year", d(18_292), d(18_658), 1)?, vec![Some(1)]);
        assert_eq!(run("quarter", d(18_292), d(18_658), 1)?, vec![Some(4)]);
        assert_eq!(run("day", d(18_292), d(18_321), 1)?, vec![Some(29)]);
        assert!(run("second", d(0), d(1), 1).is_err());
        Ok(())
    }
}
