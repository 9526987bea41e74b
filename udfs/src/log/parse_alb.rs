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
            .with_sql_example("> SELECT parse_alb(line).elb_status_code FROM raw_lines;\n200")
            .with_argument("line", "VARCHAR: one log line.")
            .build()
        }))
    }
}
