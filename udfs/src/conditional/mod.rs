//! Trino's conditional functions that take their argument unevaluated:
//! higher-order functions, whose argument the engine passes as a lambda.

use std::sync::Arc;

use datafusion::logical_expr::{DocSection, HigherOrderUDF};

pub mod r#try;

/// Where the conditional functions appear in `SHOW FUNCTIONS` documentation.
pub const DOC_SECTION: DocSection = DocSection {
    include: true,
    label: "Conditional Functions",
    description: Some("Trino-compatible conditional functions."),
};

/// Every conditional (higher-order) function Quarry adds.
pub fn functions() -> Vec<Arc<HigherOrderUDF>> {
    vec![Arc::new(HigherOrderUDF::new_from_impl(
        r#try::TryFunc::new(),
    ))]
}
