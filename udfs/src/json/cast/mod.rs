//! Trino's casts between JSON and SQL values: `CAST(json AS ARRAY(BIGINT))`,
//! `CAST(json AS MAP(VARCHAR, VARCHAR))`, `CAST(json AS ROW(a BIGINT))`,
//! `CAST(json AS VARCHAR)` and `CAST(value AS JSON)`.
//!
//! Quarry carries JSON as text. A column holds JSON (rather than a string
//! that happens to look like JSON) when its field carries Arrow's canonical
//! `arrow.json` extension type: `json_parse`, `json_extract`,
//! `json_array_get` and `CAST(.. AS JSON)` tag what they return. That tag is
//! what lets `CAST(json_extract(doc, '$.name') AS VARCHAR)` give `alice`
//! where a cast of the text would give `"alice"`, as in Trino.
//!
//! The planner rewrites such casts into [`FromJsonFunc`] and [`ToJsonFunc`];
//! neither is registered under a name of its own.

use std::collections::HashMap;

use datafusion::arrow::datatypes::{DataType, Field};

mod from_json;
mod to_json;

pub use from_json::{FromJsonFunc, OnFailure};
pub use to_json::ToJsonFunc;

/// The canonical Arrow extension name for JSON text.
const JSON_EXTENSION: &str = "arrow.json";

/// The field metadata keys Arrow's extension types use (arrow-schema does
/// not reach this crate through DataFusion's re-exports).
const EXTENSION_TYPE_NAME_KEY: &str = "ARROW:extension:name";
const EXTENSION_TYPE_METADATA_KEY: &str = "ARROW:extension:metadata";

/// `field` marked as holding JSON text.
pub fn json_field(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable).with_metadata(json_metadata())
}

/// The field metadata that marks JSON text.
pub fn json_metadata() -> HashMap<String, String> {
    HashMap::from([
        (
            EXTENSION_TYPE_NAME_KEY.to_string(),
            JSON_EXTENSION.to_string(),
        ),
        (EXTENSION_TYPE_METADATA_KEY.to_string(), String::new()),
    ])
}

/// Whether `field` holds JSON text.
pub fn is_json(field: &Field) -> bool {
    field.extension_type_name() == Some(JSON_EXTENSION)
}

pub use crate::args::is_string;
