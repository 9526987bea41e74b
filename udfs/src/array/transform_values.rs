//! `transform_values`: a map with each value replaced by a lambda's answer.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, MapArray, StructArray};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs,
    HigherOrderSignature, HigherOrderUDFImpl, LambdaParametersProgress, ValueOrLambda,
};

use super::common::ARRAY_SECTION;
use super::lambda::{coerce_map, entry_answers, entry_parameters, map_fields, value_then_lambda};

const USAGE: &str = "transform_values takes a MAP and a lambda ((k, v) -> ...)";

/// Trino's `transform_values(map, (k, v) -> value)` (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TransformValuesFunc {
    signature: HigherOrderSignature,
}

impl Default for TransformValuesFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl TransformValuesFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: value_then_lambda(),
        }
    }
}

/// The map type with values of `value`'s type.
fn with_values(map: &DataType, value: &DataType) -> Result<DataType> {
    let (DataType::Map(entries, sorted), Some((key, _))) = (map, map_fields(map)) else {
        return Err(DataFusionError::Plan(format!(
            "transform_values expects a MAP, got {map}"
        )));
    };
    let kv = Fields::from(vec![
        key,
        Arc::new(Field::new("value", value.clone(), true)),
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

impl HigherOrderUDFImpl for TransformValuesFunc {
    fn name(&self) -> &str {
        "transform_values"
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
        match args.arg_fields {
            [ValueOrLambda::Value(map), ValueOrLambda::Lambda(value)] => Ok(Arc::new(Field::new(
                "",
                with_values(map.data_type(), value.data_type())?,
                true,
            ))),
            _ => Err(DataFusionError::Plan(USAGE.into())),
        }
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let (map, keys, _, answers) = entry_answers(self.name(), &args)?;
        let DataType::Map(entries_field, sorted) =
            with_values(map.data_type(), answers.data_type())?
        else {
            return Err(DataFusionError::Plan(USAGE.into()));
        };
        let DataType::Struct(kv) = entries_field.data_type() else {
            return Err(DataFusionError::Plan(USAGE.into()));
        };
        let entries = StructArray::try_new(kv.clone(), vec![keys, answers], None)?;
        let offsets = map.value_offsets();
        let lengths = (0..map.len()).map(|row| (offsets[row + 1] - offsets[row]) as usize);
        let result: ArrayRef = Arc::new(MapArray::try_new(
            entries_field,
            OffsetBuffer::from_lengths(lengths),
            entries,
            map.nulls().cloned(),
            sorted,
        )?);
        Ok(ColumnarValue::Array(result))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns `map` with each value replaced by `function` of its key and value; the keys stay. NULL for a NULL map. Matches Trino transform_values.",
                "transform_values(map, (k, v) -> value)",
            )
            .with_sql_example("> SELECT transform_values(MAP(ARRAY[1, 2, 3], ARRAY[10, 20, 30]), (k, v) -> v + k);\n{1: 11, 2: 22, 3: 33}")
            .with_argument("map", "MAP to transform.")
            .with_argument("function", "Lambda from a key and its value to the new value.")
            .build()
        }))
    }
}
