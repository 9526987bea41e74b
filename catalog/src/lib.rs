//! quarry-catalog: what a table is.
//!
//! Turns table definitions (today DataFusion's `CREATE EXTERNAL TABLE`; Athena
//! DDL and a persisted catalog next) into DataFusion `TableProvider`s, and will
//! hold the table readers for each log format. It builds on DataFusion's
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
mod error;
mod table_factory;

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::catalog::TableProviderFactory;

pub use compression::{Compression, detect_compression};
pub use error::CatalogError;
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
