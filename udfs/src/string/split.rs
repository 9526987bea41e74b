//! `split`: splits a string on a literal delimiter into an array.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::STRING_SECTION;
use crate::args::{
    Kind, StringListBuilder, coerce, int_at, ints, str_at, string_list_type, strings,
};

/// Trino's `split`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SplitFunc {
    signature: Signature,
}

impl Default for SplitFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl SplitFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// The pieces of `s`, at most `limit` of them, the last holding the rest.
fn pieces<'a>(
    function: &str,
    s: &'a str,
    delimiter: &str,
    limit: Option<i64>,
) -> Result<Vec<&'a str>> {
    let limit = match limit {
        None => usize::MAX,
        Some(l) if l <= 0 => {
            return Err(DataFusionError::Execution(format!(
                "{function}: limit {l} must be positive"
            )));
        }
        Some(l) if l > i64::from(i32::MAX) => {
            return Err(DataFusionError::Execution(format!(
                "{function}: limit {l} is too large (at most {})",
                i32::MAX
            )));
        }
        Some(l) => usize::try_from(l).unwrap_or(usize::MAX),
    };
    if delimiter.is_empty() {
        return Err(DataFusionError::Execution(format!(
            "{function}: the delimiter may not be the empty string"
        )));
    }
    Ok(s.splitn(limit, delimiter).collect())
}

impl ScalarUDFImpl for SplitFunc {
    fn name(&self) -> &str {
        "split"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(
            self.name(),
            arg_types,
            &[&[Kind::Str, Kind::Str], &[Kind::Str, Kind::Str, Kind::Int]],
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(string_list_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let delimiters = strings(&args.args[1], rows)?;
        let limits = args.args.get(2).map(|a| ints(a, rows)).transpose()?;
        let mut out = StringListBuilder::new();
        for row in 0..rows {
            let limit = limits.as_ref().map(|l| int_at(l, row));
            match (str_at(&input, row), str_at(&delimiters, row), limit) {
                (Some(s), Some(d), None) | (Some(s), Some(d), Some(Some(_))) => {
                    for piece in pieces(self.name(), s, d, limit.flatten())? {
                        out.push_value(Some(piece));
                    }
                    out.finish_row(true)?;
                }
                _ => out.finish_row(false)?,
            }
        }
        out.finish()
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                STRING_SECTION,
                "Splits `string` on the literal `delimiter` and returns the pieces as an array (empty pieces are kept). With `limit`, returns at most `limit` pieces, the last holding the rest of the string. Returns NULL when an argument is NULL. An empty delimiter or a `limit` below 1 is an error. Matches Trino split.",
                "split(string, delimiter [, limit])",
            )
            .with_sql_example("> SELECT split('a.b.c', '.');\n[a, b, c]\n> SELECT split('a.b.c', '.', 2);\n[a, b.c]")
            .with_argument("string", "VARCHAR to split.")
            .with_argument("delimiter", "VARCHAR separator, matched literally.")
            .with_argument("limit", "BIGINT maximum number of pieces.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, i, invoke, list_values, s, strs};

    fn list(items: &[&str]) -> Option<Vec<Option<String>>> {
        Some(items.iter().map(|s| Some(s.to_string())).collect())
    }

    #[test]
    fn splits_keeping_empty_pieces() -> Result<()> {
        let out = invoke(
            &SplitFunc::new(),
            vec![
                strs(&[Some("a.b.c"), Some(".a..b."), Some(""), Some("abc"), None]),
                s("."),
            ],
            5,
        )?;
        assert_eq!(
            list_values(&out),
            vec![
                list(&["a", "b", "c"]),
                list(&["", "a", "", "b", ""]),
                list(&[""]),
                list(&["abc"]),
                None
            ]
        );
        Ok(())
    }

    #[test]
    fn limit_keeps_the_rest_in_the_last_piece() -> Result<()> {
        let f = SplitFunc::new();
        let out = invoke(&f, vec![strs(&[Some("a.b.c")]), s("."), i(2)], 1)?;
        assert_eq!(list_values(&out), vec![list(&["a", "b.c"])]);
        let out = invoke(&f, vec![strs(&[Some("a.b.c")]), s("."), i(1)], 1)?;
        assert_eq!(list_values(&out), vec![list(&["a.b.c"])]);
        let out = invoke(&f, vec![strs(&[Some("a.b.c")]), s("."), i(10)], 1)?;
        assert_eq!(list_values(&out), vec![list(&["a", "b", "c"])]);
        Ok(())
    }

    #[test]
    fn bad_limit_and_empty_delimiter_are_errors() {
        let f = SplitFunc::new();
        let err = error(invoke(&f, vec![strs(&[Some("a")]), s("."), i(0)], 1));
        assert!(err.contains("must be positive"), "{err}");
        let err = error(invoke(&f, vec![strs(&[Some("a")]), s("")], 1));
        assert!(err.contains("may not be the empty string"), "{err}");
    }
}
