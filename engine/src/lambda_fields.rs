//! `r.name` on a lambda's row parameter, as Trino reads
//! `transform(items, r -> r.name)`. DataFusion's planner takes `r.name` for
//! column `name` of a table `r` and fails; written `r['name']`, it is the
//! field access meant. So before planning, inside each lambda's body, a
//! dotted name that starts with one of the lambda's parameters becomes that
//! subscript chain.

use std::ops::ControlFlow;

use datafusion::sql::sqlparser::ast::{
    AccessExpr, Expr, Ident, OneOrManyWithParens, Statement, Subscript, Value,
    visit_expressions_mut,
};

/// Rewrites row-parameter field accesses in every lambda of `statement`.
pub(crate) fn rewrite(statement: &mut Statement) {
    let _ = visit_expressions_mut(statement, |expr| {
        if let Expr::Lambda(lambda) = expr {
            let params: Vec<&Ident> = match &lambda.params {
                OneOrManyWithParens::One(p) => vec![&p.name],
                OneOrManyWithParens::Many(ps) => ps.iter().map(|p| &p.name).collect(),
            };
            let params: Vec<String> = params.into_iter().map(normalized).collect();
            rewrite_body(&mut lambda.body, &params);
        }
        ControlFlow::<()>::Continue(())
    });
}

fn rewrite_body(body: &mut Expr, params: &[String]) {
    let _ = visit_expressions_mut(body, |expr| {
        if let Expr::CompoundIdentifier(parts) = expr
            && let [root, fields @ ..] = parts.as_slice()
            && !fields.is_empty()
            && params.contains(&normalized(root))
        {
            let access_chain = fields
                .iter()
                .map(|field| {
                    AccessExpr::Subscript(Subscript::Index {
                        index: Expr::value(Value::SingleQuotedString(normalized(field))),
                    })
                })
                .collect();
            *expr = Expr::CompoundFieldAccess {
                root: Box::new(Expr::Identifier(root.clone())),
                access_chain,
            };
        }
        ControlFlow::<()>::Continue(())
    });
}

/// A name as the planner folds it: unquoted names to lower case.
fn normalized(ident: &Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
}
