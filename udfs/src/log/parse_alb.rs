//! `parse_alb`: Parses one Application Load Balancer access log line into a struct.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::{DOC_SECTION, parse_lines, struct_type};
use crate::grammar::LineGrammar;

/// `parse_alb(line)`.
#[derive(Debug)]
pub struct ParseAlbFunc {
    signature: Signature,
    grammar: Arc<dyn LineGrammar>,
}

impl PartialEq for ParseAlbFunc {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for ParseAlbFunc {}

impl std::hash::Hash for ParseAlbFunc {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl Default for ParseAlbFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseAlbFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
            grammar: Arc::new(crate::grammar::alb::Alb::new()),
        }
    }
}

impl ScalarUDFImpl for ParseAlbFunc {
    fn name(&self) -> &str {
        "parse_alb"
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
                "Parses one Application Load Balancer access log line into a struct. Returns NULL for a NULL input and for a line that is not of the format; a field that does not convert to its type is NULL. The struct's fields are the columns of the `STORED AS alb` table. Quarry-specific (Athena has no equivalent).",
                "parse_alb(line)",
            )
            .with_sql_example(concat!(
                "> SELECT parse_alb('http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd5678ef90 \"-\" \"-\" \"-\"').elb_status_code;\n",
                "200"
            ))
            .with_argument("line", "VARCHAR: one log line.")
            .build()
        }))
    }
}
