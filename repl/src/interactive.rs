//! The interactive shell: line editing with completion and highlighting,
//! history, statements over many lines, Ctrl-C to cancel.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{CompletionType, Config, Editor};

use crate::helper::{EngineNames, QuarryHelper};
use crate::print::width::pager_command;
use crate::shell::{Control, Shell};

const PROMPT: &str = "quarry> ";

/// The default history file: `~/.quarry_history`.
pub fn default_history_file() -> Option<PathBuf> {
    dirs::home_dir().map(|h| h.join(".quarry_history"))
}

/// Words that end the shell without a backslash, as in psql.
pub fn is_quit(line: &str) -> bool {
    matches!(line.trim(), "\\q" | "quit" | "exit" | "quit;" | "exit;")
}

/// History holds what was typed, which may include literals people
/// consider private: the file is its owner's alone, from its creation.
fn create_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path);
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
}

fn save_history(editor: &mut Editor<QuarryHelper, DefaultHistory>, path: &Path, shell: &mut Shell) {
    create_private(path);
    if let Err(e) = editor.save_history(path) {
        shell.message(&format!(
            "warning: cannot save history to {}: {e}",
            path.display()
        ));
    }
    create_private(path);
}

/// Runs the shell until `\q` or end of input. Returns the number of
/// statements that failed.
pub async fn run(shell: &mut Shell, history: Option<PathBuf>) -> io::Result<usize> {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .max_history_size(10_000)
        .map_err(io::Error::other)?
        .build();
    let mut editor: Editor<QuarryHelper, DefaultHistory> =
        Editor::with_config(config).map_err(io::Error::other)?;
    let names = EngineNames::new(shell.engine().clone());
    let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    editor.set_helper(Some(QuarryHelper::new(Arc::new(names.clone()), color)));
    if let Some(path) = &history {
        // A missing history file is the normal first run.
        let _ = editor.load_history(path);
    }
    if shell.settings.stats {
        shell.message(&format!(
            "Quarry {}: SQL over logs. End statements with ';', \\? for help, \\q quits.",
            env!("CARGO_PKG_VERSION")
        ));
    }
    shell.settings.pager = pager_command(std::env::var("PAGER").ok());
    loop {
        shell.settings.terminal = editor
            .dimensions()
            .map(|(columns, rows)| (columns as usize, rows as usize));
        let line = tokio::task::block_in_place(|| editor.readline(PROMPT));
        match line {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                if is_quit(&line) {
                    break;
                }
                let _ = editor.add_history_entry(line.trim_end());
                // Dropping the statement's future on Ctrl-C cancels its work.
                let finished = tokio::select! {
                    control = shell.run_input(&line) => Some(control),
                    _ = tokio::signal::ctrl_c() => None,
                };
                let control = finished.unwrap_or_else(|| {
                    let _ = shell.out.flush();
                    shell.message("cancelled");
                    shell.failures += 1;
                    Control::Continue
                });
                names.refresh(shell.engine().clone());
                if control == Control::Quit {
                    break;
                }
            }
            // Ctrl-C at the prompt drops what was being typed.
            Err(ReadlineError::Interrupted) => {}
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(io::Error::other(e)),
        }
    }
    if let Some(path) = &history {
        save_history(&mut editor, path, shell);
    }
    Ok(shell.failures)
}
