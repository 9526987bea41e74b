//! Meta-commands in the spirit of psql: a line starting with `\`. One
//! command per file; this table is what `\?` and completion show.

mod databases;
mod describe;
mod expanded;
mod explain;
mod format;
mod functions;
mod help;
pub(crate) mod include;
mod output;
pub(crate) mod set;
mod tables;
mod timing;

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;

use crate::names::closest;
use crate::print::ResultWriter;
use crate::shell::{Control, Shell};

/// A meta-command as `\?` lists it.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The command, with its backslash.
    pub name: &'static str,
    /// Its arguments, as help shows them.
    pub args: &'static str,
    /// What it does, in one line.
    pub help: &'static str,
}

/// Every meta-command.
pub const COMMANDS: &[Spec] = &[
    Spec {
        name: "\\?",
        args: "",
        help: "list these commands",
    },
    Spec {
        name: "\\q",
        args: "",
        help: "quit (also Ctrl-D, quit, exit)",
    },
    Spec {
        name: "\\l",
        args: "",
        help: "list databases",
    },
    Spec {
        name: "\\dt",
        args: "[PATTERN]",
        help: "list tables, optionally those matching PATTERN (* and ?; db.* for one database)",
    },
    Spec {
        name: "\\d",
        args: "TABLE",
        help: "describe TABLE's columns (no argument: list tables)",
    },
    Spec {
        name: "\\df",
        args: "[PATTERN]",
        help: "list functions with their one-line description",
    },
    Spec {
        name: "\\timing",
        args: "[on|off]",
        help: "toggle the statistics line (rows, time, bytes read, Athena's price)",
    },
    Spec {
        name: "\\format",
        args: "table|csv|tsv|json|ndjson|markdown|parquet",
        help: "set the output format (parquet only with \\o FILE)",
    },
    Spec {
        name: "\\x",
        args: "[on|off]",
        help: "toggle expanded display: one line per column",
    },
    Spec {
        name: "\\o",
        args: "[FILE]",
        help: "send results to FILE (no argument: back to the screen)",
    },
    Spec {
        name: "\\i",
        args: "FILE",
        help: "run the statements and commands in FILE",
    },
    Spec {
        name: "\\set",
        args: "[NAME VALUE]",
        help: "change a session setting (no argument: show them)",
    },
    Spec {
        name: "\\explain",
        args: "STATEMENT",
        help: "show the plan of STATEMENT without running it",
    },
];

/// Runs the meta-command `line` (it starts with `\`).
pub async fn run(shell: &mut Shell, line: &str) -> Control {
    let line = line.trim().trim_end_matches(';').trim_end();
    let (name, rest) = match line.find(char::is_whitespace) {
        Some(i) => (&line[..i], line[i..].trim()),
        None => (line, ""),
    };
    let result = match name {
        "\\?" | "\\h" | "\\help" => help::run(shell),
        "\\q" | "\\quit" => return Control::Quit,
        "\\l" => databases::run(shell),
        "\\dt" => tables::run(shell, rest),
        "\\d" => describe::run(shell, rest).await,
        "\\df" => functions::run(shell, rest),
        "\\timing" => timing::run(shell, rest),
        "\\format" => format::run(shell, rest),
        "\\x" => expanded::run(shell, rest),
        "\\o" => output::run(shell, rest),
        "\\i" => include::run(shell, rest).await,
        "\\set" => set::run(shell, rest).await,
        "\\explain" => explain::run(shell, rest).await,
        other => {
            let hint = closest(other, COMMANDS.iter().map(|c| c.name))
                .map(|c| format!(" (did you mean {c}?)"))
                .unwrap_or_default();
            Err(format!("unknown command {other}{hint}; \\? lists them"))
        }
    };
    match result {
        Ok(Control::Quit) => Control::Quit,
        Ok(Control::Continue) => Control::Continue,
        Err(message) => {
            shell.failures += 1;
            shell.message(&format!("error: {message}"));
            Control::Continue
        }
    }
}

/// What a command returns: go on or quit, or a message saying what failed.
pub type Result = std::result::Result<Control, String>;

/// Prints rows of text columns in the shell's current format.
pub(crate) fn print_rows(shell: &mut Shell, columns: &[&str], rows: Vec<Vec<String>>) -> Result {
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|c| Field::new(*c, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let arrays: Vec<ArrayRef> = (0..columns.len())
        .map(|i| {
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| r[i].as_str()),
            )) as ArrayRef
        })
        .collect();
    let batch = RecordBatch::try_new(Arc::clone(&schema), arrays).map_err(|e| e.to_string())?;
    let format = shell.settings.format;
    let expanded = shell.settings.expanded;
    let mut writer = ResultWriter::new(format, &mut shell.out).expanded(expanded);
    writer.write(batch).map_err(|e| e.to_string())?;
    writer.finish(&schema).map_err(|e| e.to_string())?;
    Ok(Control::Continue)
}

/// Whether `name` matches the glob `pattern` (`*` any run, `?` one
/// character), ignoring case as Athena does for names.
pub(crate) fn glob_match(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some(('*', rest)) => (0..=n.len()).any(|i| go(rest, &n[i..])),
            Some(('?', rest)) => !n.is_empty() && go(rest, &n[1..]),
            Some((c, rest)) => n.first() == Some(c) && go(rest, &n[1..]),
        }
    }
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    go(&p, &n)
}

/// `on`/`off` (or nothing: the opposite of `current`).
pub(crate) fn toggle(arg: &str, current: bool) -> std::result::Result<bool, String> {
    match arg.to_ascii_lowercase().as_str() {
        "" => Ok(!current),
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        other => Err(format!("'{other}' is not on or off")),
    }
}

#[cfg(test)]
mod tests;
