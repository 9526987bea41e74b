//! Shared plumbing for the array functions: the documentation section and
//! the list shapes every function accepts.

use datafusion::arrow::array::cast::AsArray;
use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, ListArray};
use datafusion::arrow::compute::{cast, nullif};
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{ColumnarValue, DocSection, ScalarFunctionArgs, ScalarUDF};

/// Where the array functions appear in `SHOW FUNCTIONS` documentation.
pub(crate) const ARRAY_SECTION: DocSection = DocSection {
    include: true,
    label: "Array Functions",
    description: Some("Trino-compatible array functions; positions count from 1."),
};

/// The element field of an array type, `None` for anything else.
pub(crate) fn element_field(t: &DataType) -> Option<&FieldRef> {
    match t {
        DataType::List(f) | DataType::LargeList(f) | DataType::FixedSizeList(f, _) => Some(f),
        _ => None,
    }
}

/// The `List` type an array argument is coerced to (fixed-size and large
/// lists become plain lists, so one kernel serves all three).
pub(crate) fn as_list_type(t: &DataType) -> Option<DataType> {
    element_field(t).map(|f| DataType::List(f.clone()))
}

/// `array` as a `ListArray`, casting the other list shapes.
pub(crate) fn to_list(function: &str, array: &ArrayRef) -> Result<ListArray> {
    match array.data_type() {
        DataType::List(_) => Ok(array.as_list::<i32>().clone()),
        t => match as_list_type(t) {
            Some(list) => Ok(cast(array, &list)?.as_list::<i32>().clone()),
            None => Err(DataFusionError::Execution(format!(
                "{function} expects an ARRAY, got {t}"
            ))),
        },
    }
}

/// For each row of `list`, whether it holds a NULL element (false for a
/// NULL row).
pub(crate) fn has_null_element(list: &ListArray) -> BooleanArray {
    // Logical nulls, so that an ARRAY[NULL] (a NullArray inside) counts.
    let nulls = list.values().logical_nulls();
    let offsets = list.value_offsets();
    (0..list.len())
        .map(|row| {
            let (from, to) = (offsets[row] as usize, offsets[row + 1] as usize);
            Some(
                !list.is_null(row)
                    && nulls
                        .as_ref()
                        .is_some_and(|n| (from..to).any(|i| n.is_null(i))),
            )
        })
        .collect()
}

/// DataFusion's `builtin` over the one array argument, with NULL in each
/// row whose array holds a NULL element (`array_max`, `array_min`).
pub(crate) fn null_on_null_element(
    name: &str,
    builtin: &ScalarUDF,
    args: ScalarFunctionArgs,
) -> Result<ColumnarValue> {
    let rows = args.number_rows;
    let input = args.args[0].clone().into_array(rows)?;
    let result = builtin.inner().invoke_with_args(args)?.into_array(rows)?;
    if input.data_type().is_null() {
        return Ok(ColumnarValue::Array(result));
    }
    let list = to_list(name, &input)?;
    Ok(ColumnarValue::Array(null_where_null_element(
        &result, &list,
    )?))
}

/// `result` with NULL in each row where `list` holds a NULL element: Trino's
/// rule for `array_max`, `array_min` and the "not found" answers.
pub(crate) fn null_where_null_element(result: &ArrayRef, list: &ListArray) -> Result<ArrayRef> {
    Ok(nullif(result, &has_null_element(list))?)
}
