//! `lpad`: pads a string on the left to a length, or truncates it.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{STRING_SECTION, Side, pad};
use crate::args::{Kind, coerce, int_at, ints, str_at, strings};

/// Trino's `lpad` (DataFusion's accepts an empty pad string and a
/// missing one; Trino requires a non-empty pad string).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LpadFunc {
    signature: Signature,
}

impl Default for LpadFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl LpadFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for LpadFunc {
    fn name(&self) -> &str {
        "lpad"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(
            self.name(),
            arg_types,
            &[&[Kind::Str, Kind::Int, Kind::Str]],
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let sizes = ints(&args.args[1], rows)?;
        let fills = strings(&args.args[2], rows)?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let value = match (
                str_at(&input, row),
                int_at(&sizes, row),
                str_at(&fills, row),
            ) {
                (Some(s), Some(size), Some(fill)) => {
                    Some(pad(self.name(), s, size, fill, Side::Left)?)
                }
                _ => None,
            };
            out.push(value);
        }
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                STRING_SECTION,
                "Left pads `string` to `size` characters with repetitions of `padstring`. If `size` is less than the length of `string`, the result is `string` truncated to its first `size` characters. Returns NULL when an argument is NULL. A negative `size` (or one above 2147483647) and an empty `padstring` are errors. Matches Trino lpad.",
                "lpad(string, size, padstring)",
            )
            .with_sql_example("> SELECT lpad('7', 3, '0');\n007")
            .with_argument("string", "VARCHAR to pad.")
            .with_argument("size", "BIGINT length of the result, in characters.")
            .with_argument("padstring", "Non-empty VARCHAR to repeat.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, i, invoke, s, str_values, strs};

    fn run(input: Option<&str>, size: i64, fill: &str) -> Result<Option<String>> {
        let out = invoke(&LpadFunc::new(), vec![strs(&[input]), i(size), s(fill)], 1)?;
        Ok(str_values(&out).remove(0))
    }

    #[test]
    fn pads_truncates_and_nulls() -> Result<()> {
        assert_eq!(run(Some("ab"), 5, "xy")?, Some("xyxab".into()));
        assert_eq!(run(Some("héllo"), 2, "x")?, Some("hé".into()));
        assert_eq!(run(Some("abc"), 3, "x")?, Some("abc".into()));
        assert_eq!(run(Some("abc"), 0, "x")?, Some(String::new()));
        assert_eq!(run(Some(""), 2, "é")?, Some("éé".into()));
        assert_eq!(run(None, 2, "x")?, None);
        Ok(())
    }

    #[test]
    fn negative_size_and_empty_pad_are_errors() {
        let err = error(invoke(
            &LpadFunc::new(),
            vec![strs(&[Some("a")]), i(-1), s("x")],
            1,
        ));
        assert!(
            err.contains("target length -1 must be in the range"),
            "{err}"
        );
        let err = error(invoke(
            &LpadFunc::new(),
            vec![strs(&[Some("a")]), i(3), s("")],
            1,
        ));
        assert!(err.contains("padding string must not be empty"), "{err}");
    }
}
