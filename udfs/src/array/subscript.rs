//! `subscript`: Trino's `array[index]` and `map[key]`, which fail where
//! `element_at` answers NULL; and the planner that sends `[]` to it.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::cast::AsArray;
use datafusion::arrow::array::{
    Array, ArrayRef, Int64Array, ListArray, MapArray, NullArray, UInt64Array,
};
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::arrow::row::{RowConverter, SortField};
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::common::{DFSchema, DataFusionError, ExprSchema, Result};
use datafusion::functions_nested::map_extract::map_extract_udf;
use datafusion::logical_expr::expr::ScalarFunction;
use datafusion::logical_expr::planner::{ExprPlanner, PlannerResult, RawFieldAccessExpr};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, Expr, ExprSchemable, GetFieldAccess, ScalarFunctionArgs,
    ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{ARRAY_SECTION, as_list_type, element_field, to_list};

/// Trino's subscript operator.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SubscriptFunc {
    signature: Signature,
    map_extract: Arc<ScalarUDF>,
}

impl Default for SubscriptFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl SubscriptFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            map_extract: map_extract_udf(),
        }
    }
}

/// Picks element `index[row]` (1-based) of each row; out of range is an
/// error naming the index and the length, as in Trino.
fn pick(list: &ListArray, index: &Int64Array) -> Result<ArrayRef> {
    let offsets = list.value_offsets();
    let mut positions = Vec::with_capacity(list.len());
    for row in 0..list.len() {
        if list.is_null(row) || index.is_null(row) {
            positions.push(None);
            continue;
        }
        let at = index.value(row);
        let start = offsets[row] as i64;
        let len = offsets[row + 1] as i64 - start;
        if at == 0 {
            return Err(DataFusionError::Execution(
                "SQL array indices start at 1; use element_at(array, -1) to count from the end"
                    .to_string(),
            ));
        }
        if at < 0 {
            return Err(DataFusionError::Execution(format!(
                "Array subscript is negative: {at}; use element_at(array, {at}) to count from the end"
            )));
        }
        if at > len {
            return Err(DataFusionError::Execution(format!(
                "Array subscript must be less than or equal to array length: {at} > {len}; use element_at(array, {at}) for NULL instead"
            )));
        }
        positions.push(Some((start + at - 1) as u64));
    }
    Ok(take(list.values(), &UInt64Array::from(positions), None)?)
}

/// Each row's value for its key; a key not in the map is an error.
/// (DataFusion's `map_extract` gives a NULL both for a missing key and for
/// a NULL value, so it cannot tell the two apart.)
fn lookup(map: &MapArray, keys: &ArrayRef) -> Result<ArrayRef> {
    let map_keys = map.keys();
    let keys = cast(keys, map_keys.data_type())?;
    let converter = RowConverter::new(vec![SortField::new(map_keys.data_type().clone())])?;
    let stored = converter.convert_columns(&[Arc::clone(map_keys)])?;
    let wanted = converter.convert_columns(&[Arc::clone(&keys)])?;
    let key_nulls = keys.logical_nulls();
    let offsets = map.value_offsets();
    let mut positions = Vec::with_capacity(map.len());
    for row in 0..map.len() {
        if map.is_null(row) || key_nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            positions.push(None);
            continue;
        }
        let range = offsets[row] as usize..offsets[row + 1] as usize;
        let Some(at) = range
            .into_iter()
            .find(|&i| stored.row(i) == wanted.row(row))
        else {
            let key = array_value_to_string(&keys, row)?;
            return Err(DataFusionError::Execution(format!(
                "Key not present in map: {key}; use element_at(map, key) for NULL instead"
            )));
        };
        positions.push(Some(at as u64));
    }
    Ok(take(map.values(), &UInt64Array::from(positions), None)?)
}

impl ScalarUDFImpl for SubscriptFunc {
    fn name(&self) -> &str {
        "subscript"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [DataType::Map(..), _] => self.map_extract.inner().coerce_types(arg_types),
            [list, index]
                if element_field(list).is_some() && (index.is_integer() || index.is_null()) =>
            {
                Ok(vec![
                    as_list_type(list).unwrap_or(list.clone()),
                    DataType::Int64,
                ])
            }
            [DataType::Null, _] => Ok(arg_types.to_vec()),
            [container, index] => Err(DataFusionError::Plan(format!(
                "subscript [] expects ARRAY[BIGINT] or MAP[key], got {container}[{index}]"
            ))),
            _ => Err(DataFusionError::Plan(format!(
                "subscript takes 2 arguments, got {}",
                arg_types.len()
            ))),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.first() {
            Some(DataType::Map(entries, _)) => match entries.data_type() {
                DataType::Struct(fields) if fields.len() == 2 => Ok(fields[1].data_type().clone()),
                other => Err(DataFusionError::Plan(format!(
                    "subscript: unexpected map entries type {other}"
                ))),
            },
            Some(t) => Ok(element_field(t)
                .map(|f| f.data_type().clone())
                .unwrap_or(DataType::Null)),
            None => Ok(DataType::Null),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let inputs = ColumnarValue::values_to_arrays(&args.args)?;
        match inputs[0].data_type() {
            DataType::Null => Ok(ColumnarValue::Array(Arc::new(NullArray::new(rows)))),
            DataType::Map(..) => Ok(ColumnarValue::Array(lookup(
                inputs[0].as_map(),
                &inputs[1],
            )?)),
            _ => {
                let list = to_list("subscript", &inputs[0])?;
                let index = cast(&inputs[1], &DataType::Int64)?;
                Ok(ColumnarValue::Array(pick(
                    &list,
                    index.as_primitive::<Int64Type>(),
                )?))
            }
        }
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "The `array[index]` and `map[key]` operators: the element at the 1-based `index`, or the value for `key`. An index that is 0, negative or past the end, or a key not in the map, is an error (element_at answers NULL instead). NULL for a NULL container or index. Matches Trino's subscript operator.",
                "array[index] | map[key] | subscript(array, index)",
            )
            .with_sql_example("> SELECT ARRAY[10, 20, 30][2], MAP(ARRAY['a'], ARRAY[1])['a'];\n20 1\n> SELECT ARRAY[10, 20][3];\nError: Array subscript must be less than or equal to array length: 3 > 2")
            .with_argument("array", "ARRAY (or MAP) to read.")
            .with_argument("index", "BIGINT position from 1 (or the map key).")
            .build()
        }))
    }
}

/// Plans `expr[index]` on arrays and maps as [`SubscriptFunc`], leaving
/// struct fields, slices (`a[1:2]`) and `array_agg(x)[i]` to DataFusion.
/// It must come before DataFusion's planners to take effect.
#[derive(Debug)]
pub struct SubscriptPlanner {
    subscript: Arc<ScalarUDF>,
}

impl Default for SubscriptPlanner {
    fn default() -> Self {
        Self {
            subscript: Arc::new(ScalarUDF::new_from_impl(SubscriptFunc::new())),
        }
    }
}

impl ExprPlanner for SubscriptPlanner {
    fn plan_field_access(
        &self,
        expr: RawFieldAccessExpr,
        schema: &DFSchema,
    ) -> Result<PlannerResult<RawFieldAccessExpr>> {
        let RawFieldAccessExpr { expr, field_access } = expr;
        // `m['k']` arrives as a named field, `m[k]` and `a[i]` as an index.
        let key = match &field_access {
            GetFieldAccess::ListIndex { key } => key.as_ref().clone(),
            GetFieldAccess::NamedStructField { name } => Expr::Literal(name.clone(), None),
            GetFieldAccess::ListRange { .. } => {
                return Ok(PlannerResult::Original(RawFieldAccessExpr {
                    expr,
                    field_access,
                }));
            }
        };
        let container = match &expr {
            Expr::AggregateFunction(_) => None,
            _ => Some(expr.get_type(schema as &dyn ExprSchema)?),
        };
        let plan = matches!(
            (&container, &field_access),
            (Some(DataType::Map(..)), _)
                | (
                    Some(DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..)),
                    GetFieldAccess::ListIndex { .. },
                )
        );
        if !plan {
            return Ok(PlannerResult::Original(RawFieldAccessExpr {
                expr,
                field_access,
            }));
        }
        Ok(PlannerResult::Planned(Expr::ScalarFunction(
            ScalarFunction::new_udf(Arc::clone(&self.subscript), vec![expr, key]),
        )))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::Int32Type;

    use super::*;

    fn lists() -> ListArray {
        ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), Some(2), Some(3)]),
            None,
            Some(vec![Some(4), None]),
        ])
    }

    #[test]
    fn in_range_and_null_rows() -> Result<()> {
        let got = pick(&lists(), &Int64Array::from(vec![Some(3), Some(9), None]))?;
        let got: Vec<Option<i32>> = got.as_primitive::<Int32Type>().iter().collect();
        assert_eq!(got, vec![Some(3), None, None]);
        Ok(())
    }

    #[test]
    fn out_of_range_names_index_and_length() {
        let past = pick(&lists(), &Int64Array::from(vec![4, 1, 1])).unwrap_err();
        assert!(
            past.to_string()
                .contains("Array subscript must be less than or equal to array length: 4 > 3"),
            "{past}"
        );
        let zero = pick(&lists(), &Int64Array::from(vec![1, 1, 0])).unwrap_err();
        assert!(
            zero.to_string().contains("SQL array indices start at 1"),
            "{zero}"
        );
        let negative = pick(&lists(), &Int64Array::from(vec![-1, 1, 1])).unwrap_err();
        assert!(
            negative
                .to_string()
                .contains("Array subscript is negative: -1"),
            "{negative}"
        );
    }
}
