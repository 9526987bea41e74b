//! `\explain statement`: the plan, without running the statement.

use super::Result;
use crate::shell::{Control, Shell};

/// Shows the logical and physical plans of `statement`.
pub async fn run(shell: &mut Shell, statement: &str) -> Result {
    if statement.is_empty() {
        return Err(
            "\\explain needs a statement, e.g. \\explain SELECT count(*) FROM vpcflow".into(),
        );
    }
    shell.run_sql(&format!("EXPLAIN {statement}")).await;
    Ok(Control::Continue)
}
