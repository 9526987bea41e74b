//! `sha1`: the SHA-1 digest of binary data.

use datafusion::arrow::array::BinaryArray as HashArray;
use datafusion::arrow::datatypes::DataType;
use sha1::{Digest, Sha1};

use super::common::hash_function;

hash_function!(
    Sha1Func,
    "sha1",
    DataType::Binary,
    |bytes: &[u8]| Sha1::digest(bytes).to_vec(),
    "Computes the SHA-1 digest (20 bytes) of `binary`. NULL for NULL. Matches Trino sha1.",
    "> SELECT to_hex(sha1(to_utf8('abc')));\nA9993E364706816ABA3E25717850C26C9CD0D89D"
);
