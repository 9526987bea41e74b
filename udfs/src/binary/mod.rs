//! Trino's binary functions: hexadecimal text and hashes of VARBINARY.

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

mod common;
pub mod crc32;
pub mod from_hex;
pub mod md5;
pub mod sha1;
pub mod sha256;
pub mod sha512;
pub mod to_hex;

/// Every binary function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(crc32::Crc32Func::new())),
        Arc::new(ScalarUDF::new_from_impl(from_hex::FromHexFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(md5::Md5Func::new())),
        Arc::new(ScalarUDF::new_from_impl(sha1::Sha1Func::new())),
        Arc::new(ScalarUDF::new_from_impl(sha256::Sha256Func::new())),
        Arc::new(ScalarUDF::new_from_impl(sha512::Sha512Func::new())),
        Arc::new(ScalarUDF::new_from_impl(to_hex::ToHexFunc::new())),
    ]
}
