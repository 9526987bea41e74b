//! A compiled date-time pattern: the items both MySQL-style (`date_parse`,
//! `date_format`) and Joda (`parse_datetime`, `format_datetime`) patterns
//! compile to, and the parser and printer over them.
//!
//! Parsing (in `parse.rs`) follows Joda, which Trino uses for both kinds: numbers take one
//! digit up to the field's width, names match case-insensitively (short or
//! full), the whole input must be consumed, fields left out default to
//! 1970-01-01 00:00:00, and an impossible date (February 30) is an error.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

use chrono::{Datelike, NaiveDateTime, Timelike};
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

pub(super) const MONTHS: [&str; 12] = [
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
pub(super) const DAYS: [&str; 7] = [
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
                    Field::ClockHourOfHalfday => i64::from(if t.hour().is_multiple_of(12) {
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
