//! MySQL-style format strings (`%Y-%m-%d`), as Trino's `date_parse` and
//! `date_format` read them.

use super::pattern::{Field, Item};

fn num(field: Field, min: usize, max: usize) -> Item {
    Item::Number { field, min, max }
}

/// Compiles a MySQL-style format. `%D %U %u %V %w %X` are errors, as in
/// Trino; `%x` for any other `x` is the character itself.
pub fn compile(format: &str) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    let mut literal = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        let Some(spec) = chars.next() else {
            literal.push('%');
            break;
        };
        let item = match spec {
            'a' => vec![Item::DayName { short: true }],
            'b' => vec![Item::MonthName { short: true }],
            'c' => vec![num(Field::Month, 1, 2)],
            'd' => vec![num(Field::Day, 2, 2)],
            'e' => vec![num(Field::Day, 1, 2)],
            'f' => vec![Item::Fraction { print: 6, max: 9 }],
            'H' => vec![num(Field::Hour, 2, 2)],
            'h' | 'I' => vec![num(Field::ClockHourOfHalfday, 2, 2)],
            'i' => vec![num(Field::Minute, 2, 2)],
            'j' => vec![num(Field::DayOfYear, 3, 3)],
            'k' => vec![num(Field::Hour, 1, 2)],
            'l' => vec![num(Field::ClockHourOfHalfday, 1, 2)],
            'M' => vec![Item::MonthName { short: false }],
            'm' => vec![num(Field::Month, 2, 2)],
            'p' => vec![Item::Halfday],
            'r' => vec![
                num(Field::ClockHourOfHalfday, 2, 2),
                Item::Literal(":".into()),
                num(Field::Minute, 2, 2),
                Item::Literal(":".into()),
                num(Field::Second, 2, 2),
                Item::Literal(" ".into()),
                Item::Halfday,
            ],
            'S' | 's' => vec![num(Field::Second, 2, 2)],
            'T' => vec![
                num(Field::Hour, 2, 2),
                Item::Literal(":".into()),
                num(Field::Minute, 2, 2),
                Item::Literal(":".into()),
                num(Field::Second, 2, 2),
            ],
            'v' => vec![num(Field::WeekOfWeekyear, 2, 2)],
            'x' => vec![num(Field::Weekyear, 4, 4)],
            'W' => vec![Item::DayName { short: false }],
            'Y' => vec![num(Field::Year, 4, 4)],
            'y' => vec![Item::TwoDigitYear { base: 1970 }],
            'D' | 'U' | 'u' | 'V' | 'w' | 'X' => {
                return Err(format!("%{spec} not supported in date format string"));
            }
            other => {
                literal.push(other);
                continue;
            }
        };
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        items.extend(item);
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    #[test]
    fn cloudtrail_pattern() {
        let items = compile("%Y-%m-%dT%H:%i:%sZ").unwrap();
        let p = parse(&items, "2023-07-10T11:42:07Z").unwrap();
        assert_eq!(p.local.to_string(), "2023-07-10 11:42:07");
        assert!(p.zone.is_none(), "a literal Z is text, not a zone");
    }

    #[test]
    fn percent_and_unknown_specifiers_are_literal() {
        assert_eq!(
            compile("100%% %q%").unwrap(),
            vec![Item::Literal("100% q%".into())]
        );
    }

    #[test]
    fn unsupported_specifiers_are_errors() {
        for spec in ["%D", "%U", "%u", "%V", "%w", "%X"] {
            let err = compile(spec).unwrap_err();
            assert!(err.contains("not supported"), "{spec}: {err}");
        }
    }

    #[test]
    fn empty_format_compiles_to_nothing() {
        assert!(compile("").unwrap().is_empty());
    }
}
