//! Results as a Markdown (GitHub-flavoured) table, for pasting into tickets
//! and runbooks.

use std::io::Write;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::record_batch::RecordBatch;

use super::cells;

/// A cell's text with what Markdown would read as markup escaped: `|` ends
/// a cell, and a line break ends the row.
fn escape(cell: &str) -> String {
    cell.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// Writes the header row and the separator line.
pub fn header(out: &mut impl Write, schema: &SchemaRef) -> Result<(), ArrowError> {
    let names: Vec<String> = schema.fields().iter().map(|f| escape(f.name())).collect();
    writeln!(out, "| {} |", names.join(" | "))?;
    let rule: Vec<&str> = names.iter().map(|_| "---").collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    Ok(())
}

/// Writes the rows of one batch.
pub fn rows(out: &mut impl Write, batch: &RecordBatch) -> Result<(), ArrowError> {
    for row in cells::rows(batch)? {
        let row: Vec<String> = row.iter().map(|c| escape(c)).collect();
        writeln!(out, "| {} |", row.join(" | "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_cells_is_escaped() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("line1\nline2"), "line1<br>line2");
        assert_eq!(escape("C:\\logs"), "C:\\\\logs");
    }
}
