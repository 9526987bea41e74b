//! `\format NAME`: the output format.

use super::Result;
use crate::args::Format;
use crate::shell::{Control, Output, Shell};

/// Sets the output format; with no argument, says which it is.
pub fn run(shell: &mut Shell, arg: &str) -> Result {
    if arg.is_empty() {
        let name = shell.settings.format.name();
        shell.message(&format!("Output format is {name}."));
        return Ok(Control::Continue);
    }
    let Some(format) = Format::from_name(arg) else {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        return Err(format!(
            "unknown format '{arg}'; use one of {}",
            names.join(", ")
        ));
    };
    if format.is_binary() && !matches!(shell.out, Output::File(..)) {
        return Err(format!(
            "{} is binary: send results to a file first with \\o FILE",
            format.name()
        ));
    }
    shell.settings.format = format;
    shell.message(&format!("Output format is {}.", format.name()));
    Ok(Control::Continue)
}
