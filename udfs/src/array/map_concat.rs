//! `map_concat`: the union of maps, a later map's value winning for a key.

use std::collections::HashMap;
use std::sync::OnceLock;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, MapArray};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::compute::interleave;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::logical_expr::type_coercion::binary::type_union_resolution;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::ARRAY_SECTION;
use super::lambda::new_map;

/// Trino's `map_concat(map1, map2, ...)` (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MapConcatFunc {
    signature: Signature,
}

impl Default for MapConcatFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl MapConcatFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for MapConcatFunc {
    fn name(&self) -> &str {
        "map_concat"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if arg_types.is_empty() {
            return plan_err!("map_concat takes one or more MAPs");
        }
        let maps: Vec<DataType> = arg_types.iter().filter(|t| !t.is_null()).cloned().collect();
        if let Some(other) = maps.iter().find(|t| !matches!(t, DataType::Map(_, _))) {
            return plan_err!("map_concat takes MAPs, got {other}");
        }
        if maps.is_empty() {
            return plan_err!("map_concat needs at least one typed MAP, got only NULLs");
        }
        let Some(common) = type_union_resolution(&maps) else {
            return plan_err!(
                "map_concat's MAPs must share one key and one value type, got {}",
                maps.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        Ok(vec![common; arg_types.len()])
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.first() {
            Some(t @ DataType::Map(_, _)) => Ok(t.clone()),
            other => plan_err!("map_concat takes MAPs, got {other:?}"),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = args
            .args
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<Result<Vec<ArrayRef>>>()?;
        let maps: Vec<&MapArray> = arrays.iter().map(|a| a.as_map()).collect();
        let keys: Vec<&dyn Array> = maps.iter().map(|m| m.keys().as_ref()).collect();
        let values: Vec<&dyn Array> = maps.iter().map(|m| m.values().as_ref()).collect();
        // Per row, each key's first position and the entry that wins it.
        let mut winners: Vec<(usize, usize)> = Vec::new();
        let mut lengths = Vec::with_capacity(rows);
        let mut valid = Vec::with_capacity(rows);
        for row in 0..rows {
            if maps.iter().any(|m| m.is_null(row)) {
                lengths.push(0);
                valid.push(false);
                continue;
            }
            let start = winners.len();
            let mut slots: HashMap<ScalarValue, usize> = HashMap::new();
            for (arg, map) in maps.iter().enumerate() {
                let offsets = map.value_offsets();
                for entry in offsets[row] as usize..offsets[row + 1] as usize {
                    let key = ScalarValue::try_from_array(keys[arg], entry)?;
                    match slots.get(&key) {
                        Some(&slot) => winners[slot] = (arg, entry),
                        None => {
                            slots.insert(key, winners.len());
                            winners.push((arg, entry));
                        }
                    }
                }
            }
            lengths.push(winners.len() - start);
            valid.push(true);
        }
        let merged_keys = interleave(&keys, &winners)?;
        let merged_values = interleave(&values, &winners)?;
        new_map(
            self.name(),
            maps[0].data_type(),
            OffsetBuffer::from_lengths(lengths),
            Some(NullBuffer::from(valid)),
            merged_keys,
            merged_values,
        )
        .map(ColumnarValue::Array)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns the union of the maps: a key found in several takes its value from the last of them, and keeps the place where it first appeared. NULL if any map is NULL. Matches Trino map_concat.",
                "map_concat(map1, map2[, ...])",
            )
            .with_sql_example("> SELECT map_concat(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), MAP(ARRAY['b', 'c'], ARRAY[20, 30]));\n{a: 1, b: 20, c: 30}")
            .with_argument("map1", "First MAP.")
            .with_argument("map2", "Second MAP; more may follow, all of one type.")
            .build()
        }))
    }
}
