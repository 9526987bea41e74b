//! Shared plumbing for the string and URL functions: documentation sections
//! and the per-row loop the `url_extract_*` functions share.

use std::sync::Arc;

use datafusion::arrow::array::StringArray;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, DocSection};

use super::uri::Uri;
use crate::args::{str_at, strings};

/// Where the string functions appear in `SHOW FUNCTIONS` documentation.
pub(crate) const STRING_SECTION: DocSection = DocSection {
    include: true,
    label: "String Functions",
    description: Some("Trino-compatible string functions; positions count characters from 1."),
};

/// Where the URL functions appear in `SHOW FUNCTIONS` documentation.
pub(crate) const URL_SECTION: DocSection = DocSection {
    include: true,
    label: "URL Functions",
    description: Some("Trino-compatible URL extraction and encoding functions."),
};

/// Applies `component` to the URL in each row of `arg`. NULL input and text
/// that is not a valid URI give NULL, as in Trino.
pub(crate) fn map_url(
    arg: &ColumnarValue,
    rows: usize,
    component: impl Fn(&Uri<'_>) -> Option<String>,
) -> Result<ColumnarValue> {
    let urls = strings(arg, rows)?;
    let out: StringArray = (0..rows)
        .map(|row| {
            str_at(&urls, row)
                .and_then(Uri::parse)
                .and_then(|u| component(&u))
        })
        .collect();
    Ok(ColumnarValue::Array(Arc::new(out)))
}

/// Which side `pad` fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Left,
    Right,
}

/// Trino's lpad/rpad: pads `text` to `size` characters with repetitions of
/// `fill`, or truncates it to its first `size` characters.
pub(crate) fn pad(function: &str, text: &str, size: i64, fill: &str, side: Side) -> Result<String> {
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s <= i32::MAX as usize)
        .ok_or_else(|| {
            datafusion::common::DataFusionError::Execution(format!(
                "{function}: target length {size} must be in the range [0..{}]",
                i32::MAX
            ))
        })?;
    if fill.is_empty() {
        return Err(datafusion::common::DataFusionError::Execution(format!(
            "{function}: padding string must not be empty"
        )));
    }
    let length = text.chars().count();
    if size <= length {
        let end = text
            .char_indices()
            .nth(size)
            .map_or(text.len(), |(at, _)| at);
        return Ok(text[..end].to_string());
    }
    let padding: String = fill.chars().cycle().take(size - length).collect();
    Ok(match side {
        Side::Left => padding + text,
        Side::Right => text.to_string() + &padding,
    })
}
