//! Error messages people can act on: where a syntax error is, and which
//! existing name a misspelt table or column was probably meant to be.

use quarry_engine::{Engine, Error};

use crate::names::{Names, closest};

/// The message for `error`, raised by `sql`. With `caret`, a syntax error
/// is followed by the line it is on and a `^` under the position (for a
/// person at a terminal; scripts keep errors to one line).
pub async fn explain(engine: &Engine, sql: &str, error: &Error, caret: bool) -> String {
    let mut text = format!("error: {error}");
    match error {
        Error::Syntax { message, .. } => {
            if caret && let Some((line, column)) = position(message) {
                text.push_str(&caret_lines(sql, line, column));
            }
        }
        Error::Plan { message, .. } => {
            if let Some(hint) = suggestion(engine, message).await {
                text.push_str(&format!(" (did you mean {hint}?)"));
            }
        }
        Error::ScanLimit { .. } => {
            text.push_str(" — \\set max_bytes_scanned 10G changes the limit");
        }
        _ => {}
    }
    text
}

/// The line and column sqlparser puts at the end of its messages
/// (`... at Line: 2, Column: 7`).
pub fn position(message: &str) -> Option<(usize, usize)> {
    let at = message.rfind("Line: ")?;
    let rest = &message[at + "Line: ".len()..];
    let (line, rest) = rest.split_once(", Column: ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// The statement's `line` with a caret under `column` (both from 1).
pub fn caret_lines(sql: &str, line: usize, column: usize) -> String {
    let Some(text) = sql.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let pad: String = text
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("\n  {text}\n  {pad}^")
}

/// A closer name for an unknown table or column, quoted, if there is one.
async fn suggestion(engine: &Engine, message: &str) -> Option<String> {
    if message.contains("Did you mean") {
        return None;
    }
    if let Some(rest) = message.strip_prefix("table '")
        && let Some((name, _)) = rest.split_once("' not found")
    {
        let names = Names::load(engine);
        let wanted = name.rsplit('.').next().unwrap_or(name);
        let typed = names.typed_tables();
        // Compare bare names, answer as the user would type them.
        let bare: Vec<&str> = names.tables.iter().map(|(_, t)| t.as_str()).collect();
        let best = closest(wanted, bare.iter().copied())?;
        let index = bare.iter().position(|t| *t == best)?;
        return Some(format!("'{}'", typed[index]));
    }
    if let Some(rest) = message.strip_prefix("No field named ") {
        let (field, rest) = rest.split_once('.')?;
        let field = field.trim_matches('"');
        let fields = rest
            .split_once("Valid fields are ")?
            .1
            .trim_end_matches('.');
        let valid: Vec<&str> = fields
            .split(", ")
            .map(|f| f.rsplit('.').next().unwrap_or(f).trim_matches('"'))
            .collect();
        return closest(field, valid).map(|c| format!("'{c}'"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlparser_positions_are_found() {
        assert_eq!(
            position("Expected: an SQL statement, found: SELEC at Line: 1, Column: 1"),
            Some((1, 1))
        );
        assert_eq!(position("found: x at Line: 3, Column: 12"), Some((3, 12)));
        assert_eq!(position("no position"), None);
    }

    #[test]
    fn caret_sits_under_the_column() {
        let sql = "SELECT a,\n  FROM t";
        assert_eq!(caret_lines(sql, 2, 3), "\n    FROM t\n    ^");
        assert_eq!(caret_lines(sql, 9, 1), "");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn misspelt_tables_and_columns_get_a_suggestion() {
        let engine = Engine::builder().demo(true).build().await.expect("engine");
        let explain_of = |sql: &'static str| {
            let engine = engine.clone();
            async move {
                let error = match engine.sql(sql).await {
                    Ok(q) => q.collect().await.err(),
                    Err(e) => Some(e),
                }
                .expect("the statement fails");
                explain(&engine, sql, &error, true).await
            }
        };
        let text = explain_of("SELECT * FROM vpcflw").await;
        assert!(text.contains("did you mean 'vpcflow'?"), "{text}");
        let text = explain_of("SELECT srcadr FROM vpcflow").await;
        assert!(text.contains("srcaddr'?"), "{text}");
        let text = explain_of("SELEC 1").await;
        assert!(text.ends_with("\n  SELEC 1\n  ^"), "{text}");
        let text = explain_of("SELECT * FROM zzzzzzzz").await;
        assert!(!text.contains("did you mean"), "{text}");
    }
}
