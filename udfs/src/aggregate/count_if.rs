//! `count_if`: how many rows have a true condition.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Int64Type};
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, Documentation, Signature, Volatility,
};

use super::DOC_SECTION;

/// Trino's `count_if`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct CountIfFunc {
    signature: Signature,
}

impl Default for CountIfFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl CountIfFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl AggregateUDFImpl for CountIfFunc {
    fn name(&self) -> &str {
        "count_if"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [DataType::Boolean | DataType::Null] => Ok(vec![DataType::Boolean]),
            [other] => plan_err!("count_if expects a BOOLEAN condition, got {other}"),
            _ => plan_err!("count_if takes one argument, got {}", arg_types.len()),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn is_nullable(&self) -> bool {
        false
    }

    fn default_value(&self, _data_type: &DataType) -> Result<ScalarValue> {
        Ok(ScalarValue::Int64(Some(0)))
    }

    fn accumulator(&self, _acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(CountIfAccumulator { count: 0 }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            format_state_name(args.name, "count"),
            DataType::Int64,
            false,
        ))])
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Counts the rows whose condition is true; false and NULL are not counted, and no rows give 0. A non-boolean argument is a planning error. Matches Trino count_if.", "count_if(condition)")
                .with_sql_example("> SELECT count_if(x > 1) FROM (VALUES (1), (2), (3), (NULL)) AS t(x);\n2")
                .with_argument("condition", "BOOLEAN expression.")
                .build()
        }))
    }
}

#[derive(Debug)]
struct CountIfAccumulator {
    count: i64,
}

impl Accumulator for CountIfAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let conditions = values[0].as_boolean();
        // Arrow's true_count counts only valid (non-NULL) true slots.
        let trues = conditions.true_count();
        self.count += i64::try_from(trues).unwrap_or(i64::MAX);
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let counts = states[0].as_primitive::<Int64Type>();
        self.count += counts.iter().flatten().sum::<i64>();
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Int64(Some(self.count))])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Int64(Some(self.count)))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{BooleanArray, Int64Array};

    use super::*;

    #[test]
    fn counts_true_only_and_merges() -> Result<()> {
        let mut a = CountIfAccumulator { count: 0 };
        a.update_batch(&[Arc::new(BooleanArray::from(vec![
            Some(true),
            Some(false),
            None,
            Some(true),
        ]))])?;
        a.update_batch(&[Arc::new(BooleanArray::from(Vec::<Option<bool>>::new()))])?;
        assert_eq!(a.evaluate()?, ScalarValue::Int64(Some(2)));
        a.merge_batch(&[Arc::new(Int64Array::from(vec![3, 4]))])?;
        assert_eq!(a.evaluate()?, ScalarValue::Int64(Some(9)));
        Ok(())
    }

    #[test]
    fn null_slot_holding_true_is_not_counted() -> Result<()> {
        // A NULL whose underlying value bit is set must still count as NULL.
        let values = datafusion::arrow::buffer::BooleanBuffer::from(vec![true, true]);
        let nulls = datafusion::arrow::buffer::NullBuffer::from(vec![true, false]);
        let array = BooleanArray::new(values, Some(nulls));
        let mut a = CountIfAccumulator { count: 0 };
        a.update_batch(&[Arc::new(array)])?;
        assert_eq!(a.evaluate()?, ScalarValue::Int64(Some(1)));
        Ok(())
    }

    #[test]
    fn rejects_non_boolean() {
        assert!(CountIfFunc::new().coerce_types(&[DataType::Int64]).is_err());
    }
}
