//! The catalog's one error type.

use datafusion::error::DataFusionError;

/// What can go wrong while turning a table definition into a table.
///
/// Variants are grouped by whose fault it is: the user's definition first,
/// then the data found at the location.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// User: the definition names a location that is not a valid URL or path.
    #[error("table {table}: LOCATION '{location}' is not a valid path or URL: {reason}")]
    BadLocation {
        /// The table being defined.
        table: String,
        /// The location as written.
        location: String,
        /// Why it was rejected.
        reason: String,
    },
    /// Data: the files under one table use more than one compression, which a
    /// single table cannot read.
    #[error(
        "table {table}: files under '{location}' mix {first} ({first_example}) and {second} \
         ({second_example}); give the table one compression with \
         OPTIONS ('format.compression' '...') or point LOCATION at a prefix holding one kind"
    )]
    MixedCompression {
        /// The table being defined.
        table: String,
        /// The location that was listed.
        location: String,
        /// The first compression seen.
        first: String,
        /// An object with the first compression.
        first_example: String,
        /// The other compression seen.
        second: String,
        /// An object with the other compression.
        second_example: String,
    },
}

impl From<CatalogError> for DataFusionError {
    fn from(e: CatalogError) -> Self {
        DataFusionError::External(Box::new(e))
    }
}
