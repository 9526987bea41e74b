//! Trino's JSON functions over JSON text (Quarry carries JSON as VARCHAR).

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

pub mod cast;
mod common;
pub mod is_json_scalar;
pub mod json_array_contains;
pub mod json_array_get;
pub mod json_array_length;
pub mod json_extract;
pub mod json_extract_scalar;
pub mod json_format;
pub mod json_parse;
pub mod json_size;
pub mod path;

/// Every JSON function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(
            is_json_scalar::IsJsonScalarFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            json_array_contains::JsonArrayContainsFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            json_array_get::JsonArrayGetFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            json_array_length::JsonArrayLengthFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            json_extract::JsonExtractFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            json_extract_scalar::JsonExtractScalarFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(json_format::JsonFormatFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(json_parse::JsonParseFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(json_size::JsonSizeFunc::new())),
    ]
}
