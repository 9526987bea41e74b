//! `\d table`: a table's columns and types.

use super::Result;
use crate::shell::{Control, Shell};

/// Describes `table` with DataFusion's `DESCRIBE`; with no table, lists
/// the tables as `\dt` does.
pub async fn run(shell: &mut Shell, table: &str) -> Result {
    if table.is_empty() {
        return super::tables::run(shell, "");
    }
    shell.run_sql(&format!("DESCRIBE {table}")).await;
    Ok(Control::Continue)
}
