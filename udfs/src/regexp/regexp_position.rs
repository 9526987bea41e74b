//! `regexp_position`: the 1-based character position of the n-th match of a
//! Java regular expression at or after a start position.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Int32Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use regex::Regex;

use super::common::{DOC_SECTION, Patterns};
use crate::args::{Kind, coerce, int_at, ints, str_at, strings};

/// Trino's `regexp_position`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpPositionFunc {
    signature: Signature,
}

impl Default for RegexpPositionFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl RegexpPositionFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Position (from 1, in characters) of the `occurrence`-th match at or after
/// character `start`, or -1.
fn position(function: &str, s: &str, re: &Regex, start: i64, occurrence: i64) -> Result<i32> {
    if start < 1 {
        return Err(DataFusionError::Execution(format!(
            "{function}: start position {start} cannot be smaller than 1"
        )));
    }
    if occurrence < 1 {
        return Err(DataFusionError::Execution(format!(
            "{function}: occurrence {occurrence} cannot be smaller than 1"
        )));
    }
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let Some((mut at, _)) = s.char_indices().nth(skip) else {
        return Ok(-1);
    };
    let mut seen = 0;
    while at <= s.len() {
        let Some(m) = re.find_at(s, at) else {
            return Ok(-1);
        };
        seen += 1;
        if seen == occurrence {
            let chars = s[..m.start()].chars().count() + 1;
            return i32::try_from(chars).map_err(|_| {
                DataFusionError::Execution(format!("{function}: position exceeds INTEGER"))
            });
        }
        // An empty match must not be found again at the same place.
        at = if m.is_empty() {
            m.end() + s[m.end()..].chars().next().map_or(1, char::len_utf8)
        } else {
            m.end()
        };
    }
    Ok(-1)
}

impl ScalarUDFImpl for RegexpPositionFunc {
    fn name(&self) -> &str {
        "regexp_position"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(
            self.name(),
            arg_types,
            &[
                &[Kind::Str, Kind::Str],
                &[Kind::Str, Kind::Str, Kind::Int],
                &[Kind::Str, Kind::Str, Kind::Int, Kind::Int],
            ],
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int32)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let input = strings(&args.args[0], rows)?;
        let mut patterns = Patterns::new(self.name(), &args.args[1], rows)?;
        let starts = args.args.get(2).map(|a| ints(a, rows)).transpose()?;
        let occurrences = args.args.get(3).map(|a| ints(a, rows)).transpose()?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let start = starts.as_ref().map_or(Some(1), |a| int_at(a, row));
            let occurrence = occurrences.as_ref().map_or(Some(1), |a| int_at(a, row));
            let value = match (str_at(&input, row), patterns.get(row)?, start, occurrence) {
                (Some(s), Some(re), Some(start), Some(occurrence)) => {
                    Some(position(self.name(), s, re, start, occurrence)?)
                }
                _ => None,
            };
            out.push(value);
        }
        Ok(ColumnarValue::Array(Arc::new(Int32Array::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                DOC_SECTION,
                "Returns the position (counting characters from 1) of the `occurrence`-th match of the Java regular expression `pattern` in `string`, searching from character `start` (included). Returns -1 when there is no such match or `start` is past the end, NULL when an argument is NULL. `start` and `occurrence` default to 1; values below 1 are errors. Matches Trino regexp_position.",
                "regexp_position(string, pattern [, start [, occurrence]])",
            )
            .with_sql_example(
                "> SELECT regexp_position('I have 23 apples, 5 pears and 13 oranges', '\\b\\d+\\b', 12, 2);\n31",
            )
            .with_argument("string", "VARCHAR to search.")
            .with_argument("pattern", "Java regular expression.")
            .with_argument("start", "BIGINT character position to start from; defaults to 1.")
            .with_argument("occurrence", "BIGINT which match to report; defaults to 1.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, AsArray};
    use datafusion::arrow::datatypes::Int32Type;

    use super::*;
    use crate::args::testing::{error, i, invoke, s, strs};

    const TEXT: &str = "I have 23 apples, 5 pears and 13 oranges";

    fn run(args: Vec<ColumnarValue>) -> Result<Option<i32>> {
        let out = invoke(&RegexpPositionFunc::new(), args, 1)?;
        let out = out.as_primitive::<Int32Type>();
        Ok(out.is_valid(0).then(|| out.value(0)))
    }

    #[test]
    fn trino_examples() -> Result<()> {
        let p = || s(r"\b\d+\b");
        assert_eq!(run(vec![strs(&[Some(TEXT)]), p()])?, Some(8));
        assert_eq!(run(vec![strs(&[Some(TEXT)]), p(), i(5)])?, Some(8));
        assert_eq!(run(vec![strs(&[Some(TEXT)]), p(), i(12)])?, Some(19));
        assert_eq!(run(vec![strs(&[Some(TEXT)]), p(), i(12), i(1)])?, Some(19));
        assert_eq!(run(vec![strs(&[Some(TEXT)]), p(), i(12), i(2)])?, Some(31));
        assert_eq!(run(vec![strs(&[Some(TEXT)]), p(), i(12), i(3)])?, Some(-1));
        Ok(())
    }

    #[test]
    fn counts_characters_not_bytes() -> Result<()> {
        assert_eq!(run(vec![strs(&[Some("ééx")]), s("x")])?, Some(3));
        assert_eq!(run(vec![strs(&[Some("éxéx")]), s("x"), i(3)])?, Some(4));
        Ok(())
    }

    #[test]
    fn past_the_end_no_match_and_null() -> Result<()> {
        assert_eq!(run(vec![strs(&[Some("abc")]), s("c"), i(4)])?, Some(-1));
        assert_eq!(run(vec![strs(&[Some("abc")]), s("z")])?, Some(-1));
        assert_eq!(run(vec![strs(&[Some("")]), s("z")])?, Some(-1));
        assert_eq!(run(vec![strs(&[None]), s("z")])?, None);
        Ok(())
    }

    #[test]
    fn start_and_occurrence_below_one_are_errors() {
        let f = RegexpPositionFunc::new();
        let err = error(invoke(&f, vec![strs(&[Some("a")]), s("a"), i(0)], 1));
        assert!(
            err.contains("start position 0 cannot be smaller than 1"),
            "{err}"
        );
        let err = error(invoke(&f, vec![strs(&[Some("a")]), s("a"), i(1), i(0)], 1));
        assert!(
            err.contains("occurrence 0 cannot be smaller than 1"),
            "{err}"
        );
    }
}
