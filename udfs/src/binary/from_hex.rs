//! `from_hex`: binary data from hexadecimal text.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::BinaryArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::BINARY_SECTION;
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `from_hex` (DataFusion has none).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FromHexFunc {
    signature: Signature,
}

impl Default for FromHexFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl FromHexFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

fn digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// The bytes `text` encodes, or Trino's error for odd length or a character
/// that is not a hexadecimal digit.
fn decode(text: &str) -> Result<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return exec_err!("from_hex: invalid input length {} in '{text}'", bytes.len());
    }
    bytes
        .chunks(2)
        .map(|pair| match (digit(pair[0]), digit(pair[1])) {
            (Some(high), Some(low)) => Ok(high << 4 | low),
            _ => exec_err!("from_hex: invalid hex character in '{text}'"),
        })
        .collect()
}

impl ScalarUDFImpl for FromHexFunc {
    fn name(&self) -> &str {
        "from_hex"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Binary)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let decoded = (0..rows)
            .map(|row| str_at(&input, row).map(decode).transpose())
            .collect::<Result<Vec<_>>>()?;
        let out: BinaryArray = decoded.iter().map(|b| b.as_deref()).collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                BINARY_SECTION,
                "Decodes hexadecimal text (either case) into binary data. NULL for NULL; an odd number of digits or a character that is not one is an error. Matches Trino from_hex.",
                "from_hex(string)",
            )
            .with_sql_example("> SELECT from_utf8(from_hex('616263'));\nabc")
            .with_argument("string", "VARCHAR of hexadecimal digits.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_both_cases_and_rejects_bad_text() {
        assert_eq!(decode("0aFf").ok(), Some(vec![0x0a, 0xff]));
        assert_eq!(decode("").ok(), Some(vec![]));
        assert!(decode("abc").is_err());
        assert!(decode("zz").is_err());
        assert!(decode("é0").is_err());
    }
}
