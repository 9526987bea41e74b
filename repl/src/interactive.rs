//! The interactive shell: line editing, history, statements over many lines.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use quarry_engine::Engine;
use quarry_engine::script::{is_blank, split_complete};
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use crate::args::Format;
use crate::exec::{run_statement, stats_line};

const PROMPT: &str = "quarry> ";
const CONTINUATION: &str = "     -> ";

/// The default history file: `~/.quarry_history`.
pub fn default_history_file() -> Option<PathBuf> {
    dirs::home_dir().map(|h| h.join(".quarry_history"))
}

fn save_history(editor: &mut DefaultEditor, path: &Path) {
    if let Err(e) = editor.save_history(path) {
        eprintln!("warning: cannot save history to {}: {e}", path.display());
        return;
    }
    // History holds what was typed, which may include literals people
    // consider private: keep it to its owner.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
}

/// Runs the shell until `\q` or end of input. Returns the number of
/// statements that failed.
pub async fn run(
    engine: &Engine,
    format: Format,
    quiet: bool,
    history: Option<PathBuf>,
) -> io::Result<usize> {
    let mut editor = DefaultEditor::new().map_err(io::Error::other)?;
    if let Some(path) = &history {
        // A missing history file is the normal first run.
        let _ = editor.load_history(path);
    }
    if !quiet {
        println!(
            "Quarry {}: SQL over logs. End statements with ';', \\q quits.",
            env!("CARGO_PKG_VERSION")
        );
    }
    let mut buffer = String::new();
    let mut failures = 0;
    loop {
        let prompt = if buffer.is_empty() {
            PROMPT
        } else {
            CONTINUATION
        };
        let line = tokio::task::block_in_place(|| editor.readline(prompt));
        match line {
            Ok(line) => {
                if buffer.is_empty() && is_meta_quit(&line) {
                    break;
                }
                buffer.push_str(&line);
                buffer.push('\n');
                let (statements, rest) = split_complete(&buffer);
                if statements.is_empty() {
                    if is_blank(&buffer) {
                        buffer.clear();
                    }
                    continue;
                }
                let entry = buffer.trim_end().to_string();
                let _ = editor.add_history_entry(entry);
                buffer = if is_blank(&rest) {
                    String::new()
                } else {
                    rest.trim_start().to_string()
                };
                for statement in statements {
                    if !run_one(engine, &statement.sql, format, quiet).await {
                        failures += 1;
                    }
                }
            }
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C at the prompt drops what was being typed.
                buffer.clear();
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(io::Error::other(e)),
        }
    }
    if let Some(path) = &history {
        save_history(&mut editor, path);
    }
    Ok(failures)
}

fn is_meta_quit(line: &str) -> bool {
    matches!(line.trim(), "\\q" | "quit" | "exit" | "quit;" | "exit;")
}

/// Runs one statement, cancelling it on Ctrl-C. Returns false if it failed.
async fn run_one(engine: &Engine, sql: &str, format: Format, quiet: bool) -> bool {
    let stdout = io::stdout();
    let run = run_statement(engine, sql, format, stdout.lock());
    tokio::select! {
        result = run => match result {
            Ok(outcome) => {
                if !quiet {
                    eprintln!("{}", stats_line(&outcome));
                }
                true
            }
            Err(e) => {
                eprintln!("error: {e}");
                false
            }
        },
        _ = tokio::signal::ctrl_c() => {
            let _ = io::stdout().flush();
            eprintln!("cancelled");
            false
        }
    }
}
