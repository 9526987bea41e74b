//! quarry-engine: how a query runs.
//!
//! An [`Engine`] is a session over logs in S3 (or any S3-compatible store) and
//! on local disk: object stores built from the standard AWS credential chain,
//! the catalog wired in, Quarry's functions registered, and per-query storage
//! figures. It is the API pipelines use.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), quarry_engine::Error> {
//! use futures::TryStreamExt;
//! use quarry_engine::Engine;
//!
//! let engine = Engine::builder().demo(true).build().await?;
//! let mut query = engine
//!     .sql("SELECT action, count(*) AS flows FROM vpcflow GROUP BY action ORDER BY action")
//!     .await?;
//! let mut rows = 0;
//! while let Some(batch) = query.try_next().await? {
//!     rows += batch.num_rows();
//! }
//! assert!(rows >= 2); // ACCEPT, REJECT (and NULL for NODATA records)
//! assert!(query.io().bytes_read > 0);
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod cast_syntax;
mod demo;
mod dialect;
mod engine;
mod error;
mod field_access;
mod functions;
mod if_expr;
mod item_names;
mod pseudo_columns;
mod query;
pub mod script;
mod show_functions;
mod sql_types;
mod storage;
mod trino_casts;
mod try_expr;
mod unnest;

pub use demo::DEMO_TABLES;
pub use engine::{DEFAULT_CATALOG, DEFAULT_DATABASE, Engine, EngineBuilder};
pub use error::{Error, Result, human_bytes};
pub use functions::{FunctionInfo, FunctionKind, Overload};
pub use quarry_catalog::{BadRecords, PartitionCounts};
pub use query::{Query, ToRead};
pub use storage::{IoSnapshot, IoStats, StaticCredentials, StorageOptions};

/// Arrow and DataFusion as the engine uses them, so callers need not pin
/// matching versions themselves.
pub use datafusion;
