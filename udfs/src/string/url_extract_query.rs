//! `url_extract_query`: the query string (after `?`, before `#`), with %-escapes decoded of a URL.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{URL_SECTION, map_url};
use super::uri::percent_decode;
use crate::args::{Kind, coerce};

/// Trino's `url_extract_query`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct UrlExtractQueryFunc {
    signature: Signature,
}

impl Default for UrlExtractQueryFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl UrlExtractQueryFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for UrlExtractQueryFunc {
    fn name(&self) -> &str {
        "url_extract_query"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        map_url(&args.args[0], args.number_rows, |u| {
            Some(percent_decode(u.query.unwrap_or("")))
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                URL_SECTION,
                "Returns the query string (after `?`, before `#`), with %-escapes decoded of `url`, parsed as an RFC 2396 URI the way java.net.URI parses it. A URL without a query gives the empty string. Returns NULL when `url` is NULL or is not a valid URI (spaces, bad %-escapes, ...). Matches Trino url_extract_query.",
                "url_extract_query(url)",
            )
            .with_sql_example("> SELECT url_extract_query('http://example.com/p?k1=v1&k2=v2#f');\nk1=v1&k2=v2")
            .with_argument("url", "VARCHAR URL or URI.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{invoke, str_values, strs};

    #[test]
    fn components_missing_parts_and_invalid_urls() -> Result<()> {
        let out = invoke(
            &UrlExtractQueryFunc::new(),
            vec![strs(&[
                Some("http://example.com/p?k1=v1&k2=v2#f"),
                Some("http://example.com/p?a=%41"),
                Some("http://example.com/p"),
                Some("http://example.com/p q"),
                None,
            ])],
            5,
        )?;
        let expected: Vec<Option<&str>> =
            vec![Some("k1=v1&k2=v2"), Some("a=A"), Some(""), None, None];
        assert_eq!(
            str_values(&out),
            expected
                .iter()
                .map(|v| v.map(String::from))
                .collect::<Vec<_>>()
        );
        Ok(())
    }
}
