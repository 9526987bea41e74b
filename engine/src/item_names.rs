//! Column names as written, for select-list items a rewrite changes: the
//! planner names an unaliased item by its expression, and a user who wrote
//! `if(a, 1, 0)` or `try(x / y)` should see that text as the column's name,
//! not what it became.

use std::ops::ControlFlow;

use datafusion::sql::sqlparser::ast::{
    Expr, Ident, Query, SelectItem, SetExpr, Statement, Value, VisitMut, VisitorMut,
};

/// Gives each unaliased select-list item of `statement` for which
/// `rewritten` holds its text as written as its alias. Call it before the
/// rewrite.
pub(crate) fn keep_written_names(statement: &mut Statement, rewritten: impl Fn(&Expr) -> bool) {
    let _ = statement.visit(&mut NameItems { rewritten });
}

struct NameItems<F> {
    rewritten: F,
}

impl<F: Fn(&Expr) -> bool> VisitorMut for NameItems<F> {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        name_items(&mut query.body, &self.rewritten);
        ControlFlow::Continue(())
    }
}

fn name_items(body: &mut SetExpr, rewritten: &impl Fn(&Expr) -> bool) {
    match body {
        SetExpr::Select(select) => {
            for item in &mut select.projection {
                if let SelectItem::UnnamedExpr(expr) = item
                    && rewritten(expr)
                {
                    let alias = Ident::with_quote('"', expr.to_string());
                    let expr = std::mem::replace(expr, Expr::value(Value::Null));
                    *item = SelectItem::ExprWithAlias { expr, alias };
                }
            }
        }
        SetExpr::SetOperation { left, right, .. } => {
            name_items(left, rewritten);
            name_items(right, rewritten);
        }
        _ => {}
    }
}
