//! `histogram`: how many times each value occurs, as a map.

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

/// Trino's `histogram`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct HistogramFunc {
    signature: Signature,
}

impl Default for HistogramFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl HistogramFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::any(1, Volatility::Immutable),
        }
    }
}

impl AggregateUDFImpl for HistogramFunc {
    fn name(&self) -> &str {
        "histogram"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [t] => Ok(map_type(t, &DataType::Int64)),
            _ => plan_err!("histogram takes one argument"),
        }
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let Some((key, _)) = map_parts(acc_args.return_field.data_type()) else {
            return plan_err!(
                "histogram: unexpected return type {}",
                acc_args.return_field.data_type()
            );
        };
        Ok(Box::new(HistogramAccumulator {
            state: MapState::new(key, DataType::Int64),
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let Some(x) = args.input_fields.first() else {
            return plan_err!("histogram takes one argument");
        };
        Ok(MapState::state_fields(
            args.name,
            x.data_type(),
            &DataType::Int64,
        ))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns a map from each distinct non-NULL value to the number of rows holding it (BIGINT). NULL values are not counted; no rows, or only NULLs, give NULL. Quarry orders the map by key. Matches Trino histogram.", "histogram(x)")
                .with_sql_example("> SELECT histogram(x) FROM (VALUES ('a'), ('b'), ('a'), (NULL)) AS t(x);\n{a: 2, b: 1}")
                .with_argument("x", "Value to count, any comparable type.")
                .build()
        }))
    }
}

#[derive(Debug)]
struct HistogramAccumulator {
    state: MapState,
}

impl HistogramAccumulator {
    fn add(&mut self, key: ScalarValue, by: i64) {
        let (i, _) = self.state.entry(key, || ScalarValue::Int64(Some(0)));
        if let ScalarValue::Int64(Some(n)) = &mut self.state.values[i] {
            *n = n.saturating_add(by);
        }
    }
}

impl Accumulator for HistogramAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let xs = &values[0];
        for i in 0..xs.len() {
            if xs.is_valid(i) {
                self.add(ScalarValue::try_from_array(xs, i)?, 1);
            }
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        MapState::for_each_state_pair(states, |k, v| {
            if let ScalarValue::Int64(Some(n)) = v {
                self.add(k, n);
            }
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

    use datafusion::arrow::array::StringArray;

    use super::*;

    #[test]
    fn counts_merge_and_skip_nulls() -> Result<()> {
        let mut a = HistogramAccumulator {
            state: MapState::new(DataType::Utf8, DataType::Int64),
        };
        a.update_batch(&[Arc::new(StringArray::from(vec![
            Some("b"),
            Some("a"),
            None,
            Some("b"),
        ]))])?;
        let mut b = HistogramAccumulator {
            state: MapState::new(DataType::Utf8, DataType::Int64),
        };
        b.update_batch(&[Arc::new(StringArray::from(vec![Some("a"), Some("c")]))])?;
        let state: Vec<ArrayRef> = b
            .state()?
            .iter()
            .map(|s| s.to_array())
            .collect::<Result<_>>()?;
        a.merge_batch(&state)?;
        let ScalarValue::Map(map) = a.evaluate()? else {
            panic!("not a map")
        };
        let entries = map.value(0);
        let keys = entries
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .cloned();
        let counts = entries
            .column(1)
            .as_any()
            .downcast_ref::<datafusion::arrow::array::Int64Array>()
            .cloned();
        assert_eq!(
            keys.map(|k| k.iter().flatten().map(str::to_string).collect::<Vec<_>>()),
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(counts.map(|c| c.values().to_vec()), Some(vec![2, 2, 1]));
        Ok(())
    }

    #[test]
    fn no_rows_give_null() -> Result<()> {
        let mut a = HistogramAccumulator {
            state: MapState::new(DataType::Int64, DataType::Int64),
        };
        assert!(a.evaluate()?.is_null());
        Ok(())
    }
}
