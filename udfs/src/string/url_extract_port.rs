//! `url_extract_port`: the port number written in a URL.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::URL_SECTION;
use super::uri::Uri;
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `url_extract_port`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct UrlExtractPortFunc {
    signature: Signature,
}

impl Default for UrlExtractPortFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl UrlExtractPortFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for UrlExtractPortFunc {
    fn name(&self) -> &str {
        "url_extract_port"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let urls = strings(&args.args[0], rows)?;
        let out: Int64Array = (0..rows)
            .map(|row| {
                str_at(&urls, row)
                    .and_then(Uri::parse)
                    .and_then(|u| u.port)
                    .map(i64::from)
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                URL_SECTION,
                "Returns the port number written in `url` as BIGINT. Returns NULL when no port is written (the scheme's default port is not filled in), when the authority is not a valid host and port, when `url` is not a valid URI, or when it is NULL. Matches Trino url_extract_port.",
                "url_extract_port(url)",
            )
            .with_sql_example("> SELECT url_extract_port('http://localhost:8080/req_path');\n8080")
            .with_argument("url", "VARCHAR URL or URI.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{int_values, invoke, strs};

    #[test]
    fn written_ports_only() -> Result<()> {
        let out = invoke(
            &UrlExtractPortFunc::new(),
            vec![strs(&[
                Some("http://localhost:8080/req_path"),
                Some("https://example.com/"),
                Some("http://example.com:80"),
                Some("http://host:x/"),
                Some("not a url"),
                None,
            ])],
            6,
        )?;
        assert_eq!(
            int_values(&out),
            vec![Some(8080), None, Some(80), None, None, None]
        );
        Ok(())
    }
}
