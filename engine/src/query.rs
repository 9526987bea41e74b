//! [`Query`]: a running statement's result stream and its storage figures.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::datasource::physical_plan::FileScanConfig;
use datafusion::datasource::source::DataSourceExec;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::ExecutionPlan;
use futures::{Stream, StreamExt, TryStreamExt};
use quarry_catalog::{PartitionCounts, ScanStats};

use crate::error::{Error, Result};
use crate::storage::{IoSnapshot, IoStats};

/// The result of [`crate::Engine::sql`]: a stream of Arrow record batches.
///
/// Work happens as the stream is polled; dropping it cancels the statement
/// and releases what it held.
pub struct Query {
    stream: SendableRecordBatchStream,
    stats: Arc<IoStats>,
    started: Instant,
    plan: Option<Arc<dyn ExecutionPlan>>,
    scans: Arc<ScanStats>,
    credential_source: Option<Arc<str>>,
}

/// `error` with where the credentials came from, when it is a refused
/// request: "access denied" then says which identity was denied.
pub(crate) fn name_credentials(error: Error, credential_source: &str) -> Error {
    match error {
        Error::Storage { message, source } if message.starts_with("access denied") => {
            Error::Storage {
                message: format!("{message} (credentials: {credential_source})"),
                source,
            }
        }
        other => other,
    }
}

/// What a statement's file scans are to read, known once it is planned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ToRead {
    /// Objects to open.
    pub objects: u64,
    /// Their total size in bytes, as stored.
    pub bytes: u64,
}

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query")
            .field("schema", &self.stream.schema())
            .field("io", &self.stats.snapshot())
            .finish()
    }
}

impl Query {
    pub(crate) fn new(
        stream: SendableRecordBatchStream,
        stats: Arc<IoStats>,
        started: Instant,
    ) -> Self {
        Self {
            stream,
            stats,
            started,
            plan: None,
            scans: Arc::default(),
            credential_source: None,
        }
    }

    /// Names `source` in the access-denied errors of the stream.
    pub(crate) fn with_credential_source(mut self, source: Arc<str>) -> Self {
        self.credential_source = Some(source);
        self
    }

    /// Keeps the statement's partition counters.
    pub(crate) fn with_scan_stats(mut self, scans: Arc<ScanStats>) -> Self {
        self.scans = scans;
        self
    }

    /// Partitions the statement read and pruned (zero for tables without
    /// partitions).
    pub fn partitions(&self) -> PartitionCounts {
        self.scans.snapshot()
    }

    /// The objects and bytes the statement's file scans will read, for a
    /// progress line (objects a reader later passes over by name included).
    pub fn to_read(&self) -> ToRead {
        fn sum(plan: &Arc<dyn ExecutionPlan>, total: &mut ToRead) {
            if let Some(scan) = plan.downcast_ref::<DataSourceExec>()
                && let Some(files) = scan.data_source().downcast_ref::<FileScanConfig>()
            {
                for file in files.file_groups.iter().flat_map(|g| g.iter()) {
                    total.objects += 1;
                    total.bytes += file.object_meta.size;
                }
            }
            for child in plan.children() {
                sum(child, total);
            }
        }
        let mut total = ToRead::default();
        if let Some(plan) = &self.plan {
            sum(plan, &mut total);
        }
        total
    }

    /// Keeps the physical plan that produces the stream, for its metrics.
    pub(crate) fn with_plan(mut self, plan: Arc<dyn ExecutionPlan>) -> Self {
        self.plan = Some(plan);
        self
    }

    /// Records passed over as bad so far, by readers of tables whose
    /// `quarry.bad_records` is `skip` (final once the stream has ended).
    pub fn bad_records_skipped(&self) -> u64 {
        fn sum(plan: &Arc<dyn ExecutionPlan>) -> u64 {
            let own = plan
                .metrics()
                .and_then(|m| m.sum_by_name(quarry_catalog::SKIPPED_METRIC))
                .map_or(0, |v| v.as_usize() as u64);
            own + plan.children().into_iter().map(sum).sum::<u64>()
        }
        self.plan.as_ref().map_or(0, sum)
    }

    /// The schema of the batches the stream yields.
    pub fn schema(&self) -> SchemaRef {
        self.stream.schema()
    }

    /// What the statement has read from storage so far.
    pub fn io(&self) -> IoSnapshot {
        self.stats.snapshot()
    }

    /// A handle on the live storage counters, readable while the stream is
    /// consumed elsewhere (for a progress line).
    pub fn io_stats(&self) -> Arc<IoStats> {
        Arc::clone(&self.stats)
    }

    /// Time since the statement was submitted.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The error to report instead of whatever a reader made of a read
    /// refused for the data-usage limit: how far the statement got.
    pub(crate) fn limit_error(stats: &IoStats) -> Option<Error> {
        if !stats.limit_reached() {
            return None;
        }
        let io = stats.snapshot();
        Some(Error::ScanLimit {
            limit: stats.limit().unwrap_or_default(),
            bytes_read: io.bytes_read,
            objects_read: io.objects_read.len(),
        })
    }

    /// Runs the statement to the end and returns every batch.
    pub async fn collect(self) -> Result<Vec<RecordBatch>> {
        self.try_collect().await
    }
}

impl Stream for Query {
    type Item = Result<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let stats = Arc::clone(&self.stats);
        let credentials = self.credential_source.clone();
        self.stream.poll_next_unpin(cx).map(|item| {
            item.map(|r| {
                r.map_err(|e| {
                    Self::limit_error(&stats).unwrap_or_else(|| match &credentials {
                        Some(source) => name_credentials(e.into(), source),
                        None => e.into(),
                    })
                })
            })
        })
    }
}
