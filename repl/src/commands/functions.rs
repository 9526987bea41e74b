//! `\df [pattern]`: functions with their one-line description, from the
//! engine's function list (the same source as `SHOW FUNCTIONS`), never
//! written twice.

use super::{Result, glob_match, print_rows};
use crate::shell::Shell;

/// Lists functions matching `pattern` (a bare word matches as a prefix).
pub fn run(shell: &mut Shell, pattern: &str) -> Result {
    let pattern = if pattern.is_empty() {
        "*".to_string()
    } else if pattern.contains(['*', '?']) {
        pattern.to_string()
    } else {
        format!("{pattern}*")
    };
    let rows: Vec<Vec<String>> = shell
        .engine()
        .functions()
        .into_iter()
        .filter(|f| glob_match(&pattern, &f.name))
        .map(|f| {
            vec![
                f.name.clone(),
                f.kind.as_str().to_string(),
                f.syntax().to_string(),
                f.summary().to_string(),
            ]
        })
        .collect();
    print_rows(shell, &["function", "kind", "syntax", "description"], rows)
}
