//! `zip`: arrays merged element-wise into one array of rows.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, BooleanArray};
use datafusion::arrow::compute::nullif;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{Result, plan_err};
use datafusion::functions_nested::arrays_zip::arrays_zip_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature,
};

use super::common::ARRAY_SECTION;

/// Trino takes two to five arrays.
const ARITY: std::ops::RangeInclusive<usize> = 2..=5;

/// Trino's `zip`: DataFusion's `arrays_zip`, except that a NULL array makes
/// the row NULL (DataFusion reads it as an empty array).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ZipFunc {
    builtin: Arc<ScalarUDF>,
}

impl Default for ZipFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ZipFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            builtin: arrays_zip_udf(),
        }
    }
}

impl ScalarUDFImpl for ZipFunc {
    fn name(&self) -> &str {
        "zip"
    }

    fn signature(&self) -> &Signature {
        self.builtin.signature()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.builtin.inner().coerce_types(arg_types)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        if !ARITY.contains(&arg_types.len()) {
            return plan_err!("zip takes 2 to 5 arrays, got {}", arg_types.len());
        }
        self.builtin.inner().return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        if !ARITY.contains(&args.arg_fields.len()) {
            return plan_err!("zip takes 2 to 5 arrays, got {}", args.arg_fields.len());
        }
        self.builtin.inner().return_field_from_args(args)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let mut null_rows = vec![false; rows];
        for arg in &args.args {
            let array = arg.to_array(rows)?;
            if let Some(nulls) = array.logical_nulls() {
                for (row, is_null) in null_rows.iter_mut().enumerate() {
                    *is_null |= nulls.is_null(row);
                }
            }
        }
        let zipped = self
            .builtin
            .inner()
            .invoke_with_args(args)?
            .into_array(rows)?;
        let mask = BooleanArray::from(null_rows);
        Ok(ColumnarValue::Array(nullif(&zipped, &mask)?))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Merges two to five arrays element-wise into one array of rows: the i-th row holds the i-th element of each array, and a shorter array is padded with NULL. NULL if any array is NULL. Matches Trino zip (rows print with fields named 1, 2, ...).",
                "zip(array1, array2[, ...])",
            )
            .with_sql_example("> SELECT zip(ARRAY[1, 2], ARRAY['1b', NULL, '3b']);\n[{1: 1, 2: 1b}, {1: 2, 2: NULL}, {1: NULL, 2: 3b}]")
            .with_argument("array1", "First ARRAY.")
            .with_argument("array2", "Second ARRAY; up to three more may follow.")
            .build()
        }))
    }
}
