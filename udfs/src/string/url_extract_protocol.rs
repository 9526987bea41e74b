//! `url_extract_protocol`: the protocol (scheme) of a URL.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{URL_SECTION, map_url};
use crate::args::{Kind, coerce};

/// Trino's `url_extract_protocol`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct UrlExtractProtocolFunc {
    signature: Signature,
}

impl Default for UrlExtractProtocolFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl UrlExtractProtocolFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for UrlExtractProtocolFunc {
    fn name(&self) -> &str {
        "url_extract_protocol"
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
            Some(u.scheme.unwrap_or("").to_string())
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                URL_SECTION,
                "Returns the protocol (scheme) of `url`, parsed as an RFC 2396 URI the way java.net.URI parses it. A URL without a scheme gives the empty string. Returns NULL when `url` is NULL or is not a valid URI (spaces, bad %-escapes, ...). Matches Trino url_extract_protocol.",
                "url_extract_protocol(url)",
            )
            .with_sql_example("> SELECT url_extract_protocol('https://127.0.0.1:8080/req_path');\nhttps")
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
            &UrlExtractProtocolFunc::new(),
            vec![strs(&[
                Some("https://127.0.0.1:8080/req_path"),
                Some("ftp://path/file"),
                Some("/relative/path"),
                Some("http://bad host/"),
                None,
            ])],
            5,
        )?;
        let expected: Vec<Option<&str>> = vec![Some("https"), Some("ftp"), Some(""), None, None];
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
