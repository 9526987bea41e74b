//! Lines in, Arrow record batches out: the grammar cuts each line into
//! spans, and only the projected columns are built from them.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, RecordBatchOptions, StringBuilder};
use datafusion::arrow::compute::{CastOptions, cast_with_options};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::error::{DataFusionError, Result};
use quarry_udfs::grammar::{LineGrammar, LineParser, Span};

use crate::error::{BadLine, CatalogError};

/// What a reader does with a line that is not a record of its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BadRecords {
    /// Fail the query, naming the object and line (the default).
    #[default]
    Fail,
    /// Leave the line out, counting it in the scan's `bad_records_skipped`.
    Skip,
    /// Read it as a row of NULLs, as Athena's RegexSerDe does.
    Null,
}

/// The table property that sets [`BadRecords`].
pub const BAD_RECORDS_PROPERTY: &str = "quarry.bad_records";

impl BadRecords {
    /// The policy a property value names.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "fail" => Some(Self::Fail),
            "skip" => Some(Self::Skip),
            "null" => Some(Self::Null),
            _ => None,
        }
    }
}

/// Where a line is, for messages: its number when the file is read from
/// its start, its byte offset when only a range of it is.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    /// 1-based line number.
    Line(u64),
    /// Byte offset of the line's start.
    Offset(u64),
}

impl Place {
    fn describe(self) -> String {
        match self {
            Self::Line(n) => format!("line {n}"),
            Self::Offset(o) => format!("the line at byte {o}"),
        }
    }
}

/// Builds the projected columns of one file's lines, a batch at a time.
pub struct LineBatcher {
    grammar: Arc<dyn LineGrammar>,
    parser: Box<dyn LineParser>,
    schema: SchemaRef,
    /// For each output column, the grammar field it comes from.
    sources: Vec<Option<usize>>,
    builders: Vec<StringBuilder>,
    spans: Vec<Span>,
    rows: usize,
    policy: BadRecords,
    object: String,
    skipped: usize,
}

impl LineBatcher {
    /// A batcher for `object`, building `schema`'s columns, each matched by
    /// name (case-insensitively, as in Hive) to a grammar field; a column
    /// the grammar does not have reads as NULL.
    pub fn new(
        grammar: Arc<dyn LineGrammar>,
        schema: SchemaRef,
        policy: BadRecords,
        object: String,
    ) -> Self {
        let fields = grammar.fields();
        let sources = schema
            .fields()
            .iter()
            .map(|f| {
                fields
                    .iter()
                    .position(|g| g.name.eq_ignore_ascii_case(f.name()))
            })
            .collect();
        let builders = schema
            .fields()
            .iter()
            .map(|_| StringBuilder::new())
            .collect();
        Self {
            parser: grammar.parser(),
            spans: vec![None; fields.len()],
            grammar,
            schema,
            sources,
            builders,
            rows: 0,
            policy,
            object,
            skipped: 0,
        }
    }

    /// Rows waiting in the current batch.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Lines skipped as bad so far.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Adds one line (without its `\n`; a trailing `\r` is dropped).
    pub fn push_line(&mut self, raw: &[u8], place: Place) -> Result<()> {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(|b| b.is_ascii_whitespace()) {
            // Blank lines (a file ending in an empty line) are no records.
            return Ok(());
        }
        // Logs are meant to be UTF-8; a stray byte becomes U+FFFD rather
        // than failing the whole file.
        let line = String::from_utf8_lossy(raw);
        if self.parser.header_line(&line) {
            return Ok(());
        }
        self.spans.iter_mut().for_each(|s| *s = None);
        match self.parser.parse(&line, &mut self.spans) {
            Ok(()) => {}
            Err(e) => match self.policy {
                BadRecords::Skip => {
                    self.skipped += 1;
                    return Ok(());
                }
                BadRecords::Null => self.spans.iter_mut().for_each(|s| *s = None),
                BadRecords::Fail => {
                    return Err(CatalogError::BadLine(Box::new(BadLine {
                        object: self.object.clone(),
                        place: place.describe(),
                        format: self.grammar.name().to_string(),
                        reason: e.reason,
                    }))
                    .into());
                }
            },
        }
        for (builder, source) in self.builders.iter_mut().zip(&self.sources) {
            match source.and_then(|i| self.spans[i].clone()) {
                Some(span) => builder.append_value(&line[span]),
                None => builder.append_null(),
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows gathered so far, as one batch in the output schema; values
    /// that do not convert to a column's type are NULL, as in Athena's
    /// text SerDes.
    pub fn finish(&mut self) -> Result<RecordBatch> {
        let options = CastOptions {
            safe: true,
            ..Default::default()
        };
        let columns = self
            .builders
            .iter_mut()
            .zip(self.schema.fields())
            .map(|(b, f)| {
                let strings: ArrayRef = Arc::new(b.finish());
                if f.data_type() == &DataType::Utf8 {
                    Ok(strings)
                } else {
                    cast_with_options(&strings, f.data_type(), &options).map_err(|e| {
                        DataFusionError::Execution(format!(
                            "{}: column {} cannot be read as {}: {e}",
                            self.object,
                            f.name(),
                            f.data_type()
                        ))
                    })
                }
            })
            .collect::<Result<Vec<_>>>()?;
        let rows = std::mem::take(&mut self.rows);
        Ok(RecordBatch::try_new_with_options(
            Arc::clone(&self.schema),
            columns,
            &RecordBatchOptions::new().with_row_count(Some(rows)),
        )?)
    }
}
