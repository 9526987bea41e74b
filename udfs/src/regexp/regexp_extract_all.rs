//! `regexp_extract_all`: every match of a Java regular expression, or one
//! capturing group of every match, as an array.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{DOC_SECTION, Patterns, check_group};
use crate::args::{
    Kind, StringListBuilder, coerce, int_at, ints, str_at, string_list_type, strings,
};

/// Trino's `regexp_extract_all`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpExtractAllFunc {
    signature: Signature,
}

impl Default for RegexpExtractAllFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl RegexpExtractAllFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for RegexpExtractAllFunc {
    fn name(&self) -> &str {
        "regexp_extract_all"
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
        let mut patterns = Patterns::new(self.name(), &args.args[1], rows)?;
        let groups = args.args.get(2).map(|g| ints(g, rows)).transpose()?;
        let mut out = StringListBuilder::new();
        for row in 0..rows {
            let group = match &groups {
                Some(g) => int_at(g, row),
                None => Some(0),
            };
            match (str_at(&input, row), patterns.get(row)?, group) {
                (Some(s), Some(re), Some(group)) => {
                    let group = check_group(self.name(), re, group)?;
                    for caps in re.captures_iter(s) {
                        out.push_value(caps.get(group).map(|m| m.as_str()));
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
                "Returns an array of every substring of `string` matched by the Java regular expression `pattern`, or, with `group`, of that capturing group in every match (a group that did not take part in a match gives a NULL element). No match gives an empty array; a NULL argument gives NULL. A negative group or one beyond the pattern's groups is an error. Matches Trino regexp_extract_all.",
                "regexp_extract_all(string, pattern [, group])",
            )
            .with_sql_example(
                "> SELECT regexp_extract_all('1a 2b 14m', '\\d+');\n[1, 2, 14]\n> SELECT regexp_extract_all('1a 2b 14m', '(\\d+)([a-z]+)', 2);\n[a, b, m]",
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
    use crate::args::testing::{error, i, invoke, list_values, s, strs};

    type Lists = Vec<Option<Vec<Option<String>>>>;

    fn run(args: Vec<ColumnarValue>, rows: usize) -> Result<Lists> {
        Ok(list_values(&invoke(
            &RegexpExtractAllFunc::new(),
            args,
            rows,
        )?))
    }

    fn list(items: &[&str]) -> Option<Vec<Option<String>>> {
        Some(items.iter().map(|s| Some(s.to_string())).collect())
    }

    #[test]
    fn all_matches_groups_and_no_match() -> Result<()> {
        let input = || strs(&[Some("1a 2b 14m"), Some("none"), None, Some("")]);
        assert_eq!(
            run(vec![input(), s(r"\d+")], 4)?,
            vec![list(&["1", "2", "14"]), list(&[]), None, list(&[])]
        );
        assert_eq!(
            run(vec![input(), s(r"(\d+)([a-z]+)"), i(2)], 4)?,
            vec![list(&["a", "b", "m"]), list(&[]), None, list(&[])]
        );
        Ok(())
    }

    #[test]
    fn group_missing_from_a_match_is_a_null_element() -> Result<()> {
        assert_eq!(
            run(vec![strs(&[Some("ab b")]), s("(a)?b"), i(1)], 1)?,
            vec![Some(vec![Some("a".to_string()), None])]
        );
        Ok(())
    }

    #[test]
    fn empty_matches_step_over_each_character() -> Result<()> {
        assert_eq!(
            run(vec![strs(&[Some("ab")]), s("x*")], 1)?,
            vec![list(&["", "", ""])]
        );
        Ok(())
    }

    #[test]
    fn group_out_of_range_is_an_error() {
        let err = error(invoke(
            &RegexpExtractAllFunc::new(),
            vec![strs(&[Some("a")]), s("a"), i(1)],
            1,
        ));
        assert!(err.contains("has 0 groups, cannot access group 1"), "{err}");
    }
}
