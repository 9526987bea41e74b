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
    /// User: the table's partition projection properties are incomplete or
    /// malformed.
    #[error("table {table}: partition projection: {reason}")]
    Projection {
        /// The table.
        table: String,
        /// Which property is wrong, and how.
        reason: String,
    },
    /// User: a query leaves an `injected` projected column unconstrained,
    /// so its partitions cannot be known (Athena's CONSTRAINT_VIOLATION).
    #[error(
        "table {table}: for the injected projected partition column {column}, the WHERE clause \
         must contain only static equality conditions, and at least one such condition must be \
         present (add WHERE {column} = '...' or {column} IN (...))"
    )]
    InjectedUnconstrained {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// User: a query would read more partitions than Quarry lists at once.
    #[error(
        "table {table}: the query matches {count} partitions, more than the {limit} one query may \
         read; add a WHERE condition on the partition columns"
    )]
    TooManyPartitions {
        /// The table.
        table: String,
        /// How many partitions matched.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// User: a table property with a value Quarry does not accept.
    #[error("table {table}: property '{property}' = '{value}' cannot be used; expected {expected}")]
    BadProperty {
        /// The table.
        table: String,
        /// The property.
        property: String,
        /// The value given.
        value: String,
        /// What is accepted.
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
    /// Data: a record that cannot be read under the table's bad-record
    /// policy (the default: fail, naming the object and line).
    #[error("{0}")]
    BadRecord(Box<BadRecord>),
    /// Data: a line of a text log is not a record of the table's format.
    #[error("{0}")]
    BadLine(Box<BadLine>),
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
    "{object}, line {line}{}: {message}; set TBLPROPERTIES ('quarry.bad_records'='skip') \
     to skip and count bad records",
    .record.map(|r| format!(", record {r}")).unwrap_or_default()
)]
pub struct BadRecord {
    /// The object (file) holding it.
    pub object: String,
    /// The 1-based line where the record (or the document holding it) starts.
    pub line: usize,
    /// For documents holding many records (CloudTrail's `Records`), the
    /// record's 0-based index in it.
    pub record: Option<usize>,
    /// What is wrong with it.
    pub message: String,
}

/// The details of [`CatalogError::BadLine`].
#[derive(Debug, thiserror::Error)]
#[error(
    "{object}, {place}: not a valid {format} record: {reason}. Fix or remove the line, or set \
     TBLPROPERTIES ('quarry.bad_records'='skip') to skip such lines \
     ('null' reads them as a row of NULLs, as Athena's RegexSerDe does)"
)]
pub struct BadLine {
    /// The object (file) holding the line.
    pub object: String,
    /// Where in it: `line 12`, or `the line at byte 4096` in a split file.
    pub place: String,
    /// The format's name.
    pub format: String,
    /// What is wrong with the line.
    pub reason: String,
}
