//! `zip_with`: two arrays merged element-wise by a lambda.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, ListArray, UInt32Array};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::compute::take;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs,
    HigherOrderSignature, HigherOrderUDFImpl, LambdaParametersProgress, ValueOrLambda, Volatility,
};

use super::common::{ARRAY_SECTION, as_list_type, element_field, to_list};
use super::lambda::{batch_index, spread};

const USAGE: &str = "zip_with takes two ARRAYs and a lambda (x, y) -> ...";

/// Trino's `zip_with(array1, array2, (x, y) -> ...)` (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ZipWithFunc {
    signature: HigherOrderSignature,
}

impl Default for ZipWithFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ZipWithFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: HigherOrderSignature::exact(
                vec![
                    ValueOrLambda::Value(()),
                    ValueOrLambda::Value(()),
                    ValueOrLambda::Lambda(()),
                ],
                Volatility::Immutable,
            ),
        }
    }
}

fn list_type(t: &DataType) -> Result<DataType> {
    if t.is_null() {
        return Ok(DataType::new_list(DataType::Null, true));
    }
    as_list_type(t)
        .ok_or_else(|| DataFusionError::Plan(format!("zip_with expects ARRAYs, got {t}")))
}

impl HigherOrderUDFImpl for ZipWithFunc {
    fn name(&self) -> &str {
        "zip_with"
    }

    fn signature(&self) -> &HigherOrderSignature {
        &self.signature
    }

    fn coerce_value_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [a, b] => Ok(vec![list_type(a)?, list_type(b)?]),
            _ => Err(DataFusionError::Plan(USAGE.into())),
        }
    }

    fn lambda_parameters(
        &self,
        _step: usize,
        fields: &[ValueOrLambda<FieldRef, Option<FieldRef>>],
    ) -> Result<LambdaParametersProgress> {
        let [
            ValueOrLambda::Value(a),
            ValueOrLambda::Value(b),
            ValueOrLambda::Lambda(_),
        ] = fields
        else {
            return Err(DataFusionError::Plan(USAGE.into()));
        };
        // Either side may run out first, so both parameters may be NULL.
        let parameter = |list: &FieldRef| {
            element_field(list.data_type())
                .map(|f| Arc::new(Field::new("", f.data_type().clone(), true)))
                .ok_or_else(|| DataFusionError::Plan(USAGE.into()))
        };
        Ok(LambdaParametersProgress::Complete(vec![vec![
            parameter(a)?,
            parameter(b)?,
        ]]))
    }

    fn return_field_from_args(&self, args: HigherOrderReturnFieldArgs) -> Result<FieldRef> {
        match args.arg_fields {
            [_, _, ValueOrLambda::Lambda(answer)] => Ok(Arc::new(Field::new(
                "",
                DataType::new_list(answer.data_type().clone(), true),
                true,
            ))),
            _ => Err(DataFusionError::Plan(USAGE.into())),
        }
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let [
            ValueOrLambda::Value(a),
            ValueOrLambda::Value(b),
            ValueOrLambda::Lambda(lambda),
        ] = args.args.as_slice()
        else {
            return Err(DataFusionError::Plan(USAGE.into()));
        };
        let rows = args.number_rows;
        let a = to_list(self.name(), &a.to_array(rows)?)?;
        let b = to_list(self.name(), &b.to_array(rows)?)?;
        let (a_offsets, b_offsets) = (a.value_offsets(), b.value_offsets());
        let mut lengths = Vec::with_capacity(rows);
        let mut valid = Vec::with_capacity(rows);
        let (mut from_a, mut from_b, mut row_of) = (Vec::new(), Vec::new(), Vec::new());
        for row in 0..rows {
            if a.is_null(row) || b.is_null(row) {
                lengths.push(0);
                valid.push(false);
                continue;
            }
            let a_len = (a_offsets[row + 1] - a_offsets[row]) as usize;
            let b_len = (b_offsets[row + 1] - b_offsets[row]) as usize;
            let len = a_len.max(b_len);
            for i in 0..len {
                // The shorter array is padded with NULLs (a NULL index).
                from_a.push(
                    (i < a_len)
                        .then(|| batch_index("zip_with", a_offsets[row] as usize + i))
                        .transpose()?,
                );
                from_b.push(
                    (i < b_len)
                        .then(|| batch_index("zip_with", b_offsets[row] as usize + i))
                        .transpose()?,
                );
                row_of.push(batch_index("zip_with", row)?);
            }
            lengths.push(len);
            valid.push(true);
        }
        let count = row_of.len();
        let xs = take(a.values().as_ref(), &UInt32Array::from(from_a), None)?;
        let ys = take(b.values().as_ref(), &UInt32Array::from(from_b), None)?;
        let row_of = UInt32Array::from(row_of);
        let answers: ArrayRef = lambda
            .evaluate(
                &[&|| Ok(Arc::clone(&xs)), &|| Ok(Arc::clone(&ys))],
                |captured| spread(captured, &row_of),
            )?
            .into_array(count)?;
        let item = Arc::new(Field::new_list_field(answers.data_type().clone(), true));
        let lists = ListArray::try_new(
            item,
            OffsetBuffer::from_lengths(lengths),
            answers,
            Some(NullBuffer::from(valid)),
        )?;
        Ok(ColumnarValue::Array(Arc::new(lists)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Merges two arrays element-wise with `function`; the shorter array is padded with NULLs first. NULL if either array is NULL. Matches Trino zip_with.",
                "zip_with(array1, array2, (x, y) -> ...)",
            )
            .with_sql_example("> SELECT zip_with(ARRAY[1, 2], ARRAY[3, 4], (x, y) -> x + y);\n[4, 6]")
            .with_argument("array1", "First ARRAY; its elements are x.")
            .with_argument("array2", "Second ARRAY; its elements are y.")
            .with_argument("function", "Lambda from an element of each to the result's element.")
            .build()
        }))
    }
}
