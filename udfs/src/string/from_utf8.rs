//! `from_utf8`: decodes UTF-8 bytes into a string, replacing invalid
//! sequences.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::STRING_SECTION;
use crate::args::{Kind, binaries, coerce, int_at, ints, str_at, strings};

/// Trino's `from_utf8`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FromUtf8Func {
    signature: Signature,
}

impl Default for FromUtf8Func {
    fn default() -> Self {
        Self::new()
    }
}

impl FromUtf8Func {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Decodes `bytes`, writing `replacement` for each maximal invalid sequence.
fn decode(bytes: &[u8], replacement: &str) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push_str(replacement);
        }
    }
    out
}

fn string_replacement(function: &str, r: &str) -> Result<String> {
    if r.chars().count() > 1 {
        return Err(DataFusionError::Execution(format!(
            "{function}: replacement '{r}' must be empty or a single character"
        )));
    }
    Ok(r.to_string())
}

fn code_point_replacement(function: &str, code: i64) -> Result<String> {
    u32::try_from(code)
        .ok()
        .and_then(char::from_u32)
        .map(String::from)
        .ok_or_else(|| {
            DataFusionError::Execution(format!(
                "{function}: {code} is not a valid Unicode code point"
            ))
        })
}

impl ScalarUDFImpl for FromUtf8Func {
    fn name(&self) -> &str {
        "from_utf8"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(
            self.name(),
            arg_types,
            &[&[Kind::Bin], &[Kind::Bin, Kind::StrOrInt]],
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = binaries(&args.args[0], rows)?;
        let replacements: Vec<Option<String>> = match args.args.get(1) {
            None => vec![Some("\u{FFFD}".to_string()); rows],
            Some(arg) if arg.data_type() == DataType::Int64 => {
                let codes = ints(arg, rows)?;
                (0..rows)
                    .map(|row| {
                        int_at(&codes, row)
                            .map(|c| code_point_replacement(self.name(), c))
                            .transpose()
                    })
                    .collect::<Result<_>>()?
            }
            Some(arg) => {
                let texts = strings(arg, rows)?;
                (0..rows)
                    .map(|row| {
                        str_at(&texts, row)
                            .map(|r| string_replacement(self.name(), r))
                            .transpose()
                    })
                    .collect::<Result<_>>()?
            }
        };
        let out: StringArray = (0..rows)
            .map(|row| match (input.is_valid(row), &replacements[row]) {
                (true, Some(r)) => Some(decode(input.value(row), r)),
                _ => None,
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                STRING_SECTION,
                "Decodes the UTF-8 bytes `binary` into VARCHAR. Each invalid UTF-8 sequence is replaced with U+FFFD, or with `replace`: a string that is empty (invalid bytes are dropped) or a single character, or a BIGINT code point. Returns NULL when an argument is NULL. A longer replacement string or an invalid code point is an error. Matches Trino from_utf8.",
                "from_utf8(binary [, replace])",
            )
            .with_sql_example("> SELECT from_utf8(from_hex('61ff62'), '?');\na?b")
            .with_argument("binary", "VARBINARY holding UTF-8 text.")
            .with_argument("replace", "VARCHAR of at most one character, or BIGINT code point; defaults to U+FFFD.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::common::ScalarValue;

    use super::*;
    use crate::args::testing::{error, i, invoke, s, str_values};

    fn bytes(rows: &[Option<&[u8]>]) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(datafusion::arrow::array::BinaryArray::from(
            rows.to_vec(),
        )))
    }

    #[test]
    fn replaces_invalid_sequences() -> Result<()> {
        let input = || {
            bytes(&[
                Some(b"a\xFFb"),
                Some(b"ok \xC3\xA9"),
                Some(b"\xF0\x9F"),
                Some(b""),
                None,
            ])
        };
        let out = invoke(&FromUtf8Func::new(), vec![input()], 5)?;
        assert_eq!(
            str_values(&out),
            vec![
                Some("a\u{FFFD}b".into()),
                Some("ok é".into()),
                Some("\u{FFFD}".into()),
                Some(String::new()),
                None
            ]
        );
        let out = invoke(&FromUtf8Func::new(), vec![input(), s("")], 5)?;
        assert_eq!(str_values(&out)[0], Some("ab".into()));
        let out = invoke(&FromUtf8Func::new(), vec![input(), i(63)], 5)?;
        assert_eq!(str_values(&out)[0], Some("a?b".into()));
        Ok(())
    }

    #[test]
    fn bad_replacements_are_errors() {
        let one = || ColumnarValue::Scalar(ScalarValue::Binary(Some(b"a".to_vec())));
        let err = error(invoke(&FromUtf8Func::new(), vec![one(), s("ab")], 1));
        assert!(err.contains("empty or a single character"), "{err}");
        let err = error(invoke(&FromUtf8Func::new(), vec![one(), i(0x110000)], 1));
        assert!(err.contains("not a valid Unicode code point"), "{err}");
    }
}
