//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Quarry: SQL over logs in S3 and on disk, no cluster needed.
///
/// With no -c or -f, reads statements from standard input when it is a pipe,
/// and otherwise opens an interactive shell. Statements end with `;`.
/// With no configuration, the demo tables `vpcflow` and `applogs` are
/// available; S3 access follows the AWS CLI's environment variables and
/// configuration files.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "quarry",
    version,
    about,
    long_about,
    args_override_self = true,
    after_help = meta_help()
)]
pub struct Args {
    /// Run this SQL (one or more statements) and exit; may be repeated.
    #[arg(short = 'c', long = "command", value_name = "SQL")]
    pub commands: Vec<String>,

    /// Run the statements in this file and exit; may be repeated.
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// How to print results (`parquet` needs -o).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write results to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Cancel any statement that reads more than this from storage, like an
    /// Athena workgroup's data-usage control, e.g. 10G (also `\set
    /// max_bytes_scanned`).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_bytes_scanned: Option<usize>,

    /// Print only results and errors: no statistics line, no banner.
    #[arg(short, long)]
    pub quiet: bool,

    /// With -c, -f or a pipe: print each statement's statistics line (rows,
    /// time, bytes read) to standard error, as the shell does.
    #[arg(long)]
    pub timing: bool,

    /// AWS profile from ~/.aws/config (default: AWS_PROFILE, else `default`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// AWS region for S3 requests (default: AWS_REGION, the profile's region,
    /// or the bucket's own region, discovered).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Endpoint of an S3-compatible store (default: AWS_ENDPOINT_URL_S3,
    /// AWS_ENDPOINT_URL). An http:// endpoint implies --allow-http and
    /// path-style addressing.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Address buckets by path (endpoint/bucket/key) instead of by host name.
    #[arg(long)]
    pub path_style: bool,

    /// Allow plain HTTP to the endpoint.
    #[arg(long)]
    pub allow_http: bool,

    /// Send unsigned requests (public buckets); no credentials are looked up.
    #[arg(long)]
    pub no_sign_request: bool,

    /// Catalog file holding table, view and database definitions
    /// (default: ~/.config/quarry/catalog.json).
    #[arg(long, value_name = "FILE", env = "QUARRY_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// Keep definitions in memory only: nothing is read from or written to a
    /// catalog file (wins over --catalog and QUARRY_CATALOG).
    #[arg(long)]
    pub no_catalog: bool,

    /// Start without the built-in demo tables.
    #[arg(long)]
    pub no_demo: bool,

    /// Cap on the memory a query may hold, e.g. 512M or 4G.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub memory_limit: Option<usize>,

    /// History file for the interactive shell (default: ~/.quarry_history).
    #[arg(long, value_name = "FILE", env = "QUARRY_HISTORY")]
    pub history_file: Option<PathBuf>,
}

/// The meta-commands, for `--help`.
fn meta_help() -> String {
    let width = crate::commands::COMMANDS
        .iter()
        .map(|c| c.name.len() + 1 + c.args.len())
        .max()
        .unwrap_or(0);
    let mut text = String::from("Meta-commands in the interactive shell:\n");
    for c in crate::commands::COMMANDS {
        let usage = format!("{} {}", c.name, c.args);
        text.push_str(&format!("  {usage:width$}  {}\n", c.help));
    }
    text.push_str(
        "\nExit status: 0 when every statement succeeded, 1 when one failed, 2 for bad usage.",
    );
    text
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned table, for people.
    Table,
    /// Comma-separated values with a header line.
    Csv,
    /// Tab-separated values with a header line.
    Tsv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// A Markdown (GitHub) table.
    Markdown,
    /// Apache Parquet, to a file given with -o.
    Parquet,
}

impl Format {
    /// The name used on the command line and in `\format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Markdown => "markdown",
            Format::Parquet => "parquet",
        }
    }

    /// Every format, in the order help lists them.
    pub const ALL: [Format; 7] = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Ndjson,
        Format::Markdown,
        Format::Parquet,
    ];

    /// The format of this name, as `\format` takes it.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Whether the format is bytes, not text: never for a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Parquet
    }
}

/// Parses `512M`, `4G`, `1.5GB` or a plain byte count.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("'{s}' is not a size; write e.g. 512M or 4G"))?;
    let factor: f64 = match unit.trim().to_ascii_uppercase().trim_end_matches('B') {
        "" => 1.0,
        "K" => 1024.0,
        "M" => 1024.0 * 1024.0,
        "G" => 1024.0 * 1024.0 * 1024.0,
        "T" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("'{s}': unknown unit '{unit}'; use K, M, G or T")),
    };
    Ok((number * factor) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512M"), Ok(512 * 1024 * 1024));
        assert_eq!(parse_size("4g"), Ok(4 * 1024 * 1024 * 1024));
        assert_eq!(parse_size("1.5GB"), Ok(1536 * 1024 * 1024));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5X").is_err());
    }

    #[test]
    fn arguments_are_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
