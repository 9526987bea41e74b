//! Parsing text by a compiled pattern, as Joda does for Trino: numbers take
//! one digit up to the field's width, names match case-insensitively (short
//! or full), the whole input must be consumed, fields left out default to
//! 1970-01-01 00:00:00, and an impossible date (February 30) is an error.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use datafusion::arrow::array::timezone::Tz;

use super::pattern::{DAYS, Field, Item, MONTHS};

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
}
