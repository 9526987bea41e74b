//! `slice`: `length` elements of an array from a 1-based `start` (negative
//! from the end).

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::cast::AsArray;
use datafusion::arrow::array::{Array, ArrayRef, Int64Array, ListArray, NullArray, UInt64Array};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{ARRAY_SECTION, as_list_type, to_list};

/// Trino's `slice(array, start, length)` (DataFusion's `array_slice` takes
/// an end position instead of a length).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SliceFunc {
    signature: Signature,
}

impl Default for SliceFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl SliceFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// The 0-based range `[from, to)` of a row of `size` elements that Trino's
/// `slice(_, start, length)` keeps.
fn bounds(size: i64, start: i64, length: i64) -> Result<(i64, i64)> {
    if length < 0 {
        return Err(DataFusionError::Execution(format!(
            "slice: length must be greater than or equal to 0, got {length}"
        )));
    }
    if start == 0 {
        return Err(DataFusionError::Execution(
            "slice: SQL array indices start at 1".to_string(),
        ));
    }
    let from = if start < 0 { size + start + 1 } else { start };
    let to = from.saturating_add(length).min(size + 1);
    if from < 1 || from >= to {
        return Ok((0, 0));
    }
    Ok((from - 1, to - 1))
}

/// Slices each row of `list`; a NULL in any argument gives a NULL row.
fn slice_rows(list: &ListArray, start: &Int64Array, length: &Int64Array) -> Result<ListArray> {
    let offsets = list.value_offsets();
    let mut picked: Vec<u64> = Vec::new();
    let mut lengths = Vec::with_capacity(list.len());
    let mut valid = Vec::with_capacity(list.len());
    for row in 0..list.len() {
        if list.is_null(row) || start.is_null(row) || length.is_null(row) {
            lengths.push(0);
            valid.push(false);
            continue;
        }
        let first = offsets[row] as i64;
        let size = offsets[row + 1] as i64 - first;
        let (from, to) = bounds(size, start.value(row), length.value(row))?;
        picked.extend((first + from..first + to).map(|i| i as u64));
        lengths.push((to - from) as usize);
        valid.push(true);
    }
    let values = take(list.values(), &UInt64Array::from(picked), None)?;
    let field = match list.data_type() {
        DataType::List(f) => f.clone(),
        other => {
            return Err(DataFusionError::Internal(format!(
                "slice: expected a List, got {other}"
            )));
        }
    };
    Ok(ListArray::try_new(
        field,
        OffsetBuffer::from_lengths(lengths),
        values,
        Some(valid.into()),
    )?)
}

impl ScalarUDFImpl for SliceFunc {
    fn name(&self) -> &str {
        "slice"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let index = |t: &DataType| t.is_integer() || t.is_null();
        match arg_types {
            [DataType::Null, s, l] if index(s) && index(l) => {
                Ok(vec![DataType::Null, DataType::Int64, DataType::Int64])
            }
            [array, s, l] if index(s) && index(l) => match as_list_type(array) {
                Some(list) => Ok(vec![list, DataType::Int64, DataType::Int64]),
                None => Err(slice_types_error(arg_types)),
            },
            [_, _, _] => Err(slice_types_error(arg_types)),
            _ => Err(DataFusionError::Plan(format!(
                "slice takes 3 arguments (array, start, length), got {}",
                arg_types.len()
            ))),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Null))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let inputs = ColumnarValue::values_to_arrays(&args.args)?;
        if inputs[0].data_type().is_null() {
            return Ok(ColumnarValue::Array(Arc::new(NullArray::new(rows))));
        }
        let list = to_list("slice", &inputs[0])?;
        let start = cast(&inputs[1], &DataType::Int64)?;
        let length = cast(&inputs[2], &DataType::Int64)?;
        let sliced = slice_rows(
            &list,
            start.as_primitive::<Int64Type>(),
            length.as_primitive::<Int64Type>(),
        )?;
        let sliced: ArrayRef = Arc::new(sliced);
        Ok(ColumnarValue::Array(sliced))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns `length` elements of `array` starting at the 1-based `start`; a negative `start` counts from the end. Past the end, the result is shorter or empty. NULL if any argument is NULL; an error when `start` is 0 or `length` is negative. Matches Trino slice.",
                "slice(array, start, length)",
            )
            .with_sql_example("> SELECT slice(ARRAY[1, 2, 3, 4], -2, 5);\n[3, 4]")
            .with_argument("array", "ARRAY to take elements from.")
            .with_argument("start", "BIGINT position of the first element, from 1; negative from the end.")
            .with_argument("length", "BIGINT number of elements, 0 or more.")
            .build()
        }))
    }
}

fn slice_types_error(arg_types: &[DataType]) -> DataFusionError {
    let got: Vec<String> = arg_types.iter().map(|t| t.to_string()).collect();
    DataFusionError::Plan(format!(
        "slice expects (ARRAY, BIGINT, BIGINT), got ({})",
        got.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::Int32Type;

    use super::*;

    #[test]
    fn bounds_follow_trino() -> Result<()> {
        assert_eq!(bounds(4, 2, 2)?, (1, 3));
        assert_eq!(bounds(4, 3, 10)?, (2, 4));
        assert_eq!(bounds(4, -2, 5)?, (2, 4));
        assert_eq!(bounds(4, -4, 1)?, (0, 1));
        assert_eq!(bounds(4, -5, 3)?, (0, 0));
        assert_eq!(bounds(4, 5, 1)?, (0, 0));
        assert_eq!(bounds(4, 1, 0)?, (0, 0));
        assert_eq!(bounds(0, 1, 3)?, (0, 0));
        assert_eq!(bounds(4, i64::MAX, i64::MAX)?, (0, 0));
        assert_eq!(bounds(4, i64::MIN + 1, 2)?, (0, 0));
        Ok(())
    }

    #[test]
    fn zero_start_and_negative_length_are_errors() {
        let zero = bounds(3, 0, 1).unwrap_err().to_string();
        assert!(zero.contains("SQL array indices start at 1"), "{zero}");
        let negative = bounds(3, 1, -1).unwrap_err().to_string();
        assert!(
            negative.contains("length must be greater than or equal to 0"),
            "{negative}"
        );
    }

    #[test]
    fn rows_are_sliced_and_nulls_kept() -> Result<()> {
        let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), Some(2), Some(3)]),
            None,
            Some(vec![Some(4), None]),
            Some(vec![Some(5)]),
        ]);
        let start = Int64Array::from(vec![Some(2), Some(1), Some(-2), None]);
        let length = Int64Array::from(vec![2, 1, 2, 1]);
        let got = slice_rows(&list, &start, &length)?;
        let want = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(2), Some(3)]),
            None,
            Some(vec![Some(4), None]),
            None,
        ]);
        assert_eq!(got, want);
        Ok(())
    }
}
