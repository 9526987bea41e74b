//! Translation of Java regular expressions, as Athena users write them, into
//! the syntax of Rust's `regex` crate.
//!
//! Most Java syntax means the same in both. The differences handled here:
//! - `\d`, `\w`, `\s` (and their negations) are ASCII-only in Java but
//!   Unicode-aware in Rust, so they become explicit ASCII classes;
//! - `\Q...\E` quoting, `\h`, `\v`, `\R`, `\e`, `\a`, `\cX`, octal `\0nn`,
//!   `\p{IsX}` / `\p{Lower}`-style names and `\<`/`\>` (literals in Java,
//!   word boundaries in Rust) are rewritten;
//! - constructs Rust's linear-time engine cannot run (lookaround,
//!   backreferences, atomic groups, possessive quantifiers, `\G`, `\Z`,
//!   Unicode blocks) are rejected with an error naming the construct rather
//!   than silently matching something else.

use datafusion::common::{DataFusionError, Result};

const ASCII_DIGIT: &str = "0-9";
const ASCII_WORD: &str = "0-9A-Za-z_";
const ASCII_SPACE: &str = r"\t\n\x0B\x0C\r ";
const HORIZONTAL_SPACE: &str = r" \t\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}";
const VERTICAL_SPACE: &str = r"\n\x0B\x0C\r\x{85}\x{2028}\x{2029}";

/// Rewrites Java pattern `pattern` for the `regex` crate; `function` names
/// the SQL function in errors.
pub(crate) fn translate(function: &str, pattern: &str) -> Result<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let unsupported = |construct: &str, hint: &str| {
        DataFusionError::Execution(format!(
            "{function}: pattern '{pattern}' uses {construct}, which Quarry's regular \
             expression engine does not support; {hint}"
        ))
    };
    let mut out = String::with_capacity(pattern.len() + 8);
    // Nesting depth of character classes; Java and Rust both nest them.
    let mut class_depth = 0usize;
    // Whether the previous token was a complete quantifier, so that a
    // following `+` would make it possessive.
    let mut after_quantifier = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let was_quantifier = after_quantifier;
        after_quantifier = false;
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    return Err(DataFusionError::Execution(format!(
                        "{function}: pattern '{pattern}' ends with a lone backslash; escape it as '\\\\'"
                    )));
                };
                i += 2;
                let in_class = class_depth > 0;
                let class = |body: &str, negated: bool| {
                    let caret = if negated { "^" } else { "" };
                    format!("[{caret}{body}]")
                };
                match next {
                    'd' | 'D' => out.push_str(&class(ASCII_DIGIT, next == 'D')),
                    'w' | 'W' => out.push_str(&class(ASCII_WORD, next == 'W')),
                    's' | 'S' => out.push_str(&class(ASCII_SPACE, next == 'S')),
                    'h' | 'H' => out.push_str(&class(HORIZONTAL_SPACE, next == 'H')),
                    'v' | 'V' => out.push_str(&class(VERTICAL_SPACE, next == 'V')),
                    'R' if !in_class => {
                        out.push_str(r"(?:\r\n|[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}])")
                    }
                    'e' => out.push_str(r"\x1B"),
                    'a' => out.push_str(r"\x07"),
                    '<' | '>' => out.push(next),
                    'c' => {
                        let Some(&ctl) = chars.get(i) else {
                            return Err(unsupported("'\\c' without a letter", "write '\\cX'"));
                        };
                        i += 1;
                        out.push_str(&format!(r"\x{{{:X}}}", (ctl as u32) ^ 0x40));
                    }
                    '0' => {
                        let start = i;
                        while i < chars.len() && i - start < 3 && chars[i].is_digit(8) {
                            i += 1;
                        }
                        let digits: String = chars[start..i].iter().collect();
                        let value = u32::from_str_radix(&digits, 8).map_err(|_| {
                            unsupported(
                                "'\\0' without octal digits",
                                "write '\\0' followed by 1-3 octal digits",
                            )
                        })?;
                        out.push_str(&format!(r"\x{{{value:X}}}"));
                    }
                    '1'..='9' => {
                        return Err(unsupported(
                            &format!("the backreference '\\{next}'"),
                            "backreferences cannot be matched in linear time; extract the groups and compare them instead",
                        ));
                    }
                    'k' => {
                        return Err(unsupported(
                            "a named backreference '\\k<...>'",
                            "backreferences cannot be matched in linear time; extract the groups and compare them instead",
                        ));
                    }
                    'G' | 'Z' | 'X' => {
                        return Err(unsupported(
                            &format!("'\\{next}'"),
                            "use '\\z' for the end of input and '\\A' for its start",
                        ));
                    }
                    'Q' if !in_class => {
                        let start = i;
                        while i < chars.len()
                            && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'E'))
                        {
                            i += 1;
                        }
                        let quoted: String = chars[start..i].iter().collect();
                        out.push_str(&regex::escape(&quoted));
                        i = (i + 2).min(chars.len());
                    }
                    'Q' | 'E' => out.push(next),
                    'p' | 'P' => {
                        let (name, len) = if chars.get(i) == Some(&'{') {
                            let end =
                                chars[i..].iter().position(|&ch| ch == '}').ok_or_else(|| {
                                    unsupported(
                                        "an unclosed '\\p{'",
                                        "close the property name with '}'",
                                    )
                                })?;
                            (chars[i + 1..i + end].iter().collect::<String>(), end + 1)
                        } else if let Some(&one) = chars.get(i) {
                            (one.to_string(), 1)
                        } else {
                            return Err(unsupported("'\\p' without a name", "write '\\p{Name}'"));
                        };
                        i += len;
                        out.push_str(&property(next == 'P', &name).map_err(|construct| {
                            unsupported(
                                &construct,
                                "use a Unicode script or category such as '\\p{L}' or '\\p{Greek}'",
                            )
                        })?);
                    }
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // A `]` first in a class is a literal in both dialects.
                if chars.get(i) == Some(&']') {
                    out.push_str(r"\]");
                    i += 1;
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(']');
                i += 1;
            }
            '(' if class_depth == 0 && chars.get(i + 1) == Some(&'?') => {
                let rest: String = chars[i + 2..].iter().take(2).collect();
                let construct = if rest.starts_with('=') {
                    Some("lookahead '(?='")
                } else if rest.starts_with('!') {
                    Some("negative lookahead '(?!'")
                } else if rest.starts_with("<=") {
                    Some("lookbehind '(?<='")
                } else if rest.starts_with("<!") {
                    Some("negative lookbehind '(?<!'")
                } else if rest.starts_with('>') {
                    Some("an atomic group '(?>'")
                } else {
                    None
                };
                if let Some(construct) = construct {
                    return Err(unsupported(
                        construct,
                        "lookaround cannot be matched in linear time; match more and extract a group instead",
                    ));
                }
                // Inline flags: Java's `U` (Unicode classes) would mean
                // "ungreedy" in Rust, and Trino forbids `d` and `u`.
                let flags: String = chars[i + 2..]
                    .iter()
                    .take_while(|ch| ch.is_ascii_alphabetic() || **ch == '-')
                    .collect();
                if let Some(flag) = flags.chars().find(|f| matches!(f, 'd' | 'u' | 'U')) {
                    return Err(unsupported(
                        &format!("the inline flag '{flag}'"),
                        "remove it; Trino does not support it either",
                    ));
                }
                out.push_str("(?");
                i += 2;
            }
            '*' | '+' | '?' if class_depth == 0 => {
                if c == '+' && was_quantifier {
                    return Err(unsupported(
                        "a possessive quantifier",
                        "drop the trailing '+' to use the greedy form",
                    ));
                }
                out.push(c);
                i += 1;
                after_quantifier = true;
                // A lazy `?` after a quantifier ends it; it cannot itself be
                // followed by a possessive `+`.
                if c == '?' && was_quantifier {
                    after_quantifier = false;
                }
            }
            '{' if class_depth == 0 => {
                let end = chars[i..].iter().position(|&ch| ch == '}');
                let is_repetition = end.is_some_and(|end| {
                    let body = &chars[i + 1..i + end];
                    !body.is_empty()
                        && body[0].is_ascii_digit()
                        && body.iter().all(|ch| ch.is_ascii_digit() || *ch == ',')
                });
                match end {
                    Some(end) if is_repetition => {
                        out.extend(&chars[i..=i + end]);
                        i += end + 1;
                        after_quantifier = true;
                    }
                    _ => {
                        out.push_str(r"\{");
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// The Rust form of Java's `\p{name}` (or `\P{name}` when `negated`);
/// `Err` names an unsupported construct.
fn property(negated: bool, name: &str) -> std::result::Result<String, String> {
    let posix = match name {
        "Lower" => Some("a-z"),
        "Upper" => Some("A-Z"),
        "ASCII" => Some(r"\x00-\x7F"),
        "Alpha" => Some("A-Za-z"),
        "Digit" => Some("0-9"),
        "Alnum" => Some("0-9A-Za-z"),
        "Punct" => Some(r"!-/:-@\[-`{-~"),
        "Graph" => Some(r"!-~"),
        "Print" => Some(r" -~"),
        "Blank" => Some(r" \t"),
        "Cntrl" => Some(r"\x00-\x1F\x7F"),
        "XDigit" => Some("0-9A-Fa-f"),
        "Space" => Some(r"\t\n\x0B\x0C\r "),
        _ => None,
    };
    if let Some(body) = posix {
        let caret = if negated { "^" } else { "" };
        return Ok(format!("[{caret}{body}]"));
    }
    if (name.starts_with("In") && name.len() > 2)
        || name.starts_with("blk=")
        || name.starts_with("block=")
    {
        return Err(format!("the Unicode block '\\p{{{name}}}'"));
    }
    let rust_name = match name {
        "javaLowerCase" => "Lowercase",
        "javaUpperCase" => "Uppercase",
        "javaWhitespace" => "White_Space",
        "javaMirrored" => "Bidi_Mirrored",
        _ => name
            .strip_prefix("Is")
            .filter(|n| !n.is_empty())
            .unwrap_or(name),
    };
    let p = if negated { 'P' } else { 'p' };
    Ok(format!("\\{p}{{{rust_name}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(java: &str) -> String {
        translate("f", java).unwrap_or_else(|e| format!("ERROR {e}"))
    }

    fn err(java: &str) -> String {
        match translate("f", java) {
            Ok(t) => format!("translated to {t}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn common_syntax_passes_through() {
        assert_eq!(ok(r"^a.c$"), r"^a.c$");
        assert_eq!(
            ok(r"(?<year>[0-9]{4})-(?:x|y)+?"),
            r"(?<year>[0-9]{4})-(?:x|y)+?"
        );
        assert_eq!(ok(r"(?i)abc\."), r"(?i)abc\.");
    }

    #[test]
    fn ascii_classes_stay_ascii() {
        assert_eq!(ok(r"\d+"), "[0-9]+");
        assert_eq!(ok(r"[\w-]"), "[[0-9A-Za-z_]-]");
        assert_eq!(ok(r"\S"), r"[^\t\n\x0B\x0C\r ]");
        let re = regex::Regex::new(&ok(r"^\d+$")).expect("valid");
        assert!(re.is_match("123"));
        assert!(!re.is_match("١٢٣"), "Arabic-Indic digits are not Java \\d");
    }

    #[test]
    fn java_only_escapes_are_rewritten() {
        assert_eq!(ok(r"\Qa.b*\E+"), r"a\.b\*+");
        assert_eq!(ok(r"\Qtail"), "tail");
        assert_eq!(ok(r"\e\cA\011"), r"\x1B\x{1}\x{9}");
        assert_eq!(ok(r"\<b\>"), "<b>");
        assert_eq!(
            ok(r"\p{Lower}\P{IsAlphabetic}\pL"),
            r"[a-z]\P{Alphabetic}\p{L}"
        );
        assert_eq!(ok("a{x"), r"a\{x");
    }

    #[test]
    fn unsupported_constructs_are_named() {
        assert!(
            err("a(?=b)").contains("lookahead '(?='"),
            "{}",
            err("a(?=b)")
        );
        assert!(err("(?<!a)b").contains("negative lookbehind"));
        assert!(err(r"(a)\1").contains("backreference '\\1'"));
        assert!(err(r"(?<n>a)\k<n>").contains("named backreference"));
        assert!(err("a*+").contains("possessive"));
        assert!(err("a{2}+").contains("possessive"));
        assert!(err("(?>a)").contains("atomic group"));
        assert!(err(r"\p{InGreek}").contains("Unicode block"));
        assert!(err("(?U)a").contains("inline flag 'U'"));
        assert!(err("abc\\").contains("lone backslash"));
    }

    #[test]
    fn lazy_then_plus_is_not_possessive_of_lazy() {
        // `a+?` is lazy; `a??+`-style stacking is rejected by Rust itself.
        assert_eq!(ok("a+?b"), "a+?b");
    }
}
