//! Athena's pseudo-columns: `"$path"`, `"$file_size"` and
//! `"$file_modified_time"`, the object each row was read from.
//!
//! They are constant per object, so they travel the way partition values
//! do: attached to each file of the scan, materialized only when selected,
//! and a filter on them drops objects before any is opened
//! (`WHERE "$path" LIKE '%/2023/07/10/%'`). A table exposes them only in a
//! statement that names one (see `engine`), so `SELECT *` and `DESCRIBE`
//! never show them, as in Athena.

use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::ScalarValue;
use datafusion::datasource::listing::ListingTableUrl;
use object_store::ObjectMeta;

use super::prune::PartitionColumn;

/// The object's full location (`s3://bucket/key`, `file:///path`).
pub const PATH: &str = "$path";
/// The object's size in bytes, as stored (compressed).
pub const FILE_SIZE: &str = "$file_size";
/// When the object was last modified.
pub const FILE_MODIFIED_TIME: &str = "$file_modified_time";

/// Every pseudo-column name, in schema order.
pub const NAMES: [&str; 3] = [PATH, FILE_SIZE, FILE_MODIFIED_TIME];

/// Whether `name` is a pseudo-column (names are matched as Athena lowers
/// them, so `"$PATH"` is one too).
pub fn is_pseudo_column(name: &str) -> bool {
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The pseudo-columns with their types (Trino's Hive connector: varchar,
/// bigint, timestamp with time zone).
pub fn columns() -> Vec<PartitionColumn> {
    vec![
        (PATH.to_string(), DataType::Utf8),
        (FILE_SIZE.to_string(), DataType::Int64),
        (
            FILE_MODIFIED_TIME.to_string(),
            DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
        ),
    ]
}

/// The pseudo-column values of one object listed under `url`.
pub fn values(url: &ListingTableUrl, meta: &ObjectMeta) -> Vec<ScalarValue> {
    let store = url.object_store();
    let base = store.as_str().strip_suffix('/').unwrap_or(store.as_str());
    vec![
        ScalarValue::Utf8(Some(format!("{base}/{}", meta.location))),
        ScalarValue::Int64(i64::try_from(meta.size).ok()),
        ScalarValue::TimestampMillisecond(
            Some(meta.last_modified.timestamp_millis()),
            Some("UTC".into()),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use object_store::path::Path;

    fn meta(key: &str) -> ObjectMeta {
        ObjectMeta {
            location: Path::from(key),
            last_modified: Utc.with_ymd_and_hms(2023, 7, 10, 11, 45, 0).unwrap(),
            size: 1044,
            e_tag: None,
            version: None,
        }
    }

    #[test]
    fn values_name_the_object_as_athena_does() {
        let url = ListingTableUrl::parse("s3://trail-logs/AWSLogs/").unwrap();
        let v = values(&url, &meta("AWSLogs/1/CloudTrail/x.json.gz"));
        assert_eq!(
            v[0],
            ScalarValue::Utf8(Some(
                "s3://trail-logs/AWSLogs/1/CloudTrail/x.json.gz".into()
            ))
        );
        assert_eq!(v[1], ScalarValue::Int64(Some(1044)));
        // 2023-07-10T11:45:00Z in milliseconds since the epoch.
        assert_eq!(
            v[2],
            ScalarValue::TimestampMillisecond(Some(1_688_989_500_000), Some("UTC".into()))
        );
    }

    #[test]
    fn local_objects_are_file_urls() {
        let url = ListingTableUrl::parse("file:///data/logs/").unwrap();
        let v = values(&url, &meta("data/logs/a.log"));
        assert_eq!(
            v[0],
            ScalarValue::Utf8(Some("file:///data/logs/a.log".into()))
        );
    }

    #[test]
    fn names_match_case_insensitively() {
        assert!(is_pseudo_column("$PATH"));
        assert!(is_pseudo_column("$file_modified_time"));
        assert!(!is_pseudo_column("path"));
        assert_eq!(columns().len(), NAMES.len());
    }
}
