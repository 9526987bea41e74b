//! `every`: Trino's other name for `bool_and`.
//!
//! DataFusion's `bool_and` already has Trino's meaning (true when every
//! non-NULL value is true, NULL for no values), so Quarry adds the name.

use std::sync::Arc;

use datafusion::functions_aggregate::bool_and_or::bool_and_udaf;
use datafusion::logical_expr::AggregateUDF;

/// `bool_and`, also answering to `every`.
pub fn every() -> Arc<AggregateUDF> {
    Arc::new(bool_and_udaf().as_ref().clone().with_aliases(["every"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_to_both_names() {
        let f = every();
        assert_eq!(f.name(), "bool_and");
        assert!(f.aliases().iter().any(|a| a == "every"));
    }
}
