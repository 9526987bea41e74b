//! The `quarry` command's front end: arguments, the interactive shell,
//! scripts, and printing. No query logic lives here; it is all in
//! `quarry-engine`.

pub mod args;
pub mod commands;
pub mod errors;
pub mod exec;
pub mod helper;
pub mod interactive;
pub mod names;
pub mod print;
pub mod progress;
pub mod shell;

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use quarry_engine::script::split_statements;
use quarry_engine::{Engine, EngineBuilder};

use crate::args::Args;
use crate::exec::{Failure, run_statement};
use crate::shell::{Output, Shell};

/// Exit status of a run whose statement failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit status for bad usage (what clap uses too).
pub const EXIT_USAGE: u8 = 2;

/// The engine the arguments describe.
pub fn engine_builder(args: &Args) -> EngineBuilder {
    let mut builder = Engine::builder().demo(!args.no_demo);
    if let Some(profile) = &args.profile {
        builder = builder.profile(profile);
    }
    if let Some(region) = &args.region {
        builder = builder.region(region);
    }
    if let Some(endpoint) = &args.endpoint_url {
        builder = builder.endpoint_url(endpoint);
    }
    if !args.no_catalog {
        let path = args.catalog.clone().or_else(default_catalog_file);
        if let Some(path) = path {
            builder = builder.catalog_path(path);
        }
    }
    if let Some(limit) = args.memory_limit {
        builder = builder.memory_limit(limit);
    }
    if let Some(limit) = args.max_bytes_scanned {
        builder = builder.max_bytes_scanned(limit as u64);
    }
    builder
        .path_style(args.path_style)
        .allow_http(args.allow_http)
        .anonymous(args.no_sign_request)
}

/// The default catalog file: `<config dir>/quarry/catalog.json`
/// (`~/.config/quarry/catalog.json` on Linux).
pub fn default_catalog_file() -> Option<std::path::PathBuf> {
    dirs::config_dir().map(|d| d.join("quarry").join("catalog.json"))
}

/// Where a script came from, for error messages.
enum Source<'a> {
    Command(usize),
    File(&'a Path),
    Stdin,
}

impl std::fmt::Display for Source<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Command(n) => write!(f, "-c #{n}"),
            Source::File(p) => write!(f, "{}", p.display()),
            Source::Stdin => f.write_str("stdin"),
        }
    }
}

/// Runs every statement of `text`, stopping at the first failure.
/// Returns false if a statement failed.
async fn run_script(
    engine: &Engine,
    args: &Args,
    text: &str,
    source: Source<'_>,
    out: &mut dyn Write,
) -> bool {
    for statement in split_statements(text) {
        match run_statement(engine, &statement.sql, args.format, &mut *out, false).await {
            Ok(outcome) if outcome.output_closed => return true,
            Ok(outcome) => {
                if args.timing {
                    eprintln!(
                        "quarry: statement at {source}:{}: {}",
                        statement.line,
                        crate::exec::stats_line(&outcome)
                    );
                }
                // A script's output goes on to other programs: a result
                // missing records must say so where a person will see it.
                if let Some(note) = crate::exec::skipped_note(&outcome) {
                    eprintln!(
                        "quarry: warning: statement at {source}:{}: {note}",
                        statement.line
                    );
                }
            }
            Err(Failure::Engine(e)) => {
                let text = errors::explain(engine, &statement.sql, &e, false).await;
                let text = text.strip_prefix("error: ").unwrap_or(&text);
                eprintln!(
                    "quarry: error in statement at {source}:{}: {text}",
                    statement.line
                );
                return false;
            }
            Err(e @ Failure::Output(_)) => {
                eprintln!("quarry: {e}");
                return false;
            }
        }
    }
    true
}

/// Runs quarry as the arguments say; the process's exit code is returned.
pub async fn run(args: Args) -> ExitCode {
    let engine = match engine_builder(&args).build().await {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("quarry: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };

    let interactive =
        args.commands.is_empty() && args.files.is_empty() && io::stdin().is_terminal();
    if args.format.is_binary()
        && args.output.is_none()
        && (interactive || io::stdout().is_terminal())
    {
        eprintln!(
            "quarry: --format {} is binary: give a file with -o FILE",
            args.format.name()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let mut out: Box<dyn Write> = match &args.output {
        None => Box::new(io::stdout().lock()),
        Some(path) => match File::create(path) {
            Ok(f) => Box::new(BufWriter::new(f)),
            Err(e) => {
                eprintln!("quarry: cannot write to {}: {e}", path.display());
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };

    if !args.commands.is_empty() || !args.files.is_empty() {
        for (i, command) in args.commands.iter().enumerate() {
            if !run_script(&engine, &args, command, Source::Command(i + 1), &mut out).await {
                return ExitCode::from(EXIT_FAILED);
            }
        }
        for path in &args.files {
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("quarry: cannot read {}: {e}", path.display());
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            if !run_script(&engine, &args, &text, Source::File(path), &mut out).await {
                return ExitCode::from(EXIT_FAILED);
            }
        }
        return ExitCode::SUCCESS;
    }

    if !io::stdin().is_terminal() {
        let mut text = String::new();
        if let Err(e) = io::stdin().read_to_string(&mut text) {
            eprintln!("quarry: cannot read standard input: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
        return if run_script(&engine, &args, &text, Source::Stdin, &mut out).await {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_FAILED)
        };
    }

    drop(out);
    let history = args
        .history_file
        .clone()
        .or_else(interactive::default_history_file);
    let mut shell = Shell::new(engine, args.clone());
    if let Some(path) = &args.output {
        match File::create(path) {
            Ok(f) => shell.out = Output::File(path.clone(), BufWriter::new(f)),
            Err(e) => {
                eprintln!("quarry: cannot write to {}: {e}", path.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    match interactive::run(&mut shell, history).await {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quarry: {e}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}
