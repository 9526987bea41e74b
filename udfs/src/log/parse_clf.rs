//! `parse_clf`: Parses one Common Log Format line (Apache httpd, nginx) into a struct.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::{DOC_SECTION, parse_lines, struct_type};
use crate::grammar::LineGrammar;

/// `parse_clf(line)`.
#[derive(Debug)]
pub struct ParseClfFunc {
    signature: Signature,
    grammar: Arc<dyn LineGrammar>,
}

impl PartialEq for ParseClfFunc {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for ParseClfFunc {}

impl std::hash::Hash for ParseClfFunc {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl Default for ParseClfFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseClfFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
            grammar: Arc::new(crate::grammar::clf::Clf::new()),
        }
    }
}

impl ScalarUDFImpl for ParseClfFunc {
    fn name(&self) -> &str {
        "parse_clf"
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
                "Parses one Common Log Format line (Apache httpd, nginx) into a struct. Returns NULL for a NULL input and for a line that is not of the format; a field that does not convert to its type is NULL. The struct's fields are the columns of the `STORED AS clf` table. Quarry-specific (Athena has no equivalent).",
                "parse_clf(line)",
            )
            .with_sql_example("> SELECT parse_clf('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326').remote_user;\nfrank")
            .with_argument("line", "VARCHAR: one log line.")
            .build()
        }))
    }
}
