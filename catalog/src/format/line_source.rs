//! The DataFusion file source of the line-oriented log formats: opens an
//! object, decompresses it by its name's extension, cuts it into lines and
//! hands them to a [`LineBatcher`].

use std::io::Read;
use std::sync::Arc;

use bytes::Buf;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::{
    FileOpenFuture, FileOpener, FileScanConfig, FileSource,
};
use datafusion::datasource::projection::{ProjectionOpener, SplitProjection};
use datafusion::datasource::table_schema::TableSchema;
use datafusion::error::{DataFusionError, Result};
use datafusion::object_store::{GetOptions, GetRange, ObjectStore};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr_common::sort_expr::LexOrdering;
use datafusion::physical_plan::metrics::{Count, ExecutionPlanMetricsSet, MetricBuilder};
use datafusion::physical_plan::projection::ProjectionExprs;
use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use quarry_udfs::grammar::LineGrammar;

use super::line_batch::{BadRecords, LineBatcher, Place};
use crate::compression::Compression;

/// Reads the objects of one line-format table.
#[derive(Clone)]
pub struct LineSource {
    grammar: Arc<dyn LineGrammar>,
    policy: BadRecords,
    table_schema: TableSchema,
    batch_size: usize,
    metrics: ExecutionPlanMetricsSet,
    projection: SplitProjection,
}

impl LineSource {
    /// A source for `table_schema`, read with `grammar`.
    pub fn new(
        grammar: Arc<dyn LineGrammar>,
        policy: BadRecords,
        table_schema: TableSchema,
    ) -> Self {
        Self {
            projection: SplitProjection::unprojected(&table_schema),
            grammar,
            policy,
            table_schema,
            batch_size: 8192,
            metrics: ExecutionPlanMetricsSet::new(),
        }
    }

    /// The same source with another bad-record policy.
    pub(crate) fn with_policy(&self, policy: BadRecords) -> Self {
        Self {
            policy,
            ..self.clone()
        }
    }
}

/// The compression an object's name announces, as DataFusion's type.
fn compression_of(name: &str) -> FileCompressionType {
    match Compression::from_object_name(name) {
        Compression::Gzip => FileCompressionType::GZIP,
        Compression::Zstd => FileCompressionType::ZSTD,
        Compression::Bzip2 => FileCompressionType::BZIP2,
        Compression::Xz => FileCompressionType::XZ,
        Compression::Uncompressed => FileCompressionType::UNCOMPRESSED,
    }
}

impl FileSource for LineSource {
    fn create_file_opener(
        &self,
        object_store: Arc<dyn ObjectStore>,
        base_config: &FileScanConfig,
        partition: usize,
    ) -> Result<Arc<dyn FileOpener>> {
        let file_schema = self.table_schema.file_schema();
        let projected = Arc::new(file_schema.project(&self.projection.file_indices)?);
        let opener = Arc::new(LineOpener {
            grammar: Arc::clone(&self.grammar),
            policy: self.policy,
            schema: projected,
            batch_size: self.batch_size,
            store: object_store,
            store_url: base_config.object_store_url.as_str().to_string(),
            skipped: MetricBuilder::new(&self.metrics).counter("bad_records_skipped", partition),
        });
        ProjectionOpener::try_new(self.projection.clone(), opener, file_schema)
    }

    fn table_schema(&self) -> &TableSchema {
        &self.table_schema
    }

    fn with_batch_size(&self, batch_size: usize) -> Arc<dyn FileSource> {
        let mut source = self.clone();
        source.batch_size = batch_size;
        Arc::new(source)
    }

    fn try_pushdown_projection(
        &self,
        projection: &ProjectionExprs,
    ) -> Result<Option<Arc<dyn FileSource>>> {
        let mut source = self.clone();
        let merged = self.projection.source.try_merge(projection)?;
        source.projection = SplitProjection::new(self.table_schema.file_schema(), &merged);
        Ok(Some(Arc::new(source)))
    }

    fn projection(&self) -> Option<&ProjectionExprs> {
        Some(&self.projection.source)
    }

    fn metrics(&self) -> &ExecutionPlanMetricsSet {
        &self.metrics
    }

    fn file_type(&self) -> &str {
        self.grammar.name()
    }

    fn supports_repartitioning(&self) -> bool {
        self.grammar.supports_range_split()
    }

    fn repartitioned(
        &self,
        target_partitions: usize,
        repartition_file_min_size: usize,
        output_ordering: Option<LexOrdering>,
        config: &FileScanConfig,
    ) -> Result<Option<FileScanConfig>> {
        // A compressed object cannot be entered in the middle; the
        // compression is per object (by name), so any one of them keeps the
        // scan whole.
        let compressed = config.file_groups.iter().any(|g| {
            g.files()
                .iter()
                .any(|f| compression_of(f.object_meta.location.as_ref()).is_compressed())
        });
        if compressed || !self.supports_repartitioning() {
            return Ok(None);
        }
        let groups = datafusion::datasource::physical_plan::FileGroupPartitioner::new()
            .with_target_partitions(target_partitions)
            .with_repartition_file_min_size(repartition_file_min_size)
            .with_preserve_order_within_groups(output_ordering.is_some())
            .repartition_file_groups(&config.file_groups);
        Ok(groups.map(|file_groups| {
            let mut config = config.clone();
            config.file_groups = file_groups;
            config
        }))
    }

    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        datafusion::physical_plan::apply_expression_roots(self.projection.source.iter(), f)
    }
}

struct LineOpener {
    grammar: Arc<dyn LineGrammar>,
    policy: BadRecords,
    schema: SchemaRef,
    batch_size: usize,
    store: Arc<dyn ObjectStore>,
    store_url: String,
    skipped: Count,
}

impl FileOpener for LineOpener {
    fn open(&self, file: PartitionedFile) -> Result<FileOpenFuture> {
        let store = Arc::clone(&self.store);
        let location = file.object_meta.location.clone();
        let size = file.object_meta.size;
        let object = crate::format::object_name(&self.store_url, location.as_ref());
        let compression = compression_of(location.as_ref());
        let range = file
            .range
            .as_ref()
            .map(|r| (r.start.max(0) as u64, r.end.max(0) as u64))
            .filter(|_| !compression.is_compressed());
        let batcher = LineBatcher::new(
            Arc::clone(&self.grammar),
            Arc::clone(&self.schema),
            self.policy,
            object.clone(),
        );
        let batch_size = self.batch_size.max(1);
        let skipped = self.skipped.clone();
        Ok(Box::pin(async move {
            // A range starts one byte early so that a line beginning exactly
            // at `start` is recognised as this range's first.
            let fetch_from = range.map_or(0, |(start, _)| start.saturating_sub(1));
            let options = GetOptions {
                range: (fetch_from > 0).then_some(GetRange::Bounded(fetch_from..size)),
                ..Default::default()
            };
            let result = store.get_opts(&location, options).await?;
            let input = if range.is_none() && size <= WHOLE_OBJECT_LIMIT {
                // One request, then decompression in this thread: the
                // streamed path moves a few KiB per wake-up.
                let bytes = result.bytes().await?;
                Input::Read(compression.convert_read(bytes.reader())?)
            } else {
                let bytes = result.into_stream().map_err(DataFusionError::from).boxed();
                Input::Stream(compression.convert_stream(bytes)?)
            };
            let lines = Lines {
                input,
                object,
                buf: Vec::new(),
                cursor: Cursor {
                    offset: fetch_from,
                    skip_first: range.is_some_and(|(start, _)| start > 0),
                    end: range.map(|(_, end)| end),
                    by_offset: range.is_some_and(|(start, _)| start > 0),
                    line_no: 0,
                },
                eof: false,
                done: false,
                batcher,
                batch_size,
                skipped,
                reported: 0,
            };
            // try_unfold ends the stream at the first error.
            Ok(futures::stream::try_unfold(lines, |mut lines| async move {
                Ok::<_, DataFusionError>(lines.next_batch().await?.map(|batch| (batch, lines)))
            })
            .boxed())
        }))
    }
}

/// Objects up to this size are fetched in one request and decompressed as
/// they are cut into lines; larger ones (and byte ranges of uncompressed
/// ones) are streamed, so memory stays bounded.
const WHOLE_OBJECT_LIMIT: u64 = 256 << 20;

/// How much decompressed text is cut into lines at a time.
const PIECE: u64 = 1 << 20;

/// Where an object's bytes come from.
enum Input {
    /// An object held whole, decompressed a piece at a time.
    Read(Box<dyn Read + Send>),
    /// A stream of (decompressed) chunks.
    Stream(BoxStream<'static, Result<bytes::Bytes>>),
}

impl Input {
    /// Appends the next bytes to `buf`; false at the end of the object.
    async fn fill(&mut self, buf: &mut Vec<u8>) -> std::io::Result<bool> {
        match self {
            Self::Read(reader) => loop {
                match reader.by_ref().take(PIECE).read_to_end(buf) {
                    Ok(n) => return Ok(n > 0),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            },
            Self::Stream(chunks) => match chunks.next().await {
                Some(chunk) => {
                    buf.extend_from_slice(&chunk.map_err(std::io::Error::other)?);
                    Ok(true)
                }
                None => Ok(false),
            },
        }
    }
}

/// Where the next line of an object is, and whether it is this scan's.
struct Cursor {
    /// The object offset of the start of the reader's buffer.
    offset: u64,
    /// In a range that does not start the file, the first (partial) line
    /// belongs to the range before.
    skip_first: bool,
    /// Lines starting at or after this offset belong to the next range.
    end: Option<u64>,
    /// Whether lines are named by byte offset (their number is unknown).
    by_offset: bool,
    line_no: u64,
}

/// Whether a line is read, and then where it is.
enum Verdict {
    Read(Place),
    Skip,
    RangeOver,
}

impl Cursor {
    /// The verdict on the line starting `start` bytes into the buffer.
    fn line_at(&mut self, start: usize) -> Verdict {
        let at = self.offset + start as u64;
        if self.skip_first {
            self.skip_first = false;
            return Verdict::Skip;
        }
        if self.end.is_some_and(|e| at >= e) {
            return Verdict::RangeOver;
        }
        self.line_no += 1;
        Verdict::Read(if self.by_offset {
            Place::Offset(at)
        } else {
            Place::Line(self.line_no)
        })
    }
}

/// The state of one object being cut into lines.
struct Lines {
    input: Input,
    object: String,
    /// Bytes read but not yet consumed; `buf[0]` is at `cursor.offset`.
    buf: Vec<u8>,
    cursor: Cursor,
    /// Whether the input is exhausted (what is in `buf` is all there is).
    eof: bool,
    done: bool,
    batcher: LineBatcher,
    batch_size: usize,
    skipped: Count,
    reported: usize,
}

/// Feeds the lines of `text` (each ended by `\n`, or by its end when
/// `last` is set) to `batcher` until a batch is full; returns the bytes
/// consumed and whether the scan's range is over.
fn feed(
    text: &[u8],
    last: bool,
    cursor: &mut Cursor,
    batcher: &mut LineBatcher,
    batch_size: usize,
) -> Result<(usize, bool)> {
    let complete = if last {
        text.len()
    } else {
        match memchr::memrchr(b'\n', text) {
            Some(nl) => nl + 1,
            None => return Ok((0, false)),
        }
    };
    // UTF-8 is checked once for many lines; a line breaks only at `\n`, so
    // every line of valid text is valid. Text that is not valid is
    // converted a line at a time, a stray byte becoming U+FFFD rather than
    // failing the file.
    let valid = std::str::from_utf8(&text[..complete]).ok();
    let mut pos = 0;
    while pos < complete && batcher.rows() < batch_size {
        let end = memchr::memchr(b'\n', &text[pos..complete]).map_or(complete, |i| pos + i);
        match cursor.line_at(pos) {
            Verdict::RangeOver => return Ok((pos, true)),
            Verdict::Skip => {}
            Verdict::Read(place) => match valid {
                Some(valid) => batcher.push_line(&valid[pos..end], place)?,
                None => batcher.push_line(&String::from_utf8_lossy(&text[pos..end]), place)?,
            },
        }
        pos = (end + 1).min(complete);
        if end == complete {
            break;
        }
    }
    Ok((pos, false))
}

impl Lines {
    async fn next_batch(&mut self) -> Result<Option<RecordBatch>> {
        while !self.done {
            let (consumed, over) = feed(
                &self.buf,
                self.eof,
                &mut self.cursor,
                &mut self.batcher,
                self.batch_size,
            )?;
            self.consume(consumed);
            // At the end of the object, feed takes every line there is.
            self.done = over || self.eof && self.buf.is_empty();
            if self.batcher.rows() >= self.batch_size {
                return self.emit().map(Some);
            }
            if self.done {
                break;
            }
            let more = self.input.fill(&mut self.buf).await.map_err(|e| {
                DataFusionError::Execution(format!(
                    "{}: the object cannot be read to its end ({e}); if it is \
                     compressed, the compressed data is damaged",
                    self.object
                ))
            })?;
            // The last line may lack its newline.
            self.eof = !more;
        }
        if self.batcher.rows() > 0 {
            return self.emit().map(Some);
        }
        self.report_skipped();
        Ok(None)
    }

    fn consume(&mut self, n: usize) {
        self.buf.drain(..n);
        self.cursor.offset += n as u64;
    }

    fn emit(&mut self) -> Result<RecordBatch> {
        self.report_skipped();
        self.batcher.finish()
    }

    fn report_skipped(&mut self) {
        let now = self.batcher.skipped();
        self.skipped.add(now - self.reported);
        self.reported = now;
    }
}
