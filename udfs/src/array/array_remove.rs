//! `array_remove`: the array without any element equal to the given one.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::Result;
use datafusion::functions_nested::remove::array_remove_all_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature,
};

use super::common::ARRAY_SECTION;

/// Trino's `array_remove` (DataFusion's removes only the first match; its
/// `array_remove_all` is Trino's rule, so this delegates to that).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ArrayRemoveFunc {
    all: Arc<ScalarUDF>,
}

impl Default for ArrayRemoveFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ArrayRemoveFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            all: array_remove_all_udf(),
        }
    }
}

impl ScalarUDFImpl for ArrayRemoveFunc {
    fn name(&self) -> &str {
        "array_remove"
    }

    fn signature(&self) -> &Signature {
        self.all.signature()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.all.inner().coerce_types(arg_types)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.all.inner().return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        self.all.inner().return_field_from_args(args)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        self.all.inner().invoke_with_args(args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Removes every element of `array` equal to `element`. NULL elements already in the array are kept; a NULL `element` gives NULL. Matches Trino array_remove.",
                "array_remove(array, element)",
            )
            .with_sql_example("> SELECT array_remove(ARRAY[1, 2, 1, 3], 1);\n[2, 3]")
            .with_argument("array", "ARRAY to remove from.")
            .with_argument("element", "Value whose every occurrence is removed.")
            .build()
        }))
    }
}
