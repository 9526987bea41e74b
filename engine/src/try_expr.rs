//! `try(expr)` as Trino means it: `expr` is passed to Quarry's `try`
//! function unevaluated, as a lambda, so the function evaluates it itself
//! and turns the rows that fail into NULL. SQL text has no way to write that
//! lambda (the dialect has none), so the statement is rewritten before
//! planning: `try(expr)` becomes `try("$rows" -> expr)`, the parameter being
//! one the function passes as NULL.
//!
//! The planner folds a CAST of a literal while planning, and fails there on
//! one that cannot be cast; inside `try`, such a literal is made to depend on
//! the parameter (`CASE WHEN "$rows" IS NULL THEN 'abc' END`, the same
//! value), so that it is cast, and fails, when `try` evaluates it.
//! A select-list item using `try` keeps its text as written as its column
//! name.

use std::ops::ControlFlow;

use datafusion::error::Result;
use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    CaseWhen, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, LambdaFunction,
    LambdaFunctionParameter, LambdaSyntax, ObjectNamePart, OneOrManyWithParens, Statement, Value,
    visit_expressions, visit_expressions_mut,
};

/// The lambda parameter `try` passes (always NULL).
const ROWS: &str = "$rows";

/// Wraps the argument of every `try(...)` call in `statement` in a lambda.
pub(crate) fn rewrite(statement: &mut Statement) -> Result<()> {
    if !calls_try(statement) {
        return Ok(());
    }
    crate::item_names::keep_written_names(statement, calls_try);
    let _ = visit_expressions_mut(statement, |expr| {
        if let Some(arg) = try_argument(expr) {
            let mut body = std::mem::replace(arg, Expr::value(Value::Null));
            delay_literal_casts(&mut body);
            *arg = Expr::Lambda(LambdaFunction {
                params: OneOrManyWithParens::One(LambdaFunctionParameter {
                    name: rows(),
                    data_type: None,
                }),
                body: Box::new(body),
                syntax: LambdaSyntax::Arrow,
            });
        }
        ControlFlow::<()>::Continue(())
    });
    Ok(())
}

fn rows() -> Ident {
    Ident::with_quote('"', ROWS)
}

/// The argument of `expr` when it is a `try(...)` call not yet rewritten.
fn try_argument(expr: &mut Expr) -> Option<&mut Expr> {
    let Expr::Function(f) = expr else {
        return None;
    };
    let [ObjectNamePart::Identifier(name)] = f.name.0.as_slice() else {
        return None;
    };
    if !name.value.eq_ignore_ascii_case("try") {
        return None;
    }
    let FunctionArguments::List(list) = &mut f.args else {
        return None;
    };
    match list.args.as_mut_slice() {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(arg))] if !matches!(arg, Expr::Lambda(_)) => {
            Some(arg)
        }
        _ => None,
    }
}

fn calls_try<V: datafusion::sql::sqlparser::ast::Visit>(node: &V) -> bool {
    visit_expressions(node, |expr| {
        let mut expr = expr.clone();
        if try_argument(&mut expr).is_some() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .is_break()
}

fn delay_literal_casts(body: &mut Expr) {
    let _ = visit_expressions_mut(body, |expr| {
        if let Expr::Cast { expr: operand, .. } = expr
            && matches!(operand.as_ref(), Expr::Value(_))
        {
            let literal = std::mem::replace(operand.as_mut(), Expr::value(Value::Null));
            **operand = Expr::Case {
                case_token: AttachedToken::empty(),
                end_token: AttachedToken::empty(),
                operand: None,
                conditions: vec![CaseWhen {
                    condition: Expr::IsNull(Box::new(Expr::Identifier(rows()))),
                    result: literal,
                }],
                else_result: None,
            };
        }
        ControlFlow::<()>::Continue(())
    });
}

#[cfg(test)]
mod tests {
    use datafusion::sql::sqlparser::dialect::GenericDialect;
    use datafusion::sql::sqlparser::parser::Parser;

    use super::*;

    fn rewritten(sql: &str) -> String {
        let dialect = GenericDialect {};
        let mut statement = Parser::new(&dialect)
            .try_with_sql(sql)
            .and_then(|mut p| p.parse_statement())
            .expect("valid SQL");
        rewrite(&mut statement).expect("rewrites");
        statement.to_string()
    }

    #[test]
    fn the_argument_becomes_a_lambda_and_the_item_keeps_its_name() {
        assert_eq!(
            rewritten("SELECT try(a / b) FROM t"),
            r#"SELECT try("$rows" -> a / b) AS "try(a / b)" FROM t"#
        );
        assert_eq!(
            rewritten("SELECT x FROM t WHERE try(CAST('1' AS INT)) = 1"),
            r#"SELECT x FROM t WHERE try("$rows" -> CAST(CASE WHEN "$rows" IS NULL THEN '1' END AS INT)) = 1"#
        );
    }

    #[test]
    fn statements_without_try_are_left_alone() {
        let sql = "SELECT lower(a) AS t FROM x";
        assert_eq!(rewritten(sql), sql);
    }
}
