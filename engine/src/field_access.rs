//! Trino's `.field` on a ROW that is not a table's column: on a lambda's
//! row parameter (`transform(items, r -> r.name)`) and on a computed value
//! (`parse_clf(line).remote_user`, `(items[1]).name`). DataFusion's planner
//! takes `r.name` for column `name` of a table `r`, and refuses a dot after
//! anything but a name; written `r['name']`, each is the field access meant.
//! So before planning those dots become subscripts.

use std::ops::ControlFlow;

use datafusion::sql::sqlparser::ast::{
    AccessExpr, Expr, Ident, OneOrManyWithParens, Statement, Subscript, Value,
    visit_expressions_mut,
};

/// Rewrites the field accesses DataFusion does not plan in `statement`.
pub(crate) fn rewrite(statement: &mut Statement) {
    let _ = visit_expressions_mut(statement, |expr| {
        if let Expr::CompoundFieldAccess { root, access_chain } = expr
            && !matches!(**root, Expr::Identifier(_) | Expr::CompoundIdentifier(_))
        {
            // After a name, a dot may still name a table's column
            // (`t.tags[1]`), so only a dot after a computed value is a field.
            for access in access_chain.iter_mut() {
                if let AccessExpr::Dot(Expr::Identifier(field)) = access {
                    *access = field_subscript(field);
                }
            }
        }
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
            let access_chain = fields.iter().map(field_subscript).collect();
            *expr = Expr::CompoundFieldAccess {
                root: Box::new(Expr::Identifier(root.clone())),
                access_chain,
            };
        }
        ControlFlow::<()>::Continue(())
    });
}

/// `['field']`, the subscript that reads a ROW's field.
fn field_subscript(field: &Ident) -> AccessExpr {
    AccessExpr::Subscript(Subscript::Index {
        index: Expr::value(Value::SingleQuotedString(normalized(field))),
    })
}

/// A name as the planner folds it: unquoted names to lower case.
fn normalized(ident: &Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
}
