//! What the scans of one statement decided about partitions, for the
//! figures printed after it (`3 partitions read, 362 pruned`).
//!
//! The engine puts a fresh [`ScanStats`] into each statement's session
//! configuration; a partitioned table's scan adds to it. Sessions without
//! one (a plain DataFusion session) simply record nothing.

use std::sync::atomic::{AtomicU64, Ordering};

use datafusion::catalog::Session;

/// Partition counts of one statement, summed over its scans.
#[derive(Debug, Default)]
pub struct ScanStats {
    partitions_read: AtomicU64,
    partitions_pruned: AtomicU64,
}

/// A reading of [`ScanStats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartitionCounts {
    /// Partitions whose objects were listed and read.
    pub read: u64,
    /// Candidate partitions the WHERE clause ruled out before any listing
    /// (a pruned Hive directory counts once, whatever it holds).
    pub pruned: u64,
}

impl ScanStats {
    /// Counters at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one scan's counts.
    pub fn add(&self, counts: PartitionCounts) {
        self.partitions_read
            .fetch_add(counts.read, Ordering::Relaxed);
        self.partitions_pruned
            .fetch_add(counts.pruned, Ordering::Relaxed);
    }

    /// The counts so far.
    pub fn snapshot(&self) -> PartitionCounts {
        PartitionCounts {
            read: self.partitions_read.load(Ordering::Relaxed),
            pruned: self.partitions_pruned.load(Ordering::Relaxed),
        }
    }
}

/// Records `counts` in the statement's [`ScanStats`], if it has one.
pub(crate) fn record(state: &dyn Session, counts: PartitionCounts) {
    if let Some(stats) = state.config().get_extension::<ScanStats>() {
        stats.add(counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::{SessionConfig, SessionContext};
    use std::sync::Arc;

    #[test]
    fn scans_add_up_in_the_session_that_has_the_counters() {
        let stats = Arc::new(ScanStats::new());
        let ctx = SessionContext::new_with_config(
            SessionConfig::new().with_extension(Arc::clone(&stats)),
        );
        record(
            &ctx.state(),
            PartitionCounts {
                read: 1,
                pruned: 364,
            },
        );
        record(&ctx.state(), PartitionCounts { read: 2, pruned: 0 });
        assert_eq!(
            stats.snapshot(),
            PartitionCounts {
                read: 3,
                pruned: 364
            }
        );
        // Without counters nothing is recorded, and nothing fails.
        record(
            &SessionContext::new().state(),
            PartitionCounts { read: 5, pruned: 5 },
        );
    }
}
