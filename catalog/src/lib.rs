//! quarry-catalog: what a table is.
//!
//! Parses Athena (Hive) DDL, keeps table, view and database definitions in
//! a human-readable catalog file that survives restarts and concurrent
//! writers, and turns definitions into DataFusion `TableProvider`s served
//! through a DataFusion `CatalogProvider`. It builds on DataFusion's
//! `ListingTable`, adding what log tables need on top of it, such as telling a
//! gzipped prefix from a plain one without being told.
//!
//! ```
//! use std::sync::Arc;
//! use datafusion::execution::session_state::SessionStateBuilder;
//!
//! let state = SessionStateBuilder::new()
//!     .with_default_features()
//!     .with_table_factories(quarry_catalog::table_factories())
//!     .build();
//! assert!(state.table_factories().contains_key("JSON"));
//! ```
#![deny(missing_docs)]

mod compression;
pub mod ddl;
mod error;
mod execute;
mod format;
mod hive_types;
mod lenient;
mod model;
mod partition;
mod partition_statements;
mod provider;
mod scan_stats;
mod show_create;
mod store;
mod table_factory;

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::catalog::TableProviderFactory;

pub use compression::{Compression, detect_compression};
pub use error::CatalogError;
pub use execute::{Outcome, execute, hive_pattern_matches};
pub use format::json::{JsonKind, QuarryJsonFormat, SKIPPED_METRIC};
pub use format::{BAD_RECORDS_PROPERTY, BadRecords, LineFormat, SessionBadRecords, TableFormat};
pub use hive_types::HiveType;
pub use model::{
    CATALOG_FORMAT_VERSION, CatalogFile, ColumnDef, DEFAULT_DATABASE, DatabaseDef, DelimitedDef,
    PartitionDef, StorageDef, TableDef, ViewDef,
};
pub use partition::{PSEUDO_COLUMNS, is_pseudo_column};
pub use provider::{
    QuarryCatalogProvider, ViewPlanner, complete_definition, hive_type_of, table_provider,
    table_provider_with_pseudo_columns,
};
pub use scan_stats::{PartitionCounts, ScanStats};
pub use show_create::show_create_table;
pub use store::CatalogStore;
pub use table_factory::QuarryTableFactory;

/// The table factories for every `STORED AS` format Quarry knows, keyed by the
/// upper-case format name DataFusion looks them up by.
pub fn table_factories() -> HashMap<String, Arc<dyn TableProviderFactory>> {
    let factory: Arc<dyn TableProviderFactory> = Arc::new(QuarryTableFactory::default());
    ["PARQUET", "JSON", "NDJSON", "CSV", "ARROW", "AVRO"]
        .into_iter()
        .map(|name| (name.to_string(), Arc::clone(&factory)))
        .collect()
}
