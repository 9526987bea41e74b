//! `parse_cloudfront`: Parses one CloudFront standard log line (tab-separated, the documented 33-field order) into a struct.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::{DOC_SECTION, parse_lines, struct_type};
use crate::grammar::LineGrammar;

/// `parse_cloudfront(line)`.
#[derive(Debug)]
pub struct ParseCloudfrontFunc {
    signature: Signature,
    grammar: Arc<dyn LineGrammar>,
}

impl PartialEq for ParseCloudfrontFunc {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for ParseCloudfrontFunc {}

impl std::hash::Hash for ParseCloudfrontFunc {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl Default for ParseCloudfrontFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseCloudfrontFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
            grammar: Arc::new(crate::grammar::cloudfront::CloudFront::new()),
        }
    }
}

impl ScalarUDFImpl for ParseCloudfrontFunc {
    fn name(&self) -> &str {
        "parse_cloudfront"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(struct_type(self.grammar.as_ref()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        parse_lines(
            self.grammar.as_ref(),
            self.name(),
            &args.args,
            args.number_rows,
        )
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                DOC_SECTION,
                "Parses one CloudFront standard log line (tab-separated, the documented 33-field order) into a struct. Returns NULL for a NULL input and for a line that is not of the format; a field that does not convert to its type is NULL. The struct's fields are the columns of the `STORED AS cloudfront` table. Quarry-specific (Athena has no equivalent).",
                "parse_cloudfront(line)",
            )
            .with_sql_example(concat!(
                "> SELECT parse_cloudfront('2014-05-23\t01:13:12\tLAX1\t2390282\t192.0.2.202\tGET\td111111abcdef8.cloudfront.net\t/soundtrack/happy.mp3\t304\twww.unknownsingers.com\tMozilla/4.0%20(compatible;%20MSIE%207.0;%20Windows%20NT%205.1)\ta=b&c=d\tzip=98101\tHit\txGN7KWpVEmB9Dp7ctcVFQC4E-nrcOcEKS3QyAez--06dV7TEXAMPLE==\td111111abcdef8.cloudfront.net\thttp\t-\t0.002\t-\t-\t-\tHit\tHTTP/1.1').sc_status;\n",
                "304"
            ))
            .with_argument("line", "VARCHAR: one log line.")
            .build()
        }))
    }
}
