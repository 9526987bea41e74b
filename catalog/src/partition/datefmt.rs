//! The subset of Java's `DateTimeFormatter` patterns that Athena's date
//! projection uses (`yyyy/MM/dd`, `yyyy-MM-dd-HH`, `yyyyMMdd'T'HHmm`, ...):
//! enough to print every projected value and to read a range's bounds.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

/// The finest calendar unit a pattern prints, which is also the default
/// step of a date projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Weeks (only as a step; no pattern letter).
    Weeks,
    /// Months.
    Months,
    /// Years.
    Years,
}

impl Unit {
    /// Athena's unit words, singular or plural, any case.
    pub fn parse(word: &str) -> Option<Self> {
        let w = word.trim().to_ascii_uppercase();
        let w = w.strip_suffix('S').unwrap_or(&w);
        Some(match w {
            "SECOND" => Self::Seconds,
            "MINUTE" => Self::Minutes,
            "HOUR" => Self::Hours,
            "DAY" => Self::Days,
            "WEEK" => Self::Weeks,
            "MONTH" => Self::Months,
            "YEAR" => Self::Years,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Year(usize),
    Month(usize),
    Day(usize),
    Hour(usize),
    Minute(usize),
    Second(usize),
    Literal(String),
}

/// A compiled date pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePattern {
    pieces: Vec<Piece>,
    text: String,
}

impl DatePattern {
    /// Compiles `pattern`; letters other than `y M d H m s` are refused
    /// with the letter named, rather than printed wrongly.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pieces = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\'' {
                // 'literal', with '' as a quote.
                let mut lit = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(format!("unterminated quote in date format '{pattern}'"));
                        }
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            lit.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            lit.push(*ch);
                            i += 1;
                        }
                    }
                }
                if lit.is_empty() {
                    lit.push('\'');
                }
                pieces.push(Piece::Literal(lit));
                continue;
            }
            if c.is_ascii_alphabetic() {
                let mut n = 1;
                while chars.get(i + n) == Some(&c) {
                    n += 1;
                }
                pieces.push(match c {
                    'y' | 'u' => Piece::Year(n),
                    'M' => Piece::Month(n),
                    'd' => Piece::Day(n),
                    'H' => Piece::Hour(n),
                    'm' => Piece::Minute(n),
                    's' => Piece::Second(n),
                    other => {
                        return Err(format!(
                            "date format '{pattern}': pattern letter '{other}' is not supported \
                             in partition projection (use y, M, d, H, m, s and quoted text)"
                        ));
                    }
                });
                i += n;
                continue;
            }
            match pieces.last_mut() {
                Some(Piece::Literal(s)) => s.push(c),
                _ => pieces.push(Piece::Literal(c.to_string())),
            }
            i += 1;
        }
        Ok(Self {
            pieces,
            text: pattern.to_string(),
        })
    }

    /// The finest unit the pattern prints.
    pub fn finest_unit(&self) -> Unit {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Second(_) => Some(Unit::Seconds),
                Piece::Minute(_) => Some(Unit::Minutes),
                Piece::Hour(_) => Some(Unit::Hours),
                Piece::Day(_) => Some(Unit::Days),
                Piece::Month(_) => Some(Unit::Months),
                Piece::Year(_) => Some(Unit::Years),
                Piece::Literal(_) => None,
            })
            .min()
            .unwrap_or(Unit::Days)
    }

    /// `t` as the pattern prints it.
    pub fn format(&self, t: &NaiveDateTime) -> String {
        use chrono::Datelike;
        let mut out = String::with_capacity(self.text.len() + 4);
        for p in &self.pieces {
            match p {
                // Java prints `yy` as the last two digits; longer runs pad.
                Piece::Year(2) => out.push_str(&format!("{:02}", t.year().rem_euclid(100))),
                Piece::Year(n) => out.push_str(&format!("{:0width$}", t.year(), width = *n)),
                Piece::Month(n) => out.push_str(&format!("{:0width$}", t.month(), width = *n)),
                Piece::Day(n) => out.push_str(&format!("{:0width$}", t.day(), width = *n)),
                Piece::Hour(n) => out.push_str(&format!("{:0width$}", t.hour(), width = *n)),
                Piece::Minute(n) => out.push_str(&format!("{:0width$}", t.minute(), width = *n)),
                Piece::Second(n) => out.push_str(&format!("{:0width$}", t.second(), width = *n)),
                Piece::Literal(s) => out.push_str(s),
            }
        }
        out
    }

    /// Reads `text` written in the pattern; fields it lacks are the start
    /// of their range (month 1, day 1, 00:00:00).
    pub fn parse_value(&self, text: &str) -> Option<NaiveDateTime> {
        let bytes = text.as_bytes();
        let mut pos = 0;
        let (mut year, mut month, mut day, mut hour, mut minute, mut second) =
            (1970i32, 1u32, 1u32, 0u32, 0u32, 0u32);
        for p in &self.pieces {
            if let Piece::Literal(s) = p {
                if !text[pos..].starts_with(s.as_str()) {
                    return None;
                }
                pos += s.len();
                continue;
            }
            // A run of n >= 2 letters reads exactly n digits (so `yyyyMMdd`
            // splits); a single letter reads one or two.
            let width = match p {
                Piece::Year(n)
                | Piece::Month(n)
                | Piece::Day(n)
                | Piece::Hour(n)
                | Piece::Minute(n)
                | Piece::Second(n) => *n,
                Piece::Literal(_) => 0,
            };
            let most = if width >= 2 { width } else { 2 };
            let mut end = pos;
            while end < bytes.len() && end - pos < most && bytes[end].is_ascii_digit() {
                end += 1;
            }
            if end == pos || (width >= 2 && end - pos != width) {
                return None;
            }
            let value: i64 = text[pos..end].parse().ok()?;
            pos = end;
            match p {
                Piece::Year(2) => year = 2000 + value as i32,
                Piece::Year(_) => year = i32::try_from(value).ok()?,
                Piece::Month(_) => month = u32::try_from(value).ok()?,
                Piece::Day(_) => day = u32::try_from(value).ok()?,
                Piece::Hour(_) => hour = u32::try_from(value).ok()?,
                Piece::Minute(_) => minute = u32::try_from(value).ok()?,
                Piece::Second(_) => second = u32::try_from(value).ok()?,
                Piece::Literal(_) => {}
            }
        }
        if pos != bytes.len() {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(hour, minute, second)
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// `t` cut down to the start of its `unit` (weeks count from Monday).
pub fn truncate(t: NaiveDateTime, unit: Unit) -> NaiveDateTime {
    use chrono::Datelike;
    let date = t.date();
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or(t);
    match unit {
        Unit::Seconds => t.with_nanosecond(0).unwrap_or(t),
        Unit::Minutes => t
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(t),
        Unit::Hours => date.and_hms_opt(t.hour(), 0, 0).unwrap_or(t),
        Unit::Days => midnight(date),
        Unit::Weeks => midnight(
            date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday())),
        ),
        Unit::Months => NaiveDate::from_ymd_opt(date.year(), date.month(), 1).map_or(t, midnight),
        Unit::Years => NaiveDate::from_ymd_opt(date.year(), 1, 1).map_or(t, midnight),
    }
}

/// `t` moved by `n` of `unit`; `None` past the calendar's end.
pub fn add(t: NaiveDateTime, n: i64, unit: Unit) -> Option<NaiveDateTime> {
    use chrono::{Duration, Months};
    let months = |m: i64| -> Option<NaiveDateTime> {
        let shift = Months::new(u32::try_from(m.unsigned_abs()).ok()?);
        if m >= 0 {
            t.checked_add_months(shift)
        } else {
            t.checked_sub_months(shift)
        }
    };
    match unit {
        Unit::Seconds => t.checked_add_signed(Duration::try_seconds(n)?),
        Unit::Minutes => t.checked_add_signed(Duration::try_minutes(n)?),
        Unit::Hours => t.checked_add_signed(Duration::try_hours(n)?),
        Unit::Days => t.checked_add_signed(Duration::try_days(n)?),
        Unit::Weeks => t.checked_add_signed(Duration::try_weeks(n)?),
        Unit::Months => months(n),
        Unit::Years => months(n.checked_mul(12)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn formats_and_reads_aws_layouts() {
        let p = DatePattern::parse("yyyy/MM/dd").unwrap();
        assert_eq!(p.format(&at(2023, 7, 1, 0)), "2023/07/01");
        assert_eq!(p.parse_value("2023/07/01"), Some(at(2023, 7, 1, 0)));
        assert_eq!(p.finest_unit(), Unit::Days);
        let p = DatePattern::parse("yyyy-MM-dd-HH").unwrap();
        assert_eq!(p.format(&at(2024, 2, 29, 5)), "2024-02-29-05");
        assert_eq!(p.parse_value("2024-02-29-05"), Some(at(2024, 2, 29, 5)));
        assert_eq!(p.finest_unit(), Unit::Hours);
        let p = DatePattern::parse("yyyyMMdd").unwrap();
        assert_eq!(p.parse_value("20230710"), Some(at(2023, 7, 10, 0)));
        assert_eq!(p.format(&at(2023, 7, 10, 0)), "20230710");
        let p = DatePattern::parse("yyyy/MM/dd'T'HH").unwrap();
        assert_eq!(p.format(&at(2023, 1, 2, 3)), "2023/01/02T03");
        assert_eq!(p.parse_value("2023/01/02T03"), Some(at(2023, 1, 2, 3)));
    }

    #[test]
    fn rejects_what_it_cannot_print_and_malformed_values() {
        let err = DatePattern::parse("yyyy-ww").unwrap_err();
        assert!(err.contains("'w'"), "{err}");
        let p = DatePattern::parse("yyyy/MM/dd").unwrap();
        assert_eq!(p.parse_value("2023/13/01"), None);
        assert_eq!(p.parse_value("2023-07-01"), None);
        assert_eq!(p.parse_value("2023/07/01/extra"), None);
        assert_eq!(p.parse_value(""), None);
    }

    #[test]
    fn steps_and_truncation() {
        assert_eq!(
            add(at(2024, 1, 31, 0), 1, Unit::Months),
            Some(at(2024, 2, 29, 0))
        );
        assert_eq!(
            add(at(2024, 2, 29, 0), -1, Unit::Years),
            Some(at(2023, 2, 28, 0))
        );
        assert_eq!(
            add(at(2023, 12, 31, 23), 1, Unit::Hours),
            Some(at(2024, 1, 1, 0))
        );
        assert_eq!(
            truncate(at(2023, 7, 12, 5), Unit::Weeks),
            at(2023, 7, 10, 0)
        );
        assert_eq!(
            truncate(at(2023, 7, 12, 5), Unit::Months),
            at(2023, 7, 1, 0)
        );
        assert_eq!(Unit::parse("days"), Some(Unit::Days));
        assert_eq!(Unit::parse("YEAR"), Some(Unit::Years));
        assert_eq!(Unit::parse("fortnight"), None);
    }
}
