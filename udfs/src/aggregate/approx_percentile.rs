//! `approx_percentile`: an approximate percentile (or several) of numbers.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::{cast, filter, is_not_null, sort};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Float64Type, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, ColumnarValue, Documentation, Signature, Volatility,
};
use datafusion_functions_aggregate_common::tdigest::{DEFAULT_MAX_SIZE, TDigest};

use super::DOC_SECTION;

/// Trino's `approx_percentile(x, percentage)` and
/// `approx_percentile(x, ARRAY[percentages])`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ApproxPercentileFunc {
    signature: Signature,
}

impl Default for ApproxPercentileFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ApproxPercentileFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// The result type for values of type `x`: BIGINT for integers (rounded),
/// REAL and DOUBLE as they are, as in Trino.
fn value_type(x: &DataType) -> DataType {
    match x {
        t if t.is_integer() => DataType::Int64,
        DataType::Float32 | DataType::Float16 => DataType::Float32,
        _ => DataType::Float64,
    }
}

fn is_list(t: &DataType) -> bool {
    matches!(
        t,
        DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..)
    )
}

impl AggregateUDFImpl for ApproxPercentileFunc {
    fn name(&self) -> &str {
        "approx_percentile"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [x, p] if (x.is_numeric() || x.is_null()) => {
                let p = if is_list(p) {
                    DataType::new_list(DataType::Float64, true)
                } else if p.is_numeric() {
                    DataType::Float64
                } else {
                    return plan_err!(
                        "approx_percentile expects the percentage as DOUBLE or ARRAY(DOUBLE), got {p}"
                    );
                };
                Ok(vec![x.clone(), p])
            }
            [x, _] => plan_err!("approx_percentile expects numbers, got {x}"),
            [_, _, _] => plan_err!(
                "approx_percentile with a weight (x, w, percentage) is not supported; use approx_percentile_cont_with_weight"
            ),
            _ => plan_err!(
                "approx_percentile takes (x, percentage), got {} arguments",
                arg_types.len()
            ),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        let [x, p] = arg_types else {
            return plan_err!("approx_percentile takes (x, percentage)");
        };
        let v = value_type(x);
        Ok(if is_list(p) {
            DataType::new_list(v, true)
        } else {
            v
        })
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        // A constant evaluates without any input columns; a column does not.
        let empty = RecordBatch::new_empty(Arc::new(Schema::empty()));
        let literal = match acc_args.exprs.get(1).map(|e| e.evaluate(&empty)) {
            Some(Ok(ColumnarValue::Scalar(s))) => s,
            _ => return plan_err!("approx_percentile: the percentage must be a constant"),
        };
        let (percentiles, as_array) = match &literal {
            ScalarValue::List(list) => {
                let values = cast(list.values(), &DataType::Float64)?;
                let values = values.as_primitive::<Float64Type>();
                if values.null_count() > 0 {
                    return exec_err!("approx_percentile: a percentage in the array is NULL");
                }
                (values.values().to_vec(), true)
            }
            other => match other.cast_to(&DataType::Float64)? {
                ScalarValue::Float64(Some(p)) => (vec![p], false),
                _ => return exec_err!("approx_percentile: the percentage is NULL"),
            },
        };
        if let Some(bad) = percentiles.iter().find(|p| !(0.0..=1.0).contains(*p)) {
            return exec_err!("approx_percentile: percentage {bad} must be between 0 and 1");
        }
        let output = value_type(acc_args.expr_fields[0].data_type());
        Ok(Box::new(PercentileAccumulator {
            digest: TDigest::new(DEFAULT_MAX_SIZE),
            percentiles,
            as_array,
            output,
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let f =
            |n: &str, t: DataType| Arc::new(Field::new(format_state_name(args.name, n), t, false));
        Ok(vec![
            f("max_size", DataType::UInt64),
            f("sum", DataType::Float64),
            f("count", DataType::Float64),
            f("max", DataType::Float64),
            f("min", DataType::Float64),
            f("centroids", DataType::new_list(DataType::Float64, true)),
        ])
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Approximate percentile of the non-NULL values (a t-digest, as Trino uses; the 0 and 1 percentiles are the exact minimum and maximum). With an array of percentages it returns an array, one value per percentage. Integers give BIGINT (rounded), REAL gives REAL, others DOUBLE. No rows give NULL; a percentage outside [0, 1], NULL or not constant is an error. Matches Trino approx_percentile(x, percentage) and approx_percentile(x, percentages); the weighted form is not supported.", "approx_percentile(x, percentage | ARRAY[percentages])")
                .with_sql_example("> SELECT approx_percentile(x, ARRAY[0.0, 1.0]) FROM (VALUES (1), (5), (9)) AS t(x);\n[1, 9]")
                .with_argument("x", "Numeric values.")
                .with_argument("percentage", "Constant between 0 and 1, or a constant array of them.")
                .build()
        }))
    }
}

#[derive(Debug)]
struct PercentileAccumulator {
    digest: TDigest,
    percentiles: Vec<f64>,
    as_array: bool,
    output: DataType,
}

impl PercentileAccumulator {
    fn value(&self, q: f64) -> ScalarValue {
        let v = self.digest.estimate_quantile(q);
        match self.output {
            DataType::Int64 => ScalarValue::Int64(Some(v.round() as i64)),
            DataType::Float32 => ScalarValue::Float32(Some(v as f32)),
            _ => ScalarValue::Float64(Some(v)),
        }
    }
}

impl Accumulator for PercentileAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let mut values = Arc::clone(&values[0]);
        if values.null_count() > 0 {
            values = filter(&values, &is_not_null(&values)?)?;
        }
        let values = sort(&cast(&values, &DataType::Float64)?, None)?;
        let values = values.as_primitive::<Float64Type>();
        self.digest = self.digest.merge_sorted_f64(values.values());
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(first) = states.first() else {
            return Ok(());
        };
        let mut digests = Vec::with_capacity(first.len() + 1);
        for row in 0..first.len() {
            let state = states
                .iter()
                .map(|a| ScalarValue::try_from_array(a, row))
                .collect::<Result<Vec<_>>>()?;
            digests.push(TDigest::from_scalar_state(&state));
        }
        digests.push(self.digest.clone());
        self.digest = TDigest::merge_digests(&digests);
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(self.digest.to_scalar_state())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        if self.digest.count() == 0.0 {
            let t = if self.as_array {
                DataType::new_list(self.output.clone(), true)
            } else {
                self.output.clone()
            };
            return ScalarValue::try_from(&t);
        }
        if !self.as_array {
            return Ok(self.value(self.percentiles[0]));
        }
        let values: Vec<ScalarValue> = self.percentiles.iter().map(|q| self.value(*q)).collect();
        Ok(ScalarValue::List(ScalarValue::new_list_nullable(
            &values,
            &self.output,
        )))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.digest.size() + self.percentiles.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Float64Array, Int64Array};

    use super::*;

    fn acc(percentiles: Vec<f64>, as_array: bool, output: DataType) -> PercentileAccumulator {
        PercentileAccumulator {
            digest: TDigest::new(DEFAULT_MAX_SIZE),
            percentiles,
            as_array,
            output,
        }
    }

    #[test]
    fn extremes_are_exact_and_nulls_are_skipped() -> Result<()> {
        let mut a = acc(vec![0.0, 1.0], true, DataType::Int64);
        a.update_batch(&[Arc::new(Int64Array::from(vec![
            Some(9),
            None,
            Some(1),
            Some(5),
        ]))])?;
        let expected = ScalarValue::List(ScalarValue::new_list_nullable(
            &[ScalarValue::Int64(Some(1)), ScalarValue::Int64(Some(9))],
            &DataType::Int64,
        ));
        assert_eq!(a.evaluate()?, expected);
        Ok(())
    }

    #[test]
    fn constant_input_and_merged_states() -> Result<()> {
        let mut a = acc(vec![0.5], false, DataType::Float64);
        a.update_batch(&[Arc::new(Float64Array::from(vec![7.0, 7.0]))])?;
        let mut b = acc(vec![0.5], false, DataType::Float64);
        b.update_batch(&[Arc::new(Float64Array::from(vec![7.0]))])?;
        let state: Vec<ArrayRef> = b
            .state()?
            .iter()
            .map(|s| s.to_array())
            .collect::<Result<_>>()?;
        a.merge_batch(&state)?;
        assert_eq!(a.evaluate()?, ScalarValue::Float64(Some(7.0)));
        Ok(())
    }

    #[test]
    fn no_rows_give_null() -> Result<()> {
        let mut a = acc(vec![0.5], false, DataType::Int64);
        a.update_batch(&[Arc::new(Int64Array::from(Vec::<i64>::new()))])?;
        assert_eq!(a.evaluate()?, ScalarValue::Int64(None));
        Ok(())
    }
}
