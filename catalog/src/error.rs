//! The catalog's one error type.

use datafusion::error::DataFusionError;

/// What can go wrong in the catalog, grouped by whose fault it is: the
/// user's statement or definition, the data found at a location, or the
/// environment (the catalog file).
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// User: the statement does not parse.
    #[error("syntax error: {message}")]
    Syntax {
        /// What was expected and where.
        message: String,
    },
    /// User: a column type is not a Hive type.
    #[error("column type '{text}': {reason}")]
    BadType {
        /// The type as written.
        text: String,
        /// Why it was rejected.
        reason: String,
    },
    /// User: the definition names a location that is not a valid path or URL.
    #[error("table {table}: LOCATION '{location}' is not a valid path or URL: {reason}")]
    BadLocation {
        /// The table being defined.
        table: String,
        /// The location as written.
        location: String,
        /// Why it was rejected.
        reason: String,
    },
    /// User: a SerDe or input format Quarry does not know.
    #[error(
        "table {table}: unknown {what} '{class}'; Quarry reads {known}. \
         Use STORED AS PARQUET|JSON|TEXTFILE or one of those classes"
    )]
    UnknownFormat {
        /// The table.
        table: String,
        /// "SerDe", "input format" or "STORED AS format".
        what: &'static str,
        /// The class or name as written.
        class: String,
        /// What is known, for the message.
        known: &'static str,
    },
    /// User: a format Quarry recognises but cannot read yet.
    #[error("table {table}: reading {format} tables is not supported yet")]
    UnsupportedFormat {
        /// The table.
        table: String,
        /// The format's name.
        format: String,
    },
    /// User: a table or SerDe property has a value Quarry cannot use.
    #[error("table {table}: property '{property}' = '{value}' cannot be used; expected {expected}")]
    BadProperty {
        /// The table.
        table: String,
        /// The property's name.
        property: String,
        /// Its value as written.
        value: String,
        /// What it should be, or why it was rejected.
        expected: String,
    },
    /// User: no such database.
    #[error("database '{0}' does not exist (SHOW DATABASES lists them)")]
    DatabaseNotFound(String),
    /// User: the database exists already.
    #[error("database '{0}' already exists")]
    DatabaseExists(String),
    /// User: dropping a database that still holds tables or views.
    #[error(
        "database '{name}' is not empty ({count} tables and views); use DROP DATABASE {name} CASCADE"
    )]
    DatabaseNotEmpty {
        /// The database.
        name: String,
        /// How many tables and views it holds.
        count: usize,
    },
    /// User: no such table.
    #[error("table '{database}.{table}' does not exist")]
    TableNotFound {
        /// Its database.
        database: String,
        /// Its name.
        table: String,
    },
    /// User: the table (or a view of that name) exists already.
    #[error("table '{database}.{table}' already exists (use IF NOT EXISTS, or DROP TABLE first)")]
    TableExists {
        /// Its database.
        database: String,
        /// Its name.
        table: String,
    },
    /// Data: the files under one table use more than one compression, which a
    /// single table cannot read.
    #[error("{0}")]
    MixedCompression(Box<MixedCompression>),
    /// Data: a line of a text log is not a record of the table's format.
    #[error("{0}")]
    BadRecord(Box<BadRecord>),
    /// Environment: the catalog file could not be read or written.
    #[error("catalog file {path}: cannot {action}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What was being done.
        action: &'static str,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Environment: the catalog file is not a catalog Quarry can read.
    #[error(
        "catalog file {path} cannot be read: {reason}; fix or move it (a backup is never overwritten by reading)"
    )]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

impl From<CatalogError> for DataFusionError {
    fn from(e: CatalogError) -> Self {
        DataFusionError::External(Box::new(e))
    }
}

/// The details of [`CatalogError::MixedCompression`] (boxed: errors stay small).
#[derive(Debug, thiserror::Error)]
#[error(
    "table {table}: files under '{location}' mix {first} ({first_example}) and {second} \
     ({second_example}); give the table one compression with \
     OPTIONS ('format.compression' '...') or point LOCATION at a prefix holding one kind"
)]
pub struct MixedCompression {
    /// The table being defined.
    pub table: String,
    /// The location that was listed.
    pub location: String,
    /// The first compression seen.
    pub first: String,
    /// An object with the first compression.
    pub first_example: String,
    /// The other compression seen.
    pub second: String,
    /// An object with the other compression.
    pub second_example: String,
}

/// The details of [`CatalogError::BadRecord`].
#[derive(Debug, thiserror::Error)]
#[error(
    "{object}, {place}: not a valid {format} record: {reason}. Fix or remove the line, or set \
     TBLPROPERTIES ('quarry.bad_records'='skip') to skip such lines \
     ('null' reads them as a row of NULLs, as Athena's RegexSerDe does)"
)]
pub struct BadRecord {
    /// The object (file) holding the line.
    pub object: String,
    /// Where in it: `line 12`, or `the line at byte 4096` in a split file.
    pub place: String,
    /// The format's name.
    pub format: String,
    /// What is wrong with the line.
    pub reason: String,
}
