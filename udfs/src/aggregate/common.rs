//! Shared state for `max_by` and `min_by`: the x of the best y seen.

use std::cmp::Ordering;

use datafusion::arrow::array::{Array, ArrayRef, make_comparator};
use datafusion::arrow::compute::SortOptions;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::Accumulator;

/// Keeps the `x` paired with the largest (or smallest) non-NULL `y`.
/// The state is the pair itself, so partial states merge like input rows.
#[derive(Debug)]
pub struct ByAccumulator {
    want_max: bool,
    x: ScalarValue,
    y: ScalarValue,
}

impl ByAccumulator {
    /// Starts with no pair; `x_type` and `y_type` give the NULLs their types.
    pub fn try_new(want_max: bool, x_type: &DataType, y_type: &DataType) -> Result<Self> {
        Ok(Self {
            want_max,
            x: ScalarValue::try_from(x_type)?,
            y: ScalarValue::try_from(y_type)?,
        })
    }

    fn better(&self, ordering: Ordering) -> bool {
        if self.want_max {
            ordering == Ordering::Greater
        } else {
            ordering == Ordering::Less
        }
    }

    fn offer(&mut self, xs: &ArrayRef, ys: &ArrayRef) -> Result<()> {
        let cmp = make_comparator(ys.as_ref(), ys.as_ref(), SortOptions::default())?;
        let mut best: Option<usize> = None;
        for i in 0..ys.len() {
            if ys.is_null(i) {
                continue;
            }
            match best {
                Some(b) if !self.better(cmp(i, b)) => {}
                _ => best = Some(i),
            }
        }
        let Some(i) = best else { return Ok(()) };
        let y = ScalarValue::try_from_array(ys, i)?;
        let replace = self.y.is_null() || y.partial_cmp(&self.y).is_some_and(|o| self.better(o));
        if replace {
            self.x = ScalarValue::try_from_array(xs, i)?;
            self.y = y;
        }
        Ok(())
    }
}

impl Accumulator for ByAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.offer(&values[0], &values[1])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        self.offer(&states[0], &states[1])
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![self.x.clone(), self.y.clone()])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(self.x.clone())
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.x.size() + self.y.size()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Int64Array, StringArray};

    use super::*;

    fn xs(v: Vec<Option<&str>>) -> ArrayRef {
        Arc::new(StringArray::from(v))
    }
    fn ys(v: Vec<Option<i64>>) -> ArrayRef {
        Arc::new(Int64Array::from(v))
    }

    #[test]
    fn picks_x_of_the_extreme_y_ignoring_null_y() -> Result<()> {
        let mut max = ByAccumulator::try_new(true, &DataType::Utf8, &DataType::Int64)?;
        let mut min = ByAccumulator::try_new(false, &DataType::Utf8, &DataType::Int64)?;
        for a in [&mut max, &mut min] {
            a.update_batch(&[
                xs(vec![Some("a"), Some("b"), Some("c")]),
                ys(vec![Some(2), None, Some(5)]),
            ])?;
            a.update_batch(&[xs(vec![None, Some("e")]), ys(vec![Some(9), Some(1)])])?;
        }
        // The x of the largest y may itself be NULL, as in Trino.
        assert_eq!(max.evaluate()?, ScalarValue::Utf8(None));
        assert_eq!(min.evaluate()?, ScalarValue::Utf8(Some("e".into())));
        Ok(())
    }

    #[test]
    fn empty_and_all_null_y_give_null_and_states_merge() -> Result<()> {
        let mut a = ByAccumulator::try_new(true, &DataType::Utf8, &DataType::Int64)?;
        a.update_batch(&[xs(vec![Some("a")]), ys(vec![None])])?;
        assert_eq!(a.evaluate()?, ScalarValue::Utf8(None));
        let mut b = ByAccumulator::try_new(true, &DataType::Utf8, &DataType::Int64)?;
        b.update_batch(&[xs(vec![Some("z")]), ys(vec![Some(3)])])?;
        let state: Vec<ArrayRef> = b
            .state()?
            .iter()
            .map(|s| s.to_array())
            .collect::<Result<_>>()?;
        a.merge_batch(&state)?;
        assert_eq!(a.evaluate()?, ScalarValue::Utf8(Some("z".into())));
        Ok(())
    }
}
