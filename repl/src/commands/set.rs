//! `\set NAME VALUE`: session settings. Quarry's own settings by name,
//! and any DataFusion option (`datafusion.execution.batch_size`) through
//! `SET`.

use quarry_engine::BadRecords;

use super::Result;
use crate::args::parse_size;
use crate::print::human_bytes;
use crate::shell::{Control, Shell};

/// Quarry's settings, as `\set` lists and completes them.
pub const SETTINGS: &[(&str, &str)] = &[
    (
        "max_bytes_scanned",
        "cancel statements reading more than SIZE (e.g. 10G; off for none)",
    ),
    ("format", "output format, as \\format"),
    (
        "bad_records",
        "fail, skip or null: bad records in tables that set no quarry.bad_records",
    ),
    ("region", "AWS region for S3 requests"),
    ("profile", "AWS profile"),
    (
        "memory_limit",
        "memory a query may hold (e.g. 4G; off for none)",
    ),
];

fn policy_name(policy: BadRecords) -> &'static str {
    match policy {
        BadRecords::Fail => "fail",
        BadRecords::Skip => "skip",
        BadRecords::Null => "null",
    }
}

fn off(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "off" | "none" | "0" | "unlimited"
    )
}

/// Shows the settings (no argument) or changes one.
pub async fn run(shell: &mut Shell, arg: &str) -> Result {
    if arg.is_empty() {
        let limit = shell
            .settings
            .max_bytes_scanned
            .map(human_bytes)
            .unwrap_or_else(|| "off".into());
        let args = shell.args();
        let text = format!(
            "max_bytes_scanned = {limit}\nformat = {}\nbad_records = {}\nregion = {}\nprofile = {}\nmemory_limit = {}",
            shell.settings.format.name(),
            policy_name(shell.engine().bad_records()),
            args.region
                .as_deref()
                .unwrap_or("(from the AWS configuration)"),
            args.profile
                .as_deref()
                .unwrap_or("(from the AWS configuration)"),
            args.memory_limit
                .map(|n| human_bytes(n as u64))
                .unwrap_or_else(|| "off".into()),
        );
        shell.message(&text);
        return Ok(Control::Continue);
    }
    let (name, value) = match arg.split_once(|c: char| c.is_whitespace() || c == '=') {
        Some((n, v)) => (n.trim(), v.trim().trim_start_matches('=').trim()),
        None => return Err(format!("\\set {arg} needs a value: \\set {arg} VALUE")),
    };
    let value = value.trim_matches('\'');
    let key = name.to_ascii_lowercase();
    match key.as_str() {
        "max_bytes_scanned" => {
            shell.settings.max_bytes_scanned = if off(value) {
                None
            } else {
                Some(parse_size(value)? as u64)
            };
            let shown = shell
                .settings
                .max_bytes_scanned
                .map(human_bytes)
                .unwrap_or_else(|| "off".into());
            shell.message(&format!("max_bytes_scanned = {shown}"));
            Ok(Control::Continue)
        }
        "format" => super::format::run(shell, value),
        "bad_records" => {
            let policy = BadRecords::parse(value)
                .ok_or_else(|| format!("bad_records is fail, skip or null, not '{value}'"))?;
            shell.engine().set_bad_records(policy);
            shell.message(&format!("bad_records = {}", policy_name(policy)));
            Ok(Control::Continue)
        }
        "region" | "profile" | "memory_limit" => {
            let mut args = shell.args().clone();
            match key.as_str() {
                "region" => args.region = Some(value.to_string()),
                "profile" => args.profile = Some(value.to_string()),
                _ => {
                    args.memory_limit = if off(value) {
                        None
                    } else {
                        Some(parse_size(value)?)
                    }
                }
            }
            shell.rebuild_engine(args).await?;
            shell.message(&format!("{key} = {value}"));
            Ok(Control::Continue)
        }
        other if other.contains('.') => {
            shell
                .run_sql(&format!("SET {name} = '{}'", value.replace('\'', "''")))
                .await;
            Ok(Control::Continue)
        }
        other => {
            let known: Vec<&str> = SETTINGS.iter().map(|(n, _)| *n).collect();
            Err(format!(
                "unknown setting '{other}'; Quarry's are {}, and DataFusion's options \
                 (datafusion.execution.batch_size, ...) are set by their full name",
                known.join(", ")
            ))
        }
    }
}
