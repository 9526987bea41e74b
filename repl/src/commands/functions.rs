//! `\df [pattern]`: functions with their one-line description, taken from
//! each function's own `documentation()`, never written twice.

use datafusion::logical_expr::Documentation;

use super::{Result, glob_match, print_rows};
use crate::shell::Shell;

/// The first sentence-line of a function's description.
fn one_line(doc: Option<&Documentation>) -> (String, String) {
    match doc {
        Some(d) => (
            d.description
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string(),
            d.syntax_example.clone(),
        ),
        None => (String::new(), String::new()),
    }
}

/// Lists functions matching `pattern` (a bare word matches as a prefix).
pub fn run(shell: &mut Shell, pattern: &str) -> Result {
    let pattern = if pattern.is_empty() {
        "*".to_string()
    } else if pattern.contains(['*', '?']) {
        pattern.to_string()
    } else {
        format!("{pattern}*")
    };
    let state = shell.engine().session().state();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (name, f) in state.scalar_functions() {
        let (desc, syntax) = one_line(f.documentation());
        rows.push(vec![name.clone(), "scalar".into(), syntax, desc]);
    }
    for (name, f) in state.aggregate_functions() {
        let (desc, syntax) = one_line(f.documentation());
        rows.push(vec![name.clone(), "aggregate".into(), syntax, desc]);
    }
    for (name, f) in state.window_functions() {
        let (desc, syntax) = one_line(f.documentation());
        rows.push(vec![name.clone(), "window".into(), syntax, desc]);
    }
    rows.retain(|r| glob_match(&pattern, &r[0]));
    rows.sort();
    rows.dedup_by(|a, b| a[0] == b[0]);
    print_rows(shell, &["function", "kind", "syntax", "description"], rows)
}
