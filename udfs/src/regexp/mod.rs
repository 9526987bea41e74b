//! Trino's regular expression functions. Patterns are written in Java syntax,
//! as Athena users write them, and translated for Rust's linear-time `regex`
//! engine (the private `java` module lists what is rewritten and rejected).

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

mod common;
mod java;
pub mod regexp_count;
pub mod regexp_extract;
pub mod regexp_extract_all;
pub mod regexp_like;
pub mod regexp_position;
pub mod regexp_replace;
pub mod regexp_split;

/// Every regexp function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(
            regexp_count::RegexpCountFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            regexp_extract::RegexpExtractFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            regexp_extract_all::RegexpExtractAllFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(regexp_like::RegexpLikeFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            regexp_position::RegexpPositionFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            regexp_replace::RegexpReplaceFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            regexp_split::RegexpSplitFunc::new(),
        )),
    ]
}
