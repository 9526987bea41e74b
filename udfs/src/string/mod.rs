//! Trino's string and URL functions, where Trino's rules (1-based positions,
//! NULL out of range, errors on empty pad strings or delimiters) differ from
//! DataFusion's built-ins of the same name or where DataFusion has none.

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

mod common;
pub mod from_utf8;
pub mod levenshtein_distance;
pub mod lpad;
pub mod reverse;
pub mod rpad;
pub mod split;
pub mod split_part;
pub mod strpos;
pub mod to_utf8;
mod uri;
pub mod url_decode;
pub mod url_encode;
pub mod url_extract_fragment;
pub mod url_extract_host;
pub mod url_extract_parameter;
pub mod url_extract_path;
pub mod url_extract_port;
pub mod url_extract_protocol;
pub mod url_extract_query;

/// Every string and URL function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(from_utf8::FromUtf8Func::new())),
        Arc::new(ScalarUDF::new_from_impl(
            levenshtein_distance::LevenshteinDistanceFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(lpad::LpadFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(reverse::ReverseFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(rpad::RpadFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(split::SplitFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(split_part::SplitPartFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(strpos::StrposFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(to_utf8::ToUtf8Func::new())),
        Arc::new(ScalarUDF::new_from_impl(url_decode::UrlDecodeFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(url_encode::UrlEncodeFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            url_extract_fragment::UrlExtractFragmentFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            url_extract_host::UrlExtractHostFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            url_extract_parameter::UrlExtractParameterFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            url_extract_path::UrlExtractPathFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            url_extract_port::UrlExtractPortFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            url_extract_protocol::UrlExtractProtocolFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            url_extract_query::UrlExtractQueryFunc::new(),
        )),
    ]
}
