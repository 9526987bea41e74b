//! The DataFusion `FileSource` and `FileOpener` of the JSON formats.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::config::ConfigOptions;
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::{
    FileOpenFuture, FileOpener, FileScanConfig, FileSource,
};
use datafusion::datasource::projection::{ProjectionOpener, SplitProjection};
use datafusion::datasource::table_schema::TableSchema;
use datafusion::error::Result;
use datafusion::object_store::{ObjectStore, ObjectStoreExt};
use datafusion::physical_plan::DisplayFormatType;
use datafusion::physical_plan::PhysicalExpr;
use datafusion::physical_plan::filter_pushdown::{FilterPushdownPropagation, PushedDown};
use datafusion::physical_plan::metrics::{ExecutionPlanMetricsSet, MetricBuilder};
use datafusion::physical_plan::projection::ProjectionExprs;
use futures::StreamExt;

use super::cloudtrail_names::NameFilter;
use super::layout::RecordLayout;
use super::read::{BadRecords, FileBatches, ReadContext, object_text};
use super::shape::Shape;
use crate::format::required_text::RequiredText;

/// The name of the metric counting skipped bad records.
pub const SKIPPED_METRIC: &str = "bad_records_skipped";

/// The name of the metric counting objects read but not parsed, as they
/// lack the text the query's filter requires.
pub const PASSED_OVER_METRIC: &str = "objects_without_required_text";

/// Reads a table's JSON objects (any [`RecordLayout`]) into its columns.
#[derive(Clone)]
pub(crate) struct QuarryJsonSource {
    table_schema: TableSchema,
    layout: Arc<dyn RecordLayout>,
    bad_records: BadRecords,
    batch_size: Option<usize>,
    metrics: ExecutionPlanMetricsSet,
    projection: SplitProjection,
    /// Which objects may hold rows the query keeps, by name (CloudTrail).
    name_filter: Option<Arc<NameFilter>>,
    /// What an object's text must contain to hold such rows.
    required_text: Option<Arc<RequiredText>>,
}

impl QuarryJsonSource {
    pub(crate) fn new(
        table_schema: TableSchema,
        layout: Arc<dyn RecordLayout>,
        bad_records: BadRecords,
    ) -> Self {
        Self {
            projection: SplitProjection::unprojected(&table_schema),
            table_schema,
            layout,
            bad_records,
            batch_size: None,
            metrics: ExecutionPlanMetricsSet::new(),
            name_filter: None,
            required_text: None,
        }
    }

    /// The same source with the session's bad-record policy (JSON has no
    /// row of NULLs for a record that does not parse: `null` skips).
    pub(crate) fn with_policy(&self, policy: crate::format::BadRecords) -> Self {
        let bad_records = match policy {
            crate::format::BadRecords::Fail => BadRecords::Fail,
            crate::format::BadRecords::Skip | crate::format::BadRecords::Null => BadRecords::Skip,
        };
        Self {
            bad_records,
            ..self.clone()
        }
    }
}

impl fmt::Debug for QuarryJsonSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuarryJsonSource")
            .field("layout", &self.layout.name())
            .field("bad_records", &self.bad_records)
            .finish_non_exhaustive()
    }
}

impl FileSource for QuarryJsonSource {
    fn create_file_opener(
        &self,
        object_store: Arc<dyn ObjectStore>,
        base_config: &FileScanConfig,
        partition: usize,
    ) -> Result<Arc<dyn FileOpener>> {
        let file_schema = self.table_schema.file_schema();
        let schema = Arc::new(file_schema.project(&self.projection.file_indices)?);
        let shape = self.layout.document_shape(Shape::of_record(&schema));
        let opener = Arc::new(JsonOpener {
            shape,
            store: object_store,
            store_url: base_config.object_store_url.as_str().to_string(),
            schema,
            layout: Arc::clone(&self.layout),
            batch_size: self.batch_size.unwrap_or(8192),
            bad_records: self.bad_records,
            skipped: MetricBuilder::new(&self.metrics).counter(SKIPPED_METRIC, partition),
            name_filter: self.name_filter.clone(),
            required_text: self.required_text.clone(),
            passed_over: MetricBuilder::new(&self.metrics).counter(PASSED_OVER_METRIC, partition),
        });
        ProjectionOpener::try_new(self.projection.clone(), opener, file_schema)
    }

    fn table_schema(&self) -> &TableSchema {
        &self.table_schema
    }

    fn with_batch_size(&self, batch_size: usize) -> Arc<dyn FileSource> {
        let mut source = self.clone();
        source.batch_size = Some(batch_size);
        Arc::new(source)
    }

    fn projection(&self) -> Option<&ProjectionExprs> {
        Some(&self.projection.source)
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

    fn metrics(&self) -> &ExecutionPlanMetricsSet {
        &self.metrics
    }

    /// The filters stay above the scan (each row is still checked); the
    /// scan keeps them to pass over objects that cannot hold a row they
    /// keep: CloudTrail files by name, any object by its text.
    fn try_pushdown_filters(
        &self,
        filters: Vec<Arc<dyn PhysicalExpr>>,
        _config: &ConfigOptions,
    ) -> Result<FilterPushdownPropagation<Arc<dyn FileSource>>> {
        let kept = vec![PushedDown::No; filters.len()];
        let name_filter = if self.layout.files_named_by_cloudtrail() {
            NameFilter::from_filters(&filters)
        } else {
            None
        };
        let required_text = if self.layout.values_are_in_text() {
            RequiredText::from_filters(&filters, self.table_schema.file_schema())
        } else {
            None
        };
        if name_filter.is_none() && required_text.is_none() {
            return Ok(FilterPushdownPropagation::with_parent_pushdown_result(kept));
        }
        let mut source = self.clone();
        source.name_filter = name_filter.map(Arc::new);
        source.required_text = required_text.map(Arc::new);
        Ok(FilterPushdownPropagation {
            filters: kept,
            updated_node: Some(Arc::new(source)),
        })
    }

    fn file_type(&self) -> &str {
        "json"
    }

    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        datafusion::physical_plan::apply_expression_roots(self.projection.source.iter(), f)
    }

    fn fmt_extra(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, ", layout={}", self.layout.name())?;
        if self.bad_records == BadRecords::Skip {
            write!(f, ", bad_records=skip")?;
        }
        if self.name_filter.is_some() {
            write!(f, ", files_pruned_by_name")?;
        }
        if let Some(required) = &self.required_text {
            write!(f, ", required_text=[{}]", required.describe())?;
        }
        Ok(())
    }

    /// Objects are read whole: a CloudTrail file is one JSON document, a
    /// gzip stream cannot be entered in the middle, and Firehose's
    /// concatenated objects have no line ends to align a byte range to.
    fn supports_repartitioning(&self) -> bool {
        false
    }
}

struct JsonOpener {
    shape: Shape,
    store: Arc<dyn ObjectStore>,
    store_url: String,
    schema: SchemaRef,
    layout: Arc<dyn RecordLayout>,
    batch_size: usize,
    bad_records: BadRecords,
    skipped: datafusion::physical_plan::metrics::Count,
    name_filter: Option<Arc<NameFilter>>,
    required_text: Option<Arc<RequiredText>>,
    passed_over: datafusion::physical_plan::metrics::Count,
}

impl FileOpener for JsonOpener {
    fn open(&self, file: PartitionedFile) -> Result<FileOpenFuture> {
        let store = Arc::clone(&self.store);
        let path = file.object_meta.location.clone();
        if let Some(filter) = &self.name_filter
            && !filter.may_hold(path.filename().unwrap_or_default())
        {
            return Ok(Box::pin(async { Ok(futures::stream::empty().boxed()) }));
        }
        let ctx = ReadContext {
            // Local files are named by their path, objects by their URL.
            object: crate::format::object_name(&self.store_url, path.as_ref()),
            path: path.to_string(),
            layout: Arc::clone(&self.layout),
            schema: Arc::clone(&self.schema),
            shape: self.shape.clone(),
            batch_size: self.batch_size,
            bad_records: self.bad_records,
            skipped: self.skipped.clone(),
        };
        let required = self.required_text.clone();
        let passed_over = self.passed_over.clone();
        Ok(Box::pin(async move {
            let bytes = store.get(&path).await?.bytes().await?;
            let text = object_text(bytes, &ctx)?;
            if let Some(required) = required
                && !required.may_hold_json(text.as_bytes())
            {
                passed_over.add(1);
                return Ok(futures::stream::empty().boxed());
            }
            let batches = FileBatches::new(text, ctx)?;
            Ok(futures::stream::iter(batches).boxed())
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::json::cloudtrail::{CLOUDTRAIL_COLUMNS, CloudTrail};
    use crate::format::json::schema_of;

    #[test]
    fn objects_are_never_split_by_byte_range() {
        let schema = Arc::new(schema_of(CLOUDTRAIL_COLUMNS).unwrap());
        let source = QuarryJsonSource::new(
            TableSchema::from(schema),
            Arc::new(CloudTrail),
            BadRecords::Fail,
        );
        assert!(!source.supports_repartitioning());
        assert_eq!(source.file_type(), "json");
    }
}
