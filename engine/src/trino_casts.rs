//! The casts that mean something else in Trino than in DataFusion: those
//! that convert JSON, a fraction cast to an integer, and a ROW cast that
//! renames fields.
//!
//! DataFusion would cast the text: `CAST(json_extract(doc, '$.name') AS
//! VARCHAR)` would keep the quotes of `"alice"`, and `CAST(text AS
//! ARRAY(BIGINT))` would fail or make a one-element array of the text. This
//! rule runs before type coercion, so it sees only the casts a query wrote,
//! and replaces
//! - a cast of JSON (a field tagged `arrow.json`) to any other type,
//! - a cast of plain text to an ARRAY, MAP or ROW (Trino has no such cast;
//!   in logs, such text is JSON), and
//! - a cast of anything to JSON
//!
//! with `quarry_udfs::json::cast`'s functions, keeping each item's name.
//!
//! Trino rounds a DOUBLE or DECIMAL cast to an integer type half away from
//! zero (`CAST(2.5 AS INTEGER)` is 3); Arrow truncates (2). Such a cast
//! rounds first.
//!
//! Trino casts a ROW to a ROW field by field in order
//! (`CAST(ROW(1, 'a') AS ROW(id BIGINT, name VARCHAR))` names the fields);
//! DataFusion matches fields by name and refuses the cast. A ROW cast whose
//! field names differ becomes the `named_struct` of the cast fields, NULL
//! where the row is.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{DFSchema, Result, ScalarValue};
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions::core::named_struct;
use datafusion::functions::math::round;
use datafusion::logical_expr::expr::{Cast, ScalarFunction, TryCast};
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::utils::merge_schema;
use datafusion::logical_expr::{Expr, ExprSchemable, LogicalPlan, ScalarUDF, lit, when};
use datafusion::optimizer::AnalyzerRule;
use quarry_udfs::json::cast::{FromJsonFunc, OnFailure, ToJsonFunc, is_json, is_string};

/// The analyzer rule; see the module documentation.
#[derive(Debug, Default)]
pub(crate) struct TrinoCasts;

impl AnalyzerRule for TrinoCasts {
    fn name(&self) -> &str {
        "quarry_trino_casts"
    }

    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(rewrite_plan)
            .map(|t| t.data)
    }
}

fn rewrite_plan(plan: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
    if matches!(plan, LogicalPlan::TableScan(_)) {
        return Ok(Transformed::no(plan));
    }
    let schema = merge_schema(&plan.inputs());
    let names = NamePreserver::new(&plan);
    plan.map_expressions(|expr| {
        let name = names.save(&expr);
        let rewritten = expr.transform_up(|e| rewrite_expr(e, &schema))?;
        Ok(if rewritten.transformed {
            rewritten.update_data(|e| name.restore(e))
        } else {
            rewritten
        })
    })
}

fn rewrite_expr(expr: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    let (input, target, on_failure) = match &expr {
        Expr::Cast(Cast { expr: input, field }) => (input, field, OnFailure::Error),
        Expr::TryCast(TryCast { expr: input, field }) => (input, field, OnFailure::Null),
        _ => return Ok(Transformed::no(expr)),
    };
    // An input whose type cannot be worked out here (an outer reference in
    // a correlated subquery) is left to DataFusion.
    let Ok((_, source)) = input.to_field(schema) else {
        return Ok(Transformed::no(expr));
    };
    let function = match (is_json(&source), is_json(target)) {
        (true, true) => return Ok(Transformed::yes(input.as_ref().clone())),
        (false, true) => ScalarUDF::new_from_impl(ToJsonFunc::new()),
        (true, false) => json_to(target, on_failure),
        (false, false) if is_string(source.data_type()) && target.data_type().is_nested() => {
            json_to(target, on_failure)
        }
        (false, false)
            if (source.data_type().is_floating() || source.data_type().is_decimal())
                && target.data_type().is_integer() =>
        {
            // Trino rounds (half away from zero) where Arrow truncates.
            let rounded = Box::new(round().call(vec![input.as_ref().clone()]));
            let cast = match on_failure {
                OnFailure::Error => Expr::Cast(Cast::new_from_field(rounded, Arc::clone(target))),
                OnFailure::Null => {
                    Expr::TryCast(TryCast::new_from_field(rounded, Arc::clone(target)))
                }
            };
            return Ok(Transformed::yes(cast));
        }
        (false, false) => {
            return match row_by_position(input, &source, target, on_failure, schema)? {
                Some(rows) => Ok(Transformed::yes(rows)),
                None => Ok(Transformed::no(expr)),
            };
        }
    };
    let call = ScalarFunction::new_udf(Arc::new(function), vec![input.as_ref().clone()]);
    Ok(Transformed::yes(Expr::ScalarFunction(call)))
}

/// A ROW to ROW cast by position, when the two name their fields
/// differently (as DataFusion's own cast would refuse); `None` otherwise.
fn row_by_position(
    input: &Expr,
    source: &Field,
    target: &FieldRef,
    on_failure: OnFailure,
    schema: &DFSchema,
) -> Result<Option<Expr>> {
    let (DataType::Struct(from), DataType::Struct(to)) = (source.data_type(), target.data_type())
    else {
        return Ok(None);
    };
    let same_names = from
        .iter()
        .zip(to.iter())
        .all(|(f, t)| f.name().eq_ignore_ascii_case(t.name()));
    if from.len() != to.len() || same_names {
        return Ok(None);
    }
    let mut arguments = Vec::with_capacity(2 * to.len());
    // TRY_CAST gives NULL for the whole row when one of its fields fails,
    // as Trino's does: a field that is there but casts to NULL.
    let mut unset = input.clone().is_null();
    for (f, t) in from.iter().zip(to.iter()) {
        let value = get_field(input.clone(), f.name().as_str());
        let boxed = Box::new(value.clone());
        let cast = match on_failure {
            OnFailure::Error => Expr::Cast(Cast::new_from_field(boxed, Arc::clone(t))),
            OnFailure::Null => Expr::TryCast(TryCast::new_from_field(boxed, Arc::clone(t))),
        };
        // A field may itself be a row to rename, or JSON to convert.
        let cast = rewrite_expr(cast, schema)?.data;
        if on_failure == OnFailure::Null {
            unset = unset.or(value.is_not_null().and(cast.clone().is_null()));
        }
        arguments.push(lit(t.name().as_str()));
        arguments.push(cast);
    }
    let row = named_struct().call(arguments);
    let null = lit(ScalarValue::try_from(target.data_type())?);
    Ok(Some(when(unset, null).otherwise(row)?))
}

fn json_to(target: &FieldRef, on_failure: OnFailure) -> ScalarUDF {
    ScalarUDF::new_from_impl(FromJsonFunc::new(Arc::clone(target), on_failure))
}
