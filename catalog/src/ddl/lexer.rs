//! Tokens of Athena (Hive) DDL, with their byte offsets so that column types
//! can be taken from the text exactly as written.

use crate::error::CatalogError;

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A bare word (keyword or name), as written.
    Word(String),
    /// A quoted name: `` `name` `` or `"name"`.
    Quoted(String),
    /// A string literal `'...'`, unescaped.
    Str(String),
    /// Any other single character: `( ) , < > : . = ;`.
    Punct(char),
}

/// A token and where it starts and ends in the statement.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// Splits `sql` into tokens, skipping whitespace and `--` / `/* */` comments.
pub(crate) fn tokenize(sql: &str) -> Result<Vec<Token>, CatalogError> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && bytes.get(i + 1) == Some(&b'-') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            match sql[i + 2..].find("*/") {
                Some(n) => i += n + 4,
                None => return Err(bad(sql, i, "unterminated /* comment")),
            }
        } else if c == b'\'' {
            let (text, end) = quoted(sql, i, '\'', true)?;
            out.push(Token {
                tok: Tok::Str(text),
                start: i,
                end,
            });
            i = end;
        } else if c == b'`' || c == b'"' {
            let (text, end) = quoted(sql, i, c as char, false)?;
            out.push(Token {
                tok: Tok::Quoted(text),
                start: i,
                end,
            });
            i = end;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'_'
                    || bytes[i] == b'$'
                    || bytes[i] >= 0x80)
            {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Word(sql[start..i].to_string()),
                start,
                end: i,
            });
        } else {
            let ch = sql[i..].chars().next().unwrap_or(' ');
            out.push(Token {
                tok: Tok::Punct(ch),
                start: i,
                end: i + ch.len_utf8(),
            });
            i += ch.len_utf8();
        }
    }
    Ok(out)
}

/// Reads a quoted run starting at `start`; doubled quotes stand for one,
/// and in string literals Hive's backslash escapes are honoured.
fn quoted(
    sql: &str,
    start: usize,
    quote: char,
    escapes: bool,
) -> Result<(String, usize), CatalogError> {
    let mut out = String::new();
    let mut chars = sql[start + 1..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let at = start + 1 + off;
        if c == quote {
            if chars.peek().map(|(_, n)| *n) == Some(quote) {
                out.push(quote);
                chars.next();
                continue;
            }
            return Ok((out, at + 1));
        }
        if escapes && c == '\\' {
            match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '0')) => out.push('\0'),
                // Hive writes a backslash before a quote, a backslash, and
                // before regex escapes it does not interpret: keep those.
                Some((_, '\'')) => out.push('\''),
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => break,
            }
            continue;
        }
        out.push(c);
    }
    Err(bad(sql, start, &format!("unterminated {quote}...{quote}")))
}

fn bad(sql: &str, at: usize, what: &str) -> CatalogError {
    let (line, column) = line_col(sql, at);
    CatalogError::Syntax {
        message: format!("{what} at line {line}, column {column}"),
    }
}

/// 1-based line and column of byte offset `at`.
pub(crate) fn line_col(sql: &str, at: usize) -> (usize, usize) {
    let before = &sql[..at.min(sql.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(sql: &str) -> Vec<Tok> {
        tokenize(sql).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn words_strings_names_and_punctuation() {
        assert_eq!(
            toks("CREATE `my tbl` (\"a\" int) -- note\n LOCATION 's3://b/it''s/' /* x */;"),
            vec![
                Tok::Word("CREATE".into()),
                Tok::Quoted("my tbl".into()),
                Tok::Punct('('),
                Tok::Quoted("a".into()),
                Tok::Word("int".into()),
                Tok::Punct(')'),
                Tok::Word("LOCATION".into()),
                Tok::Str("s3://b/it's/".into()),
                Tok::Punct(';'),
            ]
        );
    }

    #[test]
    fn hive_escapes_in_strings() {
        assert_eq!(
            toks(r"'\t' '\\' '\'' '([^ ]*) \d+'"),
            vec![
                Tok::Str("\t".into()),
                Tok::Str("\\".into()),
                Tok::Str("'".into()),
                Tok::Str(r"([^ ]*) \d+".into()),
            ]
        );
    }

    #[test]
    fn unterminated_string_says_where() {
        let err = tokenize("CREATE\n  TABLE t LOCATION 's3://x")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2, column 20"), "{err}");
    }
}
