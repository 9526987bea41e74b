//! `try(expr)`: `expr`, or NULL where evaluating it fails (Trino `try`).
//!
//! A higher-order function: the engine passes `expr` as a lambda without
//! parameters (`try(() -> expr)`; SQL text cannot name one, the engine's
//! rewrite builds it), so `expr` is evaluated here rather than before the
//! call. A batch is evaluated whole; only when that fails is it evaluated
//! again row by row, so that only the rows that fail become NULL.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, new_null_array};
use datafusion::arrow::compute::concat;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{DataFusionError, Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs,
    HigherOrderSignature, HigherOrderUDFImpl, LambdaArgument, LambdaParametersProgress,
    ValueOrLambda, Volatility,
};

use super::DOC_SECTION;

/// `try(expr)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TryFunc {
    signature: HigherOrderSignature,
}

impl Default for TryFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl TryFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: HigherOrderSignature::exact(
                vec![ValueOrLambda::Lambda(())],
                Volatility::Immutable,
            ),
        }
    }
}

/// Whether `e` is an error in evaluating a value (what Trino's `try`
/// turns into NULL), rather than one of the engine or its environment.
fn is_evaluation_error(e: &DataFusionError) -> bool {
    match e {
        DataFusionError::ArrowError(..)
        | DataFusionError::Execution(_)
        | DataFusionError::External(_)
        | DataFusionError::NotImplemented(_) => true,
        DataFusionError::Context(_, inner) => is_evaluation_error(inner),
        DataFusionError::Diagnostic(_, inner) => is_evaluation_error(inner),
        _ => false,
    }
}

/// Evaluates `lambda` over rows `offset..offset + len` of the batch.
fn evaluate(lambda: &LambdaArgument, offset: usize, len: usize, all: usize) -> Result<ArrayRef> {
    let rows = || Ok(new_null_array(&DataType::Null, len));
    lambda
        .evaluate(&[&rows], |captured| {
            Ok(if offset == 0 && len == all {
                captured.to_vec()
            } else {
                captured.iter().map(|c| c.slice(offset, len)).collect()
            })
        })?
        .into_array(len)
}

impl HigherOrderUDFImpl for TryFunc {
    fn name(&self) -> &str {
        "try"
    }

    fn signature(&self) -> &HigherOrderSignature {
        &self.signature
    }

    /// The body is evaluated only under `try`'s eye: no part of it may be
    /// computed outside (as common subexpression elimination would).
    fn short_circuits(&self) -> bool {
        true
    }

    fn coerce_value_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        // The one argument is a lambda; there is no value to coerce.
        Ok(arg_types.to_vec())
    }

    fn lambda_parameters(
        &self,
        _step: usize,
        _fields: &[ValueOrLambda<FieldRef, Option<FieldRef>>],
    ) -> Result<LambdaParametersProgress> {
        // One parameter the body never names: it only tells the lambda how
        // many rows it is evaluated over when it captures no column.
        Ok(LambdaParametersProgress::Complete(vec![vec![Arc::new(
            Field::new("$rows", DataType::Null, true),
        )]]))
    }

    fn return_field_from_args(&self, args: HigherOrderReturnFieldArgs) -> Result<FieldRef> {
        match args.arg_fields {
            [ValueOrLambda::Lambda(body)] => Ok(Arc::new(Field::new(
                self.name(),
                body.data_type().clone(),
                true,
            ))),
            _ => plan_err!("try takes one expression, as in try(x / y)"),
        }
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let [ValueOrLambda::Lambda(lambda)] = args.args.as_slice() else {
            return exec_err!("try takes one expression, as in try(x / y)");
        };
        let rows = args.number_rows;
        let whole = match evaluate(lambda, 0, rows, rows) {
            Ok(values) => return Ok(ColumnarValue::Array(values)),
            Err(e) if is_evaluation_error(&e) => e,
            Err(e) => return Err(e),
        };
        let return_type = args.return_type().clone();
        let mut parts: Vec<ArrayRef> = Vec::with_capacity(rows);
        for row in 0..rows {
            match evaluate(lambda, row, 1, rows) {
                Ok(value) if value.data_type() == &return_type => parts.push(value),
                Ok(value) => parts.push(datafusion::arrow::compute::cast(&value, &return_type)?),
                Err(e) if is_evaluation_error(&e) => parts.push(new_null_array(&return_type, 1)),
                Err(e) => return Err(e),
            }
        }
        if parts.is_empty() {
            return Err(whole);
        }
        let refs: Vec<&dyn Array> = parts.iter().map(|a| a.as_ref()).collect();
        Ok(ColumnarValue::Array(concat(&refs)?))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Evaluates `expression` and returns its value, or NULL for the rows where evaluating it raises an error (division by zero, an invalid cast, a value out of range, a function's invalid-input error); other rows keep their values. Errors of the engine itself (out of memory, storage) still fail the query. Matches Trino try.", "try(expression)")
                .with_sql_example("> SELECT try(10 / x) FROM (VALUES (2), (0)) AS t(x);\n5\nNULL")
                .with_argument("expression", "Any expression.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::error::ArrowError;

    use super::*;

    #[test]
    fn value_errors_are_caught_and_engine_errors_are_not() {
        let divide = DataFusionError::ArrowError(Box::new(ArrowError::DivideByZero), None);
        assert!(is_evaluation_error(&divide));
        assert!(is_evaluation_error(&DataFusionError::Context(
            "in f".into(),
            Box::new(divide)
        )));
        assert!(is_evaluation_error(&DataFusionError::Execution(
            "bad input".into()
        )));
        assert!(!is_evaluation_error(&DataFusionError::ResourcesExhausted(
            "memory".into()
        )));
        assert!(!is_evaluation_error(&DataFusionError::Internal(
            "bug".into()
        )));
    }
}
