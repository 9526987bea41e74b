//! `\?`: the list of meta-commands.

use super::{COMMANDS, Result};
use crate::shell::{Control, Shell};

/// Lists every meta-command with its arguments.
pub fn run(shell: &mut Shell) -> Result {
    let width = COMMANDS
        .iter()
        .map(|c| c.name.len() + 1 + c.args.len())
        .max()
        .unwrap_or(0);
    let mut text = String::from("Statements end with ';' and may span lines. Meta-commands:\n");
    for c in COMMANDS {
        let usage = format!("{} {}", c.name, c.args);
        text.push_str(&format!("  {usage:width$}  {}\n", c.help));
    }
    text.push_str("Ctrl-C cancels a running statement or clears the line; Ctrl-D quits.");
    shell.message(&text);
    Ok(Control::Continue)
}
