//! Finding Hive `key=value/` partitions one level at a time: each level is
//! listed with a delimiter and pruned by the filters on the columns known
//! so far before the next level is listed, so `day = '...'` under
//! `year=/month=/day=` costs a LIST per level, not a listing of the table.

use datafusion::catalog::Session;
use datafusion::datasource::listing::ListingTableUrl;
use datafusion::error::Result;
use datafusion::logical_expr::Expr;
use futures::{StreamExt, TryStreamExt, stream};
use object_store::path::Path;

use super::prune::{PartitionColumn, applicable, keep};
use super::table::Partition;

/// How many directory listings run at once.
const CONCURRENCY: usize = 32;

/// The Hive partitions under `location` that `filters` can match.
pub async fn walk(
    state: &dyn Session,
    location: &str,
    columns: &[PartitionColumn],
    filters: &[Expr],
) -> Result<Vec<Partition>> {
    Ok(walk_counting(state, location, columns, filters).await?.0)
}

/// [`walk`], with the number of directories the filters ruled out.
pub async fn walk_counting(
    state: &dyn Session,
    location: &str,
    columns: &[PartitionColumn],
    filters: &[Expr],
) -> Result<(Vec<Partition>, u64)> {
    if columns.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut pruned = 0u64;
    let url = ListingTableUrl::parse(location)?;
    let store = state.runtime_env().object_store(url.object_store())?;
    let mut level: Vec<(Vec<String>, Path)> = vec![(Vec::new(), url.prefix().clone())];
    for (depth, (column, _)) in columns.iter().enumerate() {
        let store = &store;
        let listed: Vec<Vec<(Vec<String>, Path)>> =
            stream::iter(level.into_iter().map(|(values, prefix)| async move {
                let children = match store.list_with_delimiter(Some(&prefix)).await {
                    Ok(list) => list.common_prefixes,
                    Err(object_store::Error::NotFound { .. }) => Vec::new(),
                    Err(e) => return Err(e.into()),
                };
                Ok::<_, datafusion::error::DataFusionError>(
                    children
                        .into_iter()
                        .filter_map(|child| {
                            let value = hive_value(child.filename()?, column)?;
                            let mut values = values.clone();
                            values.push(value);
                            Some((values, child))
                        })
                        .collect(),
                )
            }))
            .buffer_unordered(CONCURRENCY)
            .try_collect()
            .await?;
        let found: Vec<(Vec<String>, Path)> = listed.into_iter().flatten().collect();
        let rows: Vec<Vec<String>> = found.iter().map(|(v, _)| v.clone()).collect();
        let mask = keep(
            state,
            &columns[..=depth],
            &rows,
            &applicable(filters, columns, depth + 1),
        )?;
        pruned += mask.iter().filter(|k| !**k).count() as u64;
        level = found
            .into_iter()
            .zip(mask)
            .filter_map(|(f, k)| k.then_some(f))
            .collect();
    }
    let base = url.object_store();
    let mut out: Vec<Partition> = level
        .into_iter()
        .map(|(values, path)| Partition {
            values,
            location: format!("{}{}/", base.as_str(), path.as_ref()),
        })
        .collect();
    out.sort_by(|a, b| a.values.cmp(&b.values));
    Ok((out, pruned))
}

/// The value of a `column=value` directory name, percent-decoded as Hive
/// escapes it; `None` for a directory of another column.
fn hive_value(segment: &str, column: &str) -> Option<String> {
    let (key, value) = segment.split_once('=')?;
    if !key.eq_ignore_ascii_case(column) {
        return None;
    }
    Some(percent_decode(value))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_names() {
        assert_eq!(hive_value("year=2026", "year").as_deref(), Some("2026"));
        assert_eq!(hive_value("YEAR=2026", "year").as_deref(), Some("2026"));
        assert_eq!(
            hive_value("aws-region=us-east-1", "aws-region").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(hive_value("month=11", "year"), None);
        assert_eq!(hive_value("2026", "year"), None);
        assert_eq!(
            hive_value("ts=2026-12-01 10%3A00", "ts").as_deref(),
            Some("2026-12-01 10:00")
        );
        assert_eq!(percent_decode("100%"), "100%");
    }
}
