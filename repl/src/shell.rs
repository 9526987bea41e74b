//! The shell's state: the engine, the settings meta-commands change, and
//! where output goes. Both the interactive loop and the tests drive it.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use quarry_engine::Engine;
use quarry_engine::script::{is_blank, split_complete};

use crate::args::{Args, Format};
use crate::errors;
use crate::exec::{Failure, PrintOptions, run_statement, stats_line};
use crate::print::width;

/// Settings the meta-commands change.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Output format.
    pub format: Format,
    /// Print the statistics line after each statement (`\timing`).
    pub stats: bool,
    /// Table rows printed vertically (`\x`).
    pub expanded: bool,
    /// Data-usage limit in bytes (`\set max_bytes_scanned`).
    pub max_bytes_scanned: Option<u64>,
    /// Terminal size (columns, rows) when output goes to a terminal and the
    /// shell knows it: wide tables are cut, long ones paged.
    pub terminal: Option<(usize, usize)>,
    /// The pager command, when paging is allowed.
    pub pager: Option<String>,
}

/// What the caller does after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Read the next line.
    Continue,
    /// Leave the shell.
    Quit,
}

/// Where results go: standard output, a file (`\o`), or memory (tests).
pub enum Output {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
    /// A file opened by `\o` or `-o`.
    File(PathBuf, BufWriter<File>),
    /// A buffer, for tests.
    Memory(Arc<Mutex<Vec<u8>>>),
}

impl Output {
    /// Whether this is a terminal a person looks at.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Output::Stdout) && io::stdout().is_terminal()
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout => io::stdout().write(buf),
            Output::Stderr => io::stderr().write(buf),
            Output::File(_, f) => f.write(buf),
            Output::Memory(m) => {
                let mut m = m
                    .lock()
                    .map_err(|_| io::Error::other("output buffer poisoned"))?;
                m.extend_from_slice(buf);
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout => io::stdout().flush(),
            Output::Stderr => io::stderr().flush(),
            Output::File(_, f) => f.flush(),
            Output::Memory(_) => Ok(()),
        }
    }
}

/// The shell: an engine, its settings, and where output and messages go.
pub struct Shell {
    engine: Engine,
    args: Args,
    /// Settings the meta-commands change.
    pub settings: Settings,
    /// Where results go.
    pub out: Output,
    /// Where messages, statistics and errors go.
    pub err: Output,
    /// How deep `\i` files are nested, to stop a file including itself.
    pub include_depth: usize,
    /// Statements that failed so far.
    pub failures: usize,
    /// Where `\o` with no file sends results back to: the screen, or a
    /// test's buffer.
    screen: Option<Arc<Mutex<Vec<u8>>>>,
}

/// Captured output of a test shell: (results, messages).
pub type Captured = (Arc<Mutex<Vec<u8>>>, Arc<Mutex<Vec<u8>>>);

impl Shell {
    /// A shell over `engine`, started with `args`.
    pub fn new(engine: Engine, args: Args) -> Self {
        let settings = Settings {
            format: args.format,
            stats: !args.quiet,
            expanded: false,
            max_bytes_scanned: args.max_bytes_scanned.map(|n| n as u64),
            terminal: None,
            pager: None,
        };
        Self {
            engine,
            args,
            settings,
            out: Output::Stdout,
            err: Output::Stderr,
            include_depth: 0,
            failures: 0,
            screen: None,
        }
    }

    /// A shell whose results and messages are kept in memory, for tests.
    pub fn in_memory(engine: Engine, args: Args) -> (Self, Captured) {
        let mut shell = Shell::new(engine, args);
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        shell.out = Output::Memory(Arc::clone(&out));
        shell.err = Output::Memory(Arc::clone(&err));
        shell.screen = Some(Arc::clone(&out));
        (shell, (out, err))
    }

    /// The engine statements run on.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The arguments the shell was started with, as `\set` changed them.
    pub fn args(&self) -> &Args {
        &self.args
    }

    /// Replaces the engine (after `\set region ...`), keeping the database
    /// in use.
    pub async fn rebuild_engine(&mut self, args: Args) -> Result<(), String> {
        let database = self.engine.current_database();
        let engine = crate::engine_builder(&args)
            .build()
            .await
            .map_err(|e| e.to_string())?;
        if let Ok(q) = engine.sql(&format!("USE {database}")).await {
            let _ = q.collect().await;
        }
        engine.set_bad_records(self.engine.bad_records());
        self.engine = engine;
        self.args = args;
        Ok(())
    }

    /// Writes a message line (notices, errors) where messages go.
    pub fn message(&mut self, text: &str) {
        let _ = writeln!(self.err, "{text}");
        let _ = self.err.flush();
    }

    /// Runs input as if typed: meta-commands (a line starting with `\\`
    /// between statements) and SQL statements, the last of which need not
    /// end with `;`.
    pub async fn run_input(&mut self, input: &str) -> Control {
        let mut buffer = String::new();
        for line in input.lines() {
            if is_blank(&buffer) && line.trim_start().starts_with('\\') {
                buffer.clear();
                if crate::commands::run(self, line).await == Control::Quit {
                    return Control::Quit;
                }
                continue;
            }
            buffer.push_str(line);
            buffer.push('\n');
            let (statements, rest) = split_complete(&buffer);
            for statement in statements {
                self.run_sql(&statement.sql).await;
            }
            buffer = rest;
        }
        if !is_blank(&buffer) {
            self.run_sql(buffer.trim()).await;
        }
        Control::Continue
    }

    /// Runs one statement, printing its result and statistics. Returns
    /// false if it failed.
    pub async fn run_sql(&mut self, sql: &str) -> bool {
        let engine = self
            .engine
            .with_max_bytes_scanned(self.settings.max_bytes_scanned);
        let options = PrintOptions {
            format: self.settings.format,
            expanded: self.settings.expanded,
        };
        let fit = self.settings.terminal.filter(|_| {
            self.out.is_terminal() && matches!(options.format, Format::Table | Format::Markdown)
        });
        let result = if let Some((columns, rows)) = fit {
            // For a terminal, the text is made first so it can be cut to
            // the screen's width and paged when taller than the screen.
            let mut buf = Vec::new();
            let result = run_statement(&engine, sql, options, &mut buf, true).await;
            let text = String::from_utf8_lossy(&buf);
            let (text, _) = if options.expanded {
                (text.into_owned(), false)
            } else {
                width::cut_lines(&text, columns)
            };
            let paged = text.lines().count() + 2 > rows
                && self
                    .settings
                    .pager
                    .as_deref()
                    .is_some_and(|p| width::page(p, &text));
            if !paged {
                let _ = self.out.write_all(text.as_bytes());
                let _ = self.out.flush();
            }
            result
        } else {
            // Rows streamed to the terminal and a progress line would mix.
            let progress = !self.out.is_terminal();
            let result = run_statement(&engine, sql, options, &mut self.out, progress).await;
            let _ = self.out.flush();
            result
        };
        match result {
            Ok(outcome) => {
                if self.settings.stats {
                    let line = stats_line(&outcome);
                    self.message(&line);
                }
                true
            }
            Err(Failure::Engine(e)) => {
                let text = errors::explain(&self.engine, sql, &e, true).await;
                self.message(&text);
                self.failures += 1;
                false
            }
            Err(e) => {
                self.message(&format!("error: {e}"));
                self.failures += 1;
                false
            }
        }
    }

    /// Sends results to `path` (None: back to standard output).
    pub fn set_output(&mut self, path: Option<PathBuf>) -> io::Result<()> {
        let _ = self.out.flush();
        self.out = match path {
            None => match &self.screen {
                Some(buffer) => Output::Memory(Arc::clone(buffer)),
                None => Output::Stdout,
            },
            Some(path) => {
                let file = File::create(&path)?;
                Output::File(path, BufWriter::new(file))
            }
        };
        Ok(())
    }
}
