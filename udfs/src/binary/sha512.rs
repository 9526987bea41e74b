//! `sha512`: the SHA-512 digest of binary data.

use datafusion::arrow::array::BinaryArray as HashArray;
use datafusion::arrow::datatypes::DataType;
use sha2::{Digest, Sha512};

use super::common::hash_function;

hash_function!(
    Sha512Func,
    "sha512",
    DataType::Binary,
    |bytes: &[u8]| Sha512::digest(bytes).to_vec(),
    "Computes the SHA-512 digest (64 bytes) of `binary`. NULL for NULL. Matches Trino sha512.",
    "> SELECT to_hex(sha512(to_utf8('abc')));\nDDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F"
);
