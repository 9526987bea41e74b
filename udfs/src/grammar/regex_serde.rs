//! Athena's RegexSerDe (`org.apache.hadoop.hive.serde2.RegexSerDe`): the
//! `input.regex` SerDe property must match the whole line, and capture group
//! N fills column N.
//!
//! The pattern is written for Java's regex engine. Constructs Rust's
//! `regex` crate lacks are translated where the meaning survives:
//! possessive quantifiers (`a*+`) and atomic groups (`(?>...)`) become their
//! backtracking forms, `\Q...\E` is quoted, `\h`, `\R`, `\Z` and Java's
//! POSIX classes (`\p{Alpha}`) are spelled out, and a leading negative
//! lookahead `^(?!X)` (AWS's CloudFront example uses `^(?!#)` to pass over
//! header lines) marks the lines it rejects as header lines. Lookaround
//! elsewhere, backreferences and the rest are rejected with a message naming
//! the construct. As in Hive, a group that did not take part in the match is
//! NULL, columns beyond the last group are NULL and extra groups are ignored.

use regex::{CaptureLocations, Regex, RegexBuilder};

use super::{FieldSpec, LineError, LineGrammar, LineParser, Span};

/// A RegexSerDe table's grammar: its pattern and declared columns.
#[derive(Debug, Clone)]
pub struct RegexSerDe {
    fields: Vec<FieldSpec>,
    regex: Regex,
    header: Option<Regex>,
}

/// Why an `input.regex` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError(String);

impl std::fmt::Display for RegexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RegexError {}

impl RegexSerDe {
    /// Compiles `pattern` (Java syntax) for these columns.
    pub fn new(pattern: &str, fields: Vec<FieldSpec>) -> Result<Self, RegexError> {
        let (header, rest) = split_leading_lookahead(pattern)?;
        let header = header
            .map(|h| compile(&format!(r"\A(?:{})", translate(&h)?)))
            .transpose()?;
        let regex = compile(&format!(r"\A(?:{})\z", translate(&rest)?))?;
        Ok(Self {
            fields,
            regex,
            header,
        })
    }
}

fn compile(pattern: &str) -> Result<Regex, RegexError> {
    RegexBuilder::new(pattern)
        .size_limit(64 << 20)
        .build()
        .map_err(|e| RegexError(format!("input.regex does not compile: {e}")))
}

/// Splits `^(?!X)rest` into `X` and `^rest`.
fn split_leading_lookahead(pattern: &str) -> Result<(Option<String>, String), RegexError> {
    let Some(body) = pattern.strip_prefix("^(?!") else {
        return Ok((None, pattern.to_string()));
    };
    let mut depth = 1usize;
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Ok((Some(body[..i].to_string()), format!("^{}", &body[i + 1..])));
                }
            }
            _ => {}
        }
    }
    Err(RegexError(
        "input.regex: unbalanced '(?!' at the start".into(),
    ))
}

fn unsupported(subject: &str, what: &str) -> RegexError {
    RegexError(format!(
        "{subject} uses {what}, which Quarry's regex engine does not support; \
         rewrite the pattern without it"
    ))
}

fn posix_class(name: &str) -> Option<&'static str> {
    Some(match name {
        "Lower" => "[:lower:]",
        "Upper" => "[:upper:]",
        "ASCII" => "[:ascii:]",
        "Alpha" => "[:alpha:]",
        "Digit" => "[:digit:]",
        "Alnum" => "[:alnum:]",
        "Punct" => "[:punct:]",
        "Graph" => "[:graph:]",
        "Print" => "[:print:]",
        "Blank" => "[:blank:]",
        "Cntrl" => "[:cntrl:]",
        "XDigit" => "[:xdigit:]",
        "Space" => "[:space:]",
        _ => return None,
    })
}

/// Rewrites Java regex syntax as Rust `regex` syntax.
pub fn translate(java: &str) -> Result<String, RegexError> {
    translate_as(java, "input.regex")
}

/// [`translate`], naming the pattern `subject` in errors (the Grok SerDe's
/// `input.format`, the `grok` function's pattern).
pub(crate) fn translate_as(java: &str, subject: &str) -> Result<String, RegexError> {
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::with_capacity(java.len() + 8);
    let mut class_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\\' => {
                let Some(e) = next else {
                    return Err(RegexError(format!("{subject} ends with a lone '\\'")));
                };
                i += 2;
                match e {
                    '1'..='9' if class_depth == 0 => {
                        return Err(unsupported(subject, &format!("the backreference \\{e}")));
                    }
                    'k' => return Err(unsupported(subject, "a named backreference (\\k<...>)")),
                    'G' => return Err(unsupported(subject, "\\G (end of the previous match)")),
                    'X' => return Err(unsupported(subject, "\\X (grapheme cluster)")),
                    'c' => return Err(unsupported(subject, "a control-character escape (\\cX)")),
                    'Q' => {
                        let mut literal = String::new();
                        while i < chars.len()
                            && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'E'))
                        {
                            literal.push(chars[i]);
                            i += 1;
                        }
                        i = (i + 2).min(chars.len().max(i));
                        out.push_str(&regex::escape(&literal));
                    }
                    'h' => {
                        let set =
                            r"\t\x20\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}";
                        if class_depth > 0 {
                            out.push_str(set);
                        } else {
                            out.push('[');
                            out.push_str(set);
                            out.push(']');
                        }
                    }
                    'R' if class_depth == 0 => {
                        out.push_str(r"(?:\r\n|[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}])");
                    }
                    'Z' if class_depth == 0 => out.push_str(r"(?:\n?\z)"),
                    'e' => out.push_str(r"\x1B"),
                    'a' => out.push_str(r"\x07"),
                    'p' | 'P' if next_is(&chars, i, '{') => {
                        let close = chars[i..]
                            .iter()
                            .position(|&c| c == '}')
                            .ok_or_else(|| RegexError(format!("{subject}: unclosed \\p{{")))?;
                        let name: String = chars[i + 1..i + close].iter().collect();
                        i += close + 1;
                        if let Some(posix) = posix_class(&name) {
                            let negate = if e == 'P' { "^" } else { "" };
                            if class_depth > 0 && e == 'p' {
                                out.push_str(posix);
                            } else {
                                out.push_str(&format!("[{negate}{posix}]"));
                            }
                        } else if name.starts_with("java") || name.starts_with("In") {
                            return Err(unsupported(
                                subject,
                                &format!("the class \\{e}{{{name}}}"),
                            ));
                        } else {
                            let name = name.strip_prefix("Is").unwrap_or(&name);
                            out.push_str(&format!("\\{e}{{{name}}}"));
                        }
                    }
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
                continue;
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                i += 1;
                // A ']' or '^]' right after '[' is a literal in both engines.
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push_str(r"\]");
                    i += 1;
                }
                continue;
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(']');
            }
            '-' if class_depth > 0 => {
                // Java reads '-' after a range (`[0-9-_]`) as a literal.
                if next == Some(']') || out.ends_with('[') || preceded_by_range(&out) {
                    out.push_str(r"\-");
                } else {
                    out.push('-');
                }
            }
            '(' if class_depth == 0 && next == Some('?') => {
                let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
                if rest.starts_with("(?=") || rest.starts_with("(?!") {
                    return Err(unsupported(subject, "lookahead ((?=...) or (?!...))"));
                }
                if rest.starts_with("(?<=") || rest.starts_with("(?<!") {
                    return Err(unsupported(subject, "lookbehind ((?<=...) or (?<!...))"));
                }
                if rest.starts_with("(?>") {
                    out.push_str("(?:");
                    i += 3;
                    continue;
                }
                out.push('(');
            }
            '*' | '+' | '?' | '}' if class_depth == 0 => {
                out.push(c);
                i += 1;
                // A possessive quantifier (`*+`) matches like a greedy one
                // wherever the whole-line match succeeds at all.
                if chars.get(i) == Some(&'+') {
                    i += 1;
                } else if chars.get(i) == Some(&'?') {
                    out.push('?');
                    i += 1;
                }
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

fn next_is(chars: &[char], i: usize, c: char) -> bool {
    chars.get(i) == Some(&c)
}

/// Whether the class text just written ends with a range such as `0-9`.
fn preceded_by_range(out: &str) -> bool {
    let b: Vec<char> = out.chars().rev().take(3).collect();
    b.len() == 3 && b[1] == '-' && b[2] != '\\' && b[2] != '['
}

impl LineGrammar for RegexSerDe {
    fn name(&self) -> &str {
        "regex"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(RegexParser {
            regex: self.regex.clone(),
            header: self.header.clone(),
            locations: self.regex.capture_locations(),
        })
    }
}

struct RegexParser {
    regex: Regex,
    header: Option<Regex>,
    locations: CaptureLocations,
}

impl LineParser for RegexParser {
    fn header_line(&mut self, line: &str) -> bool {
        self.header.as_ref().is_some_and(|h| h.is_match(line))
    }

    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        if self
            .regex
            .captures_read(&mut self.locations, line)
            .is_none()
        {
            return Err(LineError::new(
                "the line does not match the table's input.regex",
            ));
        }
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = self.locations.get(i + 1).map(|(s, e)| s..e);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::FieldType::Utf8;
    use crate::grammar::parse_named;

    fn cols(n: usize) -> Vec<FieldSpec> {
        (0..n)
            .map(|i| FieldSpec::new(format!("c{i}"), Utf8))
            .collect()
    }

    #[test]
    fn whole_line_must_match_and_groups_fill_columns() {
        let g = RegexSerDe::new(r"(\w+) (\d+)", cols(3)).unwrap();
        let r = &parse_named(&g, &["abc 42"]).unwrap()[0];
        assert_eq!(r["c0"], Some("abc"));
        assert_eq!(r["c1"], Some("42"));
        assert_eq!(r["c2"], None);
        assert!(parse_named(&g, &["abc 42 extra"]).is_err());
        let g = RegexSerDe::new(r"(a)(b)?", cols(2)).unwrap();
        assert_eq!(parse_named(&g, &["a"]).unwrap()[0]["c1"], None);
    }

    #[test]
    fn java_constructs_are_translated() {
        assert_eq!(translate(r"a*+b++(?>c)").unwrap(), "a*b+(?:c)");
        assert_eq!(translate(r"a*?b{2}+").unwrap(), "a*?b{2}");
        assert_eq!(translate(r"\Qa.b\E").unwrap(), r"a\.b");
        assert_eq!(
            translate(r"\p{Alpha}[\p{Digit}x]").unwrap(),
            "[[:alpha:]][[:digit:]x]"
        );
        assert_eq!(translate(r"[A-Z0-9-_]+").unwrap(), r"[A-Z0-9\-_]+");
        let g = RegexSerDe::new(r"(\h+)x\Z", cols(1)).unwrap();
        assert_eq!(parse_named(&g, &[" \tx"]).unwrap()[0]["c0"], Some(" \t"));
    }

    #[test]
    fn unsupported_constructs_are_named() {
        for (pattern, named) in [
            (r"(a)\1", "backreference \\1"),
            (r"a(?=b)", "lookahead"),
            (r"(?<!a)b", "lookbehind"),
            (r"\p{javaLowerCase}", "javaLowerCase"),
            (r"\Ga", "\\G"),
        ] {
            let err = RegexSerDe::new(pattern, cols(1)).unwrap_err().to_string();
            assert!(err.contains(named), "{pattern}: {err}");
        }
        let err = RegexSerDe::new("(", cols(1)).unwrap_err().to_string();
        assert!(err.contains("does not compile"), "{err}");
    }

    #[test]
    fn aws_cloudfront_example_skips_headers() {
        // The RegexSerDe example of AWS's Athena User Guide (Regex SerDe page).
        let pattern = r"^(?!#)([^ ]+)\s+([^ ]+)\s+([^ ]+)\s+([^ ]+)\s+([^ ]+)\s+([^ ]+)\s+([^ ]+)\s+([^ ]+)\s+([^ ]+)\s+([^ ]+)\s+[^\(]+[\(]([^\;]+).*\%20([^\/]+)[\/](.*)$";
        let g = RegexSerDe::new(pattern, cols(13)).unwrap();
        let text = include_str!("../../../testdata/cloudfront/clo_cloudfront.log");
        let lines: Vec<&str> = text.lines().collect();
        let rows = parse_named(&g, &lines).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["c0"], Some("2022-03-24"));
        assert_eq!(rows[0]["c7"], Some("/favicon.ico"));
        assert_eq!(rows[0]["c10"], Some("Macintosh"));
        assert_eq!(rows[0]["c11"], Some("Safari"));
    }
}
