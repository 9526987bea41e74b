//! Partition pruning: which candidate partitions a query's WHERE clause
//! can match, decided by evaluating the filters over the candidates'
//! values (so equalities, IN lists, ranges, functions and casts all prune,
//! with SQL's own semantics, including string comparison of a date stored
//! as text).

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::{RecordBatch, RecordBatchOptions};
use datafusion::catalog::Session;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, DFSchema, ScalarValue};
use datafusion::datasource::listing::helpers::expr_applicable_for_cols;
use datafusion::error::Result;
use datafusion::logical_expr::{BinaryExpr, Expr, Operator};

/// A partition column: its name and Arrow type.
pub type PartitionColumn = (String, DataType);

/// The value of a partition as its column's type; a value that does not
/// convert (Hive's `__HIVE_DEFAULT_PARTITION__`, `x` for an int column)
/// is NULL, as Hive reads it.
pub fn typed_value(value: &str, ty: &DataType) -> ScalarValue {
    ScalarValue::try_from_string(value.to_string(), ty)
        .unwrap_or_else(|_| ScalarValue::try_from(ty).unwrap_or(ScalarValue::Null))
}

/// The filters that only involve the first `known` partition columns.
pub fn applicable<'a>(
    filters: &'a [Expr],
    columns: &[PartitionColumn],
    known: usize,
) -> Vec<&'a Expr> {
    let names: Vec<&str> = columns[..known].iter().map(|(n, _)| n.as_str()).collect();
    filters
        .iter()
        .filter(|f| expr_applicable_for_cols(&names, f))
        .collect()
}

fn unqualified(expr: &Expr) -> Result<Expr> {
    Ok(expr
        .clone()
        .transform(|e| match e {
            Expr::Column(c) if c.relation.is_some() => Ok(Transformed::yes(Expr::Column(
                Column::new_unqualified(c.name),
            ))),
            other => Ok(Transformed::no(other)),
        })?
        .data)
}

/// For each candidate (values of the first `columns.len()` partition
/// columns), whether every one of `filters` may hold. A filter that is NULL
/// for a candidate rules it out, as WHERE does.
pub fn keep(
    state: &dyn Session,
    columns: &[PartitionColumn],
    candidates: &[Vec<String>],
    filters: &[&Expr],
) -> Result<Vec<bool>> {
    if filters.is_empty() || candidates.is_empty() {
        return Ok(vec![true; candidates.len()]);
    }
    let typed: Vec<Vec<ScalarValue>> = candidates
        .iter()
        .map(|c| {
            columns
                .iter()
                .zip(c)
                .map(|((_, ty), v)| typed_value(v, ty))
                .collect()
        })
        .collect();
    keep_typed(state, columns, &typed, filters)
}

/// [`keep`] for candidates whose values are already typed, one per column
/// (a file's partition values followed by its `"$path"`, size and time).
pub fn keep_typed(
    state: &dyn Session,
    columns: &[PartitionColumn],
    candidates: &[Vec<ScalarValue>],
    filters: &[&Expr],
) -> Result<Vec<bool>> {
    if filters.is_empty() || candidates.is_empty() {
        return Ok(vec![true; candidates.len()]);
    }
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, t)| Field::new(n, t.clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let arrays = (0..columns.len())
        .map(|i| ScalarValue::iter_to_array(candidates.iter().map(|c| c[i].clone())))
        .collect::<Result<Vec<_>>>()?;
    let batch = RecordBatch::try_new_with_options(
        Arc::clone(&schema),
        arrays,
        &RecordBatchOptions::new().with_row_count(Some(candidates.len())),
    )?;
    let df_schema = DFSchema::try_from(Arc::clone(&schema))?;
    let mut keep = vec![true; candidates.len()];
    for filter in filters {
        let expr = state.create_physical_expr(unqualified(filter)?, &df_schema)?;
        let result = expr.evaluate(&batch)?.into_array(candidates.len())?;
        let Some(mask) = result.as_boolean_opt() else {
            continue;
        };
        for (i, k) in keep.iter_mut().enumerate() {
            *k &= mask.is_valid(i) && mask.value(i);
        }
    }
    Ok(keep)
}

/// The values an `injected` column is pinned to: the literals of
/// `column = lit`, `column IN (lit, ...)` and ORs of those (DataFusion
/// rewrites short IN lists into ORs), intersected when there are several
/// conditions. `None` when no such condition exists.
pub fn injected_values(filters: &[Expr], column: &str) -> Option<Vec<String>> {
    let mut pinned: Option<Vec<String>> = None;
    for filter in filters {
        if let Some(values) = pinned_by(filter, column) {
            pinned = Some(match pinned {
                None => values,
                Some(before) => before.into_iter().filter(|v| values.contains(v)).collect(),
            });
        }
    }
    pinned
}

fn pinned_by(expr: &Expr, column: &str) -> Option<Vec<String>> {
    let is_column = |e: &Expr| matches!(e, Expr::Column(c) if c.name == column);
    let literal = |e: &Expr| match e {
        Expr::Literal(v, _) if !v.is_null() => Some(scalar_text(v)),
        _ => None,
    };
    match expr {
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::Eq,
            right,
        }) => {
            if is_column(left) {
                literal(right).map(|v| vec![v])
            } else if is_column(right) {
                literal(left).map(|v| vec![v])
            } else {
                None
            }
        }
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::Or,
            right,
        }) => {
            let mut values = pinned_by(left, column)?;
            for v in pinned_by(right, column)? {
                if !values.contains(&v) {
                    values.push(v);
                }
            }
            Some(values)
        }
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::And,
            right,
        }) => match (pinned_by(left, column), pinned_by(right, column)) {
            (Some(a), Some(b)) => Some(a.into_iter().filter(|v| b.contains(v)).collect()),
            (a, b) => a.or(b),
        },
        Expr::InList(list) if !list.negated && is_column(&list.expr) => list
            .list
            .iter()
            .map(literal)
            .collect::<Option<Vec<String>>>(),
        _ => None,
    }
}

fn scalar_text(v: &ScalarValue) -> String {
    match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::{SessionContext, col, lit};

    fn columns() -> Vec<PartitionColumn> {
        vec![
            ("region".into(), DataType::Utf8),
            ("day".into(), DataType::Utf8),
        ]
    }

    fn rows(values: &[(&str, &str)]) -> Vec<Vec<String>> {
        values
            .iter()
            .map(|(a, b)| vec![a.to_string(), b.to_string()])
            .collect()
    }

    #[test]
    fn ranges_on_text_dates_and_in_lists_prune() {
        let ctx = SessionContext::new();
        let state = ctx.state();
        let candidates = rows(&[
            ("us-east-1", "2026/11/30"),
            ("us-east-1", "2026/12/01"),
            ("eu-west-1", "2026/12/01"),
            ("eu-west-1", "2026/12/02"),
        ]);
        let filters = vec![
            col("day").gt_eq(lit("2026/12/01")),
            col("day").lt(lit("2026/12/02")),
            col("region").in_list(vec![lit("eu-west-1"), lit("ap-south-1")], false),
        ];
        let usable = applicable(&filters, &columns(), 2);
        assert_eq!(usable.len(), 3);
        let keep = keep(&state, &columns(), &candidates, &usable).unwrap();
        assert_eq!(keep, [false, false, true, false]);
    }

    #[test]
    fn only_filters_on_known_columns_apply() {
        let filters = vec![
            col("day").eq(lit("x")),
            col("region").eq(lit("y")),
            col("data").eq(lit(1)),
        ];
        assert_eq!(applicable(&filters, &columns(), 1).len(), 1);
        assert_eq!(applicable(&filters, &columns(), 2).len(), 2);
    }

    #[test]
    fn typed_columns_and_unconvertible_values() {
        let ctx = SessionContext::new();
        let state = ctx.state();
        let cols = vec![("year".to_string(), DataType::Int32)];
        let candidates = vec![
            vec!["2025".to_string()],
            vec!["__HIVE_DEFAULT_PARTITION__".to_string()],
            vec!["2026".into()],
        ];
        let filters = [col("year").gt(lit(2025))];
        let usable: Vec<&Expr> = filters.iter().collect();
        assert_eq!(
            keep(&state, &cols, &candidates, &usable).unwrap(),
            [false, false, true]
        );
    }

    #[test]
    fn injected_values_from_equalities_and_in_lists() {
        let f = vec![col("account").eq(lit("111")), col("day").gt(lit("a"))];
        assert_eq!(
            injected_values(&f, "account"),
            Some(vec!["111".to_string()])
        );
        let f = vec![
            col("account").in_list(vec![lit("111"), lit("222")], false),
            lit("222").eq(col("account")),
        ];
        assert_eq!(
            injected_values(&f, "account"),
            Some(vec!["222".to_string()])
        );
        let f = vec![col("account").gt(lit("111"))];
        assert_eq!(injected_values(&f, "account"), None);
        let f = vec![col("account").in_list(vec![lit("1")], true)];
        assert_eq!(injected_values(&f, "account"), None);
        let f = vec![col("account").eq(lit("1")).or(col("account").eq(lit("2")))];
        assert_eq!(
            injected_values(&f, "account"),
            Some(vec!["1".to_string(), "2".into()])
        );
        // An OR with another column pins nothing.
        let f = vec![col("account").eq(lit("1")).or(col("day").eq(lit("2")))];
        assert_eq!(injected_values(&f, "account"), None);
    }
}
