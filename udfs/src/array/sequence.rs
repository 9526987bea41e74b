//! `sequence`: the integers, dates or timestamps from `start` to `stop`
//! inclusive, by `step`.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::cast::AsArray;
use datafusion::arrow::array::timezone::Tz;
use datafusion::arrow::array::{
    Array, ArrayRef, Date32Array, Int64Array, ListArray, TimestampNanosecondArray,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType, Date32Type, Field, Int64Type, IntervalMonthDayNano, IntervalMonthDayNanoType,
    IntervalUnit, TimeUnit, TimestampNanosecondType,
};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::ARRAY_SECTION;

/// Trino's cap on the length of one sequence.
const MAX_ENTRIES: usize = 10_000;

const NANOS_PER_DAY: i128 = 86_400_000_000_000;

/// Trino's `sequence` (DataFusion's `generate_series` has no length limit,
/// accepts steps pointing away from `stop`, and has no default step for
/// dates).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SequenceFunc {
    signature: Signature,
}

impl Default for SequenceFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl SequenceFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// How far apart two entries are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A fixed number of units: 1 for integers, days for dates,
    /// nanoseconds for timestamps.
    Units(i64),
    /// A number of calendar months (a year-to-month interval).
    Months(i64),
}

impl Step {
    fn signum(self) -> i64 {
        match self {
            Step::Units(n) | Step::Months(n) => n.signum(),
        }
    }
}

/// Trino's checks: a step of zero, or one pointing away from `stop`.
fn check_step(start: i64, stop: i64, step: Step) -> Result<()> {
    let sign = step.signum();
    if sign == 0 {
        return Err(DataFusionError::Execution(
            "sequence: step must not be zero".to_string(),
        ));
    }
    if (sign > 0 && stop < start) || (sign < 0 && stop > start) {
        return Err(DataFusionError::Execution(
            "sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start".to_string(),
        ));
    }
    Ok(())
}

fn too_long() -> DataFusionError {
    DataFusionError::Execution(format!(
        "result of sequence function must not have more than {MAX_ENTRIES} entries; use a larger step or a narrower range"
    ))
}

/// The entries from `start` to `stop`; `add_months(start, n)` moves
/// `start` by `n` calendar months (always from `start`, so the 31st stays
/// the 31st where the month has one).
fn series(
    start: i64,
    stop: i64,
    step: Step,
    add_months: impl Fn(i64, i64) -> Option<i64>,
    out: &mut Vec<i64>,
) -> Result<()> {
    check_step(start, stop, step)?;
    match step {
        Step::Units(step) => {
            let count = (i128::from(stop) - i128::from(start)) / i128::from(step) + 1;
            if count > MAX_ENTRIES as i128 {
                return Err(too_long());
            }
            let mut value = i128::from(start);
            for _ in 0..count {
                out.push(value as i64);
                value += i128::from(step);
            }
        }
        Step::Months(months) => {
            let mut produced = 0;
            for k in 0i64.. {
                let Some(value) = k.checked_mul(months).and_then(|m| add_months(start, m)) else {
                    break;
                };
                if (months > 0 && value > stop) || (months < 0 && value < stop) {
                    break;
                }
                produced += 1;
                if produced > MAX_ENTRIES {
                    return Err(too_long());
                }
                out.push(value);
            }
        }
    }
    Ok(())
}

/// The step an interval stands for; `dates` requires whole days.
fn interval_step(interval: IntervalMonthDayNano, dates: bool) -> Result<Step> {
    let (months, days, nanos) = IntervalMonthDayNanoType::to_parts(interval);
    if months != 0 {
        if days != 0 || nanos != 0 {
            return Err(DataFusionError::Execution(
                "sequence: the step must be either a year-to-month interval (INTERVAL '1' MONTH) or a day-to-second interval (INTERVAL '1' DAY), not both".to_string(),
            ));
        }
        return Ok(Step::Months(i64::from(months)));
    }
    let total = i128::from(days) * NANOS_PER_DAY + i128::from(nanos);
    if dates {
        if total % NANOS_PER_DAY != 0 {
            return Err(DataFusionError::Execution(
                "sequence step must be a day interval if start and end values are dates"
                    .to_string(),
            ));
        }
        return Ok(Step::Units((total / NANOS_PER_DAY) as i64));
    }
    i64::try_from(total).map(Step::Units).map_err(|_| {
        DataFusionError::Execution("sequence: the step interval is too large".to_string())
    })
}

/// What a call generates, decided from its argument types.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Integer,
    Date,
    Timestamp(TimeUnit, Option<Arc<str>>),
}

fn kind_of(arg_types: &[DataType]) -> Result<Kind> {
    let bounds = &arg_types[..2];
    let known: Vec<&DataType> = bounds.iter().filter(|t| !t.is_null()).collect();
    let kind = match known.first() {
        None => Kind::Integer,
        Some(DataType::Date32 | DataType::Date64) => Kind::Date,
        Some(DataType::Timestamp(unit, tz)) => Kind::Timestamp(*unit, tz.clone()),
        Some(t) if t.is_integer() => Kind::Integer,
        Some(_) => return Err(types_error(arg_types)),
    };
    let fits = |t: &DataType| match kind {
        Kind::Integer => t.is_integer() || t.is_null(),
        Kind::Date => matches!(t, DataType::Date32 | DataType::Date64 | DataType::Null),
        Kind::Timestamp(..) => matches!(t, DataType::Timestamp(..) | DataType::Null),
    };
    if !bounds.iter().all(fits) {
        return Err(types_error(arg_types));
    }
    match (&kind, arg_types.get(2)) {
        (Kind::Integer, Some(t)) if !(t.is_integer() || t.is_null()) => Err(types_error(arg_types)),
        (Kind::Date | Kind::Timestamp(..), Some(t))
            if !matches!(t, DataType::Interval(_) | DataType::Null) =>
        {
            Err(DataFusionError::Plan(format!(
                "sequence over dates or timestamps takes an INTERVAL step (INTERVAL '1' DAY, INTERVAL '1' MONTH), got {t}"
            )))
        }
        (Kind::Timestamp(..), None) => Err(DataFusionError::Plan(
            "sequence over timestamps needs a step: sequence(start, stop, INTERVAL '1' HOUR)"
                .to_string(),
        )),
        _ => Ok(kind),
    }
}

fn types_error(arg_types: &[DataType]) -> DataFusionError {
    let got: Vec<String> = arg_types.iter().map(|t| t.to_string()).collect();
    DataFusionError::Plan(format!(
        "sequence expects (BIGINT, BIGINT [, BIGINT]), (DATE, DATE [, INTERVAL]) or (TIMESTAMP, TIMESTAMP, INTERVAL), got ({})",
        got.join(", ")
    ))
}

fn element_type(kind: &Kind) -> DataType {
    match kind {
        Kind::Integer => DataType::Int64,
        Kind::Date => DataType::Date32,
        Kind::Timestamp(unit, tz) => DataType::Timestamp(*unit, tz.clone()),
    }
}

impl ScalarUDFImpl for SequenceFunc {
    fn name(&self) -> &str {
        "sequence"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if !(2..=3).contains(&arg_types.len()) {
            return Err(DataFusionError::Plan(format!(
                "sequence takes 2 or 3 arguments (start, stop [, step]), got {}",
                arg_types.len()
            )));
        }
        let kind = kind_of(arg_types)?;
        let bound = element_type(&kind);
        let step = match kind {
            Kind::Integer => DataType::Int64,
            _ => DataType::Interval(IntervalUnit::MonthDayNano),
        };
        let mut types = vec![bound.clone(), bound];
        if arg_types.len() == 3 {
            types.push(step);
        }
        Ok(types)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        let element = element_type(&kind_of(arg_types)?);
        Ok(DataType::List(Arc::new(Field::new_list_field(
            element, true,
        ))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let inputs = ColumnarValue::values_to_arrays(&args.args)?;
        let types: Vec<DataType> = inputs.iter().map(|a| a.data_type().clone()).collect();
        let kind = kind_of(&types)?;
        let as_i64 = |a: &ArrayRef| -> Result<Int64Array> {
            let wide = match a.data_type() {
                // Same time zone, so only the unit changes: the values stay
                // UTC-based, as the month arithmetic below expects.
                DataType::Timestamp(_, tz) => cast(
                    &cast(a, &DataType::Timestamp(TimeUnit::Nanosecond, tz.clone()))?,
                    &DataType::Int64,
                )?,
                DataType::Date32 => cast(&cast(a, &DataType::Int32)?, &DataType::Int64)?,
                _ => cast(a, &DataType::Int64)?,
            };
            Ok(wide.as_primitive::<Int64Type>().clone())
        };
        let start = as_i64(&inputs[0])?;
        let stop = as_i64(&inputs[1])?;
        let intervals = match (inputs.get(2), &kind) {
            (Some(step), Kind::Date | Kind::Timestamp(..)) => Some(
                cast(step, &DataType::Interval(IntervalUnit::MonthDayNano))?
                    .as_primitive::<IntervalMonthDayNanoType>()
                    .clone(),
            ),
            _ => None,
        };
        let int_steps = match (inputs.get(2), &kind) {
            (Some(step), Kind::Integer) => Some(as_i64(step)?),
            _ => None,
        };
        let tz: Tz = match &kind {
            Kind::Timestamp(_, Some(tz)) => tz.parse()?,
            _ => "+00:00".parse()?,
        };
        let add_months = |value: i64, months: i64| -> Option<i64> {
            let months = i32::try_from(months).ok()?;
            let delta = IntervalMonthDayNano::new(months, 0, 0);
            match kind {
                Kind::Date => Date32Type::add_month_day_nano_opt(i32::try_from(value).ok()?, delta)
                    .map(i64::from),
                _ => TimestampNanosecondType::add_month_day_nano(value, delta, tz),
            }
        };
        let mut values = Vec::new();
        let mut lengths = Vec::with_capacity(rows);
        let mut valid = Vec::with_capacity(rows);
        for row in 0..rows {
            let null_step = intervals.as_ref().is_some_and(|s| s.is_null(row))
                || int_steps.as_ref().is_some_and(|s| s.is_null(row));
            if start.is_null(row) || stop.is_null(row) || null_step {
                lengths.push(0);
                valid.push(false);
                continue;
            }
            let (from, to) = (start.value(row), stop.value(row));
            let step = if let Some(steps) = &intervals {
                interval_step(steps.value(row), kind == Kind::Date)?
            } else if let Some(steps) = &int_steps {
                Step::Units(steps.value(row))
            } else {
                Step::Units(if from <= to { 1 } else { -1 })
            };
            let before = values.len();
            series(from, to, step, add_months, &mut values)?;
            lengths.push(values.len() - before);
            valid.push(true);
        }
        let element = element_type(&kind);
        let values: ArrayRef = match &kind {
            Kind::Integer => Arc::new(Int64Array::from(values)),
            Kind::Date => Arc::new(
                values
                    .into_iter()
                    .map(|v| i32::try_from(v).ok())
                    .collect::<Date32Array>(),
            ),
            Kind::Timestamp(_, tz) => cast(
                &TimestampNanosecondArray::from(values).with_timezone_opt(tz.clone()),
                &element,
            )?,
        };
        let list = ListArray::try_new(
            Arc::new(Field::new_list_field(element, true)),
            OffsetBuffer::from_lengths(lengths),
            values,
            Some(valid.into()),
        )?;
        Ok(ColumnarValue::Array(Arc::new(list)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns the values from `start` to `stop` inclusive, `step` apart. For integers the default step is 1 (or -1 when `stop` < `start`); for dates 1 day (or -1 day); timestamps need a step. Steps for dates and timestamps are day-to-second intervals (whole days for dates) or year-to-month intervals. NULL if any argument is NULL; an error for a zero step, a step pointing away from `stop`, or more than 10000 entries. Matches Trino sequence.",
                "sequence(start, stop [, step])",
            )
            .with_sql_example("> SELECT sequence(5, 1, -2);\n[5, 3, 1]\n> SELECT sequence(DATE '2024-01-31', DATE '2024-03-31', INTERVAL '1' MONTH);\n[2024-01-31, 2024-02-29, 2024-03-31]")
            .with_argument("start", "First value: BIGINT, DATE or TIMESTAMP.")
            .with_argument("stop", "Last value (included when reached), of the same type.")
            .with_argument("step", "BIGINT for integers, INTERVAL for dates and timestamps.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_months(_: i64, _: i64) -> Option<i64> {
        None
    }

    fn run(start: i64, stop: i64, step: Step) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        series(start, stop, step, no_months, &mut out)?;
        Ok(out)
    }

    #[test]
    fn integer_steps_include_stop_when_reached() -> Result<()> {
        assert_eq!(run(1, 5, Step::Units(2))?, vec![1, 3, 5]);
        assert_eq!(run(1, 4, Step::Units(2))?, vec![1, 3]);
        assert_eq!(run(3, 3, Step::Units(-1))?, vec![3]);
        assert_eq!(
            run(i64::MAX - 1, i64::MAX, Step::Units(1))?,
            vec![i64::MAX - 1, i64::MAX]
        );
        Ok(())
    }

    #[test]
    fn zero_wrong_sign_and_too_long_are_errors() {
        let zero = run(1, 2, Step::Units(0)).unwrap_err().to_string();
        assert!(zero.contains("step must not be zero"), "{zero}");
        let away = run(1, 2, Step::Units(-1)).unwrap_err().to_string();
        assert!(away.contains("stop value should be greater"), "{away}");
        let long = run(1, 10_001, Step::Units(1)).unwrap_err().to_string();
        assert!(long.contains("more than 10000 entries"), "{long}");
        assert_eq!(
            run(1, 10_000, Step::Units(1)).map(|v| v.len()).ok(),
            Some(10_000)
        );
        let huge = run(i64::MIN, i64::MAX, Step::Units(1))
            .unwrap_err()
            .to_string();
        assert!(huge.contains("more than 10000 entries"), "{huge}");
    }

    #[test]
    fn months_are_counted_from_start() -> Result<()> {
        // 2024-01-31 as days since the epoch, and the ends of Feb and Mar.
        let jan31 = 19753;
        let add = |d: i64, m: i64| {
            Date32Type::add_month_day_nano_opt(d as i32, IntervalMonthDayNano::new(m as i32, 0, 0))
                .map(i64::from)
        };
        let mut out = Vec::new();
        series(jan31, jan31 + 60, Step::Months(1), add, &mut out)?;
        assert_eq!(out, vec![jan31, jan31 + 29, jan31 + 60]);
        Ok(())
    }

    #[test]
    fn date_steps_must_be_whole_days() {
        let hours = IntervalMonthDayNano::new(0, 0, 3_600_000_000_000);
        let err = interval_step(hours, true).unwrap_err().to_string();
        assert!(err.contains("must be a day interval"), "{err}");
        assert_eq!(
            interval_step(hours, false).ok(),
            Some(Step::Units(3_600_000_000_000))
        );
        let mixed = IntervalMonthDayNano::new(1, 1, 0);
        assert!(interval_step(mixed, true).is_err());
    }
}
