//! `split_part`: one field of a string split on a literal delimiter.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::STRING_SECTION;
use crate::args::{Kind, coerce, int_at, ints, str_at, strings};

/// Trino's `split_part` (DataFusion's counts negative indexes from the end;
/// Trino rejects them).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SplitPartFunc {
    signature: Signature,
}

impl Default for SplitPartFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl SplitPartFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

fn field<'a>(function: &str, s: &'a str, delimiter: &str, index: i64) -> Result<Option<&'a str>> {
    if index < 1 {
        return Err(DataFusionError::Execution(format!(
            "{function}: index {index} must be greater than zero; fields are numbered from 1"
        )));
    }
    let skip = usize::try_from(index - 1).unwrap_or(usize::MAX);
    if delimiter.is_empty() {
        // Trino splits between every character.
        return Ok(s
            .char_indices()
            .nth(skip)
            .map(|(at, c)| &s[at..at + c.len_utf8()]));
    }
    Ok(s.split(delimiter).nth(skip))
}

impl ScalarUDFImpl for SplitPartFunc {
    fn name(&self) -> &str {
        "split_part"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(
            self.name(),
            arg_types,
            &[&[Kind::Str, Kind::Str, Kind::Int]],
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let delimiters = strings(&args.args[1], rows)?;
        let indexes = ints(&args.args[2], rows)?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let value = match (
                str_at(&input, row),
                str_at(&delimiters, row),
                int_at(&indexes, row),
            ) {
                (Some(s), Some(d), Some(index)) => field(self.name(), s, d, index)?,
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
                "Splits `string` on the literal `delimiter` and returns field `index`, counting from 1; an empty delimiter splits between characters. Returns NULL when `index` is larger than the number of fields or an argument is NULL. An `index` below 1 is an error. Matches Trino split_part.",
                "split_part(string, delimiter, index)",
            )
            .with_sql_example("> SELECT split_part('a,b,c', ',', 2);\nb")
            .with_argument("string", "VARCHAR to split.")
            .with_argument("delimiter", "VARCHAR separator, matched literally.")
            .with_argument("index", "BIGINT field number, from 1.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, i, invoke, s, str_values, strs};

    fn run(input: Option<&str>, delimiter: &str, index: i64) -> Result<Option<String>> {
        let out = invoke(
            &SplitPartFunc::new(),
            vec![strs(&[input]), s(delimiter), i(index)],
            1,
        )?;
        Ok(str_values(&out).remove(0))
    }

    #[test]
    fn fields_from_one_and_null_past_the_end() -> Result<()> {
        assert_eq!(run(Some("a,b,c"), ",", 1)?, Some("a".into()));
        assert_eq!(run(Some("a,b,c"), ",", 3)?, Some("c".into()));
        assert_eq!(run(Some("a,b,c"), ",", 4)?, None);
        assert_eq!(run(Some("a,b,"), ",", 3)?, Some(String::new()));
        assert_eq!(run(Some(""), ",", 1)?, Some(String::new()));
        assert_eq!(run(Some(""), ",", 2)?, None);
        assert_eq!(run(None, ",", 1)?, None);
        Ok(())
    }

    #[test]
    fn multi_character_and_empty_delimiters() -> Result<()> {
        assert_eq!(run(Some("a::b::c"), "::", 2)?, Some("b".into()));
        assert_eq!(run(Some("héllo"), "", 2)?, Some("é".into()));
        assert_eq!(run(Some("ab"), "", 3)?, None);
        Ok(())
    }

    #[test]
    fn index_below_one_is_an_error() {
        for index in [0, -1] {
            let err = error(invoke(
                &SplitPartFunc::new(),
                vec![strs(&[Some("a,b")]), s(","), i(index)],
                1,
            ));
            assert!(err.contains("must be greater than zero"), "{err}");
        }
    }
}
