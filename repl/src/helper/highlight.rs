//! Colouring keywords, strings, numbers and comments, and the bracket that
//! matches the one at the cursor. Colours never change the text's width.

use super::keywords::is_keyword;

/// What a run of the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A keyword or a name.
    Word,
    /// A number literal.
    Number,
    /// A `'...'` string, possibly unfinished.
    String,
    /// A `"..."` or `` `...` `` identifier.
    Quoted,
    /// `-- ...` or `/* ... */`.
    Comment,
    /// Anything else (operators, brackets, spaces).
    Other,
}

/// A token: its kind and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Splits `text` into tokens; every byte belongs to one.
pub fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map(|(b, _)| *b).unwrap_or(text.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let next = chars.get(i + 1).map(|(_, c)| *c);
        let (kind, j) = if c == '\'' || c == '"' || c == '`' {
            let mut j = i + 1;
            while j < chars.len() {
                if chars[j].1 == c {
                    if chars.get(j + 1).map(|(_, d)| *d) == Some(c) {
                        j += 2;
                        continue;
                    }
                    j += 1;
                    break;
                }
                j += 1;
            }
            (
                if c == '\'' {
                    Kind::String
                } else {
                    Kind::Quoted
                },
                j,
            )
        } else if c == '-' && next == Some('-') {
            let mut j = i;
            while j < chars.len() && chars[j].1 != '\n' {
                j += 1;
            }
            (Kind::Comment, j)
        } else if c == '/' && next == Some('*') {
            let mut j = i + 2;
            while j < chars.len()
                && !(chars[j].1 == '*' && chars.get(j + 1).map(|(_, d)| *d) == Some('/'))
            {
                j += 1;
            }
            (Kind::Comment, (j + 2).min(chars.len()))
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_ascii_alphanumeric() || chars[j].1 == '.') {
                j += 1;
            }
            (Kind::Number, j)
        } else if c.is_alphanumeric() || c == '_' {
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_alphanumeric() || chars[j].1 == '_') {
                j += 1;
            }
            (Kind::Word, j)
        } else {
            (Kind::Other, i + 1)
        };
        out.push(Token {
            kind,
            start,
            end: end_of(j),
        });
        i = j;
    }
    out
}

const KEYWORD: &str = "\x1b[1;34m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[33m";
const COMMENT: &str = "\x1b[90m";
const BRACKET: &str = "\x1b[1;7m";
const RESET: &str = "\x1b[0m";

/// The byte positions of the bracket at (or just before) `pos` and the one
/// matching it, ignoring brackets inside strings and comments.
pub fn matching_bracket(line: &str, pos: usize) -> Option<(usize, usize)> {
    let toks = tokens(line);
    let brackets: Vec<(usize, u8)> = toks
        .iter()
        .filter(|t| t.kind == Kind::Other)
        .filter_map(|t| {
            let b = line.as_bytes()[t.start];
            matches!(b, b'(' | b')' | b'[' | b']' | b'{' | b'}').then_some((t.start, b))
        })
        .collect();
    let here = brackets
        .iter()
        .position(|(p, _)| *p == pos)
        .or_else(|| brackets.iter().position(|(p, _)| pos > 0 && *p == pos - 1))?;
    let (at, b) = brackets[here];
    let (open, close) = match b {
        b'(' | b')' => (b'(', b')'),
        b'[' | b']' => (b'[', b']'),
        _ => (b'{', b'}'),
    };
    let mut depth = 0i32;
    if b == open {
        for &(p, c) in &brackets[here..] {
            depth += i32::from(c == open) - i32::from(c == close);
            if depth == 0 {
                return Some((at, p));
            }
        }
    } else {
        for &(p, c) in brackets[..=here].iter().rev() {
            depth += i32::from(c == close) - i32::from(c == open);
            if depth == 0 {
                return Some((at, p));
            }
        }
    }
    None
}

/// `line` with ANSI colours, the bracket pair at `pos` marked.
pub fn highlight(line: &str, pos: usize) -> String {
    let pair = matching_bracket(line, pos);
    let mut out = String::with_capacity(line.len() * 2);
    for t in tokens(line) {
        let text = &line[t.start..t.end];
        let color = match t.kind {
            Kind::Word if is_keyword(text) => Some(KEYWORD),
            Kind::String => Some(STRING),
            Kind::Number => Some(NUMBER),
            Kind::Comment => Some(COMMENT),
            Kind::Other if pair.is_some_and(|(a, b)| t.start == a || t.start == b) => Some(BRACKET),
            _ => None,
        };
        match color {
            Some(c) => {
                out.push_str(c);
                out.push_str(text);
                out.push_str(RESET);
            }
            None => out.push_str(text),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokens(text)
            .into_iter()
            .filter(|t| !text[t.start..t.end].trim().is_empty())
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn tokens_know_strings_numbers_and_comments() {
        assert_eq!(
            kinds("SELECT 'it''s' AS \"x y\", 42 -- note"),
            vec![
                (Kind::Word, "SELECT"),
                (Kind::String, "'it''s'"),
                (Kind::Word, "AS"),
                (Kind::Quoted, "\"x y\""),
                (Kind::Other, ","),
                (Kind::Number, "42"),
                (Kind::Comment, "-- note"),
            ]
        );
        assert_eq!(kinds("'unfinished"), vec![(Kind::String, "'unfinished")]);
        assert_eq!(
            kinds("/* a */x"),
            vec![(Kind::Comment, "/* a */"), (Kind::Word, "x")]
        );
    }

    #[test]
    fn colours_keep_the_text() {
        let line = "select count(*) from t where s = 'a(b' and n > 10 -- c";
        let coloured = highlight(line, 0);
        let plain = coloured
            .split('\x1b')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    &part[part.find('m').map_or(0, |m| m + 1)..]
                }
            })
            .collect::<String>();
        assert_eq!(plain, line);
        assert!(coloured.contains(&format!("{KEYWORD}select{RESET}")));
        assert!(coloured.contains(&format!("{STRING}'a(b'{RESET}")));
        assert!(coloured.contains(&format!("{NUMBER}10{RESET}")));
        assert!(coloured.contains(&format!("{COMMENT}-- c{RESET}")));
        assert!(!coloured.contains(&format!("{KEYWORD}t{RESET}")));
    }

    #[test]
    fn brackets_match_across_nesting_and_skip_strings() {
        let line = "f(g(x), ')', [1])";
        assert_eq!(matching_bracket(line, 1), Some((1, 16)));
        assert_eq!(
            matching_bracket(line, 17),
            Some((16, 1)),
            "just after the )"
        );
        assert_eq!(matching_bracket(line, 3), Some((3, 5)));
        assert_eq!(matching_bracket(line, 13), Some((13, 15)));
        assert_eq!(matching_bracket(line, 9), None, "inside the string");
        assert_eq!(matching_bracket("(()", 0), None, "unclosed");
        let coloured = highlight("(a)", 0);
        assert_eq!(coloured, format!("{BRACKET}({RESET}a{BRACKET}){RESET}"));
    }
}
