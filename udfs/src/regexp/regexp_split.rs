//! `regexp_split`: splits a string around the matches of a Java regular
//! expression.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{DOC_SECTION, Patterns};
use crate::args::{Kind, StringListBuilder, coerce, str_at, string_list_type, strings};

/// Trino's `regexp_split`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpSplitFunc {
    signature: Signature,
}

impl Default for RegexpSplitFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl RegexpSplitFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for RegexpSplitFunc {
    fn name(&self) -> &str {
        "regexp_split"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str, Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(string_list_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let mut patterns = Patterns::new(self.name(), &args.args[1], rows)?;
        let mut out = StringListBuilder::new();
        for row in 0..rows {
            match (str_at(&input, row), patterns.get(row)?) {
                (Some(s), Some(re)) => {
                    // Like Trino, leading and trailing empty pieces are kept.
                    for piece in re.split(s) {
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
                DOC_SECTION,
                "Splits `string` around the matches of the Java regular expression `pattern` and returns the pieces as an array; leading and trailing empty pieces are kept. A string without a match gives a one-element array; a NULL argument gives NULL. Matches Trino regexp_split.",
                "regexp_split(string, pattern)",
            )
            .with_sql_example("> SELECT regexp_split('1a 2b 14m', '\\s*[a-z]+\\s*');\n[1, 2, 14, ]")
            .with_argument("string", "VARCHAR to split.")
            .with_argument("pattern", "Java regular expression matching the separators.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{invoke, list_values, s, strs};

    fn list(items: &[&str]) -> Option<Vec<Option<String>>> {
        Some(items.iter().map(|s| Some(s.to_string())).collect())
    }

    #[test]
    fn keeps_empty_pieces_and_nulls() -> Result<()> {
        let out = invoke(
            &RegexpSplitFunc::new(),
            vec![
                strs(&[Some("1a 2b 14m"), Some("a1"), Some("123"), Some(""), None]),
                s(r"\s*[a-z]+\s*"),
            ],
            5,
        )?;
        assert_eq!(
            list_values(&out),
            vec![
                list(&["1", "2", "14", ""]),
                list(&["", "1"]),
                list(&["123"]),
                list(&[""]),
                None
            ]
        );
        Ok(())
    }
}
