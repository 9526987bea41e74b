//! `contains`: whether an array holds an element (Trino), or a string a
//! substring (DataFusion's string form, kept as an extension).

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::cast::AsArray;
use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, ListArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{DataFusionError, Result};
use datafusion::functions::string::contains as string_contains;
use datafusion::functions_nested::array_has::array_has_udf;
use datafusion::logical_expr::type_coercion::functions::fields_with_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use crate::args::is_string;

use super::common::{ARRAY_SECTION, element_field, has_null_element, to_list};

/// Trino's `contains(array, element)`: DataFusion's `array_has` answers
/// false where Trino answers NULL (not found, but the array holds a NULL).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ContainsFunc {
    signature: Signature,
    array_has: Arc<ScalarUDF>,
    string: Arc<ScalarUDF>,
}

impl Default for ContainsFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ContainsFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            array_has: array_has_udf(),
            string: string_contains(),
        }
    }
}

/// Turns `found = false` into NULL for rows of `list` that hold a NULL.
fn trino_nulls(found: &BooleanArray, list: &ListArray) -> BooleanArray {
    let unknown = has_null_element(list);
    let valid: Vec<bool> = (0..found.len())
        .map(|row| !found.is_null(row) && (found.value(row) || !unknown.value(row)))
        .collect();
    BooleanArray::new(found.values().clone(), Some(NullBuffer::from(valid)))
}

impl ScalarUDFImpl for ContainsFunc {
    fn name(&self) -> &str {
        "contains"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let fields: Vec<_> = arg_types
            .iter()
            .map(|t| Arc::new(Field::new("arg", t.clone(), true)))
            .collect();
        let delegate = match arg_types {
            [first, _] if element_field(first).is_some() || first.is_null() => &self.array_has,
            [first, second] if is_string(first) || is_string(second) => &self.string,
            [first, second] => {
                return Err(DataFusionError::Plan(format!(
                    "contains expects (ARRAY, element) or (VARCHAR, VARCHAR), got ({first}, {second})"
                )));
            }
            _ => {
                return Err(DataFusionError::Plan(format!(
                    "contains takes 2 arguments, got {}",
                    arg_types.len()
                )));
            }
        };
        Ok(fields_with_udf(&fields, delegate.as_ref())?
            .iter()
            .map(|f| f.data_type().clone())
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let first = args.args[0].data_type();
        if is_string(&first) {
            return self.string.invoke_with_args(args);
        }
        let rows = args.number_rows;
        let haystack = args.args[0].clone();
        let found = self.array_has.invoke_with_args(args)?.into_array(rows)?;
        let haystack = haystack.into_array(rows)?;
        if haystack.data_type().is_null() {
            return Ok(ColumnarValue::Array(found));
        }
        let list = to_list("contains", &haystack)?;
        let result: ArrayRef = Arc::new(trino_nulls(found.as_boolean(), &list));
        Ok(ColumnarValue::Array(result))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns true if `array` holds `element`; NULL if it does not but holds a NULL, or if either argument is NULL; false otherwise. Matches Trino contains. With two VARCHAR arguments it tells whether `string` contains `substring` (a Quarry extension, as in DataFusion).",
                "contains(array, element) | contains(string, substring)",
            )
            .with_sql_example("> SELECT contains(ARRAY[1, 2], 2), contains(ARRAY[1, NULL], 3), contains(ARRAY[1], 3);\ntrue NULL false")
            .with_argument("array", "ARRAY to search (or the VARCHAR to search).")
            .with_argument("element", "Value to look for (or the VARCHAR substring).")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::Int32Type;

    use super::*;

    #[test]
    fn not_found_with_a_null_element_is_null() {
        let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), None]),
            Some(vec![Some(1), None]),
            Some(vec![Some(1)]),
            None,
            Some(vec![]),
        ]);
        let found = BooleanArray::from(vec![
            Some(true),
            Some(false),
            Some(false),
            None,
            Some(false),
        ]);
        let got: Vec<Option<bool>> = trino_nulls(&found, &list).iter().collect();
        assert_eq!(got, vec![Some(true), None, Some(false), None, Some(false)]);
    }
}
