//! The JSONPath dialect of Trino's `json_extract` family.
//!
//! Trino's legacy JSONPath is small: `$` followed by `.key`, `["key"]`,
//! `['key']` or `[index]` steps. A step is a name; it selects an object
//! member by that name, or an array element when the name is a non-negative
//! integer. Wildcards, filters and recursive descent are rejected, as Trino
//! rejects them (its `json_query` has the richer SQL/JSON path language).

use datafusion::common::{DataFusionError, Result};
use serde_json::Value;

/// A parsed JSONPath: the steps after `$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    steps: Vec<String>,
}

impl JsonPath {
    /// Parses `path`, naming the path and the function in the error.
    pub fn parse(function: &str, path: &str) -> Result<Self> {
        parse_steps(path)
            .map(|steps| Self { steps })
            .map_err(|why| {
                DataFusionError::Execution(format!("{function}: invalid JSON path '{path}': {why}"))
            })
    }

    /// The value the path selects in `doc`, if any.
    pub fn select<'a>(&self, doc: &'a Value) -> Option<&'a Value> {
        self.steps.iter().try_fold(doc, |v, step| match v {
            Value::Object(members) => members.get(step),
            Value::Array(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
    }
}

fn parse_steps(path: &str) -> std::result::Result<Vec<String>, String> {
    let chars: Vec<char> = path.trim().chars().collect();
    if chars.first() != Some(&'$') {
        return Err("it must start with '$'".into());
    }
    let mut steps = Vec::new();
    let mut i = 1;
    while i < chars.len() {
        match chars[i] {
            '.' => {
                let start = i + 1;
                i = start;
                while i < chars.len() && is_unquoted(chars[i]) {
                    i += 1;
                }
                if i == start {
                    return Err(match chars.get(start) {
                        Some('*') => "wildcards are not supported (use json_query)".into(),
                        Some('.') => "recursive descent '..' is not supported".into(),
                        Some(c) => format!("unexpected '{c}' after '.'"),
                        None => "it ends with '.'".into(),
                    });
                }
                steps.push(chars[start..i].iter().collect());
            }
            '[' => {
                i += 1;
                match chars.get(i) {
                    Some(&q @ ('"' | '\'')) => {
                        let mut key = String::new();
                        i += 1;
                        loop {
                            match chars.get(i) {
                                None => return Err("unterminated quoted key".into()),
                                Some('\\') if i + 1 < chars.len() => {
                                    key.push(chars[i + 1]);
                                    i += 2;
                                }
                                Some(&c) if c == q => break,
                                Some(&c) => {
                                    key.push(c);
                                    i += 1;
                                }
                            }
                        }
                        i += 1;
                        steps.push(key);
                    }
                    Some(c) if c.is_ascii_digit() => {
                        let start = i;
                        while i < chars.len() && chars[i].is_ascii_digit() {
                            i += 1;
                        }
                        steps.push(chars[start..i].iter().collect());
                    }
                    Some('*') => return Err("wildcards are not supported (use json_query)".into()),
                    Some(c) => return Err(format!("unexpected '{c}' in subscript")),
                    None => return Err("unterminated subscript".into()),
                }
                if chars.get(i) != Some(&']') {
                    return Err("expected ']'".into());
                }
                i += 1;
            }
            c => return Err(format!("unexpected '{c}' at position {i}")),
        }
    }
    Ok(steps)
}

fn is_unquoted(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == ':' || c == '-'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(p: &str) -> Vec<String> {
        JsonPath::parse("t", p).map(|p| p.steps).unwrap_or_default()
    }

    #[test]
    fn parses_trino_forms() {
        assert_eq!(steps("$"), Vec::<String>::new());
        assert_eq!(steps("$.a.b"), vec!["a", "b"]);
        assert_eq!(steps("$.a[0]"), vec!["a", "0"]);
        assert_eq!(steps("$[\"key with spaces\"]"), vec!["key with spaces"]);
        assert_eq!(steps("$['k'][1]"), vec!["k", "1"]);
    }

    #[test]
    fn rejects_with_the_path_named() {
        for bad in ["a.b", "$.a[*]", "$..a", "$.", "$[", "$[-1]", "$['x"] {
            let err = JsonPath::parse("json_extract", bad)
                .map(|_| ())
                .unwrap_err();
            assert!(err.to_string().contains(&format!("'{bad}'")), "{err}");
        }
    }

    #[test]
    fn selects_members_and_elements() {
        let doc: Value = serde_json::json!({"a": [10, {"b": true}], "0": 1});
        let p = |s| JsonPath::parse("t", s).unwrap_or_else(|_| JsonPath { steps: vec![] });
        assert_eq!(p("$.a[1].b").select(&doc), Some(&Value::Bool(true)));
        assert_eq!(p("$.a[5]").select(&doc), None);
        assert_eq!(p("$.a.b").select(&doc), None);
    }
}
