//! `arrays_overlap`: whether two arrays share a non-NULL element.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, ListArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::row::{RowConverter, SortField};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{ARRAY_SECTION, to_list};

/// Trino's `arrays_overlap` (DataFusion's, an alias of `array_has_any`,
/// matches NULL with NULL and answers false where Trino answers NULL).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ArraysOverlapFunc {
    signature: Signature,
}

impl Default for ArraysOverlapFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ArraysOverlapFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::arrays(2, None, Volatility::Immutable),
        }
    }
}

/// Per row: true if a non-NULL element is in both; otherwise NULL if either
/// side holds a NULL element; otherwise false. NULL rows give NULL.
fn overlap(left: &ListArray, right: &ListArray) -> Result<BooleanArray> {
    let converter = RowConverter::new(vec![SortField::new(left.value_type())])?;
    let left_rows = converter.convert_columns(&[Arc::clone(left.values())])?;
    let right_values = cast(right.values(), &left.value_type())?;
    let right_rows = converter.convert_columns(&[Arc::clone(&right_values)])?;
    let (lo, ro) = (left.value_offsets(), right.value_offsets());
    // Logical nulls, so that an ARRAY[NULL] (a NullArray inside) counts.
    let (ln, rn) = (left.values().logical_nulls(), right_values.logical_nulls());
    let null_at = |n: &Option<NullBuffer>, i: usize| n.as_ref().is_some_and(|n| n.is_null(i));
    let mut out = Vec::with_capacity(left.len());
    for row in 0..left.len() {
        if left.is_null(row) || right.is_null(row) {
            out.push(None);
            continue;
        }
        let (l, r) = (
            lo[row] as usize..lo[row + 1] as usize,
            ro[row] as usize..ro[row + 1] as usize,
        );
        let mut saw_null = false;
        let mut seen = HashSet::new();
        for i in l {
            if null_at(&ln, i) {
                saw_null = true;
            } else {
                seen.insert(left_rows.row(i));
            }
        }
        let mut found = false;
        for i in r {
            if null_at(&rn, i) {
                saw_null = true;
            } else if seen.contains(&right_rows.row(i)) {
                found = true;
                break;
            }
        }
        out.push(match (found, saw_null) {
            (true, _) => Some(true),
            (false, true) => None,
            (false, false) => Some(false),
        });
    }
    Ok(BooleanArray::from(out))
}

impl ScalarUDFImpl for ArraysOverlapFunc {
    fn name(&self) -> &str {
        "arrays_overlap"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let inputs = ColumnarValue::values_to_arrays(&args.args)?;
        if inputs.iter().any(|a| a.data_type().is_null()) {
            let nulls: ArrayRef = Arc::new(BooleanArray::new_null(rows));
            return Ok(ColumnarValue::Array(nulls));
        }
        let left = to_list("arrays_overlap", &inputs[0])?;
        let right = to_list("arrays_overlap", &inputs[1])?;
        let result: ArrayRef = Arc::new(overlap(&left, &right)?);
        Ok(ColumnarValue::Array(result))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns true if `x` and `y` have a non-NULL element in common; NULL if they have none but either holds a NULL, or if either array is NULL; false otherwise. Matches Trino arrays_overlap.",
                "arrays_overlap(x, y)",
            )
            .with_sql_example("> SELECT arrays_overlap(ARRAY[1, 2], ARRAY[2, 3]), arrays_overlap(ARRAY[1, NULL], ARRAY[3]);\ntrue NULL")
            .with_argument("x", "First ARRAY.")
            .with_argument("y", "Second ARRAY, of the same element type.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::Int32Type;

    use super::*;

    fn list(rows: Vec<Option<Vec<Option<i32>>>>) -> ListArray {
        ListArray::from_iter_primitive::<Int32Type, _, _>(rows)
    }

    #[test]
    fn nulls_never_match_and_make_a_miss_unknown() -> Result<()> {
        let left = list(vec![
            Some(vec![Some(1), Some(2)]),
            Some(vec![Some(1), None]),
            Some(vec![None]),
            Some(vec![Some(1), None]),
            Some(vec![Some(1)]),
            None,
            Some(vec![]),
        ]);
        let right = list(vec![
            Some(vec![Some(3), Some(2)]),
            Some(vec![Some(3)]),
            Some(vec![None]),
            Some(vec![Some(1)]),
            Some(vec![Some(2)]),
            Some(vec![Some(1)]),
            Some(vec![Some(1)]),
        ]);
        let got: Vec<Option<bool>> = overlap(&left, &right)?.iter().collect();
        assert_eq!(
            got,
            vec![
                Some(true),
                None,
                None,
                Some(true),
                Some(false),
                None,
                Some(false)
            ]
        );
        Ok(())
    }
}
