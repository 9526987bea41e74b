//! ISO 8601 text as Trino's `from_iso8601_timestamp` and `from_iso8601_date`
//! accept it (Joda's `dateTimeParser` and `dateElementParser`): a date as
//! `yyyy`, `yyyy-MM`, `yyyy-MM-dd`, `yyyy-DDD` or `xxxx-'W'ww[-e]`, then
//! optionally `T` and a time `HH[:mm[:ss[.fff]]]` and an offset `Z`, `±HH`,
//! `±HHmm` or `±HH:mm`.

use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use datafusion::arrow::array::timezone::Tz;

struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.pos;
        let mut v: u32 = 0;
        while self.pos < self.s.len() && self.pos - start < max && self.s[self.pos].is_ascii_digit()
        {
            v = v * 10 + u32::from(self.s[self.pos] - b'0');
            self.pos += 1;
        }
        if self.pos - start < min {
            self.pos = start;
            return None;
        }
        Some(v)
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.s.get(self.pos) == Some(&c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn done(&self) -> bool {
        self.pos == self.s.len()
    }
}

fn date(c: &mut Cursor<'_>) -> Option<NaiveDate> {
    let negative = c.eat(b'-');
    let year = i32::try_from(c.digits(4, 9)?).ok()?;
    let year = if negative { -year } else { year };
    if !c.eat(b'-') {
        return NaiveDate::from_ymd_opt(year, 1, 1);
    }
    if c.eat(b'W') {
        let week = c.digits(2, 2)?;
        let day = if c.eat(b'-') { c.digits(1, 1)? } else { 1 };
        let weekday = match day {
            1 => Weekday::Mon,
            2 => Weekday::Tue,
            3 => Weekday::Wed,
            4 => Weekday::Thu,
            5 => Weekday::Fri,
            6 => Weekday::Sat,
            7 => Weekday::Sun,
            _ => return None,
        };
        return NaiveDate::from_isoywd_opt(year, week, weekday);
    }
    let start = c.pos;
    let n = c.digits(2, 3)?;
    if c.pos - start == 3 {
        return NaiveDate::from_yo_opt(year, n);
    }
    let day = if c.eat(b'-') { c.digits(2, 2)? } else { 1 };
    NaiveDate::from_ymd_opt(year, n, day)
}

fn time(c: &mut Cursor<'_>) -> Option<NaiveTime> {
    let hour = c.digits(2, 2)?;
    let (mut minute, mut second, mut nanos) = (0, 0, 0);
    if c.eat(b':') {
        minute = c.digits(2, 2)?;
        if c.eat(b':') {
            second = c.digits(2, 2)?;
            if c.eat(b'.') || c.eat(b',') {
                let start = c.pos;
                let v = c.digits(1, 9)?;
                nanos = v * 10u32.pow(u32::try_from(9 - (c.pos - start)).ok()?);
                // Digits beyond nanoseconds are accepted and dropped.
                while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                    c.pos += 1;
                }
            }
        }
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
}

fn offset(c: &mut Cursor<'_>) -> Option<Tz> {
    if c.eat(b'Z') {
        return Tz::from_str("+00:00").ok();
    }
    let sign = match c.peek() {
        Some(b'+') => '+',
        Some(b'-') => '-',
        _ => return None,
    };
    c.pos += 1;
    let hours = c.digits(2, 2)?;
    let minutes = if c.eat(b':') {
        c.digits(2, 2)?
    } else {
        c.digits(2, 2).unwrap_or(0)
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Tz::from_str(&format!("{sign}{hours:02}:{minutes:02}")).ok()
}

/// Parses an ISO 8601 timestamp: the wall-clock time and the zone it names
/// (`None` when the text has no offset, meaning the session zone, UTC).
pub fn parse_timestamp(text: &str) -> Option<(NaiveDateTime, Option<Tz>)> {
    let mut c = Cursor {
        s: text.as_bytes(),
        pos: 0,
    };
    let d = date(&mut c)?;
    let mut t = NaiveTime::MIN;
    let mut zone = None;
    if c.eat(b'T') {
        t = time(&mut c)?;
        if !c.done() {
            zone = Some(offset(&mut c)?);
        }
    }
    if !c.done() {
        return None;
    }
    Some((d.and_time(t), zone))
}

/// Parses an ISO 8601 date (no time part).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut c = Cursor {
        s: text.as_bytes(),
        pos: 0,
    };
    let d = date(&mut c)?;
    c.done().then_some(d)
}

/// Moves `local` to UTC by a zone that is a fixed offset.
pub fn fixed_to_utc(local: NaiveDateTime, zone: Option<&Tz>) -> NaiveDateTime {
    use chrono::{Offset, TimeZone};
    match zone {
        Some(tz) => match tz.offset_from_local_datetime(&local).single() {
            Some(o) => local - Duration::seconds(i64::from(o.fix().local_minus_utc())),
            None => local,
        },
        None => local,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Option<String> {
        parse_timestamp(text).map(|(t, z)| fixed_to_utc(t, z.as_ref()).to_string())
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            ts("2023-07-10T11:42:07Z").as_deref(),
            Some("2023-07-10 11:42:07")
        );
        assert_eq!(
            ts("2020-05-11T11:15:05.055+01:00").as_deref(),
            Some("2020-05-11 10:15:05.055")
        );
        assert_eq!(
            ts("2020-05-11T11:15:05-0130").as_deref(),
            Some("2020-05-11 12:45:05")
        );
        assert_eq!(ts("2020-05-11").as_deref(), Some("2020-05-11 00:00:00"));
        assert_eq!(ts("2020-05-11T11").as_deref(), Some("2020-05-11 11:00:00"));
        assert_eq!(ts("2020-05").as_deref(), Some("2020-05-01 00:00:00"));
        assert_eq!(
            ts("2020-05-11T11:15:05.123456789123Z").as_deref(),
            Some("2020-05-11 11:15:05.123456789")
        );
    }

    #[test]
    fn malformed_timestamps() {
        for bad in [
            "",
            "2020-05-11 11:15:05",
            "2020-13-01",
            "2020-02-30T00:00:00Z",
            "2020-05-11T25:00:00Z",
            "2020-05-11T11:15:05Zjunk",
            "11:15:05",
            "20-05-11",
        ] {
            assert_eq!(ts(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates() {
        let d = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2020-05-11").as_deref(), Some("2020-05-11"));
        assert_eq!(d("2020-W10").as_deref(), Some("2020-03-02"));
        assert_eq!(d("2020-W10-3").as_deref(), Some("2020-03-04"));
        assert_eq!(d("2020-123").as_deref(), Some("2020-05-02"));
        assert_eq!(d("2020").as_deref(), Some("2020-01-01"));
        assert_eq!(d("2020-05-11T00:00"), None);
        assert_eq!(d("2020-366-1"), None);
        assert_eq!(d("2021-366"), None);
    }
}
