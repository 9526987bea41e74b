//! `split_to_map`: Trino's strict key-value splitter.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{PARSE_SECTION, map_each_row, string_map_type};
use crate::args::{Kind, coerce};

/// Trino's `split_to_map`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SplitToMapFunc {
    signature: Signature,
}

impl Default for SplitToMapFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl SplitToMapFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

fn invalid(message: String) -> DataFusionError {
    DataFusionError::Execution(format!("split_to_map: {message}"))
}

/// Trino's rules: every entry holds the key-value delimiter exactly once,
/// keys are unique, and only a trailing entry delimiter may leave an empty
/// entry.
pub(crate) fn split_to_map(
    text: &str,
    entry_delimiter: &str,
    kv_delimiter: &str,
) -> Result<BTreeMap<String, Option<String>>> {
    if entry_delimiter.is_empty() {
        return Err(invalid("entryDelimiter is empty".into()));
    }
    if kv_delimiter.is_empty() {
        return Err(invalid("keyValueDelimiter is empty".into()));
    }
    if entry_delimiter == kv_delimiter {
        return Err(invalid(
            "entryDelimiter and keyValueDelimiter must not be the same".into(),
        ));
    }
    let mut map = BTreeMap::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (entry, next) = match rest.split_once(entry_delimiter) {
            Some((entry, next)) => (entry, Some(next)),
            None => (rest, None),
        };
        let bad = || {
            invalid(format!(
                "Key-value delimiter must appear exactly once in each entry. Bad input: '{entry}'"
            ))
        };
        let (key, value) = entry.split_once(kv_delimiter).ok_or_else(bad)?;
        if value.contains(kv_delimiter) {
            return Err(bad());
        }
        if map
            .insert(key.to_string(), Some(value.to_string()))
            .is_some()
        {
            return Err(invalid(format!(
                "Duplicate keys ({key}) are not allowed; parse_kv keeps the last value instead"
            )));
        }
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    Ok(map)
}

impl ScalarUDFImpl for SplitToMapFunc {
    fn name(&self) -> &str {
        "split_to_map"
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
        map_each_row(&args.args, args.number_rows, split_to_map)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                PARSE_SECTION,
                "Splits `string` into entries on `entryDelimiter` and each entry into key and value on `keyValueDelimiter`, both matched literally, and returns the map. A trailing `entryDelimiter` is allowed; an entry without exactly one `keyValueDelimiter` (including an empty entry), a duplicate key, and empty or equal delimiters are errors. Returns NULL when an argument is NULL. Matches Trino split_to_map; see parse_kv for a lenient version.",
                "split_to_map(string, entryDelimiter, keyValueDelimiter)",
            )
            .with_sql_example("> SELECT split_to_map('a=1,b=2', ',', '=');\n{a: 1, b: 2}")
            .with_argument("string", "VARCHAR to split.")
            .with_argument("entryDelimiter", "VARCHAR separating entries.")
            .with_argument("keyValueDelimiter", "VARCHAR separating a key from its value.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, invoke, s, strs};
    use crate::parse::common::testing::map_rows;

    fn entries(text: &str, entry: &str, kv: &str) -> Result<Vec<String>> {
        Ok(split_to_map(text, entry, kv)?
            .into_iter()
            .map(|(k, v)| format!("{k}={}", v.unwrap_or_default()))
            .collect())
    }

    #[test]
    fn trino_valid_inputs() -> Result<()> {
        assert_eq!(
            entries("1:10,2:20,3:30,4:", ",", ":")?,
            ["1=10", "2=20", "3=30", "4="]
        );
        assert_eq!(entries("", ",", ":")?, Vec::<String>::new());
        assert_eq!(entries(":00,1:11", ",", ":")?, ["=00", "1=11"]);
        assert_eq!(entries(":", ",", ":")?, ["="]);
        assert_eq!(entries("11:17,", ",", ":")?, ["11=17"]);
        assert_eq!(entries(":,", ",", ":")?, ["="]);
        assert_eq!(entries("a:=1;b:=2", ";", ":=")?, ["a=1", "b=2"]);
        Ok(())
    }

    #[test]
    fn trino_invalid_inputs() {
        for (text, entry, kv, message) in [
            (",", ",", ":", "Bad input: ''"),
            (",11:17", ",", ":", "Bad input: ''"),
            ("11:17,,", ",", ":", "Bad input: ''"),
            ("key", ",", "=", "Bad input: 'key'"),
            ("key==value", ",", "=", "Bad input: 'key==value'"),
            ("key=va=lue", ",", "=", "Bad input: 'key=va=lue'"),
            ("a=123,a=.4", ",", "=", "Duplicate keys (a) are not allowed"),
            ("a=1", ",", ",", "must not be the same"),
            ("a=1", "", "=", "entryDelimiter is empty"),
            ("a=1", ",", "", "keyValueDelimiter is empty"),
        ] {
            let err = split_to_map(text, entry, kv)
                .map(|_| ())
                .unwrap_err()
                .to_string();
            assert!(err.contains(message), "{text}: {err}");
        }
    }

    #[test]
    fn column_with_null_rows() -> Result<()> {
        let out = invoke(
            &SplitToMapFunc::new(),
            vec![strs(&[Some("a=1&b=2"), None]), s("&"), s("=")],
            2,
        )?;
        assert_eq!(
            map_rows(&out),
            vec![Some(vec!["a=1".to_string(), "b=2".to_string()]), None]
        );
        let err = error(invoke(
            &SplitToMapFunc::new(),
            vec![strs(&[Some("a")]), s("&"), s("=")],
            1,
        ));
        assert!(err.contains("split_to_map: Key-value delimiter"), "{err}");
        Ok(())
    }
}
