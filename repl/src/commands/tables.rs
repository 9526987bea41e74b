//! `\dt [pattern]`: the tables, optionally those matching a glob.

use super::{Result, glob_match, print_rows};
use crate::names::Names;
use crate::shell::Shell;

/// Lists tables (and views) whose name, or `db.name`, matches `pattern`.
pub fn run(shell: &mut Shell, pattern: &str) -> Result {
    let names = Names::load(shell.engine());
    let rows = names
        .tables
        .iter()
        .filter(|(db, table)| {
            pattern.is_empty()
                || glob_match(pattern, table)
                || glob_match(pattern, &format!("{db}.{table}"))
        })
        .map(|(db, table)| vec![db.clone(), table.clone()])
        .collect();
    print_rows(shell, &["database", "table"], rows)
}
