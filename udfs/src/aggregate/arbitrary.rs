//! `arbitrary`: Trino's name for DataFusion's `any_value`.
//!
//! DataFusion's `any_value` already has Trino's meaning (an arbitrary
//! non-NULL value of the group, NULL when there is none), so Quarry adds the
//! name rather than a second implementation.

use std::sync::Arc;

use datafusion::functions_aggregate::any_value::any_value_udaf;
use datafusion::logical_expr::AggregateUDF;

/// `any_value`, also answering to `arbitrary`.
pub fn arbitrary() -> Arc<AggregateUDF> {
    Arc::new(
        any_value_udaf()
            .as_ref()
            .clone()
            .with_aliases(["arbitrary"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_to_both_names() {
        let f = arbitrary();
        assert_eq!(f.name(), "any_value");
        assert!(f.aliases().iter().any(|a| a == "arbitrary"));
    }
}
