//! Grok expressions (`%{SYNTAX:SEMANTIC}`) compiled into one regex, shared
//! by Athena's Grok SerDe (`com.amazonaws.glue.serde.GrokSerDe`) and the
//! `grok(line, pattern)` SQL function.
//!
//! `%{SYNTAX}` stands for the pattern named SYNTAX (a custom pattern, else a
//! standard one from `grok_patterns.rs`), expanded recursively;
//! `%{SYNTAX:SEMANTIC}` also captures what it matched under the name
//! SEMANTIC, at any depth (so `%{COMBINEDAPACHELOG}` yields `clientip`,
//! `verb`, ...). A reference without SEMANTIC written in the expression
//! itself (not inside a pattern it uses) is captured under the pattern's
//! name, as Athena's Example 1 binds column `syslogbase` to `%{SYSLOGBASE}`.
//! Named groups the user writes, `(?<name>...)`, capture too. A third part,
//! `%{NUMBER:bytes:int}`, is checked to be one of Glue's types and otherwise
//! ignored: captures are text, and a table casts them to its column types.
//!
//! The expression and custom patterns are Java regex syntax, translated as
//! for the RegexSerDe. Matching is a search, as in Logstash and the Java
//! grok library the Glue SerDe builds on: the first (leftmost) match counts
//! and text around it is ignored; anchor with `^...$` to demand the whole
//! line. A name captured more than once (in alternatives) takes the first
//! group that took part in the match.

use std::collections::HashMap;

use regex::{CaptureLocations, Regex, RegexBuilder};

use super::Span;
use super::grok_patterns::standard;
use super::regex_serde::translate_as;

/// Why a grok expression or custom pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrokError(String);

impl std::fmt::Display for GrokError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GrokError {}

/// The types Glue accepts as the third part of `%{SYNTAX:SEMANTIC:type}`.
const TYPES: &[&str] = &[
    "byte", "boolean", "double", "short", "int", "long", "float", "string",
];

/// Expansion past this size means patterns referring to each other
/// exponentially, not a log format.
const MAX_REGEX_LEN: usize = 1 << 20;

/// A compiled grok expression.
#[derive(Debug)]
pub struct Grok {
    regex: Regex,
    names: Vec<String>,
    /// `(regex group index, index into names)`, in group order.
    slots: Vec<(usize, usize)>,
}

impl Grok {
    /// Compiles `expression` with `custom` patterns (`NAME regex` lines, as
    /// Athena's `input.grokCustomPatterns`); `subject` names the expression
    /// in errors (`input.format`, `grok pattern`).
    pub fn new(expression: &str, custom: &str, subject: &str) -> Result<Self, GrokError> {
        let custom = parse_custom(custom)?;
        let mut compiler = Compiler {
            custom: &custom,
            subject,
            out: String::with_capacity(expression.len() * 4),
            names: Vec::new(),
            groups: Vec::new(),
            stack: Vec::new(),
        };
        compiler.expand(expression, Source::Expression)?;
        let regex = RegexBuilder::new(&compiler.out)
            .size_limit(64 << 20)
            .dfa_size_limit(16 << 20)
            .build()
            .map_err(|e| GrokError(format!("{subject} does not compile: {e}")))?;
        let slots = regex
            .capture_names()
            .enumerate()
            .filter_map(|(group, name)| {
                let k: usize = name?.strip_prefix('q')?.parse().ok()?;
                Some((group, *compiler.groups.get(k)?))
            })
            .collect();
        Ok(Self {
            regex,
            names: compiler.names,
            slots,
        })
    }

    /// The capture names, in order of first appearance.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Scratch space for [`Grok::captures`], one per reader.
    pub fn locations(&self) -> CaptureLocations {
        self.regex.capture_locations()
    }

    /// Searches `line`; on a match fills `out` (one span per name) and
    /// returns true.
    pub fn captures(&self, line: &str, locs: &mut CaptureLocations, out: &mut [Span]) -> bool {
        out.iter_mut().for_each(|s| *s = None);
        if self.regex.captures_read(locs, line).is_none() {
            return false;
        }
        for &(group, name) in &self.slots {
            if let Some(slot) = out.get_mut(name)
                && slot.is_none()
            {
                *slot = locs.get(group).map(|(s, e)| s..e);
            }
        }
        true
    }
}

/// Reads `NAME regex` lines; blank lines and `#` comments are skipped.
fn parse_custom(text: &str) -> Result<HashMap<String, String>, GrokError> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim_start().trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, regex) = line
            .split_once(|c: char| c.is_whitespace())
            .map(|(n, r)| (n, r.trim_start()))
            .unwrap_or((line, ""));
        if !is_pattern_name(name) || regex.is_empty() {
            return Err(GrokError(format!(
                "input.grokCustomPatterns: '{line}' is not a 'NAME regex' definition \
                 (NAME of letters, digits and '_', then a space and the regex; \
                 separate definitions with '\\n')"
            )));
        }
        out.insert(name.to_string(), regex.to_string());
    }
    Ok(out)
}

fn is_pattern_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Where a piece of regex text comes from: the user's (Java syntax) or the
/// standard library's (Rust syntax already).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source<'a> {
    Expression,
    Custom(&'a str),
    Standard,
}

struct Compiler<'a> {
    custom: &'a HashMap<String, String>,
    subject: &'a str,
    out: String,
    names: Vec<String>,
    /// For each capturing group `q{k}` written, its index into `names`.
    groups: Vec<usize>,
    /// The patterns being expanded, outermost first, to report cycles.
    stack: Vec<String>,
}

impl Compiler<'_> {
    fn expand(&mut self, text: &str, source: Source<'_>) -> Result<(), GrokError> {
        let mut rest = text;
        while let Some(start) = rest.find("%{") {
            self.literal(&rest[..start], source)?;
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                return Err(self.error(source, &format!("'%{{{after}' is not closed by '}}'")));
            };
            self.reference(&after[..end], source)?;
            rest = &after[end + 1..];
        }
        self.literal(rest, source)?;
        if self.out.len() > MAX_REGEX_LEN {
            return Err(self.error(
                source,
                "expands to more than 1 MiB of regex; patterns refer to each other too often",
            ));
        }
        Ok(())
    }

    /// Writes regex text between references.
    fn literal(&mut self, text: &str, source: Source<'_>) -> Result<(), GrokError> {
        if text.is_empty() {
            return Ok(());
        }
        if source == Source::Standard {
            // The library's `\b` is meant as Java's: ASCII words.
            self.out.push_str(&text.replace(r"\b", r"(?-u:\b)"));
            return Ok(());
        }
        let subject = match source {
            Source::Custom(name) => format!("input.grokCustomPatterns pattern {name}"),
            _ => self.subject.to_string(),
        };
        let rust = translate_as(text, &subject).map_err(|e| GrokError(e.to_string()))?;
        self.rename_groups(&rust);
        Ok(())
    }

    /// Copies translated regex text, turning each named group the user
    /// wrote into one of ours (group names must be unique in the regex,
    /// capture names need not be).
    fn rename_groups(&mut self, rust: &str) {
        let mut chars = rust.char_indices().peekable();
        let mut class_depth = 0usize;
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    self.out.push(c);
                    if let Some((_, n)) = chars.next() {
                        self.out.push(n);
                    }
                    continue;
                }
                '[' => class_depth += 1,
                ']' if class_depth > 0 => class_depth -= 1,
                '(' if class_depth == 0 => {
                    let tail = &rust[i..];
                    let open = ["(?P<", "(?<"].iter().find(|o| tail.starts_with(**o));
                    if let Some(open) = open
                        && let Some(close) = tail[open.len()..].find('>')
                    {
                        let name = tail[open.len()..open.len() + close].to_string();
                        self.open_capture(&name);
                        let skip = tail[..open.len() + close + 1].chars().count() - 1;
                        for _ in 0..skip {
                            chars.next();
                        }
                        continue;
                    }
                }
                _ => {}
            }
            self.out.push(c);
        }
    }

    /// Writes `(?P<q{k}>` for a capture named `name`.
    fn open_capture(&mut self, name: &str) {
        let index = match self.names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.names.push(name.to_string());
                self.names.len() - 1
            }
        };
        self.out.push_str(&format!("(?P<q{}>", self.groups.len()));
        self.groups.push(index);
    }

    /// Expands `%{body}`.
    fn reference(&mut self, body: &str, source: Source<'_>) -> Result<(), GrokError> {
        let mut parts = body.splitn(3, ':');
        let syntax = parts.next().unwrap_or_default();
        let semantic = parts.next();
        if let Some(ty) = parts.next()
            && !TYPES.contains(&ty.to_ascii_lowercase().as_str())
        {
            return Err(self.error(
                source,
                &format!(
                    "%{{{body}}} has type '{ty}'; the types are {}",
                    TYPES.join(", ")
                ),
            ));
        }
        if !is_pattern_name(syntax) {
            return Err(self.error(
                source,
                &format!("%{{{body}}}: '{syntax}' is not a pattern name (letters, digits, '_')"),
            ));
        }
        if semantic.is_some_and(str::is_empty) {
            return Err(self.error(source, &format!("%{{{body}}} has an empty field name")));
        }
        if self.stack.iter().any(|s| s == syntax) {
            let cycle = self.stack.join(" -> ");
            return Err(GrokError(format!(
                "grok pattern {syntax} refers to itself ({cycle} -> {syntax}); \
                 a pattern cannot contain itself"
            )));
        }
        let custom = self.custom;
        let (text, inner) = if let Some(custom) = custom.get(syntax) {
            (custom.as_str(), Source::Custom(syntax))
        } else if let Some(text) = standard(syntax) {
            (text, Source::Standard)
        } else {
            return Err(self.error(
                source,
                &format!(
                    "unknown grok pattern {syntax} in %{{{body}}}; define it in \
                     input.grokCustomPatterns (for the grok function, write its regex \
                     inline) or use a standard pattern"
                ),
            ));
        };
        let capture = semantic.or((source == Source::Expression).then_some(syntax));
        match capture {
            Some(name) => self.open_capture(name),
            None => self.out.push_str("(?:"),
        }
        self.stack.push(syntax.to_string());
        self.expand(text, inner)?;
        self.stack.pop();
        self.out.push(')');
        Ok(())
    }

    fn error(&self, source: Source<'_>, what: &str) -> GrokError {
        GrokError(match source {
            Source::Expression => format!("{}: {what}", self.subject),
            Source::Custom(name) => format!("input.grokCustomPatterns pattern {name}: {what}"),
            Source::Standard => format!("standard grok pattern: {what}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The captures of `expression` over `line`, by name; `None` when the
    /// line does not match.
    fn grok(expression: &str, custom: &str, line: &str) -> Option<Vec<(String, Option<String>)>> {
        let g = Grok::new(expression, custom, "test").unwrap();
        let mut out = vec![None; g.names().len()];
        let mut locs = g.locations();
        g.captures(line, &mut locs, &mut out).then(|| {
            g.names()
                .iter()
                .zip(out)
                .map(|(n, s)| (n.clone(), s.map(|r| line[r].to_string())))
                .collect()
        })
    }

    fn field(rows: &[(String, Option<String>)], name: &str) -> Option<String> {
        rows.iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.clone())
    }

    fn error(expression: &str, custom: &str) -> String {
        Grok::new(expression, custom, "input.format")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn references_expand_and_named_ones_capture() {
        let r = grok("%{WORD:verb} %{INT:n}", "", "GET 42").unwrap();
        assert_eq!(
            r,
            [
                ("verb".to_string(), Some("GET".to_string())),
                ("n".to_string(), Some("42".to_string()))
            ]
        );
        // A search: text around the match is ignored, unless anchored.
        assert_eq!(
            field(&grok("%{INT:n}", "", "id=17;").unwrap(), "n").as_deref(),
            Some("17")
        );
        assert!(grok("^%{INT:n}$", "", "id=17;").is_none());
        assert!(grok("%{INT:n}", "", "none here").is_none());
    }

    #[test]
    fn top_level_unnamed_references_capture_under_their_name() {
        let g = Grok::new("%{SYSLOGBASE} %{GREEDYDATA:msg}", "", "t").unwrap();
        // SYSLOGFACILITY is unnamed inside SYSLOGBASE: only its named parts.
        assert_eq!(
            g.names(),
            [
                "SYSLOGBASE",
                "timestamp",
                "facility",
                "priority",
                "logsource",
                "program",
                "pid",
                "msg"
            ]
        );
    }

    #[test]
    fn custom_patterns_refer_to_others_and_override_standard_ones() {
        let custom = "# comment\nKEY [a-z]+\n\nPAIR %{KEY:k}=%{VALUE:v}\nVALUE %{INT}\nINT x+";
        let r = grok("%{PAIR}", custom, "abc=xx").unwrap();
        assert_eq!(field(&r, "k").as_deref(), Some("abc"));
        assert_eq!(field(&r, "v").as_deref(), Some("xx"));
        assert!(error("%{A}", "A").contains("'A' is not a 'NAME regex' definition"));
        assert!(error("%{A}", "A-B x").contains("not a 'NAME regex'"));
    }

    #[test]
    fn cycles_and_unknown_names_are_errors_naming_the_pattern() {
        let err = error("%{A:a}", "A x%{B}\nB y%{A}");
        assert!(
            err.contains("grok pattern A refers to itself (A -> B -> A)"),
            "{err}"
        );
        let err = error("%{SELF}", "SELF %{SELF}+");
        assert!(err.contains("SELF refers to itself"), "{err}");
        let err = error("%{WORD:w} %{NOSUCH:x}", "");
        assert!(
            err.contains("input.format: unknown grok pattern NOSUCH"),
            "{err}"
        );
        let err = error("%{A}", "A %{MISSING}");
        assert!(
            err.contains("pattern A: unknown grok pattern MISSING"),
            "{err}"
        );
        assert!(error("%{WORD", "").contains("not closed"));
        assert!(error("%{WO-RD:x}", "").contains("not a pattern name"));
        assert!(error("%{WORD:}", "").contains("empty field name"));
    }

    #[test]
    fn types_are_checked_and_ignored() {
        let r = grok("%{NUMBER:bytes:int} %{NUMBER:t:FLOAT}", "", "12 0.5").unwrap();
        assert_eq!(field(&r, "bytes").as_deref(), Some("12"));
        assert!(error("%{NUMBER:bytes:integer}", "").contains("has type 'integer'"));
    }

    #[test]
    fn a_name_captured_twice_takes_the_group_that_matched() {
        let g = Grok::new("^(?:%{INT:v}|%{WORD:v})$", "", "t").unwrap();
        assert_eq!(g.names(), ["v"]);
        assert_eq!(
            field(&grok("^(?:%{INT:v}|%{WORD:v})$", "", "abc").unwrap(), "v").as_deref(),
            Some("abc")
        );
    }

    #[test]
    fn java_syntax_and_user_named_groups() {
        let r = grok(r"(?<id>\d++)-%{WORD:w}\s*+\Q[x]\E", "", "12-ab [x]").unwrap();
        assert_eq!(field(&r, "id").as_deref(), Some("12"));
        assert_eq!(field(&r, "w").as_deref(), Some("ab"));
        let err = error(r"%{WORD:w}(?=x)", "");
        assert!(err.contains("input.format uses lookahead"), "{err}");
        let err = error("%{A}", r"A (a)\1");
        assert!(
            err.contains("input.grokCustomPatterns pattern A uses the backreference"),
            "{err}"
        );
    }

    #[test]
    fn exponential_expansion_is_refused() {
        let custom: String = (0..24)
            .map(|i| format!("P{i} %{{P{}}}%{{P{}}}\n", i + 1, i + 1))
            .chain(std::iter::once("P24 x".to_string()))
            .collect();
        assert!(error("%{P0}", &custom).contains("more than 1 MiB"));
    }
}
