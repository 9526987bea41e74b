//! The engine's one error type.

use datafusion::error::DataFusionError;
use datafusion::sql::sqlparser::parser::ParserError;

/// What can go wrong running a statement, sorted by whose fault it is.
///
/// Every message is one line that says what failed and where; none contains
/// a credential. The DataFusion error it came from stays reachable as the
/// [`std::error::Error::source`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// User: the statement is not valid SQL.
    #[error("syntax error: {message}")]
    Syntax {
        /// What the parser expected and where.
        message: String,
        /// The underlying error.
        #[source]
        source: DataFusionError,
    },
    /// User: valid SQL that cannot run: an unknown table, column or function,
    /// mismatched types, an unsupported feature, a bad table definition.
    #[error("{message}")]
    Plan {
        /// What is wrong with the statement.
        message: String,
        /// The underlying error.
        #[source]
        source: DataFusionError,
    },
    /// User: an engine setting that cannot work (for example a malformed
    /// endpoint URL).
    #[error("invalid setting: {0}")]
    Config(String),
    /// Data: the stored data could not be read as the table says it is.
    #[error("{message}")]
    Data {
        /// What was wrong with the data, and where.
        message: String,
        /// The underlying error.
        #[source]
        source: DataFusionError,
    },
    /// Environment: storage refused or failed (no such bucket or object,
    /// access denied, network).
    #[error("{message}")]
    Storage {
        /// What the storage said, and about which object.
        message: String,
        /// The underlying error.
        #[source]
        source: DataFusionError,
    },
    /// User: the statement was cancelled when it passed the data-usage
    /// limit set for it (`max_bytes_scanned`).
    #[error(
        "cancelled at the data-usage limit of {}: the statement had read {} from {objects_read} object(s); raise the limit (max_bytes_scanned) or narrow the scan (a partition filter, fewer columns)",
        human_bytes(*limit),
        human_bytes(*bytes_read)
    )]
    ScanLimit {
        /// The limit, in bytes.
        limit: u64,
        /// Bytes read when the statement was cancelled.
        bytes_read: u64,
        /// Objects opened by then.
        objects_read: usize,
    },
    /// Environment: the statement needed more memory or disk than allowed.
    #[error("{message}")]
    Resources {
        /// What ran out.
        message: String,
        /// The underlying error.
        #[source]
        source: DataFusionError,
    },
    /// Bug: Quarry or DataFusion reached a state it should not.
    #[error("internal error (a bug; please report it with the statement): {message}")]
    Internal {
        /// What the engine reported.
        message: String,
        /// The underlying error.
        #[source]
        source: DataFusionError,
    },
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A byte count for people: `1023 B`, `1.5 KB`, `12.3 MB` (powers of 1024).
pub fn human_bytes(n: u64) -> String {
    const UNITS: &[&str] = &["B", "KB", "MB", "GB", "TB", "PB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Folds a multi-line message (S3 error bodies are XML) into one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// DataFusion's prefixes say which layer failed, which the variant already
/// says better.
fn strip_prefixes(mut s: &str) -> &str {
    const PREFIXES: &[&str] = &[
        "Error during planning: ",
        "Execution error: ",
        "Schema error: ",
        "This feature is not implemented: ",
        "Invalid or Unsupported Configuration: ",
        "External error: ",
        "Arrow error: ",
        "Object Store error: ",
        "IO error: ",
        "Resources exhausted: ",
        "Internal error: ",
    ];
    loop {
        match PREFIXES.iter().find(|p| s.starts_with(*p)) {
            Some(p) => s = &s[p.len()..],
            None => return s,
        }
    }
}

fn storage_message(e: &object_store::Error) -> String {
    use object_store::Error as E;
    match e {
        E::NotFound { path, .. } => format!("object not found: {path}"),
        E::PermissionDenied { path, .. } | E::Unauthenticated { path, .. } => {
            format!("access denied to {path}: check the credentials in use and the bucket policy")
        }
        other => {
            let text = other.to_string();
            if text.contains("NoSuchBucket") {
                let bucket = between(&text, "<BucketName>", "</BucketName>").unwrap_or("?");
                format!("bucket '{bucket}' does not exist (or is not visible at this endpoint)")
            } else if text.contains("AccessDenied") || text.contains("403 Forbidden") {
                format!("access denied: {}", one_line(&text))
            } else {
                one_line(&text)
            }
        }
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}

/// A storage failure that reached us as text inside another layer's error
/// (the Parquet reader formats the object store's error into its own
/// message, so the typed error is gone): object_store's wording of a
/// permission error, with the path it names.
fn denied_path(text: &str) -> Option<&str> {
    const DENIED: &str = "lacked the necessary privileges to complete for path ";
    let from = text.find(DENIED)? + DENIED.len();
    let rest = &text[from..];
    let end = rest.find(": ").unwrap_or(rest.len());
    Some(&rest[..end])
}

impl From<DataFusionError> for Error {
    fn from(source: DataFusionError) -> Self {
        let root = source.find_root();
        let text = root.to_string();
        if !matches!(root, DataFusionError::ObjectStore(_))
            && let Some(path) = denied_path(&text)
        {
            return Error::Storage {
                message: format!(
                    "access denied to {path}: check the credentials in use and the bucket policy"
                ),
                source,
            };
        }
        let message = one_line(strip_prefixes(&text));
        match root {
            DataFusionError::SQL(e, _) => {
                let message = match e.as_ref() {
                    ParserError::ParserError(m) | ParserError::TokenizerError(m) => m.clone(),
                    ParserError::RecursionLimitExceeded => {
                        "statement nested too deeply".to_string()
                    }
                };
                Error::Syntax { message, source }
            }
            DataFusionError::Plan(_)
            | DataFusionError::SchemaError(..)
            | DataFusionError::NotImplemented(_)
            | DataFusionError::Configuration(_) => Error::Plan { message, source },
            DataFusionError::ObjectStore(e) => Error::Storage {
                message: storage_message(e),
                source,
            },
            DataFusionError::IoError(_) => Error::Storage { message, source },
            DataFusionError::ResourcesExhausted(_) => Error::Resources { message, source },
            DataFusionError::Internal(_) => Error::Internal { message, source },
            DataFusionError::External(e) => {
                if let Some(os) = e.downcast_ref::<object_store::Error>() {
                    Error::Storage {
                        message: storage_message(os),
                        source,
                    }
                } else if e.downcast_ref::<std::io::Error>().is_some() {
                    Error::Storage { message, source }
                } else if let Some(c) = e.downcast_ref::<quarry_catalog::CatalogError>() {
                    use quarry_catalog::CatalogError as C;
                    match c {
                        C::Io { .. } | C::Corrupt { .. } => Error::Storage { message, source },
                        C::MixedCompression(_) | C::BadRecord(_) | C::BadLine(_) => {
                            Error::Data { message, source }
                        }
                        _ => Error::Plan { message, source },
                    }
                } else {
                    Error::Data { message, source }
                }
            }
            _ => Error::Data { message, source },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::error::ArrowError;

    #[test]
    fn plan_errors_lose_their_layer_prefix() {
        let e = Error::from(DataFusionError::Plan("table 'x' not found".into()));
        assert!(matches!(e, Error::Plan { .. }));
        assert_eq!(e.to_string(), "table 'x' not found");
    }

    #[test]
    fn context_is_seen_through() {
        let inner = DataFusionError::ObjectStore(Box::new(object_store::Error::NotFound {
            path: "s3://b/k.parquet".into(),
            source: "404".into(),
        }));
        let e = Error::from(inner.context("while reading"));
        assert!(matches!(e, Error::Storage { .. }), "{e:?}");
        assert_eq!(e.to_string(), "object not found: s3://b/k.parquet");
    }

    #[test]
    fn s3_error_bodies_become_one_line() {
        let body = "Generic S3 error: Client error with status 404 Not Found: <?xml version=\"1.0\"?>\n<Error>\n  <Code>NoSuchBucket</Code>\n  <BucketName>nope</BucketName>\n</Error>";
        let e = Error::from(DataFusionError::ObjectStore(Box::new(
            object_store::Error::Generic {
                store: "S3",
                source: body.into(),
            },
        )));
        assert_eq!(
            e.to_string(),
            "bucket 'nope' does not exist (or is not visible at this endpoint)"
        );
    }

    #[test]
    fn catalog_errors_are_sorted_by_whose_fault() {
        use quarry_catalog::CatalogError;
        let e = Error::from(DataFusionError::from(CatalogError::DatabaseNotFound(
            "x".into(),
        )));
        assert!(matches!(e, Error::Plan { .. }), "{e:?}");
        assert_eq!(
            e.to_string(),
            "database 'x' does not exist (SHOW DATABASES lists them)"
        );
        let e = Error::from(DataFusionError::from(CatalogError::Corrupt {
            path: "/c.json".into(),
            reason: "bad".into(),
        }));
        assert!(matches!(e, Error::Storage { .. }), "{e:?}");
    }

    #[test]
    fn permission_errors_inside_reader_errors_name_the_object() {
        let e = Error::from(DataFusionError::ParquetError(Box::new(
            datafusion::parquet::errors::ParquetError::General(
                "Failed to fetch metadata for file k.parquet: Object Store error: The operation \
                 lacked the necessary privileges to complete for path s3://b/k.parquet: Error \
                 performing GET http://x/b/k.parquet: 403 Forbidden"
                    .into(),
            ),
        )));
        assert!(matches!(e, Error::Storage { .. }), "{e:?}");
        assert_eq!(
            e.to_string(),
            "access denied to s3://b/k.parquet: check the credentials in use and the bucket policy"
        );
    }

    #[test]
    fn arrow_decode_errors_are_data_errors() {
        let e = Error::from(DataFusionError::ArrowError(
            Box::new(ArrowError::JsonError("bad\nrecord".into())),
            None,
        ));
        assert!(matches!(e, Error::Data { .. }));
        assert!(!e.to_string().contains('\n'));
    }
}
