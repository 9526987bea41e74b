//! `\o [file]`: where results go.

use std::path::PathBuf;

use super::Result;
use crate::args::Format;
use crate::shell::{Control, Shell};

/// Sends results to `file`, or back to the screen with no argument.
pub fn run(shell: &mut Shell, file: &str) -> Result {
    if file.is_empty() {
        shell.set_output(None).map_err(|e| e.to_string())?;
        if shell.settings.format.is_binary() {
            shell.settings.format = Format::Table;
            shell.message("Results go to the screen again, as a table.");
        } else {
            shell.message("Results go to the screen again.");
        }
        return Ok(Control::Continue);
    }
    let path = PathBuf::from(crate::commands::include::expand_home(file));
    shell
        .set_output(Some(path.clone()))
        .map_err(|e| format!("cannot write to {}: {e}", path.display()))?;
    shell.message(&format!("Results go to {}.", path.display()));
    Ok(Control::Continue)
}
