//! Trino's array and map functions, where Trino's rules (remove every match,
//! NULLs sorted last, 0 for a missing position, NULL for an unknown answer)
//! differ from DataFusion's built-ins of the same name, or where DataFusion
//! has none.

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

pub mod all_match;
pub mod array_join;
pub mod array_max;
pub mod array_min;
pub mod array_position;
pub mod array_remove;
pub mod array_sort;
pub mod arrays_overlap;
mod common;
pub mod contains;
pub mod element_at;
mod lambda;
pub mod map_concat;
pub mod map_filter;
pub mod map_from_entries;
pub mod none_match;
pub mod reduce;
pub mod sequence;
pub mod slice;
pub mod subscript;
pub mod transform_keys;
pub mod transform_values;
pub mod zip;
pub mod zip_with;

pub use lambda::higher_order_functions;

/// Every array function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(array_join::ArrayJoinFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(array_max::ArrayMaxFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(array_min::ArrayMinFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            array_position::ArrayPositionFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            array_remove::ArrayRemoveFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(array_sort::ArraySortFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            arrays_overlap::ArraysOverlapFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(contains::ContainsFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(element_at::ElementAtFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(map_concat::MapConcatFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            map_from_entries::MapFromEntriesFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(sequence::SequenceFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(slice::SliceFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(subscript::SubscriptFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(zip::ZipFunc::new())),
    ]
}
