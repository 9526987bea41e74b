//! `transform_values`: a map with each value replaced by a lambda's answer.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs,
    HigherOrderSignature, HigherOrderUDFImpl, LambdaParametersProgress, ValueOrLambda,
};

use super::common::ARRAY_SECTION;
use super::lambda::{
    Replaced, coerce_map, entry_answers, entry_parameters, rebuild_map, transformed_map_field,
    value_then_lambda,
};

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
        transformed_map_field(self.name(), args, Replaced::Values)
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let (map, keys, _, answers) = entry_answers(self.name(), &args)?;
        rebuild_map(self.name(), &map, keys, answers).map(ColumnarValue::Array)
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
