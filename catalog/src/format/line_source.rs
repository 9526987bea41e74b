//! The DataFusion file source of the line-oriented log formats: opens an
//! object, decompresses it by its name's extension, cuts it into lines and
//! hands them to a [`LineBatcher`].

use std::sync::Arc;

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
            object,
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
            let bytes = store
                .get_opts(&location, options)
                .await?
                .into_stream()
                .map_err(DataFusionError::from)
                .boxed();
            let bytes = compression.convert_stream(bytes)?;
            let lines = Lines {
                input: bytes,
                buf: Vec::new(),
                offset: fetch_from,
                skip_first: range.is_some_and(|(start, _)| start > 0),
                end: range.map(|(_, end)| end),
                by_offset: range.is_some_and(|(start, _)| start > 0),
                line_no: 0,
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

/// The state of one object being cut into lines.
struct Lines {
    input: BoxStream<'static, Result<bytes::Bytes>>,
    /// Bytes read but not yet consumed; `buf[0]` is at `offset`.
    buf: Vec<u8>,
    offset: u64,
    /// In a range that does not start the file, the first (partial) line
    /// belongs to the range before.
    skip_first: bool,
    /// Lines starting at or after this offset belong to the next range.
    end: Option<u64>,
    /// Whether lines are named by byte offset (their number is unknown).
    by_offset: bool,
    line_no: u64,
    done: bool,
    batcher: LineBatcher,
    batch_size: usize,
    skipped: Count,
    reported: usize,
}

impl Lines {
    /// Feeds one complete line; returns false when the range is over.
    fn line(&mut self, start: usize, end: usize) -> Result<bool> {
        let at = self.offset + start as u64;
        if self.skip_first {
            self.skip_first = false;
            return Ok(true);
        }
        if self.end.is_some_and(|e| at >= e) {
            return Ok(false);
        }
        self.line_no += 1;
        let place = if self.by_offset {
            Place::Offset(at)
        } else {
            Place::Line(self.line_no)
        };
        self.batcher.push_line(&self.buf[start..end], place)?;
        Ok(true)
    }

    async fn next_batch(&mut self) -> Result<Option<RecordBatch>> {
        while !self.done {
            let mut pos = 0;
            while let Some(nl) = self.buf[pos..].iter().position(|&b| b == b'\n') {
                let more = self.line(pos, pos + nl)?;
                pos += nl + 1;
                if !more {
                    self.done = true;
                    break;
                }
                if self.batcher.rows() >= self.batch_size {
                    break;
                }
            }
            self.buf.drain(..pos);
            self.offset += pos as u64;
            if self.batcher.rows() >= self.batch_size {
                return self.emit().map(Some);
            }
            if self.done {
                break;
            }
            match self.input.next().await {
                Some(chunk) => self.buf.extend_from_slice(&chunk?),
                None => {
                    // The last line may lack its newline.
                    if !self.buf.is_empty() {
                        let len = self.buf.len();
                        self.line(0, len)?;
                        self.buf.clear();
                    }
                    self.done = true;
                }
            }
        }
        if self.batcher.rows() > 0 {
            return self.emit().map(Some);
        }
        self.report_skipped();
        Ok(None)
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
