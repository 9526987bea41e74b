//! `crc32`: the CRC-32 checksum of binary data.

use datafusion::arrow::array::Int64Array as HashArray;
use datafusion::arrow::datatypes::DataType;

use super::common::hash_function;

hash_function!(
    Crc32Func,
    "crc32",
    DataType::Int64,
    |bytes: &[u8]| i64::from(crc32fast::hash(bytes)),
    "Computes the CRC-32 checksum of `binary` as a BIGINT. NULL for NULL. Matches Trino crc32.",
    "> SELECT crc32(to_utf8('abc'));\n891568578"
);
