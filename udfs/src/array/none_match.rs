//! `none_match`: whether none of an array's elements satisfy a predicate.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs,
    HigherOrderSignature, HigherOrderUDFImpl, LambdaParametersProgress, ValueOrLambda,
};

use super::common::ARRAY_SECTION;
use super::lambda::{
    boolean_field, coerce_list, element_parameter, element_predicate, fold_rows, value_then_lambda,
};

/// Trino's `none_match(array, x -> predicate)` (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct NoneMatchFunc {
    signature: HigherOrderSignature,
}

impl Default for NoneMatchFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl NoneMatchFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: value_then_lambda(),
        }
    }
}

impl HigherOrderUDFImpl for NoneMatchFunc {
    fn name(&self) -> &str {
        "none_match"
    }

    fn signature(&self) -> &HigherOrderSignature {
        &self.signature
    }

    fn coerce_value_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce_list(self.name(), arg_types)
    }

    fn lambda_parameters(
        &self,
        _step: usize,
        fields: &[ValueOrLambda<FieldRef, Option<FieldRef>>],
    ) -> Result<LambdaParametersProgress> {
        element_parameter(self.name(), fields)
    }

    fn return_field_from_args(&self, args: HigherOrderReturnFieldArgs) -> Result<FieldRef> {
        boolean_field(args)
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let (list, answers) = element_predicate(self.name(), &args)?;
        let result: ArrayRef = Arc::new(fold_rows(&list, &answers, true));
        Ok(ColumnarValue::Array(result))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns true if `predicate` is true for no element of `array` (and for an empty array); false if it is true for one; otherwise NULL if it is NULL for one. NULL for a NULL array. Matches Trino none_match.",
                "none_match(array, x -> predicate)",
            )
            .with_sql_example("> SELECT none_match(ARRAY[1, 2], x -> x > 5), none_match(ARRAY[1, NULL], x -> x > 5);\ntrue NULL")
            .with_argument("array", "ARRAY to test.")
            .with_argument("predicate", "Lambda from an element to BOOLEAN.")
            .build()
        }))
    }
}
