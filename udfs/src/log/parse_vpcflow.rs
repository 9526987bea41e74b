//! `parse_vpcflow`: Parses one VPC flow log line in the default version 2 layout into a struct (`-` is NULL).

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::{DOC_SECTION, parse_lines, struct_type};
use crate::grammar::LineGrammar;

/// `parse_vpcflow(line)`.
#[derive(Debug)]
pub struct ParseVpcflowFunc {
    signature: Signature,
    grammar: Arc<dyn LineGrammar>,
}

impl PartialEq for ParseVpcflowFunc {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for ParseVpcflowFunc {}

impl std::hash::Hash for ParseVpcflowFunc {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl Default for ParseVpcflowFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseVpcflowFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
            grammar: Arc::new(crate::grammar::vpcflow::VpcFlow::new()),
        }
    }
}

impl ScalarUDFImpl for ParseVpcflowFunc {
    fn name(&self) -> &str {
        "parse_vpcflow"
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
                "Parses one VPC flow log line in the default version 2 layout into a struct (`-` is NULL). Returns NULL for a NULL input and for a line that is not of the format; a field that does not convert to its type is NULL. The struct's fields are the columns of the `STORED AS vpcflow` table. Quarry-specific (Athena has no equivalent).",
                "parse_vpcflow(line)",
            )
            .with_sql_example("> SELECT parse_vpcflow('2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK').dstport;\n22")
            .with_argument("line", "VARCHAR: one log line.")
            .build()
        }))
    }
}
