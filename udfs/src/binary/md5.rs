//! `md5`: the MD5 digest of binary data.

use datafusion::arrow::array::BinaryArray as HashArray;
use datafusion::arrow::datatypes::DataType;
use md5::{Digest, Md5};

use super::common::hash_function;

hash_function!(
    Md5Func,
    "md5",
    DataType::Binary,
    |bytes: &[u8]| Md5::digest(bytes).to_vec(),
    "Computes the MD5 digest (16 bytes) of `binary`. NULL for NULL. Matches Trino md5 (DataFusion's md5 returns hexadecimal text instead).",
    "> SELECT to_hex(md5(to_utf8('abc')));\n900150983CD24FB0D6963F7D28E17F72"
);
