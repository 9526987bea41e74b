//! Shared plumbing for the JSON functions: argument handling, per-batch path
//! compilation and documentation section.

use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{ColumnarValue, DocSection};
use serde_json::Value;

use super::path::JsonPath;

/// Where the JSON functions appear in `SHOW FUNCTIONS` documentation.
pub const DOC_SECTION: DocSection = DocSection {
    include: true,
    label: "JSON Functions",
    description: Some("Trino-compatible functions over JSON text."),
};

/// `arg` as a `Utf8` array of `rows` rows.
pub fn utf8_column(arg: &ColumnarValue, rows: usize) -> Result<StringArray> {
    let array = arg.to_array(rows)?;
    let array = cast(&array, &DataType::Utf8)?;
    array
        .as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .ok_or_else(|| DataFusionError::Internal("cast to Utf8 gave another type".into()))
}

/// Parses JSON text; malformed text gives `None`, as in Trino.
pub fn parse_json(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// For each row, parses the document in `args[0]`, applies the path in
/// `args[1]` (compiled once when it is a literal) and hands the selected
/// value to `f`. NULL input, malformed JSON or a path selecting nothing
/// give NULL; an invalid path is an error naming the path.
pub fn map_selected<T>(
    function: &str,
    args: &[ColumnarValue],
    rows: usize,
    f: impl Fn(&Value) -> Option<T>,
) -> Result<Vec<Option<T>>> {
    let docs = utf8_column(&args[0], rows)?;
    let literal_path = match args.get(1) {
        Some(ColumnarValue::Scalar(s)) => {
            if s.is_null() {
                return Ok((0..rows).map(|_| None).collect());
            }
            let text = utf8_column(&ColumnarValue::Scalar(s.clone()), 1)?;
            Some(JsonPath::parse(function, text.value(0))?)
        }
        Some(ColumnarValue::Array(_)) => None,
        None => Some(JsonPath::parse(function, "$")?),
    };
    let paths = match (&literal_path, args.get(1)) {
        (None, Some(arg)) => Some(utf8_column(arg, rows)?),
        _ => None,
    };
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        let row_path;
        let path = match (&literal_path, &paths) {
            (Some(p), _) => Some(p),
            (None, Some(ps)) if ps.is_valid(row) => {
                row_path = JsonPath::parse(function, ps.value(row))?;
                Some(&row_path)
            }
            _ => None,
        };
        let value = match path {
            Some(path) if docs.is_valid(row) => {
                parse_json(docs.value(row)).and_then(|doc| path.select(&doc).and_then(&f))
            }
            _ => None,
        };
        out.push(value);
    }
    Ok(out)
}
