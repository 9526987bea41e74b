//! `parse_logfmt`: the key=value pairs of a logfmt line.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use datafusion::arrow::array::Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{PARSE_SECTION, StringMaps, string_map_type};
use crate::args::{Kind, coerce, str_at, strings};

/// `parse_logfmt(line)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ParseLogfmtFunc {
    signature: Signature,
}

impl Default for ParseLogfmtFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseLogfmtFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Separators are ASCII, so every index the scanner stops at is a character
/// boundary and slicing `line` cannot panic.
fn is_space(b: u8) -> bool {
    b <= b' '
}

/// The body of a quoted value starting just after its opening `quote`, and
/// where scanning resumes. Inside double quotes the backslash escapes of Go
/// (`\"`, `\\`, `\n`, `\t`, `\r`, `\uXXXX`, ...) apply; an escape that is not
/// one is kept as written, and an unterminated value runs to the end of the
/// line (go-logfmt rejects both; a log query is better served by the text).
fn quoted(line: &str, start: usize, quote: u8) -> (String, usize) {
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut i = start;
    let mut run = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b == quote {
            out.push_str(&line[run..i]);
            return (out, i + 1);
        }
        if b == b'\\' && quote == b'"' && i + 1 < bytes.len() {
            out.push_str(&line[run..i]);
            let (decoded, used) = escape(&line[i + 1..]);
            match decoded {
                Some(c) => out.push(c),
                None => out.push_str(&line[i..i + 1 + used]),
            }
            i += 1 + used;
            run = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&line[run..]);
    (out, bytes.len())
}

/// Decodes the escape after a backslash: the character, if valid, and how
/// many bytes of `rest` it used.
fn escape(rest: &str) -> (Option<char>, usize) {
    let Some(c) = rest.chars().next() else {
        return (None, 0);
    };
    let simple = match c {
        '"' => Some('"'),
        '\\' => Some('\\'),
        '/' => Some('/'),
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        _ => None,
    };
    if simple.is_some() {
        return (simple, 1);
    }
    if c == 'u' {
        let hex = rest
            .get(1..5)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        if let Some(ch) = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
        {
            return (Some(ch), 5);
        }
    }
    (None, c.len_utf8())
}

/// Tolerant logfmt: keys run to a space or `=`; `key=value` and
/// `key="quoted value"` give the value, `key=` the empty string, a bare `key`
/// NULL (go-logfmt's nil value). A value runs to the next space even if it
/// holds `=` or quotes; a pair with no key (`=x`) is dropped. The last of a
/// repeated key wins.
pub(crate) fn parse_logfmt(line: &str) -> BTreeMap<String, Option<String>> {
    let bytes = line.as_bytes();
    let mut map = BTreeMap::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_space(bytes[i]) {
            i += 1;
            continue;
        }
        let key_start = i;
        while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        let key = &line[key_start..i];
        let value = if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let (text, next) = quoted(line, i + 1, q);
                    i = next;
                    Some(text)
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !is_space(bytes[i]) {
                        i += 1;
                    }
                    Some(line[start..i].to_string())
                }
            }
        } else {
            None
        };
        if !key.is_empty() {
            map.insert(key.to_string(), value);
        }
    }
    map
}

impl ScalarUDFImpl for ParseLogfmtFunc {
    fn name(&self) -> &str {
        "parse_logfmt"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(string_map_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let lines = strings(&args.args[0], args.number_rows)?;
        let mut maps = StringMaps::new();
        for row in 0..lines.len() {
            match str_at(&lines, row) {
                Some(line) => maps.push(&parse_logfmt(line))?,
                None => maps.push_null()?,
            }
        }
        Ok(maps.finish())
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                PARSE_SECTION,
                "Parses a logfmt line (`key=value key2=\"quoted \\\" value\" flag`) into a map. Double-quoted values take Go escapes (`\\\"`, `\\\\`, `\\n`, `\\t`, `\\uXXXX`, ...), single-quoted ones none; `key=` gives the empty string and a bare key gives NULL, as go-logfmt's nil value. Never fails on malformed text: an unterminated quoted value runs to the end of the line, an unknown escape is kept as written, a value runs to the next space even if it holds `=` or quotes, and a pair with no key is dropped. The last of a repeated key wins. Returns NULL when `line` is NULL. Quarry-specific: Athena (Trino) has no such function.",
                "parse_logfmt(line)",
            )
            .with_sql_example("> SELECT parse_logfmt('level=info msg=\"user \\\"bob\\\" logged in\" took=12ms cached');\n{cached: NULL, level: info, msg: user \"bob\" logged in, took: 12ms}")
            .with_argument("line", "VARCHAR logfmt text.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(line: &str) -> Vec<(String, Option<String>)> {
        parse_logfmt(line).into_iter().collect()
    }

    fn p(k: &str, v: Option<&str>) -> (String, Option<String>) {
        (k.to_string(), v.map(String::from))
    }

    #[test]
    fn go_logfmt_examples() {
        assert_eq!(pairs(""), vec![]);
        assert_eq!(pairs("x= "), vec![p("x", Some(""))]);
        assert_eq!(pairs("y"), vec![p("y", None)]);
        assert_eq!(pairs("y=\"\\tf\""), vec![p("y", Some("\tf"))]);
        assert_eq!(pairs("y='t\tf'"), vec![p("y", Some("t\tf"))]);
        assert_eq!(
            pairs("a=1 b=\"bar\" ƒ=2h3s r=\"esc\\t\" d x=sf   "),
            vec![
                p("a", Some("1")),
                p("b", Some("bar")),
                p("d", None),
                p("r", Some("esc\t")),
                p("x", Some("sf")),
                p("ƒ", Some("2h3s")),
            ]
        );
        assert_eq!(pairs("y=\"f\\n\"y=g"), vec![p("y", Some("g"))]);
    }

    #[test]
    fn quoting_and_escapes() {
        assert_eq!(
            pairs(r#"msg="say \"hi\" \\ \u00e9" n=1"#),
            vec![p("msg", Some("say \"hi\" \\ é")), p("n", Some("1"))]
        );
        assert_eq!(pairs(r#"k="a\qb""#), vec![p("k", Some("a\\qb"))]);
        assert_eq!(pairs(r#"k="\u12""#), vec![p("k", Some("\\u12"))]);
        assert_eq!(pairs(r#"k="""#), vec![p("k", Some(""))]);
    }

    #[test]
    fn malformed_input_never_panics() {
        assert_eq!(
            pairs("k=\"unterminated é"),
            vec![p("k", Some("unterminated é"))]
        );
        assert_eq!(pairs("k=\"trailing\\"), vec![p("k", Some("trailing\\"))]);
        assert_eq!(pairs("=bar k=v"), vec![p("k", Some("v"))]);
        assert_eq!(
            pairs("a==b c=d\"e"),
            vec![p("a", Some("=b")), p("c", Some("d\"e"))]
        );
        assert_eq!(pairs("k=1 k=2"), vec![p("k", Some("2"))]);
        for line in [
            "\"",
            "=",
            "==",
            "\\",
            "k=\"\\u",
            "k=\"\\ué",
            "ü=\"\\ü\"",
            "\u{0}=\u{1}",
        ] {
            let _ = parse_logfmt(line);
        }
    }
}
