//! `map_from_entries`: a map built from an array of (key, value) rows.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::cast::AsArray;
use datafusion::arrow::array::{Array, ArrayRef, MapArray, NullArray, StructArray, UInt64Array};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::take;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::arrow::row::{RowConverter, SortField};
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{ARRAY_SECTION, as_list_type, element_field, to_list};

/// Trino's `map_from_entries` (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MapFromEntriesFunc {
    signature: Signature,
}

impl Default for MapFromEntriesFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl MapFromEntriesFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// The key and value types of an `ARRAY(ROW(k, v))` type.
fn entry_types(t: &DataType) -> Option<(DataType, DataType)> {
    match element_field(t)?.data_type() {
        DataType::Struct(fields) if fields.len() == 2 => {
            Some((fields[0].data_type().clone(), fields[1].data_type().clone()))
        }
        _ => None,
    }
}

fn map_type(key: DataType, value: DataType) -> DataType {
    let entries = Fields::from(vec![
        Field::new("key", key, false),
        Field::new("value", value, true),
    ]);
    DataType::Map(
        Arc::new(Field::new("entries", DataType::Struct(entries), false)),
        false,
    )
}

fn build(list: &datafusion::arrow::array::ListArray) -> Result<MapArray> {
    let entries = list.values().as_struct();
    let (keys, values) = (entries.column(0), entries.column(1));
    let converter = RowConverter::new(vec![SortField::new(keys.data_type().clone())])?;
    let key_rows = converter.convert_columns(&[Arc::clone(keys)])?;
    let offsets = list.value_offsets();
    let mut picked = Vec::new();
    let mut lengths = Vec::with_capacity(list.len());
    for row in 0..list.len() {
        if list.is_null(row) {
            lengths.push(0);
            continue;
        }
        let range = offsets[row] as usize..offsets[row + 1] as usize;
        let mut seen = HashSet::new();
        for i in range.clone() {
            if entries.is_null(i) {
                return Err(DataFusionError::Execution(
                    "map_from_entries: map entry cannot be null".to_string(),
                ));
            }
            if keys.is_null(i) {
                return Err(DataFusionError::Execution(
                    "map_from_entries: map key cannot be null".to_string(),
                ));
            }
            if !seen.insert(key_rows.row(i)) {
                let key = array_value_to_string(keys, i)?;
                return Err(DataFusionError::Execution(format!(
                    "map_from_entries: Duplicate map keys ({key}) are not allowed"
                )));
            }
            picked.push(i as u64);
        }
        lengths.push(range.len());
    }
    let picked = UInt64Array::from(picked);
    let keys = take(keys, &picked, None)?;
    let values = take(values, &picked, None)?;
    let DataType::Map(field, _) = map_type(keys.data_type().clone(), values.data_type().clone())
    else {
        return Err(DataFusionError::Internal(
            "map_from_entries: map_type built no map".to_string(),
        ));
    };
    let DataType::Struct(fields) = field.data_type() else {
        return Err(DataFusionError::Internal(
            "map_from_entries: map entries are not a struct".to_string(),
        ));
    };
    let entries = StructArray::try_new(fields.clone(), vec![keys, values], None)?;
    Ok(MapArray::try_new(
        field,
        OffsetBuffer::from_lengths(lengths),
        entries,
        list.nulls().cloned(),
        false,
    )?)
}

impl ScalarUDFImpl for MapFromEntriesFunc {
    fn name(&self) -> &str {
        "map_from_entries"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [DataType::Null] => Ok(vec![DataType::Null]),
            [t] if entry_types(t).is_some() => Ok(vec![as_list_type(t).unwrap_or(t.clone())]),
            [t] => Err(DataFusionError::Plan(format!(
                "map_from_entries expects an ARRAY of ROW(key, value), got {t}"
            ))),
            _ => Err(DataFusionError::Plan(format!(
                "map_from_entries takes 1 argument, got {}",
                arg_types.len()
            ))),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.first().and_then(entry_types) {
            Some((key, value)) => Ok(map_type(key, value)),
            None => Ok(DataType::Null),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = args.args[0].clone().into_array(rows)?;
        if input.data_type().is_null() {
            return Ok(ColumnarValue::Array(Arc::new(NullArray::new(rows))));
        }
        let map: ArrayRef = Arc::new(build(&to_list("map_from_entries", &input)?)?);
        Ok(ColumnarValue::Array(map))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns a map built from an array of (key, value) rows. NULL for a NULL array; an error for a NULL entry, a NULL key or a repeated key. Matches Trino map_from_entries.",
                "map_from_entries(array)",
            )
            .with_sql_example("> SELECT map_from_entries(ARRAY[ROW(1, 'x'), ROW(2, 'y')]);\n{1: x, 2: y}")
            .with_argument("array", "ARRAY of ROW(key, value).")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Int32Array, ListArray, StringArray};

    use super::*;

    fn entries(keys: Vec<Option<i32>>, offsets: Vec<usize>) -> ListArray {
        let n = keys.len();
        let values: Vec<Option<String>> = (0..n).map(|i| Some(format!("v{i}"))).collect();
        let fields = Fields::from(vec![
            Field::new("c0", DataType::Int32, true),
            Field::new("c1", DataType::Utf8, true),
        ]);
        let rows = StructArray::new(
            fields.clone(),
            vec![
                Arc::new(Int32Array::from(keys)),
                Arc::new(StringArray::from(values)),
            ],
            None,
        );
        ListArray::new(
            Arc::new(Field::new_list_field(DataType::Struct(fields), true)),
            OffsetBuffer::from_lengths(offsets),
            Arc::new(rows),
            None,
        )
    }

    #[test]
    fn builds_one_map_per_row() -> Result<()> {
        let map = build(&entries(vec![Some(1), Some(2), Some(1)], vec![2, 0, 1]))?;
        assert_eq!(map.value_offsets(), &[0, 2, 2, 3]);
        Ok(())
    }

    #[test]
    fn null_and_repeated_keys_are_errors() {
        let null = build(&entries(vec![Some(1), None], vec![2])).unwrap_err();
        assert!(
            null.to_string().contains("map key cannot be null"),
            "{null}"
        );
        let twice = build(&entries(vec![Some(7), Some(7)], vec![2])).unwrap_err();
        assert!(
            twice.to_string().contains("Duplicate map keys (7)"),
            "{twice}"
        );
    }
}
