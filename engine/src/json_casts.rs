//! The casts that convert JSON in Trino, planned as Quarry's JSON casts.
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

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{DFSchema, Result};
use datafusion::logical_expr::expr::{Cast, ScalarFunction, TryCast};
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::utils::merge_schema;
use datafusion::logical_expr::{Expr, ExprSchemable, LogicalPlan, ScalarUDF};
use datafusion::optimizer::AnalyzerRule;
use quarry_udfs::json::cast::{FromJsonFunc, OnFailure, ToJsonFunc, is_json, is_string};

/// The analyzer rule; see the module documentation.
#[derive(Debug, Default)]
pub(crate) struct JsonCasts;

impl AnalyzerRule for JsonCasts {
    fn name(&self) -> &str {
        "quarry_json_casts"
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
        (false, false) if is_string(source.data_type()) && is_nested(target.data_type()) => {
            json_to(target, on_failure)
        }
        (false, false) => return Ok(Transformed::no(expr)),
    };
    let call = ScalarFunction::new_udf(Arc::new(function), vec![input.as_ref().clone()]);
    Ok(Transformed::yes(Expr::ScalarFunction(call)))
}

fn json_to(target: &FieldRef, on_failure: OnFailure) -> ScalarUDF {
    ScalarUDF::new_from_impl(FromJsonFunc::new(Arc::clone(target), on_failure))
}

fn is_nested(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::List(_) | DataType::LargeList(_) | DataType::Map(_, _) | DataType::Struct(_)
    )
}
