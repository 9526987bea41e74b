//! `element_at`: the element of an array at a 1-based index (negative from
//! the end, NULL out of range), or a map's value for a key (NULL if absent).

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, GenericListArray, Int64Array, OffsetSizeTrait};
use datafusion::arrow::array::{UInt64Array, cast::AsArray};
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{DataFusionError, Result};
use datafusion::functions_nested::map_extract::map_extract_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use super::common::ARRAY_SECTION;

/// Trino's `element_at` (DataFusion's only accepts maps and returns a
/// one-element list).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ElementAtFunc {
    signature: Signature,
    map_extract: Arc<ScalarUDF>,
}

impl Default for ElementAtFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ElementAtFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            map_extract: map_extract_udf(),
        }
    }
}

/// The element type of an array type, `None` for anything else.
fn element_type(t: &DataType) -> Option<&DataType> {
    match t {
        DataType::List(f) | DataType::LargeList(f) | DataType::FixedSizeList(f, _) => {
            Some(f.data_type())
        }
        _ => None,
    }
}

/// Picks element `index[row]` of each row's list.
fn pick<O: OffsetSizeTrait>(list: &GenericListArray<O>, index: &Int64Array) -> Result<ArrayRef> {
    let offsets = list.value_offsets();
    let mut positions = Vec::with_capacity(list.len());
    for row in 0..list.len() {
        if list.is_null(row) || index.is_null(row) {
            positions.push(None);
            continue;
        }
        let at = index.value(row);
        if at == 0 {
            return Err(DataFusionError::Execution(
                "element_at: SQL array indices start at 1".to_string(),
            ));
        }
        let start = offsets[row].as_usize();
        let len = offsets[row + 1].as_usize() - start;
        let len = i64::try_from(len).unwrap_or(i64::MAX);
        let pos = if at > 0 { at - 1 } else { len + at };
        positions.push(if (0..len).contains(&pos) {
            u64::try_from(pos).ok().map(|p| p + start as u64)
        } else {
            None
        });
    }
    Ok(take(list.values(), &UInt64Array::from(positions), None)?)
}

impl ScalarUDFImpl for ElementAtFunc {
    fn name(&self) -> &str {
        "element_at"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [DataType::Map(..), _] => self.map_extract.inner().coerce_types(arg_types),
            [list, DataType::Null] if element_type(list).is_some() => {
                Ok(vec![list.clone(), DataType::Int64])
            }
            [list, index] if element_type(list).is_some() && index.is_integer() => {
                Ok(vec![list.clone(), DataType::Int64])
            }
            [DataType::Null, _] => Ok(arg_types.to_vec()),
            [container, index] => Err(DataFusionError::Plan(format!(
                "element_at expects (ARRAY, BIGINT) or (MAP, key), got ({container}, {index})"
            ))),
            _ => Err(DataFusionError::Plan(format!(
                "element_at takes 2 arguments, got {}",
                arg_types.len()
            ))),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.first() {
            Some(DataType::Map(entries, _)) => match entries.data_type() {
                DataType::Struct(fields) if fields.len() == 2 => Ok(fields[1].data_type().clone()),
                other => Err(DataFusionError::Plan(format!(
                    "element_at: unexpected map entries type {other}"
                ))),
            },
            Some(t) => Ok(element_type(t).cloned().unwrap_or(DataType::Null)),
            None => Ok(DataType::Null),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let mut inputs = ColumnarValue::values_to_arrays(&args.args)?;
        if let DataType::Map(..) = inputs[0].data_type() {
            let value_type = args.return_field.data_type().clone();
            let list_field = Field::new_list_field(value_type, true);
            let extract = ScalarFunctionArgs {
                return_field: Arc::new(Field::new(
                    "values",
                    DataType::List(Arc::new(list_field)),
                    true,
                )),
                ..args
            };
            inputs[0] = self
                .map_extract
                .inner()
                .invoke_with_args(extract)?
                .into_array(rows)?;
            inputs[1] = Arc::new(Int64Array::from(vec![1; rows]));
        }
        let index = cast(&inputs[1], &DataType::Int64)?;
        let index = index.as_primitive();
        let list = &inputs[0];
        let picked = match list.data_type() {
            DataType::Null => Arc::new(datafusion::arrow::array::NullArray::new(rows)),
            DataType::List(_) => pick(list.as_list::<i32>(), index)?,
            DataType::LargeList(_) => pick(list.as_list::<i64>(), index)?,
            DataType::FixedSizeList(f, _) => {
                let as_list = cast(list, &DataType::List(f.clone()))?;
                pick(as_list.as_list::<i32>(), index)?
            }
            other => {
                return Err(DataFusionError::Execution(format!(
                    "element_at expects an ARRAY or MAP, got {other}"
                )));
            }
        };
        Ok(ColumnarValue::Array(picked))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns the element of `array` at the 1-based `index`; a negative index counts from the end; NULL when the index is out of range, an error when it is 0. For a map, returns the value for `key`, or NULL when the key is absent. Matches Trino element_at.",
                "element_at(array, index) | element_at(map, key)",
            )
            .with_sql_example("> SELECT element_at(ARRAY[1, 2, 3], -1);\n3\n> SELECT element_at(MAP(ARRAY['a'], ARRAY[1]), 'b');\nNULL")
            .with_argument("array", "ARRAY (or MAP) to read.")
            .with_argument("index", "BIGINT position from 1, negative from the end (or the map key).")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::ListArray;
    use datafusion::arrow::datatypes::Int32Type;

    use super::*;

    fn lists() -> ListArray {
        ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), Some(2), Some(3)]),
            Some(vec![Some(4)]),
            None,
            Some(vec![Some(5), Some(6)]),
            Some(vec![Some(7), Some(8)]),
        ])
    }

    #[test]
    fn counts_from_both_ends_and_gives_null_out_of_range() -> Result<()> {
        let index = Int64Array::from(vec![Some(-1), Some(2), Some(1), None, Some(-3)]);
        let got = pick(&lists(), &index)?;
        let got: Vec<Option<i32>> = got.as_primitive::<Int32Type>().iter().collect();
        assert_eq!(got, vec![Some(3), None, None, None, None]);
        Ok(())
    }

    #[test]
    fn index_zero_is_an_error() {
        let index = Int64Array::from(vec![1, 1, 1, 0, 1]);
        let err = pick(&lists(), &index).map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("SQL array indices start at 1"), "{err}");
    }
}
