//! `max_by`: the x of the row with the largest y.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, Documentation, Signature, Volatility,
};

use super::DOC_SECTION;
use super::common::ByAccumulator;

/// Trino's `max_by` (two-argument form).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MaxByFunc {
    signature: Signature,
}

impl Default for MaxByFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl MaxByFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

/// State of `max_by`/`min_by`: the best pair so far.
pub(super) fn by_state_fields(args: &StateFieldsArgs) -> Result<Vec<FieldRef>> {
    let [x, y] = args.input_fields else {
        return plan_err!("{} takes (x, y)", args.name);
    };
    Ok(vec![
        Arc::new(Field::new(
            format_state_name(args.name, "x"),
            x.data_type().clone(),
            true,
        )),
        Arc::new(Field::new(
            format_state_name(args.name, "y"),
            y.data_type().clone(),
            true,
        )),
    ])
}

/// Accumulator of `max_by`/`min_by`.
pub(super) fn by_accumulator(
    want_max: bool,
    args: &AccumulatorArgs,
) -> Result<Box<dyn Accumulator>> {
    let [x, y] = args.expr_fields else {
        return plan_err!("{} takes (x, y)", args.name);
    };
    Ok(Box::new(ByAccumulator::try_new(
        want_max,
        x.data_type(),
        y.data_type(),
    )?))
}

impl AggregateUDFImpl for MaxByFunc {
    fn name(&self) -> &str {
        "max_by"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Null))
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        by_accumulator(true, &acc_args)
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        by_state_fields(&args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Returns x of the row with the largest y; rows whose y is NULL are skipped, and an x that is NULL is returned as NULL. No rows (or only NULL y) give NULL; among equal largest y one x is returned. Matches Trino max_by(x, y); the three-argument form max_by(x, y, n) is not supported.", "max_by(x, y)")
                .with_sql_example("> SELECT max_by(name, score) FROM (VALUES ('a', 1), ('b', 3), ('c', 2)) AS t(name, score);\nb")
                .with_argument("x", "Value to return, any type.")
                .with_argument("y", "Value to compare, any orderable type.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_type_is_the_type_of_x() -> Result<()> {
        assert_eq!(
            MaxByFunc::new().return_type(&[DataType::Utf8, DataType::Int64])?,
            DataType::Utf8
        );
        Ok(())
    }
}
