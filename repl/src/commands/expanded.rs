//! `\x [on|off]`: expanded display, one line per column.

use super::{Result, toggle};
use crate::shell::{Control, Shell};

/// Turns expanded display on or off (no argument: toggles it).
pub fn run(shell: &mut Shell, arg: &str) -> Result {
    shell.settings.expanded = toggle(arg, shell.settings.expanded)?;
    let state = if shell.settings.expanded { "on" } else { "off" };
    shell.message(&format!("Expanded display is {state}."));
    Ok(Control::Continue)
}
