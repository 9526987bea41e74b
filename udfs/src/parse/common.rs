//! Shared plumbing for the parsing functions: their documentation section
//! and the `MAP(VARCHAR, VARCHAR)` result the key-value parsers build.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, MapBuilder, MapFieldNames, StringBuilder};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, DocSection};

use crate::args::{str_at, strings};

/// Where the parsing functions appear in `SHOW FUNCTIONS` documentation.
pub(crate) const PARSE_SECTION: DocSection = DocSection {
    include: true,
    label: "Parsing Functions",
    description: Some(
        "Turn the free-text parts of log lines (user agents, key-value lists, logfmt, durations) into typed values.",
    ),
};

/// `MAP(VARCHAR, VARCHAR)`, built as the aggregate functions build maps.
pub(crate) fn string_map_type() -> DataType {
    crate::aggregate::map_type(&DataType::Utf8, &DataType::Utf8)
}

/// One map per row. Entries come out sorted by key, as every map Quarry
/// builds does, so results do not depend on input order.
pub(crate) struct StringMaps {
    builder: MapBuilder<StringBuilder, StringBuilder>,
}

impl StringMaps {
    /// An empty column.
    pub(crate) fn new() -> Self {
        let names = MapFieldNames {
            entry: "entries".into(),
            key: "key".into(),
            value: "value".into(),
        };
        Self {
            builder: MapBuilder::new(Some(names), StringBuilder::new(), StringBuilder::new()),
        }
    }

    /// Appends one map.
    pub(crate) fn push(&mut self, entries: &BTreeMap<String, Option<String>>) -> Result<()> {
        for (key, value) in entries {
            self.builder.keys().append_value(key);
            self.builder.values().append_option(value.as_deref());
        }
        Ok(self.builder.append(true)?)
    }

    /// Appends a NULL map.
    pub(crate) fn push_null(&mut self) -> Result<()> {
        Ok(self.builder.append(false)?)
    }

    /// The finished column.
    pub(crate) fn finish(mut self) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(self.builder.finish()))
    }
}

/// Applies `parse` to each row's (text, entry delimiter, key-value
/// delimiter); a NULL argument gives a NULL map.
pub(crate) fn map_each_row(
    args: &[ColumnarValue],
    rows: usize,
    mut parse: impl FnMut(&str, &str, &str) -> Result<BTreeMap<String, Option<String>>>,
) -> Result<ColumnarValue> {
    let text = strings(&args[0], rows)?;
    let entry = strings(&args[1], rows)?;
    let kv = strings(&args[2], rows)?;
    let mut maps = StringMaps::new();
    for row in 0..text.len() {
        match (str_at(&text, row), str_at(&entry, row), str_at(&kv, row)) {
            (Some(t), Some(e), Some(k)) => maps.push(&parse(t, e, k)?)?,
            _ => maps.push_null()?,
        }
    }
    Ok(maps.finish())
}

/// Helpers for the map-returning functions' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use datafusion::arrow::array::{Array, ArrayRef, AsArray};

    /// Each row's entries as `key=value` text (`key` alone for a NULL
    /// value), NULL rows as `None`.
    pub(crate) fn map_rows(array: &ArrayRef) -> Vec<Option<Vec<String>>> {
        let maps = array.as_map();
        (0..maps.len())
            .map(|row| {
                maps.is_valid(row).then(|| {
                    let entries = maps.value(row);
                    let keys = entries.column(0).as_string::<i32>();
                    let values = entries.column(1).as_string::<i32>();
                    (0..keys.len())
                        .map(|i| match values.is_valid(i) {
                            true => format!("{}={}", keys.value(i), values.value(i)),
                            false => keys.value(i).to_string(),
                        })
                        .collect()
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_maps_have_the_declared_type() -> Result<()> {
        let mut maps = StringMaps::new();
        maps.push(&BTreeMap::from([("k".to_string(), None)]))?;
        maps.push_null()?;
        let array = maps.finish().to_array(2)?;
        assert_eq!(array.data_type(), &string_map_type());
        assert_eq!(
            testing::map_rows(&array),
            vec![Some(vec!["k".to_string()]), None]
        );
        Ok(())
    }
}
