//! `levenshtein_distance`: the edit distance between two strings, in
//! characters.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::STRING_SECTION;
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `levenshtein_distance`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LevenshteinDistanceFunc {
    signature: Signature,
}

impl Default for LevenshteinDistanceFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl LevenshteinDistanceFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Trino's bound on the work one call may do (the product of the lengths).
const MAX_CELLS: usize = 1_000_000;

fn distance(function: &str, a: &str, b: &str) -> Result<i64> {
    let (mut long, mut short): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if long.len() < short.len() {
        std::mem::swap(&mut long, &mut short);
    }
    if short.is_empty() {
        return Ok(long.len() as i64);
    }
    if long.len().saturating_mul(short.len() - 1) > MAX_CELLS {
        return Err(DataFusionError::Execution(format!(
            "{function}: the combined inputs ({} and {} characters) are too large; the product of their lengths may be at most about {MAX_CELLS}",
            long.len(),
            short.len()
        )));
    }
    // One row of the edit-distance table, over the shorter string.
    let mut row: Vec<usize> = (0..=short.len()).collect();
    for (i, lc) in long.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, sc) in short.iter().enumerate() {
            let above = row[j + 1];
            let cost = usize::from(lc != sc);
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + cost);
            diagonal = above;
        }
    }
    Ok(row[short.len()] as i64)
}

impl ScalarUDFImpl for LevenshteinDistanceFunc {
    fn name(&self) -> &str {
        "levenshtein_distance"
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
        let left = strings(&args.args[0], rows)?;
        let right = strings(&args.args[1], rows)?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let value = match (str_at(&left, row), str_at(&right, row)) {
                (Some(a), Some(b)) => Some(distance(self.name(), a, b)?),
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
                "Returns the Levenshtein edit distance of `string1` and `string2`: the minimum number of single-character insertions, deletions or substitutions turning one into the other, counting Unicode code points. Returns NULL when an argument is NULL. Inputs whose lengths multiply to more than about a million are an error, as in Trino. Matches Trino levenshtein_distance.",
                "levenshtein_distance(string1, string2)",
            )
            .with_sql_example("> SELECT levenshtein_distance('kitten', 'sitting');\n3")
            .with_argument("string1", "VARCHAR.")
            .with_argument("string2", "VARCHAR.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, int_values, invoke, s, strs};

    #[test]
    fn distances() -> Result<()> {
        let out = invoke(
            &LevenshteinDistanceFunc::new(),
            vec![
                strs(&[
                    Some("kitten"),
                    Some(""),
                    Some("abc"),
                    Some("héllo"),
                    Some("flaw"),
                    None,
                ]),
                strs(&[
                    Some("sitting"),
                    Some("abc"),
                    Some("abc"),
                    Some("hello"),
                    Some("lawn"),
                    Some("x"),
                ]),
            ],
            6,
        )?;
        assert_eq!(
            int_values(&out),
            vec![Some(3), Some(3), Some(0), Some(1), Some(2), None]
        );
        Ok(())
    }

    #[test]
    fn huge_inputs_are_an_error() {
        let long = "a".repeat(2000);
        let err = error(invoke(
            &LevenshteinDistanceFunc::new(),
            vec![s(&long), s(&long)],
            1,
        ));
        assert!(err.contains("too large"), "{err}");
    }
}
