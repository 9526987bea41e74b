//! `url_extract_fragment`: the fragment identifier (after `#`), with %-escapes decoded of a URL.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{URL_SECTION, map_url};
use super::uri::percent_decode;
use crate::args::{Kind, coerce};

/// Trino's `url_extract_fragment`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct UrlExtractFragmentFunc {
    signature: Signature,
}

impl Default for UrlExtractFragmentFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl UrlExtractFragmentFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for UrlExtractFragmentFunc {
    fn name(&self) -> &str {
        "url_extract_fragment"
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
            Some(percent_decode(u.fragment.unwrap_or("")))
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                URL_SECTION,
                "Returns the fragment identifier (after `#`), with %-escapes decoded of `url`, parsed as an RFC 2396 URI the way java.net.URI parses it. A URL without a fragment gives the empty string. Returns NULL when `url` is NULL or is not a valid URI (spaces, bad %-escapes, ...). Matches Trino url_extract_fragment.",
                "url_extract_fragment(url)",
            )
            .with_sql_example("> SELECT url_extract_fragment('http://example.com/p?q=1#section-2');\nsection-2")
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
            &UrlExtractFragmentFunc::new(),
            vec![strs(&[
                Some("http://example.com/p?q=1#section-2"),
                Some("http://example.com/p"),
                Some("a#b#c"),
                None,
            ])],
            4,
        )?;
        let expected: Vec<Option<&str>> = vec![Some("section-2"), Some(""), None, None];
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
