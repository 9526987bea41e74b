//! `parse_kv`: a lenient key-value list parser for log fields.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{PARSE_SECTION, map_each_row, string_map_type};
use crate::args::{Kind, coerce};

/// `parse_kv(string, pair_sep, kv_sep)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ParseKvFunc {
    signature: Signature,
}

impl Default for ParseKvFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseKvFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Where split_to_map fails, this keeps going: log fields are written by
/// many hands, and one odd pair should not cost the query or the other pairs.
pub(crate) fn parse_kv(
    text: &str,
    pair_sep: &str,
    kv_sep: &str,
) -> Result<BTreeMap<String, Option<String>>> {
    if pair_sep.is_empty() || kv_sep.is_empty() || pair_sep == kv_sep {
        return Err(DataFusionError::Execution(format!(
            "parse_kv: the pair separator ('{pair_sep}') and key-value separator ('{kv_sep}') must be non-empty and different"
        )));
    }
    let mut map = BTreeMap::new();
    for pair in text.split(pair_sep) {
        let pair = pair.trim();
        if pair.is_empty() {
            continue;
        }
        let (key, value) = match pair.split_once(kv_sep) {
            Some((key, value)) => (key.trim_end(), Some(value.trim_start().to_string())),
            None => (pair, None),
        };
        // Later pairs win: a repeated key is usually a later override.
        map.insert(key.to_string(), value);
    }
    Ok(map)
}

impl ScalarUDFImpl for ParseKvFunc {
    fn name(&self) -> &str {
        "parse_kv"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(
            self.name(),
            arg_types,
            &[&[Kind::Str, Kind::Str, Kind::Str]],
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(string_map_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        map_each_row(&args.args, args.number_rows, parse_kv)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                PARSE_SECTION,
                "Splits `string` into pairs on `pair_sep` and each pair into key and value at the first `kv_sep` (both matched literally) and returns the map. Lenient where Trino's split_to_map is strict: spaces around keys and values are trimmed, empty pairs are skipped, a pair without `kv_sep` gives its key with a NULL value, a value may contain `kv_sep`, and when a key repeats the last value wins. Returns NULL when an argument is NULL; empty or equal separators are an error. Quarry-specific: Athena (Trino) has no such function; split_to_map is the strict Trino one.",
                "parse_kv(string, pair_sep, kv_sep)",
            )
            .with_sql_example("> SELECT parse_kv('a=1; b=2;;flag; a=3', ';', '=');\n{a: 3, b: 2, flag: NULL}")
            .with_argument("string", "VARCHAR to split.")
            .with_argument("pair_sep", "VARCHAR separating pairs.")
            .with_argument("kv_sep", "VARCHAR separating a key from its value.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, invoke, s, strs};
    use crate::parse::common::testing::map_rows;

    fn run(text: Option<&str>, pair: &str, kv: &str) -> Result<Option<Vec<String>>> {
        let out = invoke(&ParseKvFunc::new(), vec![strs(&[text]), s(pair), s(kv)], 1)?;
        Ok(map_rows(&out).remove(0))
    }

    fn owned(v: &[&str]) -> Option<Vec<String>> {
        Some(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn pairs_trimmed_empty_skipped_last_wins() -> Result<()> {
        assert_eq!(run(Some("a=1;b=2"), ";", "=")?, owned(&["a=1", "b=2"]));
        assert_eq!(
            run(Some(" a = 1 ;; b=2; a=3 ;"), ";", "=")?,
            owned(&["a=3", "b=2"])
        );
        assert_eq!(
            run(Some("flag;k=v=w"), ";", "=")?,
            owned(&["flag", "k=v=w"])
        );
        assert_eq!(run(Some("k="), ";", "=")?, owned(&["k="]));
        assert_eq!(run(Some(""), ";", "=")?, owned(&[]));
        assert_eq!(run(Some("x:=1, y:=2"), ", ", ":=")?, owned(&["x=1", "y=2"]));
        assert_eq!(run(None, ";", "=")?, None);
        Ok(())
    }

    #[test]
    fn bad_separators_are_errors() {
        for (pair, kv) in [("", "="), (";", ""), ("=", "=")] {
            let err = error(invoke(
                &ParseKvFunc::new(),
                vec![s("a=1"), s(pair), s(kv)],
                1,
            ));
            assert!(err.contains("must be non-empty and different"), "{err}");
        }
    }
}
