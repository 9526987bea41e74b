//! The session's bad-record policy (`\set bad_records skip` in the shell):
//! what a table whose properties name no `quarry.bad_records` does with a
//! bad record. A table's own property always wins.
//!
//! It lives in the session configuration, so it reaches every scan of the
//! session's statements; the formats apply it when a scan is planned.

use std::any::Any;
use std::sync::Arc;

use datafusion::catalog::Session;
use datafusion::datasource::physical_plan::{FileScanConfig, FileSource};

use super::json::QuarryJsonSource;
use super::line_batch::BadRecords;
use super::line_source::LineSource;

/// The policy for tables that set none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionBadRecords(pub BadRecords);

/// The session's policy, if one was set.
pub(crate) fn session_policy(state: &dyn Session) -> Option<BadRecords> {
    state
        .config()
        .get_extension::<SessionBadRecords>()
        .map(|p| p.0)
}

/// `conf` with its source reading bad records by the session's policy,
/// unless the table chose its own.
pub(crate) fn apply(
    state: &dyn Session,
    table_chose: bool,
    mut conf: FileScanConfig,
) -> FileScanConfig {
    if table_chose {
        return conf;
    }
    let Some(policy) = session_policy(state) else {
        return conf;
    };
    let source: &dyn Any = conf.file_source.as_ref();
    let replaced: Option<Arc<dyn FileSource>> =
        if let Some(lines) = source.downcast_ref::<LineSource>() {
            Some(Arc::new(lines.with_policy(policy)))
        } else {
            source
                .downcast_ref::<QuarryJsonSource>()
                .map(|json| Arc::new(json.with_policy(policy)) as Arc<dyn FileSource>)
        };
    if let Some(source) = replaced {
        conf.file_source = source;
    }
    conf
}
