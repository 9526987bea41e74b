//! `regexp_replace`: replaces every match of a Java regular expression, with
//! Trino's `$g` / `${name}` group references in the replacement.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use regex::{Captures, Regex};

use super::common::{DOC_SECTION, Patterns};
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `regexp_replace` (the string forms; the lambda form needs lambdas).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpReplaceFunc {
    signature: Signature,
}

impl Default for RegexpReplaceFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl RegexpReplaceFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// One piece of a parsed replacement string.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Group(usize),
}

/// Parses `replacement` the way Trino does: `$n` names group n, taking as
/// many further digits as still name an existing group; `${name}` a named
/// group; a backslash makes the next character literal.
fn parse_replacement(function: &str, re: &Regex, replacement: &str) -> Result<Vec<Piece>> {
    let illegal = |why: &str| {
        DataFusionError::Execution(format!(
            "{function}: illegal replacement sequence '{replacement}': {why}; write a literal '$' or '\\' as '\\$' or '\\\\'"
        ))
    };
    let groups = re.captures_len();
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => text.push(chars.next().ok_or_else(|| illegal("it ends with '\\'"))?),
            '$' => {
                let group = match chars.next() {
                    Some('{') => {
                        let name: String = chars.by_ref().take_while(|&ch| ch != '}').collect();
                        re.capture_names()
                            .position(|n| n == Some(name.as_str()))
                            .ok_or_else(|| {
                                illegal(&format!("the pattern has no group named '{name}'"))
                            })?
                    }
                    Some(d) if d.is_ascii_digit() => {
                        let mut group = d as usize - '0' as usize;
                        if group >= groups {
                            return Err(illegal(&format!("the pattern has no group {group}")));
                        }
                        while let Some(next) = chars.peek().and_then(|ch| ch.to_digit(10)) {
                            let longer = group * 10 + next as usize;
                            if longer >= groups {
                                break;
                            }
                            group = longer;
                            chars.next();
                        }
                        group
                    }
                    _ => return Err(illegal("'$' must be followed by a group number or {name}")),
                };
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Group(group));
            }
            other => text.push(other),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

fn expand(pieces: &[Piece], caps: &Captures<'_>) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Group(g) => out.push_str(caps.get(*g).map_or("", |m| m.as_str())),
        }
    }
    out
}

impl ScalarUDFImpl for RegexpReplaceFunc {
    fn name(&self) -> &str {
        "regexp_replace"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(
            self.name(),
            arg_types,
            &[&[Kind::Str, Kind::Str], &[Kind::Str, Kind::Str, Kind::Str]],
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let mut patterns = Patterns::new(self.name(), &args.args[1], rows)?;
        let replacements = args.args.get(2).map(|r| strings(r, rows)).transpose()?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let replacement = match &replacements {
                Some(r) => str_at(r, row),
                None => Some(""),
            };
            let value = match (str_at(&input, row), patterns.get(row)?, replacement) {
                (Some(s), Some(re), Some(replacement)) => {
                    let pieces = parse_replacement(self.name(), re, replacement)?;
                    Some(
                        re.replace_all(s, |caps: &Captures<'_>| expand(&pieces, caps))
                            .into_owned(),
                    )
                }
                _ => None,
            };
            out.push(value);
        }
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                DOC_SECTION,
                "Replaces every substring of `string` matched by the Java regular expression `pattern` with `replacement`, or removes them when `replacement` is omitted. In `replacement`, `$g` inserts capturing group g (as many digits as name an existing group), `${name}` a named group, and a backslash makes the next character literal (`\\$`). Returns NULL when an argument is NULL; a reference to a missing group is an error. Matches Trino regexp_replace.",
                "regexp_replace(string, pattern [, replacement])",
            )
            .with_sql_example(
                "> SELECT regexp_replace('1a 2b 14m', '\\d+[ab] ');\n14m\n> SELECT regexp_replace('1a 2b 14m', '(\\d+)([ab]) ', '3c$2 ');\n3ca 3cb 14m",
            )
            .with_argument("string", "VARCHAR to rewrite.")
            .with_argument("pattern", "Java regular expression.")
            .with_argument("replacement", "VARCHAR template; defaults to the empty string.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, invoke, null_s, s, str_values, strs};

    fn run(args: Vec<ColumnarValue>) -> Result<Vec<Option<String>>> {
        Ok(str_values(&invoke(&RegexpReplaceFunc::new(), args, 1)?))
    }

    fn one(v: &str) -> Vec<Option<String>> {
        vec![Some(v.to_string())]
    }

    #[test]
    fn trino_examples() -> Result<()> {
        let input = || strs(&[Some("1a 2b 14m")]);
        assert_eq!(run(vec![input(), s(r"\d+[ab] ")])?, one("14m"));
        assert_eq!(
            run(vec![input(), s(r"(\d+)([ab]) "), s("3c$2 ")])?,
            one("3ca 3cb 14m")
        );
        Ok(())
    }

    #[test]
    fn named_groups_escapes_and_adaptive_numbers() -> Result<()> {
        let input = || strs(&[Some("ab")]);
        assert_eq!(run(vec![input(), s("(?<x>a)"), s("[${x}]")])?, one("[a]b"));
        assert_eq!(run(vec![input(), s("(a)"), s(r"\$1\\")])?, one(r"$1\b"));
        // Only one group: `$12` is group 1 followed by a literal 2.
        assert_eq!(run(vec![input(), s("(a)"), s("$12")])?, one("a2b"));
        // A group that did not take part inserts nothing.
        assert_eq!(run(vec![input(), s("(x)?a"), s("<$1>")])?, one("<>b"));
        Ok(())
    }

    #[test]
    fn nulls_empty_and_no_match() -> Result<()> {
        assert_eq!(run(vec![strs(&[None]), s("a")])?, vec![None]);
        assert_eq!(run(vec![strs(&[Some("a")]), s("a"), null_s()])?, vec![None]);
        assert_eq!(run(vec![strs(&[Some("")]), s("a"), s("b")])?, one(""));
        assert_eq!(run(vec![strs(&[Some("xyz")]), s("a"), s("b")])?, one("xyz"));
        Ok(())
    }

    #[test]
    fn illegal_replacements_are_errors() {
        let f = RegexpReplaceFunc::new();
        for (replacement, why) in [
            ("$2", "no group 2"),
            ("${y}", "no group named 'y'"),
            ("x$", "followed by a group number"),
            ("x\\", "ends with"),
        ] {
            let err = error(invoke(
                &f,
                vec![strs(&[Some("a")]), s("(a)"), s(replacement)],
                1,
            ));
            assert!(
                err.contains("illegal replacement sequence") && err.contains(why),
                "{err}"
            );
        }
    }
}
