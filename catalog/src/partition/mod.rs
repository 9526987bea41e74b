//! Partitions: which prefixes of a table a query must read.
//!
//! Three sources of partitions, as in Athena: Hive `key=value/` paths found
//! under the location, partitions registered with `ALTER TABLE ADD
//! PARTITION` / `MSCK REPAIR TABLE`, and partition projection (values
//! computed from table properties, placed by `storage.location.template`).
//! In each case the WHERE clause is applied to the candidate partitions
//! before anything is listed.

mod datefmt;
mod hive;
mod projection;
mod prune;
mod pseudo;
mod table;

pub use hive::walk as discover_hive_partitions;
pub use projection::enabled as projection_enabled;
pub use pseudo::{NAMES as PSEUDO_COLUMNS, is_pseudo_column};
pub use table::{PartitionedTable, hive_location};
