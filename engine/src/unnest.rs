//! Trino's `UNNEST` in `FROM`, rewritten into what DataFusion 55 plans.
//!
//! DataFusion plans `FROM UNNEST(a, b) AS t(x, y)` over constant arrays
//! (zipped, shorter ones padded with NULL, as in Trino), but not `WITH
//! ORDINALITY`, not a map, and not the lateral form Athena users write most,
//! `FROM tbl CROSS JOIN UNNEST(tbl.arr) AS t(x)` (its plan keeps an outer
//! reference it cannot execute). Its `unnest()` in a select list does all
//! that is needed, zipping several arrays the same way. So, before planning:
//!
//! - `UNNEST(a, b) WITH ORDINALITY AS t(x, y, n)` gets a third array
//!   `range(1, L + 1)`, L the longest array's length, named `n`;
//! - `UNNEST(m) AS t(k, v)` of one map becomes `UNNEST(map_keys(m),
//!   map_values(m))`;
//! - `left CROSS JOIN UNNEST(...) AS t(...)` (also `left, UNNEST(...)` and
//!   `JOIN ... ON true`) becomes the derived table `(SELECT q.*, unnest(a) AS
//!   x, ... FROM left) AS q`, where q is `left`'s name, and `t.x` elsewhere
//!   in the SELECT becomes `q.x`. Rows whose arrays are all empty or NULL
//!   give no row, as in Trino;
//! - `LEFT JOIN UNNEST(...) AS t(...) ON true` is the same with one more,
//!   hidden, array of length max(L, 1), so such rows give one row of NULLs.
//!
//! Each argument is one column, except that a single argument named by two
//! columns is a map; arrays of rows are not spread into columns.

use std::ops::ControlFlow;

use datafusion::error::{DataFusionError, Result};
use datafusion::sql::sqlparser::ast::{
    Expr, Ident, Join, JoinConstraint, JoinOperator, ObjectName, ObjectNamePart, Query, Select,
    SelectItem, SelectItemQualifiedWildcardKind, SetExpr, Statement, TableAlias, TableFactor,
    VisitMut, VisitorMut, visit_expressions_mut,
};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::Parser;

/// The hidden column that keeps a row for `LEFT JOIN UNNEST` of empty arrays.
const PAD: &str = "$unnest_pad";

/// Rewrites every `UNNEST` in `statement` that DataFusion cannot plan as
/// written (see the module docs).
pub(crate) fn rewrite(statement: &mut Statement) -> Result<()> {
    let mut visitor = Rewrite;
    match statement.visit(&mut visitor) {
        ControlFlow::Break(e) => Err(e),
        ControlFlow::Continue(()) => Ok(()),
    }
}

struct Rewrite;

impl VisitorMut for Rewrite {
    type Break = DataFusionError;

    fn post_visit_query(&mut self, query: &mut Query) -> ControlFlow<DataFusionError> {
        match rewrite_query(query) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => ControlFlow::Break(e),
        }
    }
}

/// An UNNEST alias folded into the relation on its left: references to
/// `from` become references to `to`.
struct Rename {
    from: Ident,
    to: Ident,
    columns: Vec<Ident>,
}

fn rewrite_query(query: &mut Query) -> Result<()> {
    let renames = match query.body.as_mut() {
        SetExpr::Select(select) => rewrite_select(select)?,
        other => {
            rewrite_set(other)?;
            return Ok(());
        }
    };
    // ORDER BY belongs to the query, outside the SELECT it sorts.
    if let Some(order_by) = &mut query.order_by {
        apply_renames(order_by, &renames);
    }
    Ok(())
}

fn rewrite_set(body: &mut SetExpr) -> Result<()> {
    match body {
        SetExpr::Select(select) => rewrite_select(select).map(|_| ()),
        SetExpr::SetOperation { left, right, .. } => {
            rewrite_set(left)?;
            rewrite_set(right)
        }
        // Nested queries are visited on their own.
        _ => Ok(()),
    }
}

fn rewrite_select(select: &mut Select) -> Result<Vec<Rename>> {
    // `FROM left, UNNEST(...)` is `left CROSS JOIN UNNEST(...)`.
    let mut i = 1;
    while i < select.from.len() {
        if is_unnest(&select.from[i].relation) && select.from[i].joins.is_empty() {
            let item = select.from.remove(i);
            select.from[i - 1].joins.push(Join {
                relation: item.relation,
                global: false,
                join_operator: JoinOperator::CrossJoin(JoinConstraint::None),
            });
        } else {
            i += 1;
        }
    }
    let mut renames = Vec::new();
    for item in &mut select.from {
        if let TableFactor::UNNEST { .. } = &item.relation {
            rewrite_standalone(&mut item.relation)?;
        }
        while let Some(join) = item.joins.first() {
            let Some(left_join) = unnest_join(join) else {
                break;
            };
            let Some(qualifier) = qualifier(&item.relation) else {
                break;
            };
            let join = item.joins.remove(0);
            let (factor, rename) = fold(&item.relation, join.relation, left_join, qualifier)?;
            item.relation = factor;
            renames.push(rename);
        }
        for join in &mut item.joins {
            if is_unnest(&join.relation) {
                rewrite_standalone(&mut join.relation)?;
            }
        }
    }
    if renames.is_empty() {
        return Ok(renames);
    }
    // `t.*` is the unnested columns only.
    let mut items = Vec::with_capacity(select.projection.len());
    for item in std::mem::take(&mut select.projection) {
        match &item {
            SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::ObjectName(name), _) => {
                match renames.iter().find(|r| names_ident(name, &r.from)) {
                    Some(r) => items.extend(r.columns.iter().map(|c| {
                        SelectItem::UnnamedExpr(Expr::CompoundIdentifier(vec![
                            r.to.clone(),
                            c.clone(),
                        ]))
                    })),
                    None => items.push(item),
                }
            }
            _ => items.push(item),
        }
    }
    select.projection = items;
    apply_renames(select, &renames);
    Ok(renames)
}

fn apply_renames<V: VisitMut>(node: &mut V, renames: &[Rename]) {
    let _ = visit_expressions_mut(node, |expr| {
        if let Expr::CompoundIdentifier(parts) = expr
            && parts.len() >= 2
            && let Some(r) = renames.iter().find(|r| same_ident(&parts[0], &r.from))
        {
            parts[0] = r.to.clone();
        }
        ControlFlow::<()>::Continue(())
    });
}

fn is_unnest(factor: &TableFactor) -> bool {
    matches!(factor, TableFactor::UNNEST { .. })
}

/// Whether `join` joins an UNNEST as Trino writes it: `CROSS JOIN`, or
/// `[INNER | LEFT] JOIN ... ON true`; Some(true) for a LEFT join.
fn unnest_join(join: &Join) -> Option<bool> {
    if !is_unnest(&join.relation) {
        return None;
    }
    let on_true = |c: &JoinConstraint| match c {
        JoinConstraint::On(e) => e.to_string().eq_ignore_ascii_case("true"),
        _ => false,
    };
    match &join.join_operator {
        JoinOperator::CrossJoin(JoinConstraint::None) => Some(false),
        JoinOperator::Join(c) | JoinOperator::Inner(c) if on_true(c) => Some(false),
        JoinOperator::Left(c) | JoinOperator::LeftOuter(c) if on_true(c) => Some(true),
        _ => None,
    }
}

/// The name the left side's columns are qualified by, when it has one.
fn qualifier(factor: &TableFactor) -> Option<Ident> {
    match factor {
        TableFactor::Table { name, alias, .. } => match alias {
            Some(a) => Some(a.name.clone()),
            None => match name.0.last()? {
                ObjectNamePart::Identifier(i) => Some(i.clone()),
                _ => None,
            },
        },
        TableFactor::Derived { alias, .. }
        | TableFactor::UNNEST { alias, .. }
        | TableFactor::Function { alias, .. }
        | TableFactor::TableFunction { alias, .. } => alias.as_ref().map(|a| a.name.clone()),
        _ => None,
    }
}

fn same_ident(a: &Ident, b: &Ident) -> bool {
    let key = |i: &Ident| match i.quote_style {
        Some(_) => i.value.clone(),
        None => i.value.to_ascii_lowercase(),
    };
    key(a) == key(b)
}

fn names_ident(name: &ObjectName, ident: &Ident) -> bool {
    matches!(name.0.as_slice(), [ObjectNamePart::Identifier(i)] if same_ident(i, ident))
}

/// What an UNNEST produces: one list-valued SQL expression per column
/// (before the ordinality), and the SQL of the row count, a BIGINT.
struct Parts {
    lists: Vec<String>,
    length: String,
}

fn parts(exprs: &[Expr], alias: Option<&TableAlias>, ordinality: bool) -> Result<Parts> {
    let named = alias.map_or(0, |a| a.columns.len());
    let wanted = named.saturating_sub(usize::from(ordinality));
    let lists: Vec<String> = if alias.is_none() || named == 0 || wanted == exprs.len() {
        exprs.iter().map(|e| e.to_string()).collect()
    } else if exprs.len() == 1 && wanted == 2 {
        vec![
            format!("map_keys({})", exprs[0]),
            format!("map_values({})", exprs[0]),
        ]
    } else {
        return Err(DataFusionError::Plan(format!(
            "UNNEST of {} argument(s) names {named} column(s): name one column per array, two (key, value) for a single map{}; arrays of rows are not spread into columns, use the row's fields (x.name) instead",
            exprs.len(),
            if ordinality {
                ", and one more for WITH ORDINALITY"
            } else {
                ""
            }
        )));
    };
    let lengths: Vec<String> = lists
        .iter()
        .map(|l| format!("coalesce(array_length({l}), 0)"))
        .collect();
    let longest = match lengths.as_slice() {
        [one] => one.clone(),
        many => format!("greatest({})", many.join(", ")),
    };
    Ok(Parts {
        lists,
        length: format!("CAST({longest} AS BIGINT)"),
    })
}

/// `FROM UNNEST(...)` on its own: ordinality and maps become plain arrays.
fn rewrite_standalone(factor: &mut TableFactor) -> Result<()> {
    let TableFactor::UNNEST {
        alias,
        array_exprs,
        with_ordinality,
        ..
    } = factor
    else {
        return Ok(());
    };
    let parts = parts(array_exprs, alias.as_ref(), *with_ordinality)?;
    let mut lists = parts.lists.clone();
    if *with_ordinality {
        lists.push(format!("range(1, {} + 1)", parts.length));
    }
    if lists.len() == array_exprs.len() && !*with_ordinality {
        return Ok(());
    }
    *array_exprs = lists.iter().map(|l| parse_expr(l)).collect::<Result<_>>()?;
    *with_ordinality = false;
    Ok(())
}

/// `left [LEFT] JOIN UNNEST(...) AS t(...)` as one derived table named
/// `qualifier`.
fn fold(
    left: &TableFactor,
    right: TableFactor,
    left_join: bool,
    qualifier: Ident,
) -> Result<(TableFactor, Rename)> {
    let TableFactor::UNNEST {
        alias,
        array_exprs,
        with_offset,
        with_ordinality,
        ..
    } = right
    else {
        return Err(DataFusionError::Internal("fold of a non-UNNEST".into()));
    };
    if with_offset {
        return Err(DataFusionError::NotImplemented(
            "UNNEST ... WITH OFFSET is not supported; use WITH ORDINALITY (1-based)".into(),
        ));
    }
    let Some(alias) = alias.filter(|a| !a.columns.is_empty()) else {
        return Err(DataFusionError::Plan(
            "UNNEST joined to a table must name its columns, as in CROSS JOIN UNNEST(arr) AS t(x)"
                .into(),
        ));
    };
    let parts = parts(&array_exprs, Some(&alias), with_ordinality)?;
    let columns: Vec<Ident> = alias.columns.iter().map(|c| c.name.clone()).collect();
    let mut items: Vec<String> = parts
        .lists
        .iter()
        .zip(&columns)
        .map(|(list, name)| format!("unnest({list}) AS {name}"))
        .collect();
    let length = &parts.length;
    if with_ordinality {
        let positions = if left_join {
            format!(
                "CASE WHEN {length} > 0 THEN range(1, {length} + 1) ELSE make_array(CAST(NULL AS BIGINT)) END"
            )
        } else {
            format!("range(1, {length} + 1)")
        };
        if let Some(name) = columns.last() {
            items.push(format!("unnest({positions}) AS {name}"));
        }
    } else if left_join {
        items.push(format!(
            "unnest(range(1, greatest({length}, 1) + 1)) AS \"{PAD}\""
        ));
    }
    let left_sql = match left {
        TableFactor::Table { alias: None, .. } => format!("{left} AS {qualifier}"),
        _ => left.to_string(),
    };
    let inner = format!("SELECT {qualifier}.*, {} FROM {left_sql}", items.join(", "));
    let sql = if left_join && !with_ordinality {
        format!(
            "SELECT * FROM (SELECT * EXCLUDE (\"{PAD}\") FROM ({inner}) AS {qualifier}) AS {qualifier}"
        )
    } else {
        format!("SELECT * FROM ({inner}) AS {qualifier}")
    };
    let factor = parse_from(&sql)?;
    Ok((
        factor,
        Rename {
            from: alias.name,
            to: qualifier,
            columns,
        },
    ))
}

fn parse_expr(sql: &str) -> Result<Expr> {
    let dialect = GenericDialect {};
    Ok(Parser::new(&dialect).try_with_sql(sql)?.parse_expr()?)
}

/// The one relation of `sql`'s FROM.
fn parse_from(sql: &str) -> Result<TableFactor> {
    let dialect = GenericDialect {};
    let query = Parser::new(&dialect).try_with_sql(sql)?.parse_query()?;
    match *query.body {
        SetExpr::Select(select) => select
            .from
            .into_iter()
            .next()
            .map(|t| t.relation)
            .ok_or_else(|| DataFusionError::Internal(format!("no FROM in {sql}"))),
        _ => Err(DataFusionError::Internal(format!("not a SELECT: {sql}"))),
    }
}

#[cfg(test)]
mod tests {
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
    fn ordinality_becomes_a_range_beside_the_arrays() {
        assert_eq!(
            rewritten("SELECT * FROM UNNEST(ARRAY[1, 2]) WITH ORDINALITY AS t(x, n)"),
            "SELECT * FROM UNNEST(ARRAY[1, 2], range(1, CAST(coalesce(array_length(ARRAY[1, 2]), 0) AS BIGINT) + 1)) AS t (x, n)"
        );
    }

    #[test]
    fn a_cross_join_becomes_a_select_list_unnest_named_as_its_left_side() {
        assert_eq!(
            rewritten("SELECT s.a, t.x FROM s CROSS JOIN UNNEST(s.arr) AS t(x) ORDER BY t.x"),
            "SELECT s.a, s.x FROM (SELECT s.*, unnest(s.arr) AS x FROM s AS s) AS s ORDER BY s.x"
        );
    }

    #[test]
    fn other_statements_are_left_alone() {
        let sql = "SELECT a FROM s JOIN u ON s.id = u.id";
        assert_eq!(rewritten(sql), sql);
    }
}
