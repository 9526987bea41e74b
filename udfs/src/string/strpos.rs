//! `strpos`: the 1-based character position of the n-th instance of a
//! substring, counted from the start or, for a negative instance, the end.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::STRING_SECTION;
use crate::args::{Kind, coerce, int_at, ints, str_at, strings};

/// Trino's `strpos` (DataFusion's has no `instance` argument).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct StrposFunc {
    signature: Signature,
}

impl Default for StrposFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl StrposFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Byte offsets of every (possibly overlapping) instance of `sub` in `s`.
fn instances(s: &str, sub: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = s.get(from..).and_then(|rest| rest.find(sub)) {
        let at = from + at;
        found.push(at);
        from = at + s[at..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

fn strpos(function: &str, s: &str, sub: &str, instance: i64) -> Result<i64> {
    if instance == 0 {
        return Err(DataFusionError::Execution(format!(
            "{function}: 'instance' must be a positive or negative number, not 0"
        )));
    }
    if sub.is_empty() {
        return Ok(1);
    }
    let found = instances(s, sub);
    let nth = usize::try_from(instance.unsigned_abs()).unwrap_or(usize::MAX) - 1;
    let at = if instance > 0 {
        found.get(nth)
    } else {
        found.iter().rev().nth(nth)
    };
    Ok(at.map_or(0, |&at| {
        i64::try_from(s[..at].chars().count()).unwrap_or(i64::MAX) + 1
    }))
}

impl ScalarUDFImpl for StrposFunc {
    fn name(&self) -> &str {
        "strpos"
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
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let subs = strings(&args.args[1], rows)?;
        let instances = args.args.get(2).map(|a| ints(a, rows)).transpose()?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let instance = instances.as_ref().map_or(Some(1), |a| int_at(a, row));
            let value = match (str_at(&input, row), str_at(&subs, row), instance) {
                (Some(s), Some(sub), Some(instance)) => {
                    Some(strpos(self.name(), s, sub, instance)?)
                }
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
                STRING_SECTION,
                "Returns the position (counting characters from 1) of the first instance of `substring` in `string`, or of the `instance`-th one; a negative `instance` counts instances from the end. Instances may overlap. Returns 0 when there is no such instance, 1 for an empty `substring`, NULL when an argument is NULL. An `instance` of 0 is an error. `position(substring IN string)` is the SQL-standard form of the two-argument call. Matches Trino strpos.",
                "strpos(string, substring [, instance])",
            )
            .with_sql_example("> SELECT strpos('abcabc', 'bc', 2);\n5\n> SELECT strpos('abcabc', 'bc', -1);\n5")
            .with_argument("string", "VARCHAR to search.")
            .with_argument("substring", "VARCHAR to find.")
            .with_argument("instance", "BIGINT instance number, negative to count from the end; defaults to 1.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, i, int_values, invoke, s, strs};

    fn run(args: Vec<ColumnarValue>) -> Result<Option<i64>> {
        Ok(int_values(&invoke(&StrposFunc::new(), args, 1)?).remove(0))
    }

    #[test]
    fn first_and_nth_instances() -> Result<()> {
        let text = || strs(&[Some("abcabc")]);
        assert_eq!(run(vec![text(), s("bc")])?, Some(2));
        assert_eq!(run(vec![text(), s("bc"), i(2)])?, Some(5));
        assert_eq!(run(vec![text(), s("bc"), i(3)])?, Some(0));
        assert_eq!(run(vec![text(), s("bc"), i(-1)])?, Some(5));
        assert_eq!(run(vec![text(), s("bc"), i(-2)])?, Some(2));
        assert_eq!(run(vec![text(), s("x")])?, Some(0));
        Ok(())
    }

    #[test]
    fn overlapping_characters_empty_and_null() -> Result<()> {
        assert_eq!(run(vec![strs(&[Some("aaa")]), s("aa"), i(2)])?, Some(2));
        assert_eq!(run(vec![strs(&[Some("ééx")]), s("x")])?, Some(3));
        assert_eq!(run(vec![strs(&[Some("abc")]), s("")])?, Some(1));
        assert_eq!(run(vec![strs(&[Some("")]), s("a")])?, Some(0));
        assert_eq!(run(vec![strs(&[None]), s("a")])?, None);
        Ok(())
    }

    #[test]
    fn instance_zero_is_an_error() {
        let err = error(invoke(
            &StrposFunc::new(),
            vec![strs(&[Some("a")]), s("a"), i(0)],
            1,
        ));
        assert!(
            err.contains("'instance' must be a positive or negative number"),
            "{err}"
        );
    }
}
