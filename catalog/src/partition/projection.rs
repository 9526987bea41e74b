//! Athena's partition projection: partition values computed from table
//! properties instead of listed or registered.
//!
//! The properties are Athena's (`projection.enabled`,
//! `projection.<column>.type` = `integer` | `date` | `enum` | `injected`,
//! with `range`, `interval`, `digits`, `format`, `interval.unit`,
//! `values`), so a table pasted from AWS's documentation projects the same
//! partitions here as there.

use chrono::NaiveDateTime;

use super::datefmt::{DatePattern, Unit, add, truncate};
use crate::model::TableDef;

/// How one partition column's values are projected.
#[derive(Debug, Clone, PartialEq)]
pub enum Projected {
    /// `integer`: `range` = `first,last`, every `interval`, zero-padded to
    /// `digits`.
    Integer {
        /// First value.
        first: i64,
        /// Last value (inclusive).
        last: i64,
        /// Step.
        interval: i64,
        /// Minimum width, zero-padded.
        digits: usize,
    },
    /// `date`: `range` = `start,end` in `format` or `NOW[+-]n UNIT`, every
    /// `interval` `interval.unit`.
    Date {
        /// How values are written.
        pattern: DatePattern,
        /// First instant.
        first: NaiveDateTime,
        /// Last instant (inclusive).
        last: NaiveDateTime,
        /// Step count.
        interval: i64,
        /// Step unit.
        unit: Unit,
    },
    /// `enum`: the listed `values`.
    Enum(Vec<String>),
    /// `injected`: only the values the query's WHERE clause names.
    Injected,
}

/// The most values one column may project; past it the table's definition
/// is taken for a mistake (Athena's own limit is a million partitions).
pub const MAX_VALUES: usize = 1_000_000;

impl Projected {
    /// Every value, in order, as it appears in object keys. `Injected` has
    /// none of its own.
    pub fn values(&self) -> Result<Vec<String>, String> {
        match self {
            Self::Integer {
                first,
                last,
                interval,
                digits,
            } => {
                let count = (last - first) / interval + 1;
                if count as u128 > MAX_VALUES as u128 {
                    return Err(format!(
                        "the integer range projects {count} values, more than {MAX_VALUES}"
                    ));
                }
                let mut out = Vec::with_capacity(count.max(0) as usize);
                let mut v = *first;
                while v <= *last {
                    out.push(if v < 0 {
                        format!("-{:0width$}", v.unsigned_abs(), width = *digits)
                    } else {
                        format!("{v:0width$}", width = *digits)
                    });
                    v = match v.checked_add(*interval) {
                        Some(v) => v,
                        None => break,
                    };
                }
                Ok(out)
            }
            Self::Date {
                pattern,
                first,
                last,
                interval,
                unit,
            } => {
                let mut out = Vec::new();
                let mut t = *first;
                while t <= *last {
                    if out.len() >= MAX_VALUES {
                        return Err(format!(
                            "the date range projects more than {MAX_VALUES} values; \
                             use a coarser interval or a shorter range"
                        ));
                    }
                    out.push(pattern.format(&t));
                    t = match add(t, *interval, *unit) {
                        Some(t) => t,
                        None => break,
                    };
                }
                Ok(out)
            }
            Self::Enum(values) => Ok(values.clone()),
            Self::Injected => Ok(Vec::new()),
        }
    }
}

/// A table's projection: one entry per partition column, in order, and
/// the `storage.location.template` when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Per partition column: its name as declared and how it is projected.
    pub columns: Vec<(String, Projected)>,
}

fn property<'a>(def: &'a TableDef, key: &str) -> Option<&'a str> {
    def.properties
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.trim())
}

/// Whether `def` turns projection on.
pub fn enabled(def: &TableDef) -> bool {
    property(def, "projection.enabled").is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The `storage.location.template`, if set.
pub fn location_template(def: &TableDef) -> Option<&str> {
    property(def, "storage.location.template")
}

impl Projection {
    /// The projection `def` declares, with `NOW` read as `now`; `None` when
    /// `projection.enabled` is not `true`. A column without a type, or a
    /// property Athena would reject, is an error naming the property.
    pub fn of(def: &TableDef, now: NaiveDateTime) -> Result<Option<Self>, String> {
        if !enabled(def) {
            return Ok(None);
        }
        let mut columns = Vec::with_capacity(def.partition_columns.len());
        for column in &def.partition_columns {
            let name = &column.name;
            let key = |suffix: &str| format!("projection.{name}.{suffix}");
            let get = |suffix: &str| property(def, &key(suffix));
            let need =
                |suffix: &str| get(suffix).ok_or_else(|| format!("'{}' is not set", key(suffix)));
            let kind = need("type")?.to_ascii_lowercase();
            let projected = match kind.as_str() {
                "integer" => {
                    let (first, last) = split_range(need("range")?, &key("range"))?;
                    let int = |s: &str, what: &str| {
                        s.trim()
                            .parse::<i64>()
                            .map_err(|_| format!("'{}': '{s}' is not an integer", key(what)))
                    };
                    let interval = get("interval").map_or(Ok(1), |s| int(s, "interval"))?;
                    if interval <= 0 {
                        return Err(format!("'{}' must be a positive integer", key("interval")));
                    }
                    let digits = match get("digits") {
                        None => 0,
                        Some(s) => s.parse::<usize>().map_err(|_| {
                            format!("'{}': '{s}' is not a number of digits", key("digits"))
                        })?,
                    };
                    Projected::Integer {
                        first: int(first, "range")?,
                        last: int(last, "range")?,
                        interval,
                        digits,
                    }
                }
                "date" => {
                    let pattern = DatePattern::parse(need("format")?)
                        .map_err(|e| format!("'{}': {e}", key("format")))?;
                    let unit = match get("interval.unit") {
                        None => pattern.finest_unit(),
                        Some(u) => Unit::parse(u).ok_or_else(|| {
                            format!(
                                "'{}': '{u}' is not a unit (YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS)",
                                key("interval.unit")
                            )
                        })?,
                    };
                    let interval = match get("interval") {
                        None => 1,
                        Some(s) => s.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                            format!("'{}': '{s}' is not a positive integer", key("interval"))
                        })?,
                    };
                    let (first, last) = split_range(need("range")?, &key("range"))?;
                    let bound = |s: &str| {
                        date_bound(s, &pattern, now).ok_or_else(|| {
                            format!(
                                "'{}': '{s}' is neither a date in the format '{}' nor NOW[+-]<n><unit>",
                                key("range"),
                                pattern.as_str()
                            )
                        })
                    };
                    Projected::Date {
                        first: truncate(bound(first)?, pattern.finest_unit().min(unit)),
                        last: bound(last)?,
                        pattern,
                        interval,
                        unit,
                    }
                }
                "enum" => Projected::Enum(
                    need("values")?
                        .split(',')
                        .map(|v| v.trim().to_string())
                        .filter(|v| !v.is_empty())
                        .collect(),
                ),
                "injected" => Projected::Injected,
                other => {
                    return Err(format!(
                        "'{}' is '{other}'; Athena's types are integer, date, enum and injected",
                        key("type")
                    ));
                }
            };
            columns.push((name.clone(), projected));
        }
        Ok(Some(Self { columns }))
    }
}

fn split_range<'a>(range: &'a str, key: &str) -> Result<(&'a str, &'a str), String> {
    range
        .split_once(',')
        .map(|(a, b)| (a.trim(), b.trim()))
        .ok_or_else(|| format!("'{key}' must be 'first,last', found '{range}'"))
}

/// A range bound: a date in the pattern, or `NOW`, `NOW-3YEARS`,
/// `NOW+1DAY` (spaces allowed).
fn date_bound(text: &str, pattern: &DatePattern, now: NaiveDateTime) -> Option<NaiveDateTime> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let upper = compact.to_ascii_uppercase();
    let Some(rest) = upper.strip_prefix("NOW") else {
        return pattern.parse_value(text.trim());
    };
    if rest.is_empty() {
        return Some(now);
    }
    let (sign, rest) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n: i64 = rest[..digits].parse().ok()?;
    let unit = Unit::parse(&rest[digits..])?;
    add(now, sign * n, unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ColumnDef;
    use chrono::NaiveDate;

    fn table(props: &[(&str, &str)], columns: &[&str]) -> TableDef {
        TableDef {
            name: "t".into(),
            columns: vec![],
            partition_columns: columns
                .iter()
                .map(|c| ColumnDef {
                    name: c.to_string(),
                    data_type: "string".into(),
                    comment: None,
                })
                .collect(),
            storage: Default::default(),
            location: "s3://b/".into(),
            properties: props
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            partitions: vec![],
            comment: None,
        }
    }

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(22, 52, 10)
            .unwrap()
    }

    #[test]
    fn cloudtrail_style_date_projection_ends_today() {
        let def = table(
            &[
                ("projection.enabled", "true"),
                ("projection.timestamp.type", "date"),
                ("projection.timestamp.range", "2026/11/28,NOW"),
                ("projection.timestamp.format", "yyyy/MM/dd"),
                ("projection.timestamp.interval", "1"),
                ("projection.timestamp.interval.unit", "DAYS"),
            ],
            &["timestamp"],
        );
        let p = Projection::of(&def, now()).unwrap().unwrap();
        assert_eq!(
            p.columns[0].1.values().unwrap(),
            ["2026/11/28", "2026/11/29", "2026/11/30", "2026/12/01"]
        );
    }

    #[test]
    fn relative_bounds_integer_enum_and_injected() {
        let def = table(
            &[
                ("projection.enabled", "TRUE"),
                ("projection.year.type", "integer"),
                ("projection.year.range", "2024,2026"),
                ("projection.hour.type", "integer"),
                ("projection.hour.range", "0,23"),
                ("projection.hour.interval", "6"),
                ("projection.hour.digits", "2"),
                ("projection.region.type", "enum"),
                ("projection.region.values", "us-east-1, eu-west-1"),
                ("projection.account.type", "injected"),
                ("projection.day.type", "date"),
                ("projection.day.format", "yyyy-MM-dd"),
                ("projection.day.range", "NOW-2DAYS,NOW"),
            ],
            &["year", "hour", "region", "account", "day"],
        );
        let p = Projection::of(&def, now()).unwrap().unwrap();
        let values: Vec<Vec<String>> = p.columns.iter().map(|(_, c)| c.values().unwrap()).collect();
        assert_eq!(values[0], ["2024", "2025", "2026"]);
        assert_eq!(values[1], ["00", "06", "12", "18"]);
        assert_eq!(values[2], ["us-east-1", "eu-west-1"]);
        assert!(values[3].is_empty());
        assert_eq!(values[4], ["2026-11-29", "2026-11-30", "2026-12-01"]);
        let three_years = table(
            &[
                ("projection.enabled", "true"),
                ("projection.d.type", "date"),
                ("projection.d.format", "yyyy/MM"),
                ("projection.d.range", "NOW-3YEARS,NOW"),
                ("projection.d.interval.unit", "MONTHS"),
            ],
            &["d"],
        );
        let p = Projection::of(&three_years, now()).unwrap().unwrap();
        let months = p.columns[0].1.values().unwrap();
        assert_eq!(months.first().map(String::as_str), Some("2023/12"));
        assert_eq!(months.last().map(String::as_str), Some("2026/12"));
        assert_eq!(months.len(), 37);
    }

    #[test]
    fn disabled_or_broken_definitions() {
        assert_eq!(Projection::of(&table(&[], &["d"]), now()).unwrap(), None);
        let missing = table(&[("projection.enabled", "true")], &["d"]);
        let err = Projection::of(&missing, now()).unwrap_err();
        assert!(err.contains("'projection.d.type' is not set"), "{err}");
        let bad = table(
            &[
                ("projection.enabled", "true"),
                ("projection.d.type", "date"),
                ("projection.d.format", "yyyy/MM/dd"),
                ("projection.d.range", "yesterday,NOW"),
            ],
            &["d"],
        );
        let err = Projection::of(&bad, now()).unwrap_err();
        assert!(err.contains("'yesterday' is neither a date"), "{err}");
        let kind = table(
            &[
                ("projection.enabled", "true"),
                ("projection.d.type", "list"),
            ],
            &["d"],
        );
        assert!(Projection::of(&kind, now()).unwrap_err().contains("'list'"));
    }
}
