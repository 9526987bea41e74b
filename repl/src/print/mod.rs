//! Writing results in the chosen format.

mod cells;
mod markdown;
mod parquet;
mod vertical;
pub mod width;

use std::io::Write;

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::csv::WriterBuilder;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Schema, SchemaRef};
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::json::{ArrayWriter, LineDelimitedWriter};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::display::FormatOptions;
use datafusion::arrow::util::pretty::pretty_format_batches_with_options;

use self::parquet::ParquetOut;
use crate::args::Format;

pub use quarry_engine::human_bytes;

/// Writes batches as they come, in one format. Formats that need every row
/// before the first line (the aligned table, the JSON array) buffer.
pub struct ResultWriter<W: Write> {
    format: Format,
    expanded: bool,
    out: ClosedAware<W>,
    buffered: Vec<RecordBatch>,
    header_written: bool,
    records: usize,
    parquet: Option<ParquetOut>,
}

impl<W: Write> ResultWriter<W> {
    /// A writer of `format` into `out`.
    pub fn new(format: Format, out: W) -> Self {
        Self {
            format,
            expanded: false,
            out: ClosedAware {
                inner: out,
                closed: false,
            },
            buffered: Vec::new(),
            header_written: false,
            records: 0,
            parquet: None,
        }
    }

    /// Prints table rows vertically, one line per column (`\x`).
    pub fn expanded(mut self, yes: bool) -> Self {
        self.expanded = yes;
        self
    }

    /// Whether a write failed because the reader went away (`| head`).
    /// Arrow's writers turn I/O errors into text, so the writer itself notes it.
    pub fn output_closed(&self) -> bool {
        self.out.closed
    }

    /// Writes (or buffers) one batch.
    pub fn write(&mut self, batch: RecordBatch) -> Result<(), ArrowError> {
        match self.format {
            Format::Table if self.expanded => {
                vertical::records(&mut self.out, &batch, self.records)?;
                self.records += batch.num_rows();
            }
            Format::Table | Format::Json => self.buffered.push(batch),
            Format::Markdown => {
                if !self.header_written {
                    markdown::header(&mut self.out, &batch.schema())?;
                    self.header_written = true;
                }
                markdown::rows(&mut self.out, &batch)?;
            }
            Format::Parquet => {
                if self.parquet.is_none() {
                    self.parquet = Some(ParquetOut::new(batch.schema())?);
                }
                if let Some(p) = self.parquet.as_mut() {
                    p.write(&batch, &mut self.out)?;
                }
            }
            Format::Csv | Format::Tsv => {
                let delimiter = if self.format == Format::Csv {
                    b','
                } else {
                    b'\t'
                };
                let mut writer = WriterBuilder::new()
                    .with_header(!self.header_written)
                    .with_delimiter(delimiter)
                    .build(&mut self.out);
                writer.write(&nested_as_json(&batch)?)?;
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
            Format::Table if self.expanded => {
                if self.records == 0 && !schema.fields().is_empty() {
                    writeln!(self.out, "(0 rows)")?;
                }
            }
            Format::Markdown => {
                if !self.header_written && !schema.fields().is_empty() {
                    markdown::header(&mut self.out, schema)?;
                }
            }
            Format::Parquet => {
                let writer = match self.parquet.take() {
                    Some(w) => w,
                    None => ParquetOut::new(schema.clone())?,
                };
                writer.finish(&mut self.out)?;
            }
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
                    let delimiter = if self.format == Format::Csv {
                        b','
                    } else {
                        b'\t'
                    };
                    let mut writer = WriterBuilder::new()
                        .with_header(true)
                        .with_delimiter(delimiter)
                        .build(&mut self.out);
                    writer.write(&nested_as_json(&RecordBatch::new_empty(schema.clone()))?)?;
                }
            }
            Format::Ndjson => {}
        }
        self.out.flush()?;
        Ok(())
    }
}

/// Remembers whether the reader of the output went away.
struct ClosedAware<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> ClosedAware<W> {
    fn note<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.closed = true;
        }
        result
    }
}

impl<W: Write> Write for ClosedAware<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}

/// CSV has no nested values: structs, lists and maps become their JSON text
/// in one cell, as DuckDB and Trino's CLI print them.
fn nested_as_json(batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    let schema = batch.schema();
    if !schema.fields().iter().any(|f| f.data_type().is_nested()) {
        return Ok(batch.clone());
    }
    let mut fields = Vec::with_capacity(schema.fields().len());
    let mut columns = Vec::with_capacity(schema.fields().len());
    for (field, column) in schema.fields().iter().zip(batch.columns()) {
        if field.data_type().is_nested() {
            fields.push(Arc::new(Field::new(field.name(), DataType::Utf8, true)));
            columns.push(Arc::new(json_text(field, column)?) as ArrayRef);
        } else {
            fields.push(Arc::clone(field));
            columns.push(Arc::clone(column));
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

/// Each value of `column` as JSON text (NULL stays NULL).
fn json_text(field: &FieldRef, column: &ArrayRef) -> Result<StringArray, ArrowError> {
    let one = Arc::new(Schema::new(vec![Field::new(
        "v",
        field.data_type().clone(),
        true,
    )]));
    let batch = RecordBatch::try_new(one, vec![Arc::clone(column)])?;
    let mut buf = Vec::new();
    {
        let mut writer = datafusion::arrow::json::WriterBuilder::new()
            .with_explicit_nulls(true)
            .build::<_, datafusion::arrow::json::writer::LineDelimited>(&mut buf);
        writer.write(&batch)?;
        writer.finish()?;
    }
    let text = String::from_utf8(buf).map_err(|e| ArrowError::ExternalError(Box::new(e)))?;
    // Each line is {"v":<value>}.
    Ok(text
        .lines()
        .map(|line| {
            let value = line.get(5..line.len().saturating_sub(1)).unwrap_or("null");
            (value != "null").then(|| value.to_string())
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    use datafusion::arrow::array::{Array, Int64Array, StructArray};

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
        assert_eq!(
            render(Format::Tsv, vec![batch()]),
            "action\tflows\nACCEPT\t3\n\t1\n"
        );
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
    fn nested_values_become_json_in_csv() {
        let http = StructArray::from(vec![
            (
                Arc::new(Field::new("ip", DataType::Utf8, true)),
                Arc::new(StringArray::from(vec![Some("10.0.0.1"), None])) as ArrayRef,
            ),
            (
                Arc::new(Field::new("port", DataType::Int64, true)),
                Arc::new(Int64Array::from(vec![443, 80])) as ArrayRef,
            ),
        ]);
        let schema = Arc::new(Schema::new(vec![Field::new(
            "http",
            http.data_type().clone(),
            true,
        )]));
        let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(http)]).expect("batch");
        let mut out = Vec::new();
        let mut writer = ResultWriter::new(Format::Csv, &mut out);
        writer.write(batch).expect("write");
        writer.finish(&schema).expect("finish");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "http\n\"{\"\"ip\"\":\"\"10.0.0.1\"\",\"\"port\"\":443}\"\n\"{\"\"ip\"\":null,\"\"port\"\":80}\"\n"
        );
    }

    #[test]
    fn byte_counts() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MB");
    }

    #[test]
    fn markdown_has_a_header_and_one_line_per_row() {
        assert_eq!(
            render(Format::Markdown, vec![batch()]),
            "| action | flows |\n| --- | --- |\n| ACCEPT | 3 |\n| NULL | 1 |\n"
        );
        assert_eq!(
            render(Format::Markdown, vec![]),
            "| action | flows |\n| --- | --- |\n"
        );
    }

    #[test]
    fn expanded_rows_are_numbered_across_batches() {
        let schema = batch().schema();
        let mut out = Vec::new();
        let mut writer = ResultWriter::new(Format::Table, &mut out).expanded(true);
        writer.write(batch()).expect("write");
        writer.write(batch()).expect("write");
        writer.finish(&schema).expect("finish");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.starts_with(
                "-[ RECORD 1 ]--\naction | ACCEPT\nflows  | 3\n-[ RECORD 2 ]--\naction | NULL\n"
            ),
            "{text}"
        );
        assert!(text.contains("-[ RECORD 4 ]"), "{text}");
    }

    #[test]
    fn parquet_output_reads_back() {
        use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let mut out = Vec::new();
        let schema = batch().schema();
        let mut writer = ResultWriter::new(Format::Parquet, &mut out);
        writer.write(batch()).expect("write");
        writer.write(batch()).expect("write");
        writer.finish(&schema).expect("finish");
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(out))
            .expect("a parquet file")
            .build()
            .expect("reader");
        let batches: Vec<RecordBatch> = reader.map(|b| b.expect("batch")).collect();
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, 4);
        assert_eq!(batches[0].schema().field(0).name(), "action");
    }
}
