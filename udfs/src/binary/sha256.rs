//! `sha256`: the SHA-256 digest of binary data.

use datafusion::arrow::array::BinaryArray as HashArray;
use datafusion::arrow::datatypes::DataType;
use sha2::{Digest, Sha256};

use super::common::hash_function;

hash_function!(
    Sha256Func,
    "sha256",
    DataType::Binary,
    |bytes: &[u8]| Sha256::digest(bytes).to_vec(),
    "Computes the SHA-256 digest (32 bytes) of `binary`. NULL for NULL. Matches Trino sha256.",
    "> SELECT to_hex(sha256(to_utf8('abc')));\nBA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
);
