//! Lines in, Arrow record batches out: the grammar cuts each line into
//! spans, and only the projected columns are built from them.

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, RecordBatchOptions};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::error::{DataFusionError, Result};
use quarry_udfs::grammar::{LineGrammar, LineParser, Span};

use super::text_column::{TextColumn, text_column};
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
    columns: Vec<Box<dyn TextColumn>>,
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
        let sources: Vec<Option<usize>> = schema
            .fields()
            .iter()
            .map(|f| {
                fields
                    .iter()
                    .position(|g| g.name.eq_ignore_ascii_case(f.name()))
            })
            .collect();
        let mut wanted = vec![false; fields.len()];
        sources.iter().flatten().for_each(|&i| wanted[i] = true);
        let mut parser = grammar.parser();
        parser.want(&wanted);
        let columns = schema
            .fields()
            .iter()
            .map(|f| text_column(f.data_type()))
            .collect();
        Self {
            parser,
            spans: vec![None; fields.len()],
            grammar,
            schema,
            sources,
            columns,
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
    pub fn push_line(&mut self, line: &str, place: Place) -> Result<()> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.bytes().all(|b| b.is_ascii_whitespace()) {
            // Blank lines (a file ending in an empty line) are no records.
            return Ok(());
        }
        if self.parser.header_line(line) {
            return Ok(());
        }
        self.spans.iter_mut().for_each(|s| *s = None);
        match self.parser.parse(line, &mut self.spans) {
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
        for (column, source) in self.columns.iter_mut().zip(&self.sources) {
            let value = source
                .and_then(|i| self.spans[i].clone())
                .and_then(|span| line.get(span));
            column.append(value);
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows gathered so far, as one batch in the output schema; values
    /// that do not convert to a column's type are NULL, as in Athena's
    /// text SerDes.
    pub fn finish(&mut self) -> Result<RecordBatch> {
        let columns = self
            .columns
            .iter_mut()
            .zip(self.schema.fields())
            .map(|(c, f)| {
                c.finish().map_err(|e| {
                    DataFusionError::Execution(format!(
                        "{}: column {} cannot be read as {}: {e}",
                        self.object,
                        f.name(),
                        f.data_type()
                    ))
                })
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
