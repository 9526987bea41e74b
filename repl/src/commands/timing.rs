//! `\timing [on|off]`: the statistics line after each statement.

use super::{Result, toggle};
use crate::shell::{Control, Shell};

/// Turns the statistics line on or off (no argument: toggles it).
pub fn run(shell: &mut Shell, arg: &str) -> Result {
    shell.settings.stats = toggle(arg, shell.settings.stats)?;
    let state = if shell.settings.stats { "on" } else { "off" };
    shell.message(&format!("Statistics line is {state}."));
    Ok(Control::Continue)
}
