//! `url_extract_parameter`: the value of the first query parameter of a URL
//! with a given name.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::URL_SECTION;
use super::uri::Uri;
use super::url_decode::form_decode;
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `url_extract_parameter`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct UrlExtractParameterFunc {
    signature: Signature,
}

impl Default for UrlExtractParameterFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl UrlExtractParameterFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Trino compares the raw (still escaped) name and decodes only the value;
/// a name without `=` has the empty value.
fn parameter(function: &str, query: &str, name: &str) -> Result<Option<String>> {
    for pair in query.split('&') {
        let (key, value) = match pair.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (pair, None),
        };
        if key == name {
            return match value {
                Some(v) => form_decode(function, v).map(Some),
                None => Ok(Some(String::new())),
            };
        }
    }
    Ok(None)
}

impl ScalarUDFImpl for UrlExtractParameterFunc {
    fn name(&self) -> &str {
        "url_extract_parameter"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str, Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let urls = strings(&args.args[0], rows)?;
        let names = strings(&args.args[1], rows)?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let query = str_at(&urls, row)
                .and_then(Uri::parse)
                .and_then(|u| u.query);
            let value = match (query, str_at(&names, row)) {
                (Some(query), Some(name)) => parameter(self.name(), query, name)?,
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
                URL_SECTION,
                "Returns the value of the first query-string parameter named `name` in `url`, decoded as a form value (`+` is a space, `%XX` a UTF-8 byte). A parameter written without `=` gives the empty string. Returns NULL when no parameter has that name, when `url` has no query or is not a valid URI, or when an argument is NULL. Matches Trino url_extract_parameter.",
                "url_extract_parameter(url, name)",
            )
            .with_sql_example(
                "> SELECT url_extract_parameter('http://example.com/path?k1=v1&k2=v%202', 'k2');\nv 2",
            )
            .with_argument("url", "VARCHAR URL or URI.")
            .with_argument("name", "VARCHAR parameter name, compared as written in the URL.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{invoke, s, str_values, strs};

    fn run(url: Option<&str>, name: &str) -> Result<Option<String>> {
        let out = invoke(
            &UrlExtractParameterFunc::new(),
            vec![strs(&[url]), s(name)],
            1,
        )?;
        Ok(str_values(&out).remove(0))
    }

    #[test]
    fn first_match_decoded() -> Result<()> {
        let url = Some("http://example.com/path?k1=v1&k2=a+b%21&k1=second&flag#k3=x");
        assert_eq!(run(url, "k1")?, Some("v1".into()));
        assert_eq!(run(url, "k2")?, Some("a b!".into()));
        assert_eq!(run(url, "flag")?, Some(String::new()));
        assert_eq!(run(url, "k3")?, None, "the fragment is not the query");
        assert_eq!(run(url, "missing")?, None);
        Ok(())
    }

    #[test]
    fn no_query_invalid_and_null() -> Result<()> {
        assert_eq!(run(Some("http://example.com/path"), "k")?, None);
        assert_eq!(run(Some("http://example.com/a b?k=1"), "k")?, None);
        assert_eq!(run(None, "k")?, None);
        Ok(())
    }
}
