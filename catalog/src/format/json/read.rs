//! From an object's bytes to batches: decompression, UTF-8, record
//! splitting, conversion, and the bad-record policy.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::Arc;

use bytes::{Buf, Bytes};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::error::{DataFusionError, Result};
use datafusion::physical_plan::metrics::Count;

use super::decode::{Row, decode_batch};
use super::layout::RecordLayout;
use super::shape::Shape;
use super::tree::{Documents, Node, line_at};
use crate::error::{BadRecord, CatalogError};
pub use crate::format::line_batch::BadRecords;

/// Everything a read needs besides the bytes.
#[derive(Debug, Clone)]
pub(crate) struct ReadContext {
    /// The object, as messages name it (`s3://bucket/key`).
    pub object: String,
    /// Its key, for layouts that read meaning into paths.
    pub path: String,
    /// The format.
    pub layout: Arc<dyn RecordLayout>,
    /// The columns to build.
    pub schema: SchemaRef,
    /// What of each document to build for them.
    pub shape: Shape,
    /// Records per batch, roughly (a CloudTrail file is one batch).
    pub batch_size: usize,
    /// The policy.
    pub bad_records: BadRecords,
    /// Where skipped records are counted.
    pub skipped: Count,
}

impl ReadContext {
    fn bad(&self, line: usize, record: Option<usize>, message: String) -> DataFusionError {
        CatalogError::BadRecord(Box::new(BadRecord {
            object: self.object.clone(),
            line,
            record,
            message,
        }))
        .into()
    }

    fn skip(&self) -> bool {
        self.bad_records == BadRecords::Skip
    }
}

/// The compression of `bytes`, by their magic number: AWS does not always
/// say (Firehose writes gzip with no `.gz`), and no JSON or log text starts
/// with these bytes, so the content decides rather than the name.
fn sniff(bytes: &[u8]) -> FileCompressionType {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        FileCompressionType::GZIP
    } else if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        FileCompressionType::ZSTD
    } else if bytes.starts_with(b"BZh") {
        FileCompressionType::BZIP2
    } else if bytes.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        FileCompressionType::XZ
    } else {
        FileCompressionType::UNCOMPRESSED
    }
}

/// The decompressed text of an object. A damaged compressed stream or a
/// byte sequence that is not UTF-8 is a bad record: under `skip` the intact
/// part is read (the damaged tail, or the line holding the bad bytes, is
/// counted as one skipped record).
pub(crate) fn object_text(bytes: Bytes, ctx: &ReadContext) -> Result<String> {
    let kind = sniff(&bytes);
    let mut data = if kind == FileCompressionType::UNCOMPRESSED {
        bytes.to_vec()
    } else {
        let mut reader = kind.convert_read(bytes.reader())?;
        let mut out = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    if !ctx.skip() {
                        let line = 1 + out.iter().filter(|&&b| b == b'\n').count();
                        return Err(ctx.bad(
                            line,
                            None,
                            format!(
                                "the compressed data is damaged after {} bytes: {e}",
                                out.len()
                            ),
                        ));
                    }
                    ctx.skipped.add(1);
                    // The last line read is probably cut short.
                    let keep = out.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                    out.truncate(keep);
                    break;
                }
            }
        }
        out
    };
    loop {
        match String::from_utf8(data) {
            Ok(text) => return Ok(text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
                if !ctx.skip() {
                    return Err(ctx.bad(
                        line,
                        None,
                        format!("bytes that are not UTF-8 at byte {at}"),
                    ));
                }
                ctx.skipped.add(1);
                let start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| at + i + 1);
                // Keep the line break so later line numbers stay right.
                let tail = bytes.split_off(end);
                bytes.truncate(start);
                bytes.push(b'\n');
                bytes.extend_from_slice(&tail);
                data = bytes;
            }
        }
    }
}

/// Batches of one object's records, parsed a batch at a time.
pub(crate) struct FileBatches {
    text: String,
    ctx: ReadContext,
    pos: usize,
    line_pos: usize,
    line: usize,
    done: bool,
    /// Batches built ahead (text layouts are converted whole).
    ready: VecDeque<RecordBatch>,
}

impl FileBatches {
    /// Reads `text` as `ctx` says.
    pub(crate) fn new(text: String, ctx: ReadContext) -> Result<Self> {
        let mut batches = Self {
            text,
            ctx,
            pos: 0,
            line_pos: 0,
            line: 1,
            done: false,
            ready: VecDeque::new(),
        };
        batches.convert_text_layout()?;
        Ok(batches)
    }

    fn convert_text_layout(&mut self) -> Result<()> {
        let mut batches = Vec::new();
        {
            let Some(records) = self.ctx.layout.text_records(&self.text, &self.ctx.path) else {
                return Ok(());
            };
            for chunk in records.chunks(self.ctx.batch_size.max(1)) {
                let mut rows = Vec::with_capacity(chunk.len());
                let mut meta = Vec::with_capacity(chunk.len());
                for (line, node) in chunk {
                    let before = rows.len();
                    match self.ctx.layout.rows(node, &mut rows) {
                        Ok(()) => meta.extend((before..rows.len()).map(|_| (*line, None))),
                        Err(message) => {
                            rows.truncate(before);
                            self.reject(*line, None, message)?;
                        }
                    }
                }
                if let Some(batch) = self.convert(rows, meta)? {
                    batches.push(batch);
                }
            }
        }
        self.done = true;
        self.ready.extend(batches);
        Ok(())
    }

    /// A bad record: an error, or counted under `skip`.
    fn reject(&self, line: usize, record: Option<usize>, message: String) -> Result<()> {
        if self.ctx.skip() {
            self.ctx.skipped.add(1);
            Ok(())
        } else {
            Err(self.ctx.bad(line, record, message))
        }
    }

    /// Converts rows to a batch; a row that does not convert is a bad record.
    fn convert(
        &self,
        mut rows: Vec<Row<'_, '_>>,
        mut meta: Vec<(usize, Option<usize>)>,
    ) -> Result<Option<RecordBatch>> {
        loop {
            if rows.is_empty() {
                return Ok(None);
            }
            match decode_batch(&self.ctx.schema, &rows) {
                Ok(batch) => return Ok(Some(batch)),
                Err(e) => {
                    let (line, record) = meta.get(e.row).copied().unwrap_or((0, None));
                    self.reject(line, record, format!("column {}: {}", e.column, e.message))?;
                    if e.row >= rows.len() {
                        return Err(DataFusionError::Internal(format!(
                            "{}: conversion failed outside the batch: {}",
                            self.ctx.object, e.message
                        )));
                    }
                    rows.remove(e.row);
                    meta.remove(e.row);
                }
            }
        }
    }

    fn next_batch(&mut self) -> Result<Option<RecordBatch>> {
        while !self.done {
            let mut parsed: Vec<(usize, Node<'_>)> = Vec::new();
            let mut errors: Vec<(usize, usize, String)> = Vec::new();
            let text: &str = &self.text;
            let mut docs =
                Documents::starting_at(text, self.pos).with_shape(self.ctx.shape.clone());
            let mut done = false;
            while parsed.len() < self.ctx.batch_size.max(1) {
                match docs.next_value() {
                    None => {
                        done = true;
                        break;
                    }
                    Some(Ok((start, node))) => parsed.push((start, node)),
                    Some(Err(e)) => {
                        errors.push((e.start, e.offset, e.message.clone()));
                        if !self.ctx.skip() {
                            done = true;
                            break;
                        }
                        docs.skip_line(e.start);
                    }
                }
            }
            let pos = docs.position();
            // Lines are counted once, in order, after the parse (the nodes
            // borrow the text, so the counter cannot move during it).
            let mut lines = LineCounter::new(text, self.line_pos, self.line);
            let parsed: Vec<(usize, Node<'_>)> = parsed
                .into_iter()
                .map(|(start, node)| (lines.line_of(start), node))
                .collect();
            for (start, offset, message) in &errors {
                if self.ctx.skip() {
                    self.ctx.skipped.add(1);
                } else {
                    return Err(self.ctx.bad(
                        line_at(text, 0, 1, *start),
                        None,
                        syntax_message(text, *start, *offset, message),
                    ));
                }
            }
            let mut rows = Vec::new();
            let mut meta = Vec::new();
            for (line, node) in &parsed {
                let before = rows.len();
                match self.ctx.layout.rows(node, &mut rows) {
                    Ok(()) => {
                        for (i, row) in rows[before..].iter().enumerate() {
                            let inner = !std::ptr::eq(row.record, node);
                            meta.push((*line, inner.then_some(i)));
                        }
                    }
                    Err(message) => {
                        rows.truncate(before);
                        self.reject(*line, None, message)?;
                    }
                }
            }
            let batch = self.convert(rows, meta)?;
            let (line_pos, line) = (lines.pos, lines.line);
            self.pos = pos;
            self.done = done;
            self.line_pos = line_pos;
            self.line = line;
            if batch.is_some() {
                return Ok(batch);
            }
        }
        Ok(None)
    }
}

impl FileBatches {
    /// Feeds the records of `text` to `inference` until its sample is full.
    pub(crate) fn sample(
        text: &str,
        ctx: &ReadContext,
        inference: &mut super::infer::SchemaInference,
    ) -> Result<()> {
        let mut docs = Documents::new(text);
        while !inference.is_full() {
            let (start, node) = match docs.next_value() {
                None => break,
                Some(Ok(found)) => found,
                Some(Err(e)) => {
                    if !ctx.skip() {
                        let line = line_at(text, 0, 1, e.start);
                        let message = syntax_message(text, e.start, e.offset, &e.message);
                        return Err(ctx.bad(line, None, message));
                    }
                    docs.skip_line(e.start);
                    continue;
                }
            };
            let mut rows = Vec::new();
            if let Err(message) = ctx.layout.rows(&node, &mut rows)
                && !ctx.skip()
            {
                let line = line_at(text, 0, 1, start);
                return Err(ctx.bad(line, None, message));
            }
            for row in rows {
                inference.add(row.record);
            }
        }
        Ok(())
    }
}

/// "invalid JSON: ..." for a record starting at `start`, naming the line
/// of the error when it is another (an unclosed object runs on).
fn syntax_message(text: &str, start: usize, offset: usize, message: &str) -> String {
    let first = line_at(text, 0, 1, start);
    let at = line_at(text, start, first, offset);
    if at == first {
        format!("invalid JSON: {message}")
    } else {
        format!("invalid JSON: {message} at line {at}")
    }
}

/// Counts lines forward through a text.
struct LineCounter<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, pos: usize, line: usize) -> Self {
        Self { text, pos, line }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        if offset < self.pos {
            return line_at(self.text, 0, 1, offset);
        }
        self.line = line_at(self.text, self.pos, self.line, offset);
        self.pos = offset;
        self.line
    }
}

impl Iterator for FileBatches {
    type Item = Result<RecordBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(batch) = self.ready.pop_front() {
            return Some(Ok(batch));
        }
        match self.next_batch() {
            Ok(Some(batch)) => Some(Ok(batch)),
            Ok(None) => None,
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::json::cloudtrail::CloudTrail;
    use crate::format::json::layout::JsonLines;
    use crate::format::json::schema_of;

    const GZ_A: &[u8] = &[
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 74, 84, 178, 50, 172, 229, 2, 0, 70, 163, 232,
        116, 8, 0, 0, 0,
    ]; // {"a":1}\n
    const GZ_B: &[u8] = &[
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 74, 84, 178, 50, 170, 5, 0, 108, 255, 54, 125, 7,
        0, 0, 0,
    ]; // {"a":2}

    fn ctx(layout: Arc<dyn RecordLayout>, cols: super::super::Columns, skip: bool) -> ReadContext {
        let schema = Arc::new(schema_of(cols).unwrap());
        ReadContext {
            object: "s3://b/k.json".into(),
            path: "k.json".into(),
            shape: layout.document_shape(Shape::of_record(&schema)),
            layout,
            schema,
            batch_size: 2,
            bad_records: if skip {
                BadRecords::Skip
            } else {
                BadRecords::Fail
            },
            skipped: Count::new(),
        }
    }

    fn lines(skip: bool) -> ReadContext {
        ctx(Arc::new(JsonLines), &[("a", "bigint")], skip)
    }

    fn read_all(text: &str, ctx: ReadContext) -> Result<Vec<RecordBatch>> {
        FileBatches::new(text.to_string(), ctx)?.collect()
    }

    #[test]
    fn gzip_members_are_read_one_after_another() {
        let bytes = Bytes::from([GZ_A, GZ_B].concat());
        assert_eq!(
            object_text(bytes, &lines(false)).unwrap(),
            "{\"a\":1}\n{\"a\":2}"
        );
    }

    #[test]
    fn a_damaged_gzip_stream_fails_or_keeps_its_whole_lines() {
        let cut = [GZ_A, &GZ_B[..GZ_B.len() - 12]].concat();
        let err = object_text(Bytes::from(cut.clone()), &lines(false)).unwrap_err();
        assert!(err.to_string().contains("s3://b/k.json, line"), "{err}");
        assert!(
            err.to_string().contains("compressed data is damaged"),
            "{err}"
        );
        let skip = lines(true);
        assert_eq!(object_text(Bytes::from(cut), &skip).unwrap(), "{\"a\":1}\n");
        assert_eq!(skip.skipped.value(), 1);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_bad_line() {
        let data = b"{\"a\":1}\n{\"a\":\xff}\n{\"a\":3}\n".to_vec();
        let err = object_text(Bytes::from(data.clone()), &lines(false)).unwrap_err();
        assert!(
            err.to_string().contains("line 2: bytes that are not UTF-8"),
            "{err}"
        );
        let skip = lines(true);
        let text = object_text(Bytes::from(data), &skip).unwrap();
        assert_eq!(text, "{\"a\":1}\n\n{\"a\":3}\n");
        assert_eq!(skip.skipped.value(), 1);
    }

    #[test]
    fn batches_hold_about_batch_size_records() {
        let text = (1..=5)
            .map(|i| format!("{{\"a\":{i}}}\n"))
            .collect::<String>();
        let batches = read_all(&text, lines(false)).unwrap();
        let sizes: Vec<usize> = batches.iter().map(RecordBatch::num_rows).collect();
        assert_eq!(sizes, [2, 2, 1]);
    }

    #[test]
    fn a_bad_cloudtrail_record_is_named_by_its_index() {
        let cols: super::super::Columns = &[("eventversion", "string"), ("readonly", "boolean")];
        let text = r#"{"Records":[{"eventVersion":"1.08","readOnly":true},{"eventVersion":"1.09","readOnly":"maybe"}]}"#;
        let err = read_all(text, ctx(Arc::new(CloudTrail), cols, false)).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("s3://b/k.json, line 1, record 1: column readonly"),
            "{msg}"
        );
        let skip = ctx(Arc::new(CloudTrail), cols, true);
        let counter = skip.skipped.clone();
        let batches = read_all(text, skip).unwrap();
        assert_eq!(batches.iter().map(RecordBatch::num_rows).sum::<usize>(), 1);
        assert_eq!(counter.value(), 1);
    }

    #[test]
    fn skipped_lines_do_not_shift_later_line_numbers() {
        let text = "{\"a\":1}\n{\"a\":\n{\"a\":3}\n{\"a\":\"x\"}\n";
        let skip = lines(true);
        let counter = skip.skipped.clone();
        let batches = read_all(text, skip).unwrap();
        assert_eq!(batches.iter().map(RecordBatch::num_rows).sum::<usize>(), 2);
        assert_eq!(counter.value(), 2);
        let err = read_all("{\"a\":1}\n\n{\"a\":1}\n{\"a\":\"x\"}\n", lines(false)).unwrap_err();
        assert!(err.to_string().contains("line 4: column a"), "{err}");
    }
}
