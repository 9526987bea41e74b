//! `regexp_count`: how many times a Java regular expression matches.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{DOC_SECTION, Patterns};
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `regexp_count`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpCountFunc {
    signature: Signature,
}

impl Default for RegexpCountFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl RegexpCountFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for RegexpCountFunc {
    fn name(&self) -> &str {
        "regexp_count"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str, Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let mut patterns = Patterns::new(self.name(), &args.args[1], rows)?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let value = match (str_at(&input, row), patterns.get(row)?) {
                (Some(s), Some(re)) => i64::try_from(re.find_iter(s).count()).ok(),
                _ => None,
            };
            out.push(value);
        }
        Ok(ColumnarValue::Array(Arc::new(Int64Array::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                DOC_SECTION,
                "Returns the number of non-overlapping matches of the Java regular expression `pattern` in `string` (a pattern matching the empty string also matches between characters). Returns NULL when either argument is NULL. Matches Trino regexp_count.",
                "regexp_count(string, pattern)",
            )
            .with_sql_example("> SELECT regexp_count('1a 2b 14m', '\\s*[a-z]+\\s*');\n3")
            .with_argument("string", "VARCHAR to search.")
            .with_argument("pattern", "Java regular expression.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{int_values, invoke, s, strs};

    #[test]
    fn counts_matches() -> Result<()> {
        let out = invoke(
            &RegexpCountFunc::new(),
            vec![
                strs(&[Some("1a 2b 14m"), Some("123"), Some(""), None]),
                s(r"\s*[a-z]+\s*"),
            ],
            4,
        )?;
        assert_eq!(int_values(&out), vec![Some(3), Some(0), Some(0), None]);
        Ok(())
    }

    #[test]
    fn empty_pattern_matches_between_characters() -> Result<()> {
        let out = invoke(
            &RegexpCountFunc::new(),
            vec![strs(&[Some("abc")]), s("")],
            1,
        )?;
        assert_eq!(int_values(&out), vec![Some(4)]);
        Ok(())
    }
}
