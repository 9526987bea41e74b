//! Joda-Time patterns (`yyyy-MM-dd HH:mm:ss`), as Trino's `parse_datetime`
//! and `format_datetime` read them.

use chrono::Datelike;

use super::pattern::{Field, Item};

/// Compiles a Joda pattern: letters repeat to set width (`MMM` is a short
/// month name, `MMMM` the full one), text in single quotes is literal (`''`
/// is a quote), other characters are literal, an unknown letter is an error.
pub fn compile(pattern: &str) -> Result<Vec<Item>, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut items = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                literal.push('\'');
                i += 2;
                continue;
            }
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("unterminated quote in pattern '{pattern}'")),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        literal.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(ch) => {
                        literal.push(*ch);
                        i += 1;
                    }
                }
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            literal.push(c);
            i += 1;
            continue;
        }
        let mut len = 1;
        while chars.get(i + len) == Some(&c) {
            len += 1;
        }
        // A number directly followed by another number parses exactly its width.
        let next_numeric = chars.get(i + len).is_some_and(|n| {
            "yYxCMdhHkKmsSeDw".contains(*n) && !(*n == 'M' && run(&chars, i + len) >= 3)
        });
        let number = |field: Field, default_max: usize| Item::Number {
            field,
            min: len,
            max: if next_numeric {
                len
            } else {
                default_max.max(len)
            },
        };
        let item = match c {
            'G' => Item::Era,
            'C' => number(Field::Century, 3),
            'y' | 'Y' | 'x' if len == 2 => {
                if c == 'x' {
                    return Err(format!(
                        "two-digit week year 'xx' is not supported in pattern '{pattern}'"
                    ));
                }
                // Joda pivots two-digit years 30 years before the current year.
                let pivot = i64::from(chrono::Utc::now().year()) - 30;
                Item::TwoDigitYear { base: pivot - 49 }
            }
            'y' => number(Field::Year, 9),
            'Y' => number(Field::YearOfEra, 9),
            'x' => number(Field::Weekyear, 9),
            'M' if len >= 3 => Item::MonthName { short: len == 3 },
            'M' => number(Field::Month, 2),
            'd' => number(Field::Day, 2),
            'a' => Item::Halfday,
            'h' => number(Field::ClockHourOfHalfday, 2),
            'H' => number(Field::Hour, 2),
            'k' => number(Field::ClockHourOfDay, 2),
            'K' => number(Field::HourOfHalfday, 2),
            'm' => number(Field::Minute, 2),
            's' => number(Field::Second, 2),
            'S' => Item::Fraction {
                print: len,
                max: len,
            },
            'e' => number(Field::DayOfWeek, 1),
            'E' => Item::DayName { short: len < 4 },
            'D' => number(Field::DayOfYear, 3),
            'w' => number(Field::WeekOfWeekyear, 2),
            'z' => Item::ZoneId,
            'Z' if len == 1 => Item::Offset { colon: false },
            'Z' if len == 2 => Item::Offset { colon: true },
            'Z' => Item::ZoneId,
            other => {
                return Err(format!(
                    "illegal pattern component '{other}' in pattern '{pattern}'"
                ));
            }
        };
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        items.push(item);
        i += len;
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    Ok(items)
}

fn run(chars: &[char], at: usize) -> usize {
    chars[at..].iter().take_while(|c| **c == chars[at]).count()
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::super::pattern::{Printable, format};
    use super::*;

    #[test]
    fn parses_common_patterns() {
        let items = compile("yyyy-MM-dd HH:mm:ss.SSS").unwrap();
        let p = parse(&items, "2020-05-11 11:15:05.055").unwrap();
        assert_eq!(p.local.to_string(), "2020-05-11 11:15:05.055");
        let items = compile("dd/MMM/yyyy:HH:mm:ss Z").unwrap();
        let p = parse(&items, "10/Oct/2000:13:55:36 -0700").unwrap();
        assert_eq!(p.local.to_string(), "2000-10-10 13:55:36");
        assert!(p.zone.is_some());
    }

    #[test]
    fn adjacent_numbers_take_their_width() {
        let items = compile("yyyyMMddHHmmss").unwrap();
        let p = parse(&items, "20230710114207").unwrap();
        assert_eq!(p.local.to_string(), "2023-07-10 11:42:07");
    }

    #[test]
    fn quotes_and_errors() {
        let items = compile("yyyy-MM-dd'T'HH 'o''clock'").unwrap();
        assert!(items.contains(&Item::Literal("T".into())));
        assert!(items.contains(&Item::Literal(" o'clock".into())));
        assert!(
            compile("yyyy 'open")
                .unwrap_err()
                .contains("unterminated quote")
        );
        assert!(
            compile("yyyy-qq")
                .unwrap_err()
                .contains("illegal pattern component 'q'")
        );
    }

    #[test]
    fn formats_text_and_offsets() {
        let items = compile("EEEE, MMMM d, yyyy h:mm a ZZ").unwrap();
        let local = chrono::NaiveDate::from_ymd_opt(2001, 8, 22)
            .and_then(|d| d.and_hms_opt(3, 4, 5))
            .unwrap();
        let v = Printable {
            local,
            offset_seconds: 19800,
            zone_name: "Asia/Kolkata",
        };
        assert_eq!(
            format(&items, &v),
            "Wednesday, August 22, 2001 3:04 AM +05:30"
        );
    }
}
