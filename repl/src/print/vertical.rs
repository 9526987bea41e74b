//! Expanded display (`\x`): one block per row, one line per column, for
//! rows too wide for the screen (a CloudTrail event has dozens of fields).

use std::io::Write;

use datafusion::arrow::error::ArrowError;
use datafusion::arrow::record_batch::RecordBatch;

use super::cells;

/// Writes the rows of `batch` as records numbered from `first + 1`.
pub fn records(out: &mut impl Write, batch: &RecordBatch, first: usize) -> Result<(), ArrowError> {
    let schema = batch.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (i, row) in cells::rows(batch)?.into_iter().enumerate() {
        let title = format!("-[ RECORD {} ]", first + i + 1);
        let rule = (width + 3).saturating_sub(title.chars().count()).max(2);
        writeln!(out, "{title}{}", "-".repeat(rule))?;
        for (name, value) in names.iter().zip(row) {
            // Continuation lines of a multi-line value line up under it.
            let value = value.replace('\n', &format!("\n{:width$} | ", ""));
            writeln!(out, "{name:width$} | {value}")?;
        }
    }
    Ok(())
}
