//! Parsing functions for the free-text parts of log records: User-Agent
//! headers, key-value lists (Trino's strict `split_to_map` and a lenient
//! `parse_kv`), logfmt lines and Trino's `parse_duration`.

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

mod common;
pub mod parse_duration;
pub mod parse_kv;
pub mod parse_logfmt;
pub mod parse_user_agent;
pub mod split_to_map;
mod ua;
mod ua_os;

/// Every parsing function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(
            parse_duration::ParseDurationFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(parse_kv::ParseKvFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            parse_logfmt::ParseLogfmtFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            parse_user_agent::ParseUserAgentFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(split_to_map::SplitToMapFunc::new())),
    ]
}
