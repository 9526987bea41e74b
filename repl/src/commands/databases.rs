//! `\l`: the databases.

use super::{Result, print_rows};
use crate::names::Names;
use crate::shell::Shell;

/// Lists the databases, with how many tables each holds.
pub fn run(shell: &mut Shell) -> Result {
    let names = Names::load(shell.engine());
    let rows = names
        .databases
        .iter()
        .map(|db| {
            let count = names.tables.iter().filter(|(d, _)| d == db).count();
            let current = if *db == names.current_database {
                "*"
            } else {
                ""
            };
            vec![db.clone(), count.to_string(), current.to_string()]
        })
        .collect();
    print_rows(shell, &["database", "tables", "current"], rows)
}
