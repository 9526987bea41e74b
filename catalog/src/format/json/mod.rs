//! Quarry's JSON readers: newline-delimited or concatenated JSON objects,
//! CloudTrail's `{"Records":[...]}` files, CloudWatch Logs payloads and
//! exports, WAF and Route 53 Resolver logs.
//!
//! All of them read JSON the way Athena's SerDes do (see [`decode`] for the
//! conversion rules): declared columns win, names match keys
//! case-insensitively, absent keys are NULL, unknown keys are ignored, and a
//! `string` column over an object holds the object's JSON text.
//!
//! Objects may be gzip (including several members), zstd, bzip2 or xz
//! compressed, told by their first bytes; each object is read whole, never
//! split by byte range. A record that cannot be read (malformed JSON, a
//! value that does not convert, bytes that are not UTF-8, a damaged
//! compressed stream) fails the query with its object and line, unless the
//! table says `TBLPROPERTIES ('quarry.bad_records'='skip')`: then it is
//! skipped and counted in the scan's `bad_records_skipped` metric.
//!
//! With no columns declared, a `json` table's columns are inferred at CREATE
//! time (see [`infer`]); the AWS formats imply AWS's Athena columns.

mod cloudtrail;
mod cloudtrail_names;
mod cloudwatch;
pub(crate) mod decode;
pub(crate) mod infer;
mod layout;
mod read;
mod route53resolver;
mod shape;
mod source;
mod tree;
mod waf;

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::{GetExt, Statistics};
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::physical_plan::{FileScanConfig, FileSource};
use datafusion::datasource::source::DataSourceExec;
use datafusion::datasource::table_schema::TableSchema;
use datafusion::error::Result;
use datafusion::object_store::{ObjectMeta, ObjectStore, ObjectStoreExt};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::metrics::Count;

use read::BadRecords;
pub(crate) use source::QuarryJsonSource;
pub use source::SKIPPED_METRIC;

use self::infer::SchemaInference;
use self::layout::{Columns, JsonLines, RecordLayout};
use self::read::{FileBatches, ReadContext, object_text};
use crate::error::CatalogError;
use crate::hive_types::HiveType;

use super::line_batch::BAD_RECORDS_PROPERTY;

/// Which JSON layout a format reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// Newline-delimited or concatenated objects.
    Lines,
    /// CloudTrail log files.
    CloudTrail,
    /// CloudWatch Logs subscription payloads and export files.
    CloudWatch,
    /// AWS WAF logs.
    Waf,
    /// Route 53 Resolver query logs.
    Route53Resolver,
}

impl JsonKind {
    fn layout(self) -> Arc<dyn RecordLayout> {
        match self {
            JsonKind::Lines => Arc::new(JsonLines),
            JsonKind::CloudTrail => Arc::new(cloudtrail::CloudTrail),
            JsonKind::CloudWatch => Arc::new(cloudwatch::CloudWatch),
            JsonKind::Waf => Arc::new(waf::Waf),
            JsonKind::Route53Resolver => Arc::new(route53resolver::Route53Resolver),
        }
    }

    /// The columns AWS's Athena table for this format has, as `(name, Hive
    /// type)`, or `None` for plain JSON (inferred).
    pub fn implied_columns(self) -> Option<Columns> {
        self.layout().implied_columns()
    }
}

/// The bad-record policy a table's properties set.
pub fn bad_records_of(
    table: &str,
    properties: &std::collections::BTreeMap<String, String>,
) -> Result<BadRecords, CatalogError> {
    match properties
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(BAD_RECORDS_PROPERTY))
        .map(|(_, v)| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("fail") | Some("error") => Ok(BadRecords::Fail),
        Some("skip") => Ok(BadRecords::Skip),
        Some(other) => Err(CatalogError::BadProperty {
            table: table.to_string(),
            property: BAD_RECORDS_PROPERTY.to_string(),
            value: other.to_string(),
            expected: "'fail' (the default) or 'skip'".into(),
        }),
    }
}

/// The DataFusion file format of the JSON readers.
#[derive(Debug, Clone)]
pub struct QuarryJsonFormat {
    kind: JsonKind,
    layout: Arc<dyn RecordLayout>,
    bad_records: BadRecords,
    /// The table named its policy (the session's then does not apply).
    explicit: bool,
}

impl QuarryJsonFormat {
    /// The format reading `kind` with the policy `bad_records`.
    pub fn new(kind: JsonKind, bad_records: BadRecords) -> Self {
        Self {
            kind,
            layout: kind.layout(),
            bad_records,
            explicit: true,
        }
    }

    /// The same format, its policy left to the session's (the table's
    /// properties name none).
    pub fn with_session_policy(mut self) -> Self {
        self.explicit = false;
        self
    }

    /// The layout read.
    pub fn kind(&self) -> JsonKind {
        self.kind
    }
}

/// The Arrow schema of `(name, Hive type)` columns.
pub(crate) fn schema_of(columns: Columns) -> Result<Schema, CatalogError> {
    let fields = columns
        .iter()
        .map(|(name, ty)| {
            Ok(datafusion::arrow::datatypes::Field::new(
                *name,
                HiveType::parse(ty)?.to_arrow(),
                true,
            ))
        })
        .collect::<Result<Vec<_>, CatalogError>>()?;
    Ok(Schema::new(fields))
}

#[async_trait]
impl FileFormat for QuarryJsonFormat {
    fn get_ext(&self) -> String {
        datafusion::common::DEFAULT_JSON_EXTENSION[1..].to_string()
    }

    fn get_ext_with_compression(&self, c: &FileCompressionType) -> Result<String> {
        Ok(format!("{}{}", self.get_ext(), c.get_ext()))
    }

    fn compression_type(&self) -> Option<FileCompressionType> {
        None
    }

    /// The implied columns of an AWS format, or for plain JSON the schema
    /// of the first [`infer::SAMPLE_RECORDS`] records, read in full.
    async fn infer_schema(
        &self,
        _state: &dyn Session,
        store: &Arc<dyn ObjectStore>,
        objects: &[ObjectMeta],
    ) -> Result<SchemaRef> {
        if let Some(columns) = self.layout.implied_columns() {
            return Ok(Arc::new(schema_of(columns)?));
        }
        let mut inference = SchemaInference::default();
        for object in objects {
            if inference.is_full() {
                break;
            }
            let bytes = store.get(&object.location).await?.bytes().await?;
            let ctx = ReadContext {
                object: object.location.to_string(),
                path: object.location.to_string(),
                layout: Arc::clone(&self.layout),
                schema: Arc::new(Schema::empty()),
                shape: shape::Shape::Whole,
                batch_size: 1,
                bad_records: self.bad_records,
                skipped: Count::new(),
            };
            let text = object_text(bytes, &ctx)?;
            FileBatches::sample(&text, &ctx, &mut inference)?;
        }
        Ok(Arc::new(inference.finish()))
    }

    async fn infer_stats(
        &self,
        _state: &dyn Session,
        _store: &Arc<dyn ObjectStore>,
        table_schema: SchemaRef,
        _object: &ObjectMeta,
    ) -> Result<Statistics> {
        Ok(Statistics::new_unknown(&table_schema))
    }

    async fn create_physical_plan(
        &self,
        state: &dyn Session,
        conf: FileScanConfig,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let conf = crate::format::apply_session_policy(state, self.explicit, conf);
        Ok(DataSourceExec::from_data_source(conf))
    }

    fn file_source(&self, table_schema: TableSchema) -> Arc<dyn FileSource> {
        Arc::new(source::QuarryJsonSource::new(
            table_schema,
            Arc::clone(&self.layout),
            self.bad_records,
        ))
    }
}
