//! Table, view and database definitions, as the catalog file stores them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The version of the catalog file layout this build reads and writes.
pub const CATALOG_FORMAT_VERSION: u32 = 1;

/// The database every catalog has, as in Athena.
pub const DEFAULT_DATABASE: &str = "default";

/// Everything the catalog file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogFile {
    /// Layout version; a newer one is refused rather than misread.
    pub format_version: u32,
    /// Databases by lower-case name.
    pub databases: BTreeMap<String, DatabaseDef>,
}

impl Default for CatalogFile {
    fn default() -> Self {
        let mut databases = BTreeMap::new();
        databases.insert(DEFAULT_DATABASE.to_string(), DatabaseDef::default());
        Self {
            format_version: CATALOG_FORMAT_VERSION,
            databases,
        }
    }
}

/// One database (Athena's word; a schema in DataFusion's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DatabaseDef {
    /// `COMMENT` given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Tables by lower-case name.
    #[serde(default)]
    pub tables: BTreeMap<String, TableDef>,
    /// Views by lower-case name.
    #[serde(default)]
    pub views: BTreeMap<String, ViewDef>,
}

/// A column: its name as written and its Hive type, normalised to lower case
/// (`struct<type:string,arn:string>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnDef {
    /// The name as written (matching is case-insensitive).
    pub name: String,
    /// The Hive type.
    pub data_type: String,
    /// `COMMENT '...'`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// How the table's objects are stored and parsed (the Hive storage clauses).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageDef {
    /// `STORED AS <name>` when given by name (PARQUET, TEXTFILE, JSON, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_as: Option<String>,
    /// `ROW FORMAT SERDE '<class>'`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serde: Option<String>,
    /// `WITH SERDEPROPERTIES (...)`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub serde_properties: BTreeMap<String, String>,
    /// `ROW FORMAT DELIMITED ...` terminators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimited: Option<DelimitedDef>,
    /// `STORED AS INPUTFORMAT '<class>'`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_format: Option<String>,
    /// `OUTPUTFORMAT '<class>'`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_format: Option<String>,
}

/// `ROW FORMAT DELIMITED` terminators, as written (escape sequences kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelimitedDef {
    /// `FIELDS TERMINATED BY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields_terminated_by: Option<String>,
    /// `ESCAPED BY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escaped_by: Option<String>,
    /// `COLLECTION ITEMS TERMINATED BY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_items_terminated_by: Option<String>,
    /// `MAP KEYS TERMINATED BY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_keys_terminated_by: Option<String>,
    /// `LINES TERMINATED BY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines_terminated_by: Option<String>,
}

/// An explicitly added partition: its values, in partition-column order,
/// and where its objects are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionDef {
    /// One value per partition column.
    pub values: Vec<String>,
    /// Its location.
    pub location: String,
}

/// An external table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDef {
    /// The name as written.
    pub name: String,
    /// Data columns, in order.
    pub columns: Vec<ColumnDef>,
    /// Partition columns, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partition_columns: Vec<ColumnDef>,
    /// Storage clauses.
    #[serde(default)]
    pub storage: StorageDef,
    /// `LOCATION`.
    pub location: String,
    /// `TBLPROPERTIES` (and DataFusion-style `OPTIONS`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
    /// Partitions added with `ALTER TABLE ... ADD PARTITION`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<PartitionDef>,
    /// `COMMENT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A view: its query, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewDef {
    /// The name as written.
    pub name: String,
    /// The `SELECT` it stands for.
    pub sql: String,
}
