//! Running one statement and printing what it returns.

use std::io::{self, Write};
use std::time::Duration;

use datafusion::arrow::error::ArrowError;
use futures::TryStreamExt;
use quarry_engine::{Engine, Error, IoSnapshot};

use crate::args::Format;
use crate::print::{ResultWriter, human_bytes};

/// How a statement ended, when it did not fail.
#[derive(Debug)]
pub struct Outcome {
    /// Rows returned.
    pub rows: usize,
    /// Wall time from submission to the last row.
    pub elapsed: Duration,
    /// What it read from storage.
    pub io: IoSnapshot,
    /// The reader of the output went away (`quarry ... | head`): stop quietly.
    pub output_closed: bool,
}

/// Why a statement did not complete.
#[derive(Debug)]
pub enum Failure {
    /// The engine reported an error.
    Engine(Error),
    /// Writing the result failed (disk full, closed terminal).
    Output(io::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Engine(e) => write!(f, "{e}"),
            Failure::Output(e) => write!(f, "cannot write the result: {e}"),
        }
    }
}

fn is_broken_pipe(e: &ArrowError) -> bool {
    match e {
        ArrowError::IoError(_, io) => io.kind() == io::ErrorKind::BrokenPipe,
        other => other.to_string().contains("Broken pipe"),
    }
}

fn output_error(e: ArrowError) -> io::Error {
    match e {
        ArrowError::IoError(_, io) => io,
        other => io::Error::other(other),
    }
}

/// Runs `sql` on `engine` and writes its rows to `out` in `format`.
pub async fn run_statement(
    engine: &Engine,
    sql: &str,
    format: Format,
    out: impl Write,
) -> Result<Outcome, Failure> {
    let mut query = engine.sql(sql).await.map_err(Failure::Engine)?;
    let schema = query.schema();
    let mut writer = ResultWriter::new(format, out);
    let mut rows = 0;
    let mut output_closed = false;
    while let Some(batch) = query.try_next().await.map_err(Failure::Engine)? {
        rows += batch.num_rows();
        if let Err(e) = writer.write(batch) {
            if writer.output_closed() {
                output_closed = true;
                break;
            }
            return Err(Failure::Output(output_error(e)));
        }
    }
    if !output_closed {
        let closed_before = writer.output_closed();
        if let Err(e) = writer.finish(&schema) {
            if !closed_before && !is_broken_pipe(&e) {
                return Err(Failure::Output(output_error(e)));
            }
            output_closed = true;
        }
    }
    Ok(Outcome {
        rows,
        elapsed: query.elapsed(),
        io: query.io(),
        output_closed,
    })
}

/// The line printed after each statement in the interactive shell.
pub fn stats_line(outcome: &Outcome) -> String {
    let rows = match outcome.rows {
        1 => "1 row".to_string(),
        n => format!("{n} rows"),
    };
    let io = &outcome.io;
    let mut line = format!("{rows} in {:.3} s", outcome.elapsed.as_secs_f64());
    if io.get_requests > 0 || io.list_requests > 0 {
        let objects = io.objects_read.len();
        line.push_str(&format!(
            " · read {} from {objects} object{} · listed {} object{}",
            human_bytes(io.bytes_read),
            if objects == 1 { "" } else { "s" },
            io.objects_listed,
            if io.objects_listed == 1 { "" } else { "s" },
        ));
    }
    line
}
