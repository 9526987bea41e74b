//! `map_filter`: the entries of a map that satisfy a predicate.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::cast::AsArray;
use datafusion::arrow::array::{Array, ArrayRef, MapArray, StructArray};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::filter;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs,
    HigherOrderSignature, HigherOrderUDFImpl, LambdaParametersProgress, ValueOrLambda,
};

use super::common::ARRAY_SECTION;
use super::lambda::{coerce_map, entry_answers, entry_parameters, value_then_lambda};

/// Trino's `map_filter(map, (k, v) -> predicate)` (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MapFilterFunc {
    signature: HigherOrderSignature,
}

impl Default for MapFilterFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl MapFilterFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: value_then_lambda(),
        }
    }
}

impl HigherOrderUDFImpl for MapFilterFunc {
    fn name(&self) -> &str {
        "map_filter"
    }

    fn signature(&self) -> &HigherOrderSignature {
        &self.signature
    }

    fn coerce_value_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce_map(self.name(), arg_types)
    }

    fn lambda_parameters(
        &self,
        _step: usize,
        fields: &[ValueOrLambda<FieldRef, Option<FieldRef>>],
    ) -> Result<LambdaParametersProgress> {
        entry_parameters(self.name(), fields)
    }

    fn return_field_from_args(&self, args: HigherOrderReturnFieldArgs) -> Result<FieldRef> {
        match args.arg_fields.first() {
            Some(ValueOrLambda::Value(map)) => Ok(Arc::clone(map)),
            _ => Err(DataFusionError::Plan(
                "map_filter takes a MAP and a lambda ((k, v) -> ...)".into(),
            )),
        }
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let (map, keys, values, answers) = entry_answers(self.name(), &args)?;
        let Some(keep) = answers.as_boolean_opt() else {
            return Err(DataFusionError::Plan(format!(
                "map_filter: the lambda must return BOOLEAN, got {}",
                answers.data_type()
            )));
        };
        // A NULL answer drops the entry, as false does.
        let offsets = map.value_offsets();
        let base = offsets[0];
        let mut kept = Vec::with_capacity(map.len());
        for row in 0..map.len() {
            let from = (offsets[row] - base) as usize;
            let to = (offsets[row + 1] - base) as usize;
            kept.push(
                (from..to)
                    .filter(|&i| keep.is_valid(i) && keep.value(i))
                    .count(),
            );
        }
        let keep = match keep.nulls() {
            Some(_) => keep.iter().map(|b| Some(b == Some(true))).collect(),
            None => keep.clone(),
        };
        let entries = StructArray::try_new(
            map.entries().fields().clone(),
            vec![filter(&keys, &keep)?, filter(&values, &keep)?],
            None,
        )?;
        let DataType::Map(entries_field, sorted) = map.data_type() else {
            return Err(DataFusionError::Internal("map_filter: not a MAP".into()));
        };
        let result: ArrayRef = Arc::new(MapArray::try_new(
            Arc::clone(entries_field),
            OffsetBuffer::from_lengths(kept),
            entries,
            map.nulls().cloned(),
            *sorted,
        )?);
        Ok(ColumnarValue::Array(result))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns the map of the entries of `map` for which `predicate` is true (an entry for which it is false or NULL is left out). NULL for a NULL map. Matches Trino map_filter.",
                "map_filter(map, (k, v) -> predicate)",
            )
            .with_sql_example("> SELECT map_filter(MAP(ARRAY['k1', 'k2', 'k3'], ARRAY[20, 3, 15]), (k, v) -> v > 10);\n{k1: 20, k3: 15}")
            .with_argument("map", "MAP to filter.")
            .with_argument("predicate", "Lambda from a key and its value to BOOLEAN.")
            .build()
        }))
    }
}
