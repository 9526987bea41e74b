//! `regexp_like`: whether a Java regular expression matches anywhere in a string.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::BooleanArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{DOC_SECTION, Patterns};
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `regexp_like`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpLikeFunc {
    signature: Signature,
}

impl Default for RegexpLikeFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl RegexpLikeFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for RegexpLikeFunc {
    fn name(&self) -> &str {
        "regexp_like"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str, Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let mut patterns = Patterns::new(self.name(), &args.args[1], rows)?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let value = match (str_at(&input, row), patterns.get(row)?) {
                (Some(s), Some(re)) => Some(re.is_match(s)),
                _ => None,
            };
            out.push(value);
        }
        Ok(ColumnarValue::Array(Arc::new(BooleanArray::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                DOC_SECTION,
                "Returns true when the Java regular expression `pattern` matches anywhere in `string` (a contains test; anchor with `^` and `$` to match the whole string). Returns NULL when either argument is NULL. An invalid or unsupported pattern (lookaround, backreferences) is an error naming the construct. Matches Trino regexp_like.",
                "regexp_like(string, pattern)",
            )
            .with_sql_example("> SELECT regexp_like('1a 2b 14m', '\\d+b');\ntrue")
            .with_argument("string", "VARCHAR to search.")
            .with_argument("pattern", "Java regular expression.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, AsArray};

    use super::*;
    use crate::args::testing::{error, invoke, null_s, s, strs};

    #[test]
    fn contains_not_full_match() -> Result<()> {
        let out = invoke(
            &RegexpLikeFunc::new(),
            vec![
                strs(&[Some("1a 2b 14m"), Some("xyz"), None, Some("")]),
                s(r"\d+b"),
            ],
            4,
        )?;
        let out = out.as_boolean();
        assert!(out.value(0));
        assert!(!out.value(1));
        assert!(out.is_null(2));
        assert!(!out.value(3));
        Ok(())
    }

    #[test]
    fn anchors_and_null_pattern() -> Result<()> {
        let f = RegexpLikeFunc::new();
        let anchored = invoke(&f, vec![strs(&[Some("abc"), Some("xabc")]), s("^abc$")], 2)?;
        assert!(anchored.as_boolean().value(0));
        assert!(!anchored.as_boolean().value(1));
        let null = invoke(&f, vec![strs(&[Some("abc")]), null_s()], 1)?;
        assert!(null.is_null(0));
        Ok(())
    }

    #[test]
    fn pattern_column_compiles_per_value() -> Result<()> {
        let out = invoke(
            &RegexpLikeFunc::new(),
            vec![
                strs(&[Some("abc"), Some("abc"), Some("abc")]),
                strs(&[Some("^a"), Some("^b"), None]),
            ],
            3,
        )?;
        let out = out.as_boolean();
        assert!(out.value(0));
        assert!(!out.value(1));
        assert!(out.is_null(2));
        Ok(())
    }

    #[test]
    fn malformed_and_unsupported_patterns_error() {
        let f = RegexpLikeFunc::new();
        let err = error(invoke(&f, vec![strs(&[Some("a")]), s("(ab")], 1));
        assert!(
            err.contains("regexp_like: invalid regular expression '(ab'"),
            "{err}"
        );
        let err = error(invoke(&f, vec![strs(&[Some("a")]), s("a(?=b)")], 1));
        assert!(err.contains("lookahead"), "{err}");
    }
}
