//! `to_utf8`: the UTF-8 bytes of a string.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::BinaryArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::STRING_SECTION;
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `to_utf8`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ToUtf8Func {
    signature: Signature,
}

impl Default for ToUtf8Func {
    fn default() -> Self {
        Self::new()
    }
}

impl ToUtf8Func {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for ToUtf8Func {
    fn name(&self) -> &str {
        "to_utf8"
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
        let out: BinaryArray = (0..rows)
            .map(|row| str_at(&input, row).map(str::as_bytes))
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                STRING_SECTION,
                "Encodes `string` into its UTF-8 bytes as VARBINARY. Returns NULL when the argument is NULL. Matches Trino to_utf8.",
                "to_utf8(string)",
            )
            .with_sql_example("> SELECT to_hex(to_utf8('é'));\nC3A9")
            .with_argument("string", "VARCHAR to encode.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, AsArray};

    use super::*;
    use crate::args::testing::{invoke, strs};

    #[test]
    fn encodes_utf8() -> Result<()> {
        let out = invoke(
            &ToUtf8Func::new(),
            vec![strs(&[Some("aé"), Some(""), None])],
            3,
        )?;
        let out = out.as_binary::<i32>();
        assert_eq!(out.value(0), &[0x61, 0xC3, 0xA9]);
        assert_eq!(out.value(1), b"");
        assert!(out.is_null(2));
        Ok(())
    }
}
