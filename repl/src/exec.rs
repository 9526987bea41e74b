//! Running one statement and printing what it returns.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use datafusion::arrow::error::ArrowError;
use futures::TryStreamExt;
use quarry_engine::{Engine, Error, IoSnapshot, PartitionCounts};

use crate::args::Format;
use crate::print::{ResultWriter, human_bytes};
use crate::progress::Progress;

/// How a statement ended, when it did not fail.
#[derive(Debug)]
pub struct Outcome {
    /// Rows returned.
    pub rows: usize,
    /// Wall time from submission to the last row.
    pub elapsed: Duration,
    /// What it read from storage.
    pub io: IoSnapshot,
    /// Partitions read and pruned.
    pub partitions: PartitionCounts,
    /// Bad records passed over (tables with `quarry.bad_records` = `skip`).
    pub bad_records_skipped: u64,
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

/// How results are printed.
#[derive(Debug, Clone, Copy)]
pub struct PrintOptions {
    /// The output format.
    pub format: Format,
    /// Table rows printed vertically (`\x`).
    pub expanded: bool,
}

impl From<Format> for PrintOptions {
    fn from(format: Format) -> Self {
        Self {
            format,
            expanded: false,
        }
    }
}

/// Runs `sql` on `engine` and writes its rows to `out` as `options` say;
/// with `progress`, a long statement shows a progress line on a terminal's
/// standard error (the caller makes sure `out` does not print there
/// meanwhile).
pub async fn run_statement(
    engine: &Engine,
    sql: &str,
    options: impl Into<PrintOptions>,
    out: impl Write,
    progress: bool,
) -> Result<Outcome, Failure> {
    let options = options.into();
    let mut query = engine.sql(sql).await.map_err(Failure::Engine)?;
    let line = if progress {
        let started = Instant::now()
            .checked_sub(query.elapsed())
            .unwrap_or_else(Instant::now);
        Progress::start(query.io_stats(), query.to_read(), started)
    } else {
        None
    };
    let schema = query.schema();
    let mut writer = ResultWriter::new(options.format, out).expanded(options.expanded);
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
    drop(line);
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
        partitions: query.partitions(),
        bad_records_skipped: query.bad_records_skipped(),
        output_closed,
    })
}

/// What Athena would charge for a scan of `bytes`: USD 5 per TB, each
/// query rounded up to the next megabyte with a 10 MB minimum (AWS's
/// pricing page; its MB and TB are decimal: 10 MB costs $0.00005).
pub fn athena_cost_usd(bytes: u64) -> f64 {
    const MB: u64 = 1_000_000;
    let billed = bytes.div_ceil(MB).max(10) * MB;
    billed as f64 * 5.0 / 1e12
}

/// Dollars to a cent, and small sums to two significant digits
/// (`$0.00005`, `$0.0012`, `$1.25`).
pub fn format_usd(usd: f64) -> String {
    if usd >= 0.01 {
        return format!("${usd:.2}");
    }
    let mut decimals = 2;
    while decimals < 12 && usd * 10f64.powi(decimals as i32) < 10.0 {
        decimals += 1;
    }
    let text = format!("{usd:.decimals$}");
    let text = text.trim_end_matches('0');
    format!("${text}")
}

/// The line printed after each statement in the interactive shell: rows,
/// time, what was read, and what Athena would have charged for it.
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
            " · read {} from {objects} object{} · listed {} object{} · {} at Athena",
            human_bytes(io.bytes_read),
            if objects == 1 { "" } else { "s" },
            io.objects_listed,
            if io.objects_listed == 1 { "" } else { "s" },
            format_usd(athena_cost_usd(io.bytes_read)),
        ));
    }
    let parts = outcome.partitions;
    if parts.read > 0 || parts.pruned > 0 {
        line.push_str(&format!(
            " · {} partition{} read, {} pruned",
            parts.read,
            if parts.read == 1 { "" } else { "s" },
            parts.pruned
        ));
    }
    if let Some(skipped) = skipped_note(outcome) {
        line.push_str(" · ");
        line.push_str(&skipped);
    }
    line
}

/// How many bad records the statement skipped, when it skipped any: the
/// result is then not the whole data, and the user must be told.
pub fn skipped_note(outcome: &Outcome) -> Option<String> {
    match outcome.bad_records_skipped {
        0 => None,
        1 => Some("1 bad record skipped".into()),
        n => Some(format!("{n} bad records skipped")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn athena_charges_ten_megabytes_at_least() {
        // 10 MB at $5 per 10^12 bytes is $0.00005.
        assert_eq!(format_usd(athena_cost_usd(0)), "$0.00005");
        assert_eq!(format_usd(athena_cost_usd(1234)), "$0.00005");
        // 10,000,001 bytes round up to 11 MB: 11e6 * 5 / 1e12.
        assert!((athena_cost_usd(10_000_001) - 0.000055).abs() < 1e-12);
        // A terabyte is five dollars; 1.5 GB is 1500 MB: $0.0075.
        assert_eq!(format_usd(athena_cost_usd(1_000_000_000_000)), "$5.00");
        assert_eq!(format_usd(athena_cost_usd(1_500_000_000)), "$0.0075");
        assert_eq!(format_usd(athena_cost_usd(2_000_000_000)), "$0.01");
    }

    #[test]
    fn stats_line_names_rows_time_bytes_objects_and_cost() {
        let mut io = IoSnapshot {
            bytes_read: 2048,
            get_requests: 2,
            list_requests: 1,
            objects_listed: 3,
            ..IoSnapshot::default()
        };
        io.objects_read.insert("s3://b/a.parquet".into());
        let outcome = Outcome {
            rows: 1,
            elapsed: Duration::from_millis(1500),
            io,
            partitions: PartitionCounts::default(),
            bad_records_skipped: 0,
            output_closed: false,
        };
        assert_eq!(
            stats_line(&outcome),
            "1 row in 1.500 s · read 2.0 KB from 1 object · listed 3 objects · $0.00005 at Athena"
        );
        let nothing_read = Outcome {
            rows: 0,
            elapsed: Duration::from_millis(2),
            io: IoSnapshot::default(),
            partitions: PartitionCounts::default(),
            bad_records_skipped: 0,
            output_closed: false,
        };
        assert_eq!(stats_line(&nothing_read), "0 rows in 0.002 s");
        let skipped = Outcome {
            bad_records_skipped: 3,
            ..nothing_read
        };
        assert_eq!(
            stats_line(&skipped),
            "0 rows in 0.002 s · 3 bad records skipped"
        );
        let pruned = Outcome {
            partitions: PartitionCounts {
                read: 1,
                pruned: 364,
            },
            ..skipped
        };
        assert_eq!(
            stats_line(&pruned),
            "0 rows in 0.002 s · 1 partition read, 364 pruned · 3 bad records skipped"
        );
    }
}
