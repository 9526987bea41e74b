//! Network functions over addresses written as text, the way logs hold them
//! (ALB `client:port` split, VPC flow `srcaddr`, CloudTrail
//! `sourceIPAddress`): CIDR matching, private-range tests, integer values
//! and prefixes, for IPv4 and IPv6 alike.

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

pub mod cidr_contains;
mod common;
pub mod ip_prefix;
pub mod ip_to_int;
pub mod is_private_ip;

/// Every network function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(
            cidr_contains::CidrContainsFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(ip_prefix::IpPrefixFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(ip_to_int::IpToIntFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            is_private_ip::IsPrivateIpFunc::new(),
        )),
    ]
}
