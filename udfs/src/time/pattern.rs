//! A compiled date-time pattern: the items both MySQL-style (`date_parse`,
//! `date_format`) and Joda (`parse_datetime`, `format_datetime`) patterns
//! compile to, and the parser and printer over them.
//!
//! Parsing follows Joda, which Trino uses for both kinds: numbers take one
//! digit up to the field's width, names match case-insensitively (short or
//! full), the whole input must be consumed, fields left out default to
//! 1970-01-01 00:00:00, and an impossible date (February 30) is an error.

use std::collections::HashMap;
use std::fmt::Write;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use datafusion::arrow::array::timezone::Tz;
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::ColumnarValue;

use super::common::{literal_text, utf8_column};

/// A numeric field of a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Year, possibly signed.
    Year,
    /// Year of era (never negative when printed).
    YearOfEra,
    /// ISO week-based year.
    Weekyear,
    /// Century of era.
    Century,
    /// Month 1-12.
    Month,
    /// Day of month.
    Day,
    /// Day of year.
    DayOfYear,
    /// ISO week of the week-based year.
    WeekOfWeekyear,
    /// Day of week, 1 = Monday.
    DayOfWeek,
    /// Hour 0-23.
    Hour,
    /// Hour 1-24 (Joda `k`).
    ClockHourOfDay,
    /// Hour 0-11 (Joda `K`).
    HourOfHalfday,
    /// Hour 1-12.
    ClockHourOfHalfday,
    /// Minute.
    Minute,
    /// Second.
    Second,
}

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Text that must appear as is (compared case-insensitively when parsing).
    Literal(String),
    /// A number printed with at least `min` digits, parsed with 1 to `max`.
    Number {
        /// Which field.
        field: Field,
        /// Minimum printed digits.
        min: usize,
        /// Maximum parsed digits.
        max: usize,
    },
    /// Two-digit year; parsing maps it into `base..base + 100` (MySQL-style
    /// formats use 1970, as Trino documents).
    TwoDigitYear {
        /// First year of the hundred-year window.
        base: i64,
    },
    /// Fraction of second: printed with `print` digits, parsed with 1 to `max`.
    Fraction {
        /// Printed digits.
        print: usize,
        /// Maximum parsed digits.
        max: usize,
    },
    /// Month name, short (`Jan`) or full (`January`) when printed; either parses.
    MonthName {
        /// Print the short form.
        short: bool,
    },
    /// Weekday name, short (`Mon`) or full (`Monday`); parsed and ignored.
    DayName {
        /// Print the short form.
        short: bool,
    },
    /// `AM` or `PM`.
    Halfday,
    /// Era, `AD` or `BC`.
    Era,
    /// Zone offset, `+0800` (or `+08:00` with `colon`); `Z` parses as UTC.
    Offset {
        /// Print a colon between hours and minutes.
        colon: bool,
    },
    /// Zone id such as `America/Los_Angeles`.
    ZoneId,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The compiled pattern of each row: compiled once when the pattern is a
/// literal, once per distinct text when it is a column; `None` for NULL.
/// A pattern that does not compile is an error naming it.
pub fn compile_column(
    function: &str,
    arg: &ColumnarValue,
    rows: usize,
    compile: fn(&str) -> Result<Vec<Item>, String>,
) -> Result<Vec<Option<Arc<Vec<Item>>>>> {
    let one = |text: &str| -> Result<Arc<Vec<Item>>> {
        match compile(text) {
            Ok(items) => Ok(Arc::new(items)),
            Err(e) => exec_err!("{function}: invalid format '{text}': {e}"),
        }
    };
    if let Some(literal) = literal_text(arg) {
        let compiled = literal.map(|t| one(&t)).transpose()?;
        return Ok(vec![compiled; rows]);
    }
    let texts = utf8_column(arg, rows)?;
    let mut seen: HashMap<&str, Arc<Vec<Item>>> = HashMap::new();
    let mut out = Vec::with_capacity(rows);
    for text in texts.iter() {
        out.push(match text {
            None => None,
            Some(t) => Some(match seen.get(t) {
                Some(c) => Arc::clone(c),
                None => {
                    let c = one(t)?;
                    seen.insert(t, Arc::clone(&c));
                    c
                }
            }),
        });
    }
    Ok(out)
}

/// A wall-clock value to print, with its zone for the zone items.
pub struct Printable<'a> {
    /// Wall-clock time in the zone.
    pub local: NaiveDateTime,
    /// Offset from UTC in seconds.
    pub offset_seconds: i32,
    /// Zone name (`UTC` for a timestamp without zone).
    pub zone_name: &'a str,
}

/// Prints `value` by `items`.
pub fn format(items: &[Item], value: &Printable<'_>) -> String {
    let mut out = String::new();
    let t = value.local;
    for item in items {
        match item {
            Item::Literal(s) => out.push_str(s),
            Item::Number { field, min, .. } => {
                let n: i64 = match field {
                    Field::Year => i64::from(t.year()),
                    Field::YearOfEra => i64::from(t.year()).abs(),
                    Field::Weekyear => i64::from(t.iso_week().year()),
                    Field::Century => i64::from(t.year()).abs() / 100,
                    Field::Month => i64::from(t.month()),
                    Field::Day => i64::from(t.day()),
                    Field::DayOfYear => i64::from(t.ordinal()),
                    Field::WeekOfWeekyear => i64::from(t.iso_week().week()),
                    Field::DayOfWeek => i64::from(t.weekday().number_from_monday()),
                    Field::Hour => i64::from(t.hour()),
                    Field::ClockHourOfDay => i64::from(if t.hour() == 0 { 24 } else { t.hour() }),
                    Field::HourOfHalfday => i64::from(t.hour() % 12),
                    Field::ClockHourOfHalfday => i64::from(if t.hour() % 12 == 0 {
                        12
                    } else {
                        t.hour() % 12
                    }),
                    Field::Minute => i64::from(t.minute()),
                    Field::Second => i64::from(t.second()),
                };
                if n < 0 {
                    out.push('-');
                }
                let _ = write!(out, "{:0width$}", n.unsigned_abs(), width = *min);
            }
            Item::TwoDigitYear { .. } => {
                let _ = write!(out, "{:02}", i64::from(t.year()).rem_euclid(100));
            }
            Item::Fraction { print, .. } => {
                let nanos = format!("{:09}", t.nanosecond() % 1_000_000_000);
                let mut digits: String = nanos.chars().take(*print).collect();
                while digits.len() < *print {
                    digits.push('0');
                }
                out.push_str(&digits);
            }
            Item::MonthName { short } => {
                let name = MONTHS[t.month0() as usize];
                out.push_str(if *short { &name[..3] } else { name });
            }
            Item::DayName { short } => {
                let name = DAYS[t.weekday().num_days_from_monday() as usize];
                out.push_str(if *short { &name[..3] } else { name });
            }
            Item::Halfday => out.push_str(if t.hour() < 12 { "AM" } else { "PM" }),
            Item::Era => out.push_str(if t.year() > 0 { "AD" } else { "BC" }),
            Item::Offset { colon } => {
                let s = value.offset_seconds;
                let sign = if s < 0 { '-' } else { '+' };
                let (h, m) = (s.unsigned_abs() / 3600, s.unsigned_abs() % 3600 / 60);
                if *colon {
                    let _ = write!(out, "{sign}{h:02}:{m:02}");
                } else {
                    let _ = write!(out, "{sign}{h:02}{m:02}");
                }
            }
            Item::ZoneId => out.push_str(value.zone_name),
        }
    }
    out
}

/// What parsing found: the wall-clock time, and the zone when the input named one.
#[derive(Debug)]
pub struct Parsed {
    /// Wall-clock time.
    pub local: NaiveDateTime,
    /// The zone the input gave, if any.
    pub zone: Option<Tz>,
}

#[derive(Default)]
struct Fields {
    year: Option<i64>,
    two_digit_year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    hour: Option<i64>,
    hour_of_halfday: Option<i64>,
    pm: Option<bool>,
    minute: Option<i64>,
    second: Option<i64>,
    nanos: Option<i64>,
    zone: Option<Tz>,
}

/// Parses `input` by `items`; the error says where and why it failed.
pub fn parse(items: &[Item], input: &str) -> Result<Parsed, String> {
    let mut f = Fields::default();
    let mut pos = 0usize;
    let bytes = input.as_bytes();
    for item in items {
        let rest = &input[pos..];
        match item {
            Item::Literal(s) => {
                let n = s.len();
                if rest.len() < n || !rest.is_char_boundary(n) || !rest[..n].eq_ignore_ascii_case(s)
                {
                    return Err(malformed(input, pos));
                }
                pos += n;
            }
            Item::Number { field, max, .. } => {
                let signed = matches!(field, Field::Year | Field::Weekyear);
                let (value, used) =
                    number(rest, *max, signed).ok_or_else(|| malformed(input, pos))?;
                pos += used;
                match field {
                    Field::Year | Field::YearOfEra => f.year = Some(value),
                    Field::Month => f.month = Some(value),
                    Field::Day => f.day = Some(value),
                    Field::DayOfYear => f.day_of_year = Some(value),
                    Field::Hour => f.hour = Some(value),
                    Field::ClockHourOfDay => f.hour = Some(if value == 24 { 0 } else { value }),
                    Field::HourOfHalfday => f.hour_of_halfday = Some(value),
                    Field::ClockHourOfHalfday => f.hour_of_halfday = Some(value % 12),
                    Field::Minute => f.minute = Some(value),
                    Field::Second => f.second = Some(value),
                    // Week-based fields are accepted and, like the weekday, do not move the date.
                    Field::Weekyear | Field::Century | Field::WeekOfWeekyear | Field::DayOfWeek => {
                    }
                }
            }
            Item::TwoDigitYear { base } => {
                if rest.len() < 2 || !bytes[pos..pos + 2].iter().all(u8::is_ascii_digit) {
                    return Err(malformed(input, pos));
                }
                let (v, _) = number(&rest[..2], 2, false).ok_or_else(|| malformed(input, pos))?;
                f.two_digit_year = Some(base + (v - base).rem_euclid(100));
                pos += 2;
            }
            Item::Fraction { max, .. } => {
                let digits = rest
                    .bytes()
                    .take(*max)
                    .take_while(u8::is_ascii_digit)
                    .count();
                if digits == 0 {
                    return Err(malformed(input, pos));
                }
                let mut nanos: i64 = 0;
                for (i, b) in rest.bytes().take(digits).enumerate() {
                    if i < 9 {
                        nanos = nanos * 10 + i64::from(b - b'0');
                    }
                }
                for _ in digits..9 {
                    nanos *= 10;
                }
                f.nanos = Some(nanos);
                pos += digits;
            }
            Item::MonthName { .. } => {
                let (i, used) = name(rest, &MONTHS).ok_or_else(|| malformed(input, pos))?;
                f.month = Some(i as i64 + 1);
                pos += used;
            }
            Item::DayName { .. } => {
                let (_, used) = name(rest, &DAYS).ok_or_else(|| malformed(input, pos))?;
                pos += used;
            }
            Item::Halfday => {
                let (i, used) = name(rest, &["AM", "PM"]).ok_or_else(|| malformed(input, pos))?;
                f.pm = Some(i == 1);
                pos += used;
            }
            Item::Era => {
                let (i, used) = name(rest, &["AD", "BC"]).ok_or_else(|| malformed(input, pos))?;
                if i == 1 {
                    return Err(format!("\"{input}\": BC years are not supported"));
                }
                pos += used;
            }
            Item::Offset { .. } => {
                let (tz, used) = offset(rest).ok_or_else(|| malformed(input, pos))?;
                f.zone = Some(tz);
                pos += used;
            }
            Item::ZoneId => {
                let used = rest
                    .bytes()
                    .take_while(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'+' | b'-' | b':')
                    })
                    .count();
                let text = &rest[..used];
                let tz = Tz::from_str(if text.eq_ignore_ascii_case("z") {
                    "UTC"
                } else {
                    text
                })
                .map_err(|_| format!("\"{input}\": unknown time zone '{text}'"))?;
                f.zone = Some(tz);
                pos += used;
            }
        }
    }
    if pos < input.len() {
        return Err(format!("\"{input}\" is malformed at \"{}\"", &input[pos..]));
    }
    resolve(f, input)
}

fn malformed(input: &str, pos: usize) -> String {
    if pos >= input.len() {
        format!("\"{input}\" is too short")
    } else {
        format!("\"{input}\" is malformed at \"{}\"", &input[pos..])
    }
}

fn number(s: &str, max: usize, signed: bool) -> Option<(i64, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = signed && b.first() == Some(&b'-');
    if signed && matches!(b.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let start = i;
    let mut v: i64 = 0;
    while i < b.len() && i - start < max && b[i].is_ascii_digit() {
        v = v.checked_mul(10)?.checked_add(i64::from(b[i] - b'0'))?;
        i += 1;
    }
    if i == start {
        return None;
    }
    Some((if negative { -v } else { v }, i))
}

/// The longest of `names` (or their first three letters) that `s` starts with.
fn name(s: &str, names: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, n) in names.iter().enumerate() {
        for candidate in [*n, &n[..n.len().min(3)]] {
            let len = candidate.len();
            if s.len() >= len
                && s.is_char_boundary(len)
                && s[..len].eq_ignore_ascii_case(candidate)
                && best.is_none_or(|(_, l)| len > l)
            {
                best = Some((i, len));
            }
        }
    }
    best
}

/// `Z`, `+HH`, `+HHMM` or `+HH:MM`.
fn offset(s: &str) -> Option<(Tz, usize)> {
    let b = s.as_bytes();
    if matches!(b.first(), Some(b'Z' | b'z')) {
        return Some((Tz::from_str("+00:00").ok()?, 1));
    }
    let sign = match b.first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return None,
    };
    let two = |i: usize| -> Option<i32> {
        if b.len() >= i + 2 && b[i].is_ascii_digit() && b[i + 1].is_ascii_digit() {
            Some(i32::from(b[i] - b'0') * 10 + i32::from(b[i + 1] - b'0'))
        } else {
            None
        }
    };
    let hours = two(1)?;
    let (minutes, used) = match (b.get(3), two(3), two(4)) {
        (Some(b':'), _, Some(m)) => (m, 6),
        (_, Some(m), _) => (m, 5),
        _ => (0, 3),
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    let text = format!(
        "{}{hours:02}:{minutes:02}",
        if sign < 0 { '-' } else { '+' }
    );
    Some((Tz::from_str(&text).ok()?, used))
}

fn resolve(f: Fields, input: &str) -> Result<Parsed, String> {
    let year = match (f.year, f.two_digit_year) {
        (Some(y), _) => y,
        (None, Some(y)) => y,
        (None, None) => 1970,
    };
    let out_of_range = |what: &str, v: i64, range: &str| {
        format!("\"{input}\": value {v} for {what} must be in the range [{range}]")
    };
    let year = i32::try_from(year).map_err(|_| out_of_range("year", year, "-262143,262142"))?;
    let date = if let Some(doy) = f.day_of_year {
        let doy32 = u32::try_from(doy).map_err(|_| out_of_range("dayOfYear", doy, "1,366"))?;
        NaiveDate::from_yo_opt(year, doy32)
            .ok_or_else(|| out_of_range("dayOfYear", doy, "1,366"))?
    } else {
        let month = f.month.unwrap_or(1);
        let day = f.day.unwrap_or(1);
        let m32 = u32::try_from(month).ok().filter(|m| (1..=12).contains(m));
        let m32 = m32.ok_or_else(|| out_of_range("monthOfYear", month, "1,12"))?;
        let d32 = u32::try_from(day).map_err(|_| out_of_range("dayOfMonth", day, "1,31"))?;
        NaiveDate::from_ymd_opt(year, m32, d32).ok_or_else(|| {
            let last = (28..=31)
                .rev()
                .find(|d| NaiveDate::from_ymd_opt(year, m32, *d).is_some())
                .unwrap_or(28);
            out_of_range("dayOfMonth", day, &format!("1,{last}"))
        })?
    };
    let hour = match (f.hour, f.hour_of_halfday) {
        (Some(h), _) => h,
        (None, Some(h)) => h + if f.pm == Some(true) { 12 } else { 0 },
        (None, None) => {
            if f.pm == Some(true) {
                12
            } else {
                0
            }
        }
    };
    let check = |what: &str, v: i64, hi: i64| -> Result<u32, String> {
        u32::try_from(v)
            .ok()
            .filter(|x| i64::from(*x) <= hi)
            .ok_or_else(|| out_of_range(what, v, &format!("0,{hi}")))
    };
    let time = NaiveTime::from_hms_nano_opt(
        check("hourOfDay", hour, 23)?,
        check("minuteOfHour", f.minute.unwrap_or(0), 59)?,
        check("secondOfMinute", f.second.unwrap_or(0), 59)?,
        check("nanoOfSecond", f.nanos.unwrap_or(0), 999_999_999)?,
    )
    .ok_or_else(|| format!("\"{input}\": invalid time of day"))?;
    Ok(Parsed {
        local: date.and_time(time),
        zone: f.zone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(field: Field, min: usize, max: usize) -> Item {
        Item::Number { field, min, max }
    }
    fn lit(s: &str) -> Item {
        Item::Literal(s.into())
    }

    #[test]
    fn parses_variable_width_numbers_and_names() {
        let items = [
            n(Field::Day, 2, 2),
            lit("/"),
            Item::MonthName { short: true },
            lit("/"),
            n(Field::Year, 4, 4),
        ];
        let p = parse(&items, "5/JUL/2023").map(|p| p.local.to_string());
        assert_eq!(p.as_deref(), Ok("2023-07-05 00:00:00"));
        let p = parse(&items, "05/July/2023").map(|p| p.local.to_string());
        assert_eq!(p.as_deref(), Ok("2023-07-05 00:00:00"));
    }

    #[test]
    fn rejects_trailing_text_short_input_and_impossible_dates() {
        let items = [
            n(Field::Year, 4, 4),
            lit("-"),
            n(Field::Month, 2, 2),
            lit("-"),
            n(Field::Day, 2, 2),
        ];
        assert!(
            parse(&items, "2023-07-10x")
                .unwrap_err()
                .contains("malformed at \"x\"")
        );
        assert!(parse(&items, "2023-07").unwrap_err().contains("too short"));
        assert!(
            parse(&items, "2023-02-30")
                .unwrap_err()
                .contains("dayOfMonth must be in the range [1,28]")
        );
        assert!(
            parse(&items, "2023-13-01")
                .unwrap_err()
                .contains("monthOfYear")
        );
        assert!(parse(&items, "").is_err());
    }

    #[test]
    fn halfday_fraction_offset_and_two_digit_year() {
        let items = [
            Item::TwoDigitYear { base: 1970 },
            lit(" "),
            n(Field::ClockHourOfHalfday, 2, 2),
            lit(" "),
            Item::Halfday,
            lit("."),
            Item::Fraction { print: 6, max: 9 },
            Item::Offset { colon: true },
        ];
        let p = parse(&items, "69 12 am.5-08:00").unwrap();
        assert_eq!(p.local.to_string(), "2069-01-01 00:00:00.500");
        assert!(p.zone.is_some());
        let p = parse(&items, "70 01 PM.123456789Z").unwrap();
        assert_eq!(p.local.to_string(), "1970-01-01 13:00:00.123456789");
    }

    #[test]
    fn formats_every_item() {
        let local =
            NaiveDateTime::parse_from_str("2001-08-22 15:04:05.321", "%Y-%m-%d %H:%M:%S%.f")
                .unwrap();
        let v = Printable {
            local,
            offset_seconds: -28800,
            zone_name: "America/Los_Angeles",
        };
        let items = [
            Item::DayName { short: true },
            lit(" "),
            Item::MonthName { short: false },
            lit(" "),
            n(Field::Day, 1, 2),
            lit(" "),
            n(Field::ClockHourOfHalfday, 2, 2),
            Item::Halfday,
            lit(" "),
            Item::Fraction { print: 6, max: 9 },
            lit(" "),
            Item::Offset { colon: false },
            lit(" "),
            Item::ZoneId,
            lit(" "),
            n(Field::DayOfYear, 3, 3),
            lit(" "),
            Item::TwoDigitYear { base: 1970 },
        ];
        assert_eq!(
            format(&items, &v),
            "Wed August 22 03PM 321000 -0800 America/Los_Angeles 234 01"
        );
    }
}
