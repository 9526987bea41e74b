//! `regexp_extract`: the first match of a Java regular expression, or one of
//! its capturing groups.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{DOC_SECTION, Patterns, check_group};
use crate::args::{Kind, coerce, int_at, ints, str_at, strings};

/// Trino's `regexp_extract`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpExtractFunc {
    signature: Signature,
}

impl Default for RegexpExtractFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl RegexpExtractFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for RegexpExtractFunc {
    fn name(&self) -> &str {
        "regexp_extract"
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
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let mut patterns = Patterns::new(self.name(), &args.args[1], rows)?;
        let groups = args.args.get(2).map(|g| ints(g, rows)).transpose()?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let group = match &groups {
                Some(g) => int_at(g, row),
                None => Some(0),
            };
            let value = match (str_at(&input, row), patterns.get(row)?, group) {
                (Some(s), Some(re), Some(group)) => {
                    let group = check_group(self.name(), re, group)?;
                    re.captures(s)
                        .and_then(|caps| caps.get(group))
                        .map(|m| m.as_str())
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
                DOC_SECTION,
                "Returns the first substring of `string` matched by the Java regular expression `pattern`, or, with `group`, that match's capturing group number `group` (0 is the whole match). Returns NULL when an argument is NULL, when nothing matches, or when the group did not take part in the match. A negative group or one beyond the pattern's groups is an error. Matches Trino regexp_extract.",
                "regexp_extract(string, pattern [, group])",
            )
            .with_sql_example(
                "> SELECT regexp_extract('1a 2b 14m', '\\d+');\n1\n> SELECT regexp_extract('1a 2b 14m', '(\\d+)([a-z]+)', 2);\na",
            )
            .with_argument("string", "VARCHAR to search.")
            .with_argument("pattern", "Java regular expression.")
            .with_argument("group", "BIGINT capturing group number; defaults to 0.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, i, invoke, null_s, s, str_values, strs};

    fn run(args: Vec<ColumnarValue>, rows: usize) -> Result<Vec<Option<String>>> {
        Ok(str_values(&invoke(&RegexpExtractFunc::new(), args, rows)?))
    }

    #[test]
    fn whole_match_and_group() -> Result<()> {
        let input = || strs(&[Some("1a 2b 14m"), Some("no digits"), None, Some("")]);
        assert_eq!(
            run(vec![input(), s(r"\d+")], 4)?,
            vec![Some("1".into()), None, None, None]
        );
        assert_eq!(
            run(vec![input(), s(r"(\d+)([a-z]+)"), i(2)], 4)?,
            vec![Some("a".into()), None, None, None]
        );
        Ok(())
    }

    #[test]
    fn unmatched_optional_group_is_null() -> Result<()> {
        assert_eq!(
            run(vec![strs(&[Some("b")]), s("(a)?b"), i(1)], 1)?,
            vec![None]
        );
        Ok(())
    }

    #[test]
    fn named_group_syntax_and_null_pattern() -> Result<()> {
        assert_eq!(
            run(
                vec![strs(&[Some("2024-05-01")]), s(r"(?<y>\d{4})-(\d\d)"), i(2)],
                1
            )?,
            vec![Some("05".into())]
        );
        assert_eq!(run(vec![strs(&[Some("a")]), null_s()], 1)?, vec![None]);
        Ok(())
    }

    #[test]
    fn group_out_of_range_is_an_error() {
        let f = RegexpExtractFunc::new();
        let err = error(invoke(&f, vec![strs(&[Some("a1")]), s(r"(\d)"), i(2)], 1));
        assert!(err.contains("has 1 groups, cannot access group 2"), "{err}");
        let err = error(invoke(&f, vec![strs(&[Some("a1")]), s(r"(\d)"), i(-1)], 1));
        assert!(err.contains("negative"), "{err}");
    }
}
