//! Splitting SQL text into statements.

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement, trimmed, without its `;`.
    pub sql: String,
    /// The 1-based line of the script its first character is on.
    pub line: usize,
}

/// Splits `text` into statements at each `;` that is outside quotes and
/// comments. Returns each statement without its `;`, trimmed, and skips empty
/// ones. The text after the last `;` is returned as well (a script need not
/// end with `;`).
///
/// Knows `'...'` strings (with `''` inside), `"..."` and `` `...` ``
/// identifiers, `--` line comments and `/* ... */` block comments.
pub fn split_statements(text: &str) -> Vec<Statement> {
    let (mut out, rest) = split_complete(text);
    let rest_start = text.len() - rest.len();
    if !is_blank(&rest) {
        out.push(statement(text, rest_start, text.len()));
    }
    out
}

fn statement(text: &str, start: usize, end: usize) -> Statement {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let line = 1 + text[..start + lead].matches('\n').count();
    Statement {
        sql: raw.trim().to_string(),
        line,
    }
}

/// Splits off the statements that are ended by `;` and returns them with
/// the unfinished text after the last one (for a REPL that waits for `;`).
pub fn split_complete(text: &str) -> (Vec<Statement>, String) {
    let mut statements = Vec::new();
    let mut start = 0;
    let mut state = State::Code;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        match state {
            State::Code => match c {
                b'\'' => state = State::Quoted(b'\''),
                b'"' => state = State::Quoted(b'"'),
                b'`' => state = State::Quoted(b'`'),
                b'-' if next == Some(b'-') => state = State::LineComment,
                b'/' if next == Some(b'*') => {
                    state = State::BlockComment;
                    i += 1;
                }
                b';' => {
                    if !is_blank(&text[start..i]) {
                        statements.push(statement(text, start, i));
                    }
                    start = i + 1;
                }
                _ => {}
            },
            State::Quoted(q) => {
                if c == q {
                    if next == Some(q) {
                        i += 1; // a doubled quote stands for itself
                    } else {
                        state = State::Code;
                    }
                }
            }
            State::LineComment => {
                if c == b'\n' {
                    state = State::Code;
                }
            }
            State::BlockComment => {
                if c == b'*' && next == Some(b'/') {
                    state = State::Code;
                    i += 1;
                }
            }
        }
        i += 1;
    }
    (statements, text[start..].to_string())
}

#[derive(Clone, Copy)]
enum State {
    Code,
    Quoted(u8),
    LineComment,
    BlockComment,
}

/// True when `text` holds only whitespace and comments.
pub fn is_blank(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if rest.is_empty() {
            return true;
        }
        if let Some(after) = rest.strip_prefix("--") {
            match after.find('\n') {
                Some(n) => rest = after[n + 1..].trim_start(),
                None => return true,
            }
        } else if let Some(after) = rest.strip_prefix("/*") {
            match after.find("*/") {
                Some(n) => rest = after[n + 2..].trim_start(),
                None => return true,
            }
        } else {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqls(text: &str) -> Vec<String> {
        split_statements(text).into_iter().map(|s| s.sql).collect()
    }

    #[test]
    fn splits_at_semicolons_outside_quotes_and_comments() {
        let sql = "SELECT 'a;b' AS \"x;y\"; -- c;d\nSELECT 2 /* e;f */ ; SELECT `g;h`";
        assert_eq!(
            sqls(sql),
            vec![
                "SELECT 'a;b' AS \"x;y\"",
                "-- c;d\nSELECT 2 /* e;f */",
                "SELECT `g;h`"
            ]
        );
    }

    #[test]
    fn doubled_quotes_stay_inside_the_string() {
        assert_eq!(
            sqls("SELECT 'it''s; fine'; SELECT 1"),
            vec!["SELECT 'it''s; fine'", "SELECT 1"]
        );
    }

    #[test]
    fn empty_statements_and_comment_tails_are_dropped() {
        assert_eq!(sqls(";;\n  ; -- bye"), Vec::<String>::new());
        assert_eq!(sqls("SELECT 1;\n-- done\n"), vec!["SELECT 1"]);
    }

    #[test]
    fn unfinished_text_is_kept_for_the_repl() {
        let (done, rest) = split_complete("SELECT 1; SELECT\n  2");
        assert_eq!(done[0].sql, "SELECT 1");
        assert_eq!(rest, " SELECT\n  2");
        let (done, rest) = split_complete("SELECT ';");
        assert!(done.is_empty());
        assert_eq!(rest, "SELECT ';");
    }

    #[test]
    fn statements_know_their_line() {
        let got = split_statements("-- header\nSELECT 1;\n\n  SELECT\n 2;SELECT 3");
        let lines: Vec<usize> = got.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![1, 4, 5]);
        assert_eq!(got[0].sql, "-- header\nSELECT 1");
    }

    #[test]
    fn multibyte_text_is_split_on_char_boundaries() {
        assert_eq!(
            sqls("SELECT 'é;ü' ; SELECT '日本'"),
            vec!["SELECT 'é;ü'", "SELECT '日本'"]
        );
    }
}
