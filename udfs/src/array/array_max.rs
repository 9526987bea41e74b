//! `array_max`: the largest element of an array, NULL if any element is NULL.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::Result;
use datafusion::functions_nested::min_max::array_max_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature,
};

use super::common::{ARRAY_SECTION, null_on_null_element};

/// Trino's `array_max` (DataFusion's skips NULL elements; Trino answers
/// NULL when there is one).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ArrayMaxFunc {
    builtin: Arc<ScalarUDF>,
}

impl Default for ArrayMaxFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ArrayMaxFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            builtin: array_max_udf(),
        }
    }
}

impl ScalarUDFImpl for ArrayMaxFunc {
    fn name(&self) -> &str {
        "array_max"
    }

    fn signature(&self) -> &Signature {
        self.builtin.signature()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.builtin.inner().coerce_types(arg_types)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.builtin.inner().return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        self.builtin.inner().return_field_from_args(args)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        null_on_null_element("array_max", &self.builtin, args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns the largest element of `array`; NULL if the array is empty or NULL, or if any element is NULL. Matches Trino array_max.",
                "array_max(array)",
            )
            .with_sql_example("> SELECT array_max(ARRAY[1, 3, 2]), array_max(ARRAY[1, NULL]);\n3 NULL")
            .with_argument("array", "ARRAY of comparable elements.")
            .build()
        }))
    }
}
