//! `transform_keys`: a map with each key replaced by a lambda's answer.

use std::collections::HashSet;
use std::sync::OnceLock;

use datafusion::arrow::array::{Array, ArrayRef, MapArray};
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs,
    HigherOrderSignature, HigherOrderUDFImpl, LambdaParametersProgress, ValueOrLambda,
};

use super::common::ARRAY_SECTION;
use super::lambda::{
    Replaced, coerce_map, entry_answers, entry_parameters, rebuild_map, transformed_map_field,
    value_then_lambda,
};

/// Trino's `transform_keys(map, (k, v) -> key)` (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TransformKeysFunc {
    signature: HigherOrderSignature,
}

impl Default for TransformKeysFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl TransformKeysFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: value_then_lambda(),
        }
    }
}

/// As Trino: a map key may not be NULL, and two entries of one map may not
/// get the same key.
fn check_keys(map: &MapArray, keys: &ArrayRef) -> Result<()> {
    let offsets = map.value_offsets();
    let first = offsets[0] as usize;
    for row in 0..map.len() {
        if map.is_null(row) {
            continue;
        }
        let (start, end) = (
            offsets[row] as usize - first,
            offsets[row + 1] as usize - first,
        );
        let mut seen = HashSet::with_capacity(end - start);
        for entry in start..end {
            if keys.is_null(entry) {
                return exec_err!("transform_keys: map key cannot be null");
            }
            let key = ScalarValue::try_from_array(keys.as_ref(), entry)?;
            if !seen.insert(key.clone()) {
                return exec_err!("transform_keys: Duplicate map keys ({key}) are not allowed");
            }
        }
    }
    Ok(())
}

impl HigherOrderUDFImpl for TransformKeysFunc {
    fn name(&self) -> &str {
        "transform_keys"
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
        transformed_map_field(self.name(), args, Replaced::Keys)
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let (map, _, values, answers) = entry_answers(self.name(), &args)?;
        check_keys(&map, &answers)?;
        rebuild_map(self.name(), &map, answers, values).map(ColumnarValue::Array)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns `map` with each key replaced by `function` of its key and value; the values stay. NULL for a NULL map. A NULL new key, or two entries given the same key, is an error. Matches Trino transform_keys.",
                "transform_keys(map, (k, v) -> key)",
            )
            .with_sql_example("> SELECT transform_keys(MAP(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]), (k, v) -> v * v);\n{1: 1, 4: 2, 9: 3}")
            .with_argument("map", "MAP to transform.")
            .with_argument("function", "Lambda from a key and its value to the new key.")
            .build()
        }))
    }
}
