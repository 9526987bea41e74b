//! Trino's names for DataFusion's higher-order functions, and the shared
//! evaluation of a boolean lambda over each element of an array.

use std::sync::Arc;

use datafusion::arrow::array::cast::AsArray;
use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, ListArray, MapArray, StructArray, UInt32Array,
};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::compute::take;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{DataFusionError, Result};
use datafusion::functions_nested::array_filter::array_filter_higher_order_function;
use datafusion::functions_nested::array_transform::array_transform_higher_order_function;
use datafusion::logical_expr::{
    HigherOrderFunctionArgs, HigherOrderReturnFieldArgs, HigherOrderSignature, HigherOrderUDF,
    LambdaParametersProgress, ValueOrLambda, Volatility,
};

use super::{
    all_match, map_filter, none_match, reduce, transform_keys, transform_values, zip_with,
};

/// The higher-order functions Quarry adds or renames: Trino's `transform`
/// and `filter` are DataFusion's `array_transform` and `array_filter`
/// (DataFusion already answers to `any_match`); `all_match` and
/// `none_match`, `reduce`, `map_filter`, `transform_keys`, `transform_values` and
/// `zip_with` are
/// Quarry's.
pub fn higher_order_functions() -> Vec<Arc<HigherOrderUDF>> {
    vec![
        Arc::new(
            array_transform_higher_order_function()
                .as_ref()
                .clone()
                .with_aliases(["transform"]),
        ),
        Arc::new(
            array_filter_higher_order_function()
                .as_ref()
                .clone()
                .with_aliases(["filter"]),
        ),
        Arc::new(HigherOrderUDF::new_from_impl(all_match::AllMatchFunc::new())),
        Arc::new(HigherOrderUDF::new_from_impl(
            none_match::NoneMatchFunc::new(),
        )),
        Arc::new(HigherOrderUDF::new_from_impl(reduce::ReduceFunc::new())),
        Arc::new(HigherOrderUDF::new_from_impl(
            map_filter::MapFilterFunc::new(),
        )),
        Arc::new(HigherOrderUDF::new_from_impl(
            transform_values::TransformValuesFunc::new(),
        )),
        Arc::new(HigherOrderUDF::new_from_impl(
            transform_keys::TransformKeysFunc::new(),
        )),
        Arc::new(HigherOrderUDF::new_from_impl(zip_with::ZipWithFunc::new())),
    ]
}

/// The signature of a `(value, lambda)` function.
pub(crate) fn value_then_lambda() -> HigherOrderSignature {
    HigherOrderSignature::exact(
        vec![ValueOrLambda::Value(()), ValueOrLambda::Lambda(())],
        Volatility::Immutable,
    )
}

/// Coerces `(array)` to a plain list for a `(array, x -> ...)` function.
pub(crate) fn coerce_list(name: &str, arg_types: &[DataType]) -> Result<Vec<DataType>> {
    match arg_types {
        [DataType::Null] => Ok(vec![DataType::new_list(DataType::Null, true)]),
        [t] => match super::common::as_list_type(t) {
            Some(list) => Ok(vec![list]),
            None => Err(DataFusionError::Plan(format!(
                "{name} expects an ARRAY and a lambda, got {t}"
            ))),
        },
        _ => Err(DataFusionError::Plan(format!(
            "{name} takes an ARRAY and a lambda (x -> ...)"
        ))),
    }
}

/// The lambda's one parameter: an element of the array.
pub(crate) fn element_parameter(
    name: &str,
    fields: &[ValueOrLambda<FieldRef, Option<FieldRef>>],
) -> Result<LambdaParametersProgress> {
    match fields {
        [ValueOrLambda::Value(list), ValueOrLambda::Lambda(_)] => {
            match super::common::element_field(list.data_type()) {
                Some(element) => Ok(LambdaParametersProgress::Complete(vec![vec![Arc::clone(
                    element,
                )]])),
                None => Err(DataFusionError::Plan(format!(
                    "{name} expects an ARRAY, got {}",
                    list.data_type()
                ))),
            }
        }
        _ => Err(DataFusionError::Plan(format!(
            "{name} takes an ARRAY and a lambda (x -> ...)"
        ))),
    }
}

/// A nullable BOOLEAN result field.
pub(crate) fn boolean_field(args: HigherOrderReturnFieldArgs) -> Result<FieldRef> {
    let _ = args;
    Ok(Arc::new(Field::new("", DataType::Boolean, true)))
}

/// The array argument and the lambda's answer for each of its elements,
/// in order; rows' elements are at `offsets[row] - offsets[0]`.
pub(crate) fn element_predicate(
    name: &str,
    args: &HigherOrderFunctionArgs,
) -> Result<(ListArray, BooleanArray)> {
    let [ValueOrLambda::Value(list), ValueOrLambda::Lambda(lambda)] = args.args.as_slice() else {
        return Err(DataFusionError::Plan(format!(
            "{name} takes an ARRAY and a lambda (x -> ...)"
        )));
    };
    let list = super::common::to_list(name, &list.to_array(args.number_rows)?)?;
    let offsets = list.value_offsets();
    let first = offsets[0] as usize;
    let last = offsets[list.len()] as usize;
    let values = list.values().slice(first, last - first);
    let rows = element_rows(name, offsets)?;
    let element = || Ok(Arc::clone(&values));
    let answers = lambda
        .evaluate(&[&element], |captured| spread(captured, &rows))?
        .into_array(values.len())?;
    let Some(answers) = answers.as_boolean_opt() else {
        return Err(DataFusionError::Plan(format!(
            "{name}: the lambda must return BOOLEAN, got {}",
            answers.data_type()
        )));
    };
    Ok((list, answers.clone()))
}

/// Per row, folds the lambda's answers: `decisive` is the answer that
/// settles the row (false for all_match, true for none_match), `result` maps
/// "settled" to the function's answer. A NULL answer and no decisive one
/// gives NULL; a NULL row gives NULL.
pub(crate) fn fold_rows(list: &ListArray, answers: &BooleanArray, decisive: bool) -> BooleanArray {
    let offsets = list.value_offsets();
    let base = offsets[0] as usize;
    (0..list.len())
        .map(|row| {
            if list.is_null(row) {
                return None;
            }
            let range = offsets[row] as usize - base..offsets[row + 1] as usize - base;
            let mut unknown = false;
            for i in range {
                if answers.is_null(i) {
                    unknown = true;
                } else if answers.value(i) == decisive {
                    return Some(false);
                }
            }
            if unknown { None } else { Some(true) }
        })
        .collect()
}

/// Checks `(map)` for a `(map, (k, v) -> ...)` function.
pub(crate) fn coerce_map(name: &str, arg_types: &[DataType]) -> Result<Vec<DataType>> {
    match arg_types {
        [t @ DataType::Map(..)] => Ok(vec![t.clone()]),
        [t] => Err(DataFusionError::Plan(format!(
            "{name} expects a MAP and a lambda, got {t}"
        ))),
        _ => Err(DataFusionError::Plan(format!(
            "{name} takes a MAP and a lambda ((k, v) -> ...)"
        ))),
    }
}

/// The lambda's two parameters: a key and its value.
pub(crate) fn entry_parameters(
    name: &str,
    fields: &[ValueOrLambda<FieldRef, Option<FieldRef>>],
) -> Result<LambdaParametersProgress> {
    match fields {
        [ValueOrLambda::Value(map), ValueOrLambda::Lambda(_)] => {
            match map_fields(map.data_type()) {
                Some((key, value)) => {
                    Ok(LambdaParametersProgress::Complete(vec![vec![key, value]]))
                }
                None => Err(DataFusionError::Plan(format!(
                    "{name} expects a MAP, got {}",
                    map.data_type()
                ))),
            }
        }
        _ => Err(DataFusionError::Plan(format!(
            "{name} takes a MAP and a lambda ((k, v) -> ...)"
        ))),
    }
}

/// The key and value fields of a map type.
pub(crate) fn map_fields(t: &DataType) -> Option<(FieldRef, FieldRef)> {
    let DataType::Map(entries, _) = t else {
        return None;
    };
    let DataType::Struct(kv) = entries.data_type() else {
        return None;
    };
    match kv.iter().collect::<Vec<_>>().as_slice() {
        [k, v] => Some((Arc::clone(k), Arc::clone(v))),
        _ => None,
    }
}

/// Which half of each map entry a lambda's answer replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replaced {
    Keys,
    Values,
}

/// The result field of `transform_keys` or `transform_values`: the map
/// argument's type with the lambda's answers as its keys or its values.
pub(crate) fn transformed_map_field(
    name: &str,
    args: HigherOrderReturnFieldArgs,
    replaced: Replaced,
) -> Result<FieldRef> {
    let usage =
        || DataFusionError::Plan(format!("{name} takes a MAP and a lambda ((k, v) -> ...)"));
    let [ValueOrLambda::Value(map), ValueOrLambda::Lambda(answer)] = args.arg_fields else {
        return Err(usage());
    };
    let (key, value) = map_fields(map.data_type()).ok_or_else(usage)?;
    let map_type = match replaced {
        Replaced::Keys => {
            map_type_with(name, map.data_type(), answer.data_type(), value.data_type())?
        }
        Replaced::Values => {
            map_type_with(name, map.data_type(), key.data_type(), answer.data_type())?
        }
    };
    Ok(Arc::new(Field::new("", map_type, true)))
}

/// `map`'s type with keys of type `key` and values of type `value`.
pub(crate) fn map_type_with(
    name: &str,
    map: &DataType,
    key: &DataType,
    value: &DataType,
) -> Result<DataType> {
    let DataType::Map(entries, sorted) = map else {
        return Err(DataFusionError::Plan(format!(
            "{name} expects a MAP, got {map}"
        )));
    };
    let Some((key_field, value_field)) = map_fields(map) else {
        return Err(DataFusionError::Plan(format!(
            "{name} expects a MAP, got {map}"
        )));
    };
    let kv = Fields::from(vec![
        Field::new(key_field.name(), key.clone(), false),
        Field::new(value_field.name(), value.clone(), true),
    ]);
    Ok(DataType::Map(
        Arc::new(Field::new(
            entries.name(),
            DataType::Struct(kv),
            entries.is_nullable(),
        )),
        *sorted,
    ))
}

/// `map`'s rows with `keys` and `values` (one per entry of `map`, from its
/// first row's) as their entries.
pub(crate) fn rebuild_map(
    name: &str,
    map: &MapArray,
    keys: ArrayRef,
    values: ArrayRef,
) -> Result<ArrayRef> {
    let offsets = map.value_offsets();
    let lengths = (0..map.len()).map(|row| (offsets[row + 1] - offsets[row]) as usize);
    new_map(
        name,
        map.data_type(),
        OffsetBuffer::from_lengths(lengths),
        map.nulls().cloned(),
        keys,
        values,
    )
}

/// A map array shaped like the map type `like`, with rows cut from
/// `keys` and `values` at `offsets`.
pub(crate) fn new_map(
    name: &str,
    like: &DataType,
    offsets: OffsetBuffer<i32>,
    nulls: Option<NullBuffer>,
    keys: ArrayRef,
    values: ArrayRef,
) -> Result<ArrayRef> {
    let map_type = map_type_with(name, like, keys.data_type(), values.data_type())?;
    let DataType::Map(entries_field, sorted) = map_type else {
        return Err(DataFusionError::Internal(format!("{name}: not a MAP type")));
    };
    let DataType::Struct(kv) = entries_field.data_type() else {
        return Err(DataFusionError::Internal(format!(
            "{name}: MAP entries are not a struct"
        )));
    };
    let entries = StructArray::try_new(kv.clone(), vec![keys, values], None)?;
    Ok(Arc::new(MapArray::try_new(
        entries_field,
        offsets,
        entries,
        nulls,
        sorted,
    )?))
}

/// For each element of a list or map column with these `offsets`, the row
/// it belongs to.
fn element_rows(name: &str, offsets: &[i32]) -> Result<UInt32Array> {
    let mut rows = Vec::with_capacity(offsets.len());
    for (row, pair) in offsets.windows(2).enumerate() {
        let row = batch_index(name, row)?;
        rows.extend(std::iter::repeat_n(row, (pair[1] - pair[0]) as usize));
    }
    Ok(UInt32Array::from(rows))
}

/// The columns a lambda captures from its row (one value per input row),
/// taken to the rows of the lambda's arguments: `rows[i]` is the input row
/// of argument `i`.
pub(crate) fn spread(captured: &[ArrayRef], rows: &UInt32Array) -> Result<Vec<ArrayRef>> {
    captured
        .iter()
        .map(|c| Ok(take(c.as_ref(), rows, None)?))
        .collect()
}

/// `i` as a row or element index of a batch, or an error naming `name`.
pub(crate) fn batch_index(name: &str, i: usize) -> Result<u32> {
    u32::try_from(i)
        .map_err(|_| DataFusionError::Execution(format!("{name}: too many elements in one batch")))
}

/// A map argument's entries, from its first row's to its last row's: the
/// map, its keys, its values, and the lambda's answer for each entry.
pub(crate) fn entry_answers(
    name: &str,
    args: &HigherOrderFunctionArgs,
) -> Result<(MapArray, ArrayRef, ArrayRef, ArrayRef)> {
    let [ValueOrLambda::Value(map), ValueOrLambda::Lambda(lambda)] = args.args.as_slice() else {
        return Err(DataFusionError::Plan(format!(
            "{name} takes a MAP and a lambda ((k, v) -> ...)"
        )));
    };
    let map = map.to_array(args.number_rows)?;
    let Some(map) = map.as_map_opt() else {
        return Err(DataFusionError::Execution(format!(
            "{name} expects a MAP, got {}",
            map.data_type()
        )));
    };
    let offsets = map.value_offsets();
    let first = offsets[0] as usize;
    let count = offsets[map.len()] as usize - first;
    let keys = map.keys().slice(first, count);
    let values = map.values().slice(first, count);
    let rows = element_rows(name, offsets)?;
    let answers = lambda
        .evaluate(
            &[&|| Ok(Arc::clone(&keys)), &|| Ok(Arc::clone(&values))],
            |captured| spread(captured, &rows),
        )?
        .into_array(count)?;
    Ok((map.clone(), keys, values, answers))
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::Int32Type;

    use super::*;

    #[test]
    fn folding_follows_trino() {
        let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), Some(2)]),
            Some(vec![Some(1), Some(2)]),
            Some(vec![Some(1), Some(2)]),
            Some(vec![]),
            None,
        ]);
        // The answers of x -> ... for the 6 elements, row by row.
        let answers = BooleanArray::from(vec![
            Some(true),
            Some(true),
            Some(true),
            Some(false),
            None,
            Some(true),
        ]);
        let all: Vec<Option<bool>> = fold_rows(&list, &answers, false).iter().collect();
        assert_eq!(all, vec![Some(true), Some(false), None, Some(true), None]);
        let none: Vec<Option<bool>> = fold_rows(&list, &answers, true).iter().collect();
        assert_eq!(
            none,
            vec![Some(false), Some(false), Some(false), Some(true), None]
        );
    }
}
