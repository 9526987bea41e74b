//! Writing results in the chosen format.

use std::io::Write;

use datafusion::arrow::csv::WriterBuilder;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::json::{ArrayWriter, LineDelimitedWriter};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::display::FormatOptions;
use datafusion::arrow::util::pretty::pretty_format_batches_with_options;

use crate::args::Format;

/// Writes batches as they come, in one format. Formats that need every row
/// before the first line (the aligned table, the JSON array) buffer.
pub struct ResultWriter<W: Write> {
    format: Format,
    out: W,
    buffered: Vec<RecordBatch>,
    header_written: bool,
}

impl<W: Write> ResultWriter<W> {
    /// A writer of `format` into `out`.
    pub fn new(format: Format, out: W) -> Self {
        Self {
            format,
            out,
            buffered: Vec::new(),
            header_written: false,
        }
    }

    /// Writes (or buffers) one batch.
    pub fn write(&mut self, batch: RecordBatch) -> Result<(), ArrowError> {
        match self.format {
            Format::Table | Format::Json => self.buffered.push(batch),
            Format::Csv | Format::Tsv => {
                let delimiter = if self.format == Format::Csv { b',' } else { b'\t' };
                let mut writer = WriterBuilder::new()
                    .with_header(!self.header_written)
                    .with_delimiter(delimiter)
                    .build(&mut self.out);
                writer.write(&batch)?;
                self.header_written = true;
            }
            Format::Ndjson => {
                let mut writer = LineDelimitedWriter::new(&mut self.out);
                writer.write(&batch)?;
                writer.finish()?;
            }
        }
        Ok(())
    }

    /// Writes what was buffered; `schema` gives the header of an empty result.
    pub fn finish(mut self, schema: &SchemaRef) -> Result<(), ArrowError> {
        match self.format {
            Format::Table => {
                if !schema.fields().is_empty() {
                    let batches = if self.buffered.is_empty() {
                        vec![RecordBatch::new_empty(schema.clone())]
                    } else {
                        std::mem::take(&mut self.buffered)
                    };
                    let options = FormatOptions::default().with_null("NULL");
                    let table = pretty_format_batches_with_options(&batches, &options)?;
                    writeln!(self.out, "{table}")?;
                }
            }
            Format::Json => {
                let mut writer = ArrayWriter::new(&mut self.out);
                for batch in &self.buffered {
                    writer.write(batch)?;
                }
                writer.finish()?;
                drop(writer);
                writeln!(self.out)?;
            }
            Format::Csv | Format::Tsv => {
                if !self.header_written && !schema.fields().is_empty() {
                    let delimiter = if self.format == Format::Csv { b',' } else { b'\t' };
                    let mut writer = WriterBuilder::new()
                        .with_header(true)
                        .with_delimiter(delimiter)
                        .build(&mut self.out);
                    writer.write(&RecordBatch::new_empty(schema.clone()))?;
                }
            }
            Format::Ndjson => {}
        }
        self.out.flush()?;
        Ok(())
    }
}

/// A byte count for people: `0 B`, `1.5 KB`, `12.3 MB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: &[&str] = &["B", "KB", "MB", "GB", "TB", "PB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use datafusion::arrow::array::{Int64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    fn batch() -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("action", DataType::Utf8, true),
            Field::new("flows", DataType::Int64, false),
        ]));
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec![Some("ACCEPT"), None])),
                Arc::new(Int64Array::from(vec![3, 1])),
            ],
        )
        .expect("valid batch")
    }

    fn render(format: Format, batches: Vec<RecordBatch>) -> String {
        let schema = batch().schema();
        let mut out = Vec::new();
        let mut writer = ResultWriter::new(format, &mut out);
        for b in batches {
            writer.write(b).expect("write");
        }
        writer.finish(&schema).expect("finish");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn csv_has_one_header_across_batches() {
        assert_eq!(
            render(Format::Csv, vec![batch(), batch()]),
            "action,flows\nACCEPT,3\n,1\nACCEPT,3\n,1\n"
        );
    }

    #[test]
    fn empty_csv_still_has_its_header() {
        assert_eq!(render(Format::Csv, vec![]), "action,flows\n");
    }

    #[test]
    fn tsv_uses_tabs() {
        assert_eq!(render(Format::Tsv, vec![batch()]), "action\tflows\nACCEPT\t3\n\t1\n");
    }

    #[test]
    fn json_is_one_array_and_ndjson_one_object_per_line() {
        assert_eq!(
            render(Format::Json, vec![batch()]),
            "[{\"action\":\"ACCEPT\",\"flows\":3},{\"flows\":1}]\n"
        );
        assert_eq!(
            render(Format::Ndjson, vec![batch()]),
            "{\"action\":\"ACCEPT\",\"flows\":3}\n{\"flows\":1}\n"
        );
    }

    #[test]
    fn table_shows_nulls() {
        let text = render(Format::Table, vec![batch()]);
        assert!(text.contains("| NULL   | 1     |"), "{text}");
    }

    #[test]
    fn byte_counts() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MB");
    }
}
