//! `min_by`: the x of the row with the smallest y.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, Documentation, Signature, Volatility,
};

use super::DOC_SECTION;
use super::max_by::{by_accumulator, by_state_fields};

/// Trino's `min_by` (two-argument form).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MinByFunc {
    signature: Signature,
}

impl Default for MinByFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl MinByFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

impl AggregateUDFImpl for MinByFunc {
    fn name(&self) -> &str {
        "min_by"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Null))
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        by_accumulator(false, &acc_args)
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        by_state_fields(&args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns x of the row with the smallest y; rows whose y is NULL are skipped, and an x that is NULL is returned as NULL. No rows (or only NULL y) give NULL; among equal smallest y one x is returned. Matches Trino min_by(x, y); the three-argument form min_by(x, y, n) is not supported.", "min_by(x, y)")
                .with_sql_example("> SELECT min_by(name, score) FROM (VALUES ('a', 1), ('b', 3), ('c', 2)) AS t(name, score);\na")
                .with_argument("x", "Value to return, any type.")
                .with_argument("y", "Value to compare, any orderable type.")
                .build()
        }))
    }
}
