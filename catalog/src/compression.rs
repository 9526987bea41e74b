//! Telling a table's compression from the names of its objects.

use std::fmt;

use datafusion::catalog::Session;
use datafusion::datasource::listing::ListingTableUrl;
use datafusion::error::Result;
use futures::TryStreamExt;

use crate::CatalogError;

/// A whole-object compression, as DataFusion's `format.compression` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// No compression.
    Uncompressed,
    /// gzip, including files of several gzip members.
    Gzip,
    /// Zstandard.
    Zstd,
    /// bzip2.
    Bzip2,
    /// xz (LZMA).
    Xz,
}

impl Compression {
    /// The compression an object's name announces (AWS names what it writes:
    /// `.gz` for CloudTrail, ELB, VPC flow logs and Firehose).
    pub fn from_object_name(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".gz") || lower.ends_with(".gzip") {
            Self::Gzip
        } else if lower.ends_with(".zst") || lower.ends_with(".zstd") {
            Self::Zstd
        } else if lower.ends_with(".bz2") {
            Self::Bzip2
        } else if lower.ends_with(".xz") {
            Self::Xz
        } else {
            Self::Uncompressed
        }
    }

    /// The value of DataFusion's `format.compression` option.
    pub fn option_value(self) -> &'static str {
        match self {
            Self::Uncompressed => "uncompressed",
            Self::Gzip => "gzip",
            Self::Zstd => "zstd",
            Self::Bzip2 => "bzip2",
            Self::Xz => "xz",
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Uncompressed => "uncompressed files",
            Self::Gzip => "gzip files",
            Self::Zstd => "zstd files",
            Self::Bzip2 => "bzip2 files",
            Self::Xz => "xz files",
        })
    }
}

/// Lists `location` and returns the one compression its objects share, or
/// `None` when it holds no objects. Objects whose names start with `.` or `_`
/// (`_SUCCESS`, `.crc` files) are not data and are ignored.
pub async fn detect_compression(
    state: &dyn Session,
    table: &str,
    location: &str,
) -> Result<Option<Compression>> {
    let url = ListingTableUrl::parse(location).map_err(|e| CatalogError::BadLocation {
        table: table.to_string(),
        location: location.to_string(),
        reason: e.to_string(),
    })?;
    let store = state.runtime_env().object_store(url.object_store())?;
    let mut files = url.list_all_files(state, store.as_ref(), "").await?;
    let mut seen: Option<(Compression, String)> = None;
    while let Some(meta) = files.try_next().await? {
        let Some(name) = meta.location.filename() else {
            continue;
        };
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        let kind = Compression::from_object_name(name);
        match &seen {
            None => seen = Some((kind, meta.location.to_string())),
            Some((first, example)) if *first != kind => {
                return Err(CatalogError::MixedCompression(Box::new(
                    crate::error::MixedCompression {
                        table: table.to_string(),
                        location: location.to_string(),
                        first: first.to_string(),
                        first_example: example.clone(),
                        second: kind.to_string(),
                        second_example: meta.location.to_string(),
                    },
                ))
                .into());
            }
            Some(_) => {}
        }
    }
    Ok(seen.map(|(kind, _)| kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_announce_their_compression() {
        let cases = [
            ("app.json.gz", Compression::Gzip),
            ("AWSLogs_x_20230710T1145Z_abc.json.GZ", Compression::Gzip),
            ("part.gzip", Compression::Gzip),
            ("x.ndjson.zst", Compression::Zstd),
            ("x.log.bz2", Compression::Bzip2),
            ("x.xz", Compression::Xz),
            ("events.json", Compression::Uncompressed),
            ("gz", Compression::Uncompressed),
            ("file.gz.json", Compression::Uncompressed),
        ];
        for (name, want) in cases {
            assert_eq!(Compression::from_object_name(name), want, "{name}");
        }
    }
}
