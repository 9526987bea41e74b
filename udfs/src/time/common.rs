//! Shared plumbing for the time functions: reading timestamp and date
//! arguments, moving between instants and wall-clock time in a zone, units,
//! and the documentation section.

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
use datafusion::arrow::array::timezone::Tz;
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Date32Array, StringArray, TimestampMicrosecondArray,
    TimestampMillisecondArray, TimestampNanosecondArray, TimestampSecondArray,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType, TimeUnit, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType,
};
use datafusion::common::{DataFusionError, Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::{ColumnarValue, DocSection};

/// Where the time functions appear in `SHOW FUNCTIONS` documentation.
pub const DOC_SECTION: DocSection = DocSection {
    include: true,
    label: "Time and Date Functions",
    description: Some("Trino-compatible date and time functions."),
};

/// The Arrow type of Trino's `timestamp(3)`.
pub const TIMESTAMP_MS: DataType = DataType::Timestamp(TimeUnit::Millisecond, None);

/// The Arrow type of Trino's `timestamp(3) with time zone` in UTC.
pub fn timestamp_ms_tz(zone: &str) -> DataType {
    DataType::Timestamp(TimeUnit::Millisecond, Some(zone.into()))
}

/// Parses a zone name as Trino accepts it: an IANA name (`America/New_York`,
/// `UTC`) or a fixed offset (`+05:30`). The error names the function.
pub fn parse_zone(function: &str, zone: &str) -> Result<Tz> {
    let trimmed = zone.trim();
    let normalised = if trimmed.eq_ignore_ascii_case("utc") || trimmed.eq_ignore_ascii_case("z") {
        "UTC"
    } else {
        trimmed
    };
    Tz::from_str(normalised).map_err(|_| {
        DataFusionError::Execution(format!(
            "{function}: unknown time zone '{zone}'; use an IANA name such as 'America/New_York' or an offset such as '+05:30'"
        ))
    })
}

/// The zone name to put in an Arrow type: checked, `UTC` spelled one way.
pub fn canonical_zone(function: &str, zone: &str) -> Result<String> {
    parse_zone(function, zone)?;
    let trimmed = zone.trim();
    Ok(
        if trimmed.eq_ignore_ascii_case("utc") || trimmed.eq_ignore_ascii_case("z") {
            "UTC".to_string()
        } else {
            trimmed.to_string()
        },
    )
}

/// `arg` as a `Utf8` array of `rows` rows.
pub fn utf8_column(arg: &ColumnarValue, rows: usize) -> Result<StringArray> {
    let array = arg.to_array(rows)?;
    let array = cast(&array, &DataType::Utf8)?;
    array
        .as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .ok_or_else(|| DataFusionError::Internal("cast to Utf8 gave another type".into()))
}

/// The text of a literal argument: `Some(Some(s))` for a string literal,
/// `Some(None)` for a NULL literal, `None` when the argument is a column.
pub fn literal_text(arg: &ColumnarValue) -> Option<Option<String>> {
    match arg {
        ColumnarValue::Scalar(s) if s.is_null() => Some(None),
        ColumnarValue::Scalar(
            ScalarValue::Utf8(Some(s))
            | ScalarValue::LargeUtf8(Some(s))
            | ScalarValue::Utf8View(Some(s)),
        ) => Some(Some(s.clone())),
        _ => None,
    }
}

/// The text of a literal planning-time argument, for return types.
pub fn scalar_text(value: Option<&ScalarValue>) -> Option<&str> {
    match value {
        Some(
            ScalarValue::Utf8(Some(s))
            | ScalarValue::LargeUtf8(Some(s))
            | ScalarValue::Utf8View(Some(s)),
        ) => Some(s.as_str()),
        _ => None,
    }
}

/// A timestamp column read into plain values: each value counts `unit`s
/// since the epoch (UTC), and `zone` is the column's zone, if any.
pub struct Timestamps {
    /// The column's unit.
    pub unit: TimeUnit,
    /// The column's zone as Arrow spells it.
    pub zone_name: Option<Arc<str>>,
    /// The zone parsed.
    pub zone: Option<Tz>,
    /// The values.
    pub values: Vec<Option<i64>>,
}

/// Reads a timestamp argument (any unit, with or without zone).
pub fn timestamps(function: &str, arg: &ColumnarValue, rows: usize) -> Result<Timestamps> {
    let array = arg.to_array(rows)?;
    let DataType::Timestamp(unit, zone_name) = array.data_type().clone() else {
        return exec_err!(
            "{function}: expected a TIMESTAMP, got {}",
            array.data_type()
        );
    };
    let zone = match &zone_name {
        Some(z) => Some(parse_zone(function, z)?),
        None => None,
    };
    let values = match unit {
        TimeUnit::Second => collect(array.as_primitive::<TimestampSecondType>()),
        TimeUnit::Millisecond => collect(array.as_primitive::<TimestampMillisecondType>()),
        TimeUnit::Microsecond => collect(array.as_primitive::<TimestampMicrosecondType>()),
        TimeUnit::Nanosecond => collect(array.as_primitive::<TimestampNanosecondType>()),
    };
    Ok(Timestamps {
        unit,
        zone_name,
        zone,
        values,
    })
}

fn collect<T: datafusion::arrow::datatypes::ArrowPrimitiveType<Native = i64>>(
    array: &datafusion::arrow::array::PrimitiveArray<T>,
) -> Vec<Option<i64>> {
    array.iter().collect()
}

/// Builds a timestamp array of `unit` in `zone`.
pub fn timestamp_array(
    values: Vec<Option<i64>>,
    unit: TimeUnit,
    zone: Option<Arc<str>>,
) -> ArrayRef {
    match unit {
        TimeUnit::Second => Arc::new(TimestampSecondArray::from(values).with_timezone_opt(zone)),
        TimeUnit::Millisecond => {
            Arc::new(TimestampMillisecondArray::from(values).with_timezone_opt(zone))
        }
        TimeUnit::Microsecond => {
            Arc::new(TimestampMicrosecondArray::from(values).with_timezone_opt(zone))
        }
        TimeUnit::Nanosecond => {
            Arc::new(TimestampNanosecondArray::from(values).with_timezone_opt(zone))
        }
    }
}

/// Reads a DATE argument as days since the epoch.
pub fn dates(arg: &ColumnarValue, rows: usize) -> Result<Vec<Option<i32>>> {
    let array = arg.to_array(rows)?;
    let array = cast(&array, &DataType::Date32)?;
    Ok(array
        .as_primitive::<datafusion::arrow::datatypes::Date32Type>()
        .iter()
        .collect())
}

/// Builds a DATE array.
pub fn date_array(values: Vec<Option<i32>>) -> ArrayRef {
    Arc::new(Date32Array::from(values))
}

/// The epoch as a date.
pub fn epoch_date() -> NaiveDate {
    NaiveDate::default()
}

/// A date from days since the epoch.
pub fn date_from_days(days: i32) -> Option<NaiveDate> {
    epoch_date().checked_add_signed(Duration::try_days(i64::from(days))?)
}

/// Days since the epoch of a date.
pub fn days_from_date(date: NaiveDate) -> Option<i32> {
    i32::try_from(date.signed_duration_since(epoch_date()).num_days()).ok()
}

/// The UTC date-time of a value counted in `unit`s since the epoch.
pub fn to_naive(value: i64, unit: TimeUnit) -> Option<NaiveDateTime> {
    let dt = match unit {
        TimeUnit::Second => DateTime::from_timestamp(value, 0),
        TimeUnit::Millisecond => DateTime::from_timestamp_millis(value),
        TimeUnit::Microsecond => DateTime::from_timestamp_micros(value),
        TimeUnit::Nanosecond => Some(DateTime::from_timestamp_nanos(value)),
    };
    dt.map(|d| d.naive_utc())
}

/// The value in `unit`s since the epoch of a UTC date-time; `None` when it
/// does not fit (nanoseconds reach only 1677 to 2262).
pub fn from_naive(dt: NaiveDateTime, unit: TimeUnit) -> Option<i64> {
    let utc = dt.and_utc();
    match unit {
        TimeUnit::Second => Some(utc.timestamp()),
        TimeUnit::Millisecond => Some(utc.timestamp_millis()),
        TimeUnit::Microsecond => Some(utc.timestamp_micros()),
        TimeUnit::Nanosecond => utc.timestamp_nanos_opt(),
    }
}

/// Wall-clock time in `zone` of a UTC date-time (no zone: UTC itself,
/// which is how Quarry, like Athena, treats a `timestamp` without zone).
pub fn utc_to_local(utc: NaiveDateTime, zone: Option<&Tz>) -> NaiveDateTime {
    match zone {
        Some(tz) => {
            let offset = tz.offset_from_utc_datetime(&utc).fix();
            utc + Duration::seconds(i64::from(offset.local_minus_utc()))
        }
        None => utc,
    }
}

/// The UTC instant of a wall-clock time in `zone`. As Joda (and so Trino)
/// does, a time inside a daylight-saving gap moves forward by the gap and an
/// ambiguous time takes the earlier instant.
pub fn local_to_utc(local: NaiveDateTime, zone: Option<&Tz>) -> NaiveDateTime {
    let Some(tz) = zone else { return local };
    match tz.offset_from_local_datetime(&local) {
        LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => {
            local - Duration::seconds(i64::from(o.fix().local_minus_utc()))
        }
        LocalResult::None => {
            // The offset in force before the gap, read at the same wall time taken as UTC.
            let before = tz
                .offset_from_utc_datetime(&(local - Duration::days(1)))
                .fix();
            local - Duration::seconds(i64::from(before.local_minus_utc()))
        }
    }
}

/// A Trino interval unit, as `date_trunc`, `date_add` and `date_diff` take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// `millisecond`
    Millisecond,
    /// `second`
    Second,
    /// `minute`
    Minute,
    /// `hour`
    Hour,
    /// `day`
    Day,
    /// `week`
    Week,
    /// `month`
    Month,
    /// `quarter`
    Quarter,
    /// `year`
    Year,
}

impl Unit {
    /// Parses a unit name (case-insensitive); `is_date` rejects the units
    /// finer than a day, as Trino does for DATE values.
    pub fn parse(function: &str, text: &str, is_date: bool) -> Result<Unit> {
        let unit = match text.trim().to_ascii_lowercase().as_str() {
            "millisecond" => Unit::Millisecond,
            "second" => Unit::Second,
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            _ => {
                return exec_err!(
                    "{function}: '{text}' is not a valid {} field; use one of {}",
                    if is_date { "DATE" } else { "TIMESTAMP" },
                    if is_date {
                        "day, week, month, quarter, year"
                    } else {
                        "millisecond, second, minute, hour, day, week, month, quarter, year"
                    }
                );
            }
        };
        if is_date && unit < Unit::Day {
            return exec_err!(
                "{function}: '{text}' is not a valid DATE field; use one of day, week, month, quarter, year"
            );
        }
        Ok(unit)
    }

    /// The fixed length of the unit in milliseconds, for units up to a week.
    pub fn fixed_millis(self) -> Option<i64> {
        match self {
            Unit::Millisecond => Some(1),
            Unit::Second => Some(1_000),
            Unit::Minute => Some(60_000),
            Unit::Hour => Some(3_600_000),
            Unit::Day => Some(86_400_000),
            Unit::Week => Some(7 * 86_400_000),
            Unit::Month | Unit::Quarter | Unit::Year => None,
        }
    }

    /// The number of months in the unit, for month and longer.
    pub fn months(self) -> Option<i64> {
        match self {
            Unit::Month => Some(1),
            Unit::Quarter => Some(3),
            Unit::Year => Some(12),
            _ => None,
        }
    }
}

impl PartialOrd for Unit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Unit {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

/// Units of an argument: parsed once when it is a literal, per row otherwise.
/// `None` for a row means a NULL unit.
pub fn units(
    function: &str,
    arg: &ColumnarValue,
    rows: usize,
    is_date: bool,
) -> Result<Vec<Option<Unit>>> {
    if let Some(literal) = literal_text(arg) {
        let unit = match literal {
            Some(text) => Some(Unit::parse(function, &text, is_date)?),
            None => None,
        };
        return Ok(vec![unit; rows]);
    }
    let texts = utf8_column(arg, rows)?;
    texts
        .iter()
        .map(|t| t.map(|t| Unit::parse(function, t, is_date)).transpose())
        .collect()
}

/// Coerces a "timestamp or date" argument as Trino would: timestamps and
/// dates stay, NULL becomes `timestamp(3)`; anything else is a planning error
/// that points at the parsing functions.
pub fn coerce_temporal(function: &str, t: &DataType, allow_date: bool) -> Result<DataType> {
    match t {
        DataType::Timestamp(..) => Ok(t.clone()),
        DataType::Date32 | DataType::Date64 if allow_date => Ok(DataType::Date32),
        DataType::Date32 | DataType::Date64 => Ok(TIMESTAMP_MS),
        DataType::Null => Ok(TIMESTAMP_MS),
        other => plan_err!(
            "{function} expects a {}TIMESTAMP, got {other}; turn text into a timestamp first with from_iso8601_timestamp, date_parse or parse_datetime",
            if allow_date { "DATE or " } else { "" }
        ),
    }
}

/// Coerces a text argument (unit, format, zone): strings and NULL become Utf8.
pub fn coerce_text(function: &str, what: &str, t: &DataType) -> Result<DataType> {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => {
            Ok(DataType::Utf8)
        }
        other => plan_err!("{function} expects {what} as VARCHAR, got {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
    }

    #[test]
    fn zones_and_offsets() -> Result<()> {
        let la = parse_zone("f", "America/Los_Angeles")?;
        assert_eq!(
            utc_to_local(dt("2012-10-31 01:00:00"), Some(&la)),
            dt("2012-10-30 18:00:00")
        );
        assert_eq!(
            local_to_utc(dt("2012-10-30 18:00:00"), Some(&la)),
            dt("2012-10-31 01:00:00")
        );
        // 2:30 on 2020-03-08 does not exist in Los Angeles: moved forward to 3:30 PDT.
        assert_eq!(
            local_to_utc(dt("2020-03-08 02:30:00"), Some(&la)),
            dt("2020-03-08 10:30:00")
        );
        // 1:30 on 2020-11-01 happens twice: the earlier (PDT) instant.
        assert_eq!(
            local_to_utc(dt("2020-11-01 01:30:00"), Some(&la)),
            dt("2020-11-01 08:30:00")
        );
        let plus = parse_zone("f", "+05:30")?;
        assert_eq!(
            utc_to_local(dt("2020-01-01 00:00:00"), Some(&plus)),
            dt("2020-01-01 05:30:00")
        );
        assert!(parse_zone("f", "UTC").is_ok());
        let err = parse_zone("from_unixtime", "Mars/Olympus")
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("from_unixtime: unknown time zone 'Mars/Olympus'")));
        Ok(())
    }

    #[test]
    fn units_parse_case_insensitively_and_reject_fine_units_for_dates() {
        assert_eq!(Unit::parse("f", "HOUR", false).ok(), Some(Unit::Hour));
        assert!(Unit::parse("f", "hour", true).is_err());
        assert!(Unit::parse("f", "microsecond", false).is_err());
        assert!(Unit::parse("f", "", false).is_err());
    }

    #[test]
    fn nanosecond_range_is_checked() {
        assert_eq!(
            from_naive(dt("2300-01-01 00:00:00"), TimeUnit::Nanosecond),
            None
        );
        assert_eq!(
            from_naive(dt("1970-01-01 00:00:01"), TimeUnit::Millisecond),
            Some(1000)
        );
    }
}
