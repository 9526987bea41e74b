//! Shared state for `histogram` and `map_agg`: keys in first-seen order
//! with one value each, emitted as an Arrow map sorted by key so results do
//! not depend on how rows were split across partitions.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, MapArray, StructArray};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{Result, ScalarValue, exec_err};

/// The Arrow map type with `key` and `value` entries (as DataFusion's `map` builds them).
pub fn map_type(key: &DataType, value: &DataType) -> DataType {
    DataType::Map(
        Arc::new(Field::new(
            "entries",
            DataType::Struct(entry_fields(key, value)),
            false,
        )),
        false,
    )
}

fn entry_fields(key: &DataType, value: &DataType) -> Fields {
    Fields::from(vec![
        Field::new("key", key.clone(), false),
        Field::new("value", value.clone(), true),
    ])
}

/// Key and value types of a map type.
pub fn map_parts(t: &DataType) -> Option<(DataType, DataType)> {
    let DataType::Map(entries, _) = t else {
        return None;
    };
    let DataType::Struct(fields) = entries.data_type() else {
        return None;
    };
    Some((
        fields.first()?.data_type().clone(),
        fields.get(1)?.data_type().clone(),
    ))
}

/// Keys with their values, in first-seen order.
#[derive(Debug)]
pub struct MapState {
    pub key_type: DataType,
    pub value_type: DataType,
    pub keys: Vec<ScalarValue>,
    pub values: Vec<ScalarValue>,
    index: HashMap<ScalarValue, usize>,
}

impl MapState {
    /// An empty state.
    pub fn new(key_type: DataType, value_type: DataType) -> Self {
        Self {
            key_type,
            value_type,
            keys: Vec::new(),
            values: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The slot of `key`, adding it with `initial` when new; `true` if it was new.
    pub fn entry(
        &mut self,
        key: ScalarValue,
        initial: impl FnOnce() -> ScalarValue,
    ) -> (usize, bool) {
        if let Some(i) = self.index.get(&key) {
            return (*i, false);
        }
        let i = self.keys.len();
        self.index.insert(key.clone(), i);
        self.keys.push(key);
        self.values.push(initial());
        (i, true)
    }

    /// The state as two list scalars: keys and values.
    pub fn to_state(&self) -> Vec<ScalarValue> {
        vec![
            ScalarValue::List(ScalarValue::new_list_nullable(&self.keys, &self.key_type)),
            ScalarValue::List(ScalarValue::new_list_nullable(
                &self.values,
                &self.value_type,
            )),
        ]
    }

    /// The state fields matching [`MapState::to_state`].
    pub fn state_fields(name: &str, key: &DataType, value: &DataType) -> Vec<FieldRef> {
        vec![
            Arc::new(Field::new(
                format!("{name}[keys]"),
                DataType::new_list(key.clone(), true),
                true,
            )),
            Arc::new(Field::new(
                format!("{name}[values]"),
                DataType::new_list(value.clone(), true),
                true,
            )),
        ]
    }

    /// Each (key, value) pair of a batch of states.
    pub fn for_each_state_pair(
        states: &[ArrayRef],
        mut f: impl FnMut(ScalarValue, ScalarValue) -> Result<()>,
    ) -> Result<()> {
        let (Some(keys), Some(values)) = (states.first(), states.get(1)) else {
            return exec_err!("map state has {} columns, expected 2", states.len());
        };
        let (keys, values) = (keys.as_list::<i32>(), values.as_list::<i32>());
        for row in 0..keys.len() {
            if keys.is_null(row) || values.is_null(row) {
                continue;
            }
            let (k, v) = (keys.value(row), values.value(row));
            for i in 0..k.len() {
                f(
                    ScalarValue::try_from_array(&k, i)?,
                    ScalarValue::try_from_array(&v, i)?,
                )?;
            }
        }
        Ok(())
    }

    /// The map, sorted by key; NULL when there are no entries (as Trino
    /// returns for no input rows).
    pub fn evaluate(&self) -> Result<ScalarValue> {
        let t = map_type(&self.key_type, &self.value_type);
        if self.keys.is_empty() {
            return ScalarValue::try_from(&t);
        }
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_by(|a, b| {
            self.keys[*a]
                .partial_cmp(&self.keys[*b])
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let keys = ScalarValue::iter_to_array(order.iter().map(|i| self.keys[*i].clone()))?;
        let values = ScalarValue::iter_to_array(order.iter().map(|i| self.values[*i].clone()))?;
        let entries = StructArray::try_new(
            entry_fields(&self.key_type, &self.value_type),
            vec![keys, values],
            None,
        )?;
        let DataType::Map(field, _) = t else {
            return exec_err!("map_type gave another type");
        };
        let offsets = OffsetBuffer::from_lengths([order.len()]);
        let map = MapArray::try_new(field, offsets, entries, None, false)?;
        Ok(ScalarValue::Map(Arc::new(map)))
    }

    /// Memory held, roughly.
    pub fn size(&self) -> usize {
        std::mem::size_of_val(self)
            + self
                .keys
                .iter()
                .chain(&self.values)
                .map(ScalarValue::size)
                .sum::<usize>()
            + self.index.capacity() * std::mem::size_of::<(ScalarValue, usize)>()
    }
}
