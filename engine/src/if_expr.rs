//! Trino's `if(condition, true_value [, false_value])`. DataFusion has no
//! such function, and it cannot be an ordinary one: only the chosen branch
//! may be evaluated (`if(x = 0, NULL, 1 / x)` must not divide by zero). So
//! the statement is rewritten before planning into the `CASE` it means:
//! `CASE WHEN condition THEN true_value [ELSE false_value] END`, which is
//! NULL when the condition is false or NULL and no false value is given.

use std::ops::ControlFlow;

use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::Documentation;
use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    CaseWhen, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, ObjectNamePart, Statement,
    Value, visit_expressions, visit_expressions_mut,
};

/// `if`'s entry for `SHOW FUNCTIONS` and `DESCRIBE FUNCTION`: no function
/// is registered under the name, since every call is rewritten.
pub(crate) fn documentation() -> Documentation {
    Documentation::builder(
        quarry_udfs::conditional::DOC_SECTION,
        "Returns `true_value` when `condition` is true, else `false_value` (NULL when it is not given); only the chosen value is evaluated. Matches Trino if.",
        "if(condition, true_value [, false_value])",
    )
    .with_sql_example("> SELECT if(1 > 2, 'yes', 'no'), if(1 > 2, 'yes');\nno NULL")
    .with_argument("condition", "BOOLEAN; NULL counts as false.")
    .with_argument("true_value", "The value when `condition` is true.")
    .with_argument("false_value", "The value otherwise (optional).")
    .build()
}

/// Rewrites every `if(...)` call in `statement` into its `CASE`.
pub(crate) fn rewrite(statement: &mut Statement) -> Result<()> {
    if !visit_expressions(statement, stop_at_if).is_break() {
        return Ok(());
    }
    crate::item_names::keep_written_names(statement, |e| {
        visit_expressions(e, stop_at_if).is_break()
    });
    let mut failure = None;
    let _ = visit_expressions_mut(statement, |expr| {
        match if_arguments(expr) {
            None => {}
            Some(Err(e)) => {
                failure = Some(e);
                return ControlFlow::Break(());
            }
            Some(Ok(mut args)) => {
                let else_result = (args.len() == 3).then(|| Box::new(args.remove(2)));
                let result = args.remove(1);
                let condition = args.remove(0);
                *expr = Expr::Case {
                    case_token: AttachedToken::empty(),
                    end_token: AttachedToken::empty(),
                    operand: None,
                    conditions: vec![CaseWhen { condition, result }],
                    else_result,
                };
            }
        }
        ControlFlow::Continue(())
    });
    failure.map_or(Ok(()), Err)
}

fn stop_at_if(expr: &Expr) -> ControlFlow<()> {
    if is_if_call(expr) {
        ControlFlow::Break(())
    } else {
        ControlFlow::Continue(())
    }
}

fn is_if_call(expr: &Expr) -> bool {
    let Expr::Function(f) = expr else {
        return false;
    };
    matches!(f.name.0.as_slice(), [ObjectNamePart::Identifier(name)]
        if name.value.eq_ignore_ascii_case("if") && name.quote_style.is_none())
}

/// The arguments of an `if(...)` call, taken out of it; an error when
/// they are not two or three plain expressions.
fn if_arguments(expr: &mut Expr) -> Option<Result<Vec<Expr>>> {
    if !is_if_call(expr) {
        return None;
    }
    let Expr::Function(f) = expr else {
        return None;
    };
    let usage = || {
        DataFusionError::Plan(
            "if takes a condition and one or two values: if(condition, true_value [, false_value])"
                .into(),
        )
    };
    let FunctionArguments::List(list) = &mut f.args else {
        return Some(Err(usage()));
    };
    if !(2..=3).contains(&list.args.len())
        || !list.clauses.is_empty()
        || list.duplicate_treatment.is_some()
    {
        return Some(Err(usage()));
    }
    let mut out = Vec::new();
    for arg in &mut list.args {
        match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => {
                out.push(std::mem::replace(e, Expr::value(Value::Null)));
            }
            _ => return Some(Err(usage())),
        }
    }
    Some(Ok(out))
}

#[cfg(test)]
mod tests {
    use datafusion::sql::sqlparser::dialect::GenericDialect;
    use datafusion::sql::sqlparser::parser::Parser;

    use super::*;

    fn rewritten(sql: &str) -> Result<String> {
        let dialect = GenericDialect {};
        let mut statement = Parser::new(&dialect)
            .try_with_sql(sql)
            .and_then(|mut p| p.parse_statement())
            .expect("valid SQL");
        rewrite(&mut statement)?;
        Ok(statement.to_string())
    }

    #[test]
    fn if_becomes_case_and_the_item_keeps_its_name() {
        assert_eq!(
            rewritten("SELECT if(a > 1, 'x', 'y') FROM t").unwrap(),
            r#"SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END AS "if(a > 1, 'x', 'y')" FROM t"#
        );
        assert_eq!(
            rewritten("SELECT n FROM t WHERE IF(b, 1) = 1").unwrap(),
            "SELECT n FROM t WHERE CASE WHEN b THEN 1 END = 1"
        );
        assert_eq!(
            rewritten("SELECT if(a, if(b, 1, 2), 3) AS v FROM t").unwrap(),
            "SELECT CASE WHEN a THEN CASE WHEN b THEN 1 ELSE 2 END ELSE 3 END AS v FROM t"
        );
    }

    #[test]
    fn wrong_arity_is_an_error_and_other_statements_are_left_alone() {
        let err = rewritten("SELECT if(a) FROM t").unwrap_err().to_string();
        assert!(err.contains("if takes a condition"), "{err}");
        let sql = "SELECT \"if\"(a) FROM t";
        assert_eq!(rewritten(sql).unwrap(), sql);
        let sql = "SELECT lower(a) AS t FROM x";
        assert_eq!(rewritten(sql).unwrap(), sql);
    }
}
