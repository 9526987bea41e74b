//! `array_join`: the elements of an array as text, joined by a delimiter.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::compute::{cast, is_null, nullif};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, plan_err};
use datafusion::functions_nested::string::array_to_string_udf;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
};

use super::common::{ARRAY_SECTION, element_field};
use crate::args::is_string;

/// Trino's `array_join` (DataFusion's `array_to_string`, which it aliases,
/// ignores a NULL replacement string; Trino answers NULL).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ArrayJoinFunc {
    builtin: Arc<ScalarUDF>,
}

impl Default for ArrayJoinFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ArrayJoinFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            builtin: array_to_string_udf(),
        }
    }
}

impl ScalarUDFImpl for ArrayJoinFunc {
    fn name(&self) -> &str {
        "array_join"
    }

    fn signature(&self) -> &Signature {
        self.builtin.signature()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.builtin.inner().coerce_types(arg_types)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        if let Some(element) = arg_types.first().and_then(element_field)
            && element.data_type().is_nested()
        {
            return plan_err!(
                "array_join joins scalar elements, not {}: Trino has no such join; \
                 use flatten(array) for an array of arrays",
                element.data_type()
            );
        }
        self.builtin.inner().return_type(arg_types)
    }

    fn invoke_with_args(&self, mut args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        // Elements become text as CAST(x AS VARCHAR) makes them (DataFusion's
        // own join prints the DOUBLE 2.0 as 2, where Trino prints 2.0).
        let element = args.args[0].data_type();
        if let Some(element) = element_field(&element).filter(|f| !is_string(f.data_type())) {
            let text = DataType::new_list(DataType::Utf8, element.is_nullable());
            let list = args.args[0].to_array(rows)?;
            let list = if matches!(list.data_type(), DataType::List(_)) {
                list
            } else {
                cast(&list, &DataType::List(Arc::clone(element)))?
            };
            args.args[0] = ColumnarValue::Array(cast(&list, &text)?);
        }
        let replacement = args.args.get(2).cloned();
        let joined = self.builtin.inner().invoke_with_args(args)?;
        let Some(replacement) = replacement else {
            return Ok(joined);
        };
        let missing = is_null(&replacement.into_array(rows)?)?;
        Ok(ColumnarValue::Array(nullif(
            &joined.into_array(rows)?,
            &missing,
        )?))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                ARRAY_SECTION,
                "Joins the elements of `array` as text, separated by `delimiter`. NULL elements are skipped, or replaced by `null_replacement` when it is given. NULL if any argument is NULL. Elements become text as CAST(x AS VARCHAR) makes them; an array of arrays, maps or rows is an error. Matches Trino array_join.",
                "array_join(array, delimiter [, null_replacement])",
            )
            .with_sql_example("> SELECT array_join(ARRAY['a', NULL, 'b'], ','), array_join(ARRAY['a', NULL, 'b'], ',', 'x');\na,b a,x,b")
            .with_argument("array", "ARRAY to join.")
            .with_argument("delimiter", "VARCHAR put between elements.")
            .with_argument("null_replacement", "Optional VARCHAR written for each NULL element.")
            .build()
        }))
    }
}
