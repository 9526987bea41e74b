//! `reduce`: folds an array into one value with a state lambda and a
//! finishing lambda.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, ListArray, UInt32Array, new_null_array};
use datafusion::arrow::compute::{cast, interleave, take};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs,
    HigherOrderSignature, HigherOrderUDFImpl, LambdaArgument, LambdaParametersProgress,
    ValueOrLambda, Volatility,
};

use super::common::{ARRAY_SECTION, as_list_type, element_field, to_list};
use super::lambda::{batch_index, spread};

const USAGE: &str = "reduce takes an ARRAY, an initial state, a lambda (s, x) -> new state and a lambda s -> result";

/// Trino's `reduce(array, initialState, (s, x) -> ..., s -> ...)`
/// (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ReduceFunc {
    signature: HigherOrderSignature,
}

impl Default for ReduceFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ReduceFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: HigherOrderSignature::exact(
                vec![
                    ValueOrLambda::Value(()),
                    ValueOrLambda::Value(()),
                    ValueOrLambda::Lambda(()),
                    ValueOrLambda::Lambda(()),
                ],
                Volatility::Immutable,
            ),
        }
    }
}

/// The state's type: the initial state's, unless the input lambda answers
/// with another (`0` folded over DOUBLEs gives a DOUBLE state, as Trino's
/// coercion of the initial state does); the initial state is then cast.
fn state_type(initial: &DataType, input_output: Option<&DataType>) -> DataType {
    match input_output {
        Some(t) if t != initial && *t != DataType::Null => t.clone(),
        _ => initial.clone(),
    }
}

fn nullable(t: DataType) -> FieldRef {
    Arc::new(Field::new("", t, true))
}

impl HigherOrderUDFImpl for ReduceFunc {
    fn name(&self) -> &str {
        "reduce"
    }

    fn signature(&self) -> &HigherOrderSignature {
        &self.signature
    }

    fn coerce_value_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [DataType::Null, initial] => Ok(vec![
                DataType::new_list(DataType::Null, true),
                initial.clone(),
            ]),
            [t, initial] => match as_list_type(t) {
                Some(list) => Ok(vec![list, initial.clone()]),
                None => Err(DataFusionError::Plan(format!(
                    "reduce expects an ARRAY, got {t}"
                ))),
            },
            _ => Err(DataFusionError::Plan(USAGE.to_string())),
        }
    }

    fn lambda_parameters(
        &self,
        _step: usize,
        fields: &[ValueOrLambda<FieldRef, Option<FieldRef>>],
    ) -> Result<LambdaParametersProgress> {
        let [
            ValueOrLambda::Value(list),
            ValueOrLambda::Value(initial),
            ValueOrLambda::Lambda(input_output),
            ValueOrLambda::Lambda(_),
        ] = fields
        else {
            return Err(DataFusionError::Plan(USAGE.to_string()));
        };
        let Some(element) = element_field(list.data_type()) else {
            return Err(DataFusionError::Plan(format!(
                "reduce expects an ARRAY, got {}",
                list.data_type()
            )));
        };
        let element = nullable(element.data_type().clone());
        // The output lambda's parameter is the input lambda's answer, so the
        // input lambda is typed first, with the initial state's type.
        match input_output {
            None => Ok(LambdaParametersProgress::Partial(vec![
                Some(vec![nullable(initial.data_type().clone()), element]),
                None,
            ])),
            Some(output) => {
                let state = nullable(state_type(initial.data_type(), Some(output.data_type())));
                Ok(LambdaParametersProgress::Complete(vec![
                    vec![Arc::clone(&state), element],
                    vec![state],
                ]))
            }
        }
    }

    fn coerce_values_for_lambdas(
        &self,
        fields: &[ValueOrLambda<DataType, DataType>],
    ) -> Result<Option<Vec<DataType>>> {
        match fields {
            [
                ValueOrLambda::Value(list),
                ValueOrLambda::Value(initial),
                ValueOrLambda::Lambda(input_output),
                ValueOrLambda::Lambda(_),
            ] => Ok(Some(vec![
                list.clone(),
                state_type(initial, Some(input_output)),
            ])),
            _ => Err(DataFusionError::Plan(USAGE.to_string())),
        }
    }

    fn return_field_from_args(&self, args: HigherOrderReturnFieldArgs) -> Result<FieldRef> {
        match args.arg_fields.last() {
            Some(ValueOrLambda::Lambda(output)) => Ok(nullable(output.data_type().clone())),
            _ => Err(DataFusionError::Plan(USAGE.to_string())),
        }
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let [
            ValueOrLambda::Value(list),
            ValueOrLambda::Value(initial),
            ValueOrLambda::Lambda(input),
            ValueOrLambda::Lambda(output),
        ] = args.args.as_slice()
        else {
            return Err(DataFusionError::Plan(USAGE.to_string()));
        };
        let rows = args.number_rows;
        let list = to_list(self.name(), &list.to_array(rows)?)?;
        let state = fold(&list, initial.to_array(rows)?, input)?;
        Ok(ColumnarValue::Array(finish(&list, &state, output)?))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Folds `array` in order: the state starts as `initial_state`, `input` turns the state and each element (NULL elements included) into the next state, and `output` turns the last state into the result; an empty array gives output(initial_state), a NULL array gives NULL. Matches Trino reduce.",
                "reduce(array, initial_state, (s, x) -> input, s -> output)",
            )
            .with_sql_example("> SELECT reduce(ARRAY[5, 20, 50], 0, (s, x) -> s + x, s -> s), reduce(ARRAY[5, NULL], 0, (s, x) -> s + x, s -> s);\n75 NULL")
            .with_argument("array", "ARRAY to fold.")
            .with_argument("initial_state", "The state before the first element.")
            .with_argument("input", "Lambda from the state and an element to the next state.")
            .with_argument("output", "Lambda from the last state to the result.")
            .build()
        }))
    }
}

/// The last state of each row. Step `k` applies the input lambda to the
/// `k`-th element of every row that has one, all such rows in one batch, so
/// the lambda runs once per element position rather than once per element.
fn fold(list: &ListArray, initial: ArrayRef, input: &LambdaArgument) -> Result<ArrayRef> {
    let state_type = initial.data_type().clone();
    let offsets = list.value_offsets();
    let lengths: Vec<usize> = (0..list.len())
        .map(|row| {
            if list.is_null(row) {
                0
            } else {
                (offsets[row + 1] - offsets[row]) as usize
            }
        })
        .collect();
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let mut state = initial;
    for k in 0..longest {
        let mut active = Vec::new();
        let mut positions = Vec::new();
        for (row, &len) in lengths.iter().enumerate() {
            if len > k {
                active.push(batch_index("reduce", row)?);
                positions.push(batch_index("reduce", offsets[row] as usize + k)?);
            }
        }
        let active = UInt32Array::from(active);
        let elements = take(list.values().as_ref(), &UInt32Array::from(positions), None)?;
        let current = take(state.as_ref(), &active, None)?;
        let next = input
            .evaluate(
                &[&|| Ok(Arc::clone(&current)), &|| Ok(Arc::clone(&elements))],
                |captured| spread(captured, &active),
            )?
            .into_array(active.len())?;
        let next = if next.data_type() == &state_type {
            next
        } else {
            cast(&next, &state_type)?
        };
        state = if active.len() == state.len() {
            next
        } else {
            // Rows without a k-th element keep their state.
            let mut from = Vec::with_capacity(state.len());
            let mut done = 0;
            for (row, &len) in lengths.iter().enumerate() {
                if len > k {
                    from.push((1, done));
                    done += 1;
                } else {
                    from.push((0, row));
                }
            }
            interleave(&[state.as_ref(), next.as_ref()], &from)?
        };
    }
    Ok(state)
}

/// The output lambda over the last states of the non-NULL arrays, NULL for
/// the NULL ones (which the lambda never sees).
fn finish(list: &ListArray, state: &ArrayRef, output: &LambdaArgument) -> Result<ArrayRef> {
    if list.null_count() == 0 {
        return output
            .evaluate(&[&|| Ok(Arc::clone(state))], |captured| {
                Ok(captured.to_vec())
            })?
            .into_array(state.len());
    }
    let mut valid = Vec::new();
    let mut placed = Vec::with_capacity(list.len());
    for row in 0..list.len() {
        if list.is_null(row) {
            placed.push(None);
        } else {
            placed.push(Some(batch_index("reduce", valid.len())?));
            valid.push(batch_index("reduce", row)?);
        }
    }
    let valid = UInt32Array::from(valid);
    let states = take(state.as_ref(), &valid, None)?;
    let answers = output
        .evaluate(&[&|| Ok(Arc::clone(&states))], |captured| {
            spread(captured, &valid)
        })?
        .into_array(valid.len())?;
    if answers.is_empty() {
        return Ok(new_null_array(answers.data_type(), list.len()));
    }
    Ok(take(answers.as_ref(), &UInt32Array::from(placed), None)?)
}

/// Columns the lambda captures from its row, for the rows in `rows`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_takes_the_input_lambdas_type() {
        // `0` folded with `s + x` over DOUBLEs: the state is a DOUBLE.
        assert_eq!(
            state_type(&DataType::Int64, Some(&DataType::Float64)),
            DataType::Float64
        );
        assert_eq!(state_type(&DataType::Int64, None), DataType::Int64);
        // A lambda answering NULL leaves the initial state's type.
        assert_eq!(
            state_type(&DataType::Utf8, Some(&DataType::Null)),
            DataType::Utf8
        );
    }
}
