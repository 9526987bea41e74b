//! `map_agg`: a map from key/value pairs.

use std::sync::OnceLock;

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, Documentation, Signature, Volatility,
};

use super::DOC_SECTION;
use super::map_state::{MapState, map_parts, map_type};

/// Trino's `map_agg`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MapAggFunc {
    signature: Signature,
}

impl Default for MapAggFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl MapAggFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

impl AggregateUDFImpl for MapAggFunc {
    fn name(&self) -> &str {
        "map_agg"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [k, v] => Ok(map_type(k, v)),
            _ => plan_err!("map_agg takes (key, value)"),
        }
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let Some((key, value)) = map_parts(acc_args.return_field.data_type()) else {
            return plan_err!(
                "map_agg: unexpected return type {}",
                acc_args.return_field.data_type()
            );
        };
        Ok(Box::new(MapAggAccumulator {
            state: MapState::new(key, value),
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let [k, v] = args.input_fields else {
            return plan_err!("map_agg takes (key, value)");
        };
        Ok(MapState::state_fields(
            args.name,
            k.data_type(),
            v.data_type(),
        ))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns a map of the key/value pairs of the group. Rows with a NULL key are skipped; a NULL value is kept; when a key repeats, its first value is kept, as in Trino. No rows give NULL. Quarry orders the map by key. Matches Trino map_agg.", "map_agg(key, value)")
                .with_sql_example("> SELECT map_agg(k, v) FROM (VALUES ('a', 1), ('b', 2)) AS t(k, v);\n{a: 1, b: 2}")
                .with_argument("key", "Map key, any comparable type.")
                .with_argument("value", "Map value, any type.")
                .build()
        }))
    }
}

#[derive(Debug)]
struct MapAggAccumulator {
    state: MapState,
}

impl Accumulator for MapAggAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let (keys, vals) = (&values[0], &values[1]);
        for i in 0..keys.len() {
            if keys.is_valid(i) {
                let value = ScalarValue::try_from_array(vals, i)?;
                self.state
                    .entry(ScalarValue::try_from_array(keys, i)?, || value);
            }
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        MapState::for_each_state_pair(states, |k, v| {
            self.state.entry(k, || v);
            Ok(())
        })
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(self.state.to_state())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.state.evaluate()
    }

    fn size(&self) -> usize {
        self.state.size()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Int64Array, StringArray};

    use super::*;

    #[test]
    fn first_value_wins_and_null_keys_are_skipped() -> Result<()> {
        let mut a = MapAggAccumulator {
            state: MapState::new(DataType::Utf8, DataType::Int64),
        };
        a.update_batch(&[
            Arc::new(StringArray::from(vec![
                Some("b"),
                None,
                Some("a"),
                Some("b"),
            ])),
            Arc::new(Int64Array::from(vec![Some(1), Some(2), None, Some(3)])),
        ])?;
        assert_eq!(a.state.keys.len(), 2);
        assert_eq!(
            a.state.values,
            vec![ScalarValue::Int64(Some(1)), ScalarValue::Int64(None)]
        );
        let ScalarValue::Map(map) = a.evaluate()? else {
            panic!("not a map")
        };
        assert_eq!(map.value(0).len(), 2);
        Ok(())
    }

    #[test]
    fn no_rows_give_null() -> Result<()> {
        let mut a = MapAggAccumulator {
            state: MapState::new(DataType::Utf8, DataType::Int64),
        };
        assert!(a.evaluate()?.is_null());
        Ok(())
    }
}
