//! Trino's array functions, where Trino's rules (remove every match, NULLs
//! sorted last, 0 for a missing position) differ from DataFusion's built-ins
//! of the same name.

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

pub mod array_position;
pub mod array_remove;
pub mod array_sort;
mod common;
pub mod contains;
pub mod element_at;
pub mod sequence;
pub mod slice;

/// Every array function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(
            array_position::ArrayPositionFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            array_remove::ArrayRemoveFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(array_sort::ArraySortFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(contains::ContainsFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(element_at::ElementAtFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(sequence::SequenceFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(slice::SliceFunc::new())),
    ]
}
