//! Trino's aggregate functions that DataFusion 55 lacks or names differently.
//!
//! Checked against DataFusion 55: `approx_distinct`, `any_value`,
//! `array_agg`, `bool_and` and `bool_or` already behave as Trino's do (NULLs
//! skipped; `array_agg` keeps them, as Trino's does), so they are left as
//! they are, with `arbitrary` and `every` added as names. DataFusion's
//! `approx_distinct` returns UInt64 where Trino returns BIGINT, and lacks
//! Trino's second (maximum standard error) argument. Added here:
//! `approx_percentile`, `count_if`, `histogram`, `map_agg`, `max_by`, `min_by`.

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, DocSection};

pub mod approx_percentile;
pub mod arbitrary;
mod common;
pub mod count_if;
pub mod every;
pub mod histogram;
pub mod map_agg;
mod map_state;
pub(crate) use map_state::map_type;
pub mod max_by;
pub mod min_by;

/// Where the aggregate functions appear in `SHOW FUNCTIONS` documentation.
pub const DOC_SECTION: DocSection = DocSection {
    include: true,
    label: "Aggregate Functions",
    description: Some("Trino-compatible aggregate functions."),
};

/// Every aggregate function Quarry adds or renames.
pub fn functions() -> Vec<Arc<AggregateUDF>> {
    vec![
        Arc::new(AggregateUDF::new_from_impl(
            approx_percentile::ApproxPercentileFunc::new(),
        )),
        arbitrary::arbitrary(),
        Arc::new(AggregateUDF::new_from_impl(count_if::CountIfFunc::new())),
        every::every(),
        Arc::new(AggregateUDF::new_from_impl(histogram::HistogramFunc::new())),
        Arc::new(AggregateUDF::new_from_impl(map_agg::MapAggFunc::new())),
        Arc::new(AggregateUDF::new_from_impl(max_by::MaxByFunc::new())),
        Arc::new(AggregateUDF::new_from_impl(min_by::MinByFunc::new())),
    ]
}
