//! `array_sort`: the array sorted ascending with NULL elements last.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::functions_nested::sort::array_sort_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};

use super::common::ARRAY_SECTION;

/// Trino's one-argument `array_sort` (DataFusion's puts NULLs first by
/// default); the lambda form is not supported.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ArraySortFunc {
    signature: Signature,
    builtin: Arc<ScalarUDF>,
}

impl Default for ArraySortFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ArraySortFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            builtin: array_sort_udf(),
        }
    }
}

/// The ordering Trino uses, as DataFusion's extra arguments.
fn trino_order() -> [ScalarValue; 2] {
    [
        ScalarValue::Utf8(Some("ASC".to_string())),
        ScalarValue::Utf8(Some("NULLS LAST".to_string())),
    ]
}

impl ScalarUDFImpl for ArraySortFunc {
    fn name(&self) -> &str {
        "array_sort"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [DataType::Null] => Ok(vec![DataType::Null]),
            [t @ (DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..))] => {
                Ok(vec![t.clone()])
            }
            [other] => Err(DataFusionError::Plan(format!(
                "array_sort expects an ARRAY, got {other}"
            ))),
            _ => Err(DataFusionError::Plan(
                "array_sort takes one ARRAY argument; sorting with a comparator lambda is not supported"
                    .to_string(),
            )),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Null))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let mut fields = args.arg_fields.to_vec();
        let mut scalars = args.scalar_arguments.to_vec();
        let order = trino_order();
        for value in &order {
            fields.push(Arc::new(Field::new("order", DataType::Utf8, false)));
            scalars.push(Some(value));
        }
        self.builtin
            .inner()
            .return_field_from_args(ReturnFieldArgs {
                arg_fields: &fields,
                scalar_arguments: &scalars,
            })
    }

    fn invoke_with_args(&self, mut args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        for value in trino_order() {
            args.args.push(ColumnarValue::Scalar(value));
            args.arg_fields
                .push(Arc::new(Field::new("order", DataType::Utf8, false)));
        }
        self.builtin.inner().invoke_with_args(args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Sorts `array` ascending; NULL elements are placed at the end. Matches Trino array_sort (the comparator-lambda form is not supported).",
                "array_sort(array)",
            )
            .with_sql_example("> SELECT array_sort(ARRAY[3, NULL, 1]);\n[1, 3, NULL]")
            .with_argument("array", "ARRAY of orderable elements.")
            .build()
        }))
    }
}
