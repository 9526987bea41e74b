//! `array_min`: the smallest element of an array, NULL if any element is NULL.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::Result;
use datafusion::functions_nested::min_max::array_min_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature,
};

use super::common::{ARRAY_SECTION, null_on_null_element};

/// Trino's `array_min` (DataFusion's skips NULL elements; Trino answers
/// NULL when there is one).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ArrayMinFunc {
    builtin: Arc<ScalarUDF>,
}

impl Default for ArrayMinFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ArrayMinFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            builtin: array_min_udf(),
        }
    }
}

impl ScalarUDFImpl for ArrayMinFunc {
    fn name(&self) -> &str {
        "array_min"
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
        null_on_null_element("array_min", &self.builtin, args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Returns the smallest element of `array`; NULL if the array is empty or NULL, or if any element is NULL. Matches Trino array_min.",
                "array_min(array)",
            )
            .with_sql_example("> SELECT array_min(ARRAY[1, 3, 2]), array_min(ARRAY[1, NULL]);\n1 NULL")
            .with_argument("array", "ARRAY of comparable elements.")
            .build()
        }))
    }
}
