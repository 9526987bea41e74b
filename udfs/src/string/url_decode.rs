//! `url_decode`: decodes `application/x-www-form-urlencoded` text.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::URL_SECTION;
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `url_decode`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct UrlDecodeFunc {
    signature: Signature,
}

impl Default for UrlDecodeFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl UrlDecodeFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Decodes like `java.net.URLDecoder`: `+` is a space, `%XX` a byte, runs of
/// bytes are read as UTF-8 (invalid bytes become U+FFFD); a `%` not
/// followed by two hex digits is an error.
pub(crate) fn form_decode(function: &str, value: &str) -> Result<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let digit = |j: usize| bytes.get(j).and_then(|b| (*b as char).to_digit(16));
                let (Some(hi), Some(lo)) = (digit(i + 1), digit(i + 2)) else {
                    return Err(DataFusionError::Execution(format!(
                        "{function}: '{value}' has an invalid escape at byte {i}; '%' must be followed by two hex digits (write '%25' for a literal '%')"
                    )));
                };
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

impl ScalarUDFImpl for UrlDecodeFunc {
    fn name(&self) -> &str {
        "url_decode"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let values = strings(&args.args[0], rows)?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            out.push(
                str_at(&values, row)
                    .map(|v| form_decode(self.name(), v))
                    .transpose()?,
            );
        }
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                URL_SECTION,
                "Unescapes URL-encoded `value`, the inverse of url_encode: `+` becomes a space and `%XX` escapes are decoded as UTF-8 bytes (bytes that are not UTF-8 become U+FFFD). A `%` not followed by two hex digits is an error. Returns NULL when `value` is NULL. Matches Trino url_decode.",
                "url_decode(value)",
            )
            .with_sql_example("> SELECT url_decode('a+b%3Dc%C3%A9');\na b=cé")
            .with_argument("value", "VARCHAR URL-encoded text.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, invoke, str_values, strs};

    #[test]
    fn decodes_plus_escapes_and_utf8() -> Result<()> {
        let out = invoke(
            &UrlDecodeFunc::new(),
            vec![strs(&[Some("a+b%3Dc%C3%A9"), Some(""), Some("%ff"), None])],
            4,
        )?;
        assert_eq!(
            str_values(&out),
            vec![
                Some("a b=cé".into()),
                Some(String::new()),
                Some("\u{FFFD}".into()),
                None
            ]
        );
        Ok(())
    }

    #[test]
    fn bad_escapes_are_errors() {
        for bad in ["100%", "%G0", "%4"] {
            let err = error(invoke(&UrlDecodeFunc::new(), vec![strs(&[Some(bad)])], 1));
            assert!(err.contains("invalid escape"), "{bad}: {err}");
        }
    }
}
