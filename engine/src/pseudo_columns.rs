//! Athena's pseudo-columns in SQL: a statement that names `"$path"`,
//! `"$file_size"` or `"$file_modified_time"` is planned against tables that
//! have them, and its `*` wildcards are narrowed so they still mean only the
//! table's own columns, as in Athena (`SELECT *, "$path" FROM t`).
//!
//! DataFusion has no hidden columns: a column in a table's schema is in its
//! `*`. So the columns exist only for statements that ask for them, and
//! there each wildcard over such a table gets an `EXCLUDE` of them. An
//! unqualified `*` over a join of two such tables is spelled as one
//! qualified wildcard per relation; under `USING`, `NATURAL` or a semi or
//! anti join that spelling would change the result, so that `*` is left
//! whole and shows the pseudo-columns of both sides.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::sync::Arc;

use datafusion::catalog::{CatalogProviderList, MemoryCatalogProviderList};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::SessionStateBuilder;
use datafusion::execution::context::SessionState;
use datafusion::logical_expr::LogicalPlan;
use datafusion::sql::parser::Statement as DFStatement;
use datafusion::sql::planner::object_name_to_table_reference;
use datafusion::sql::sqlparser::ast::{
    ExcludeSelectItem, Expr, Ident, JoinConstraint, JoinOperator, ObjectName, ObjectNamePart,
    Query, Select, SelectItem, SelectItemQualifiedWildcardKind, SetExpr, Statement, TableFactor,
    VisitMut, VisitorMut, WildcardAdditionalOptions, visit_expressions, visit_relations,
};
use quarry_catalog::{PSEUDO_COLUMNS, QuarryCatalogProvider, is_pseudo_column};

use crate::engine::DEFAULT_CATALOG;

/// Whether `statement` names a pseudo-column anywhere.
fn mentioned(statement: &DFStatement) -> bool {
    let Some(statement) = ast(statement) else {
        return false;
    };
    let found = visit_expressions(statement, |expr| {
        let named = match expr {
            Expr::Identifier(ident) => is_pseudo_column(&ident.value),
            Expr::CompoundIdentifier(parts) => {
                parts.last().is_some_and(|i| is_pseudo_column(&i.value))
            }
            _ => false,
        };
        if named {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    found.is_break()
}

/// `state` with its catalog swapped for the one whose file tables have
/// pseudo-columns.
fn pseudo_state(state: &SessionState, catalog_name: &str) -> Result<SessionState> {
    let base = state.catalog_list();
    let list = MemoryCatalogProviderList::new();
    for name in base.catalog_names() {
        let Some(catalog) = base.catalog(&name) else {
            continue;
        };
        let quarry =
            (catalog.as_ref() as &dyn std::any::Any).downcast_ref::<QuarryCatalogProvider>();
        let catalog = match quarry {
            Some(quarry) if name == catalog_name => Arc::new(quarry.with_pseudo_columns()),
            _ => catalog,
        };
        list.register_catalog(name, catalog);
    }
    Ok(SessionStateBuilder::new_from_existing(state.clone())
        .with_catalog_list(Arc::new(list))
        .build())
}

/// Adds `EXCLUDE` of the pseudo-columns to each wildcard of `statement`
/// that covers a table having them in `state` (see the module docs).
async fn narrow_wildcards(state: &SessionState, statement: &mut DFStatement) -> Result<()> {
    let Some(ast) = ast(statement) else {
        return Ok(());
    };
    let with_pseudo = tables_with_pseudo_columns(state, ast).await?;
    if with_pseudo.is_empty() {
        return Ok(());
    }
    let Some(ast) = ast_mut(statement) else {
        return Ok(());
    };
    let mut narrow = Narrow { with_pseudo };
    let _ = ast.visit(&mut narrow);
    Ok(())
}

fn ast(statement: &DFStatement) -> Option<&Statement> {
    match statement {
        DFStatement::Statement(s) => Some(s),
        DFStatement::Explain(e) => ast(&e.statement),
        _ => None,
    }
}

fn ast_mut(statement: &mut DFStatement) -> Option<&mut Statement> {
    match statement {
        DFStatement::Statement(s) => Some(s),
        DFStatement::Explain(e) => ast_mut(&mut e.statement),
        _ => None,
    }
}

/// The relation names in `statement` (lower-cased, as written) that resolve
/// to a table with pseudo-columns; names of CTEs are left out, since a CTE
/// shadows a table of its name.
async fn tables_with_pseudo_columns(
    state: &SessionState,
    statement: &Statement,
) -> Result<HashSet<String>> {
    let mut names: Vec<ObjectName> = Vec::new();
    let _ = visit_relations(statement, |name| {
        names.push(name.clone());
        ControlFlow::<()>::Continue(())
    });
    let ctes = cte_names(statement);
    let normalize = state
        .config()
        .options()
        .sql_parser
        .enable_ident_normalization;
    let mut found = HashSet::new();
    for name in names {
        let key = name_key(&name);
        if found.contains(&key) || ctes.contains(&key) {
            continue;
        }
        let Ok(reference) = object_name_to_table_reference(name, normalize) else {
            continue;
        };
        let defaults = &state.config().options().catalog;
        let resolved = reference.resolve(&defaults.default_catalog, &defaults.default_schema);
        let Ok(schema) = state.schema_for_ref(resolved.clone()) else {
            continue;
        };
        let table = schema
            .table(&resolved.table)
            .await
            .map_err(|e| DataFusionError::Context(format!("table {resolved}"), Box::new(e)))?;
        if table.is_some_and(|t| {
            PSEUDO_COLUMNS
                .iter()
                .all(|p| t.schema().field_with_name(p).is_ok())
        }) {
            found.insert(key);
        }
    }
    Ok(found)
}

fn cte_names(statement: &Statement) -> HashSet<String> {
    struct Ctes(HashSet<String>);
    impl datafusion::sql::sqlparser::ast::Visitor for Ctes {
        type Break = ();
        fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
            if let Some(with) = &query.with {
                for cte in &with.cte_tables {
                    self.0.insert(cte.alias.name.value.to_ascii_lowercase());
                }
            }
            ControlFlow::Continue(())
        }
    }
    let mut ctes = Ctes(HashSet::new());
    let _ = datafusion::sql::sqlparser::ast::Visit::visit(statement, &mut ctes);
    ctes.0
}

fn name_key(name: &ObjectName) -> String {
    name.0
        .iter()
        .map(|part| match part {
            ObjectNamePart::Identifier(i) => i.value.to_ascii_lowercase(),
            other => other.to_string().to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// One relation of a FROM clause: the name a wildcard qualifies it by, and
/// whether it has pseudo-columns.
struct Relation {
    qualifier: Option<ObjectName>,
    alias: Option<String>,
    has_pseudo: bool,
}

struct Narrow {
    with_pseudo: HashSet<String>,
}

impl VisitorMut for Narrow {
    type Break = ();

    fn post_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        self.set_expr(&mut query.body);
        ControlFlow::Continue(())
    }
}

impl Narrow {
    fn set_expr(&self, body: &mut SetExpr) {
        match body {
            SetExpr::Select(select) => self.select(select),
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left);
                self.set_expr(right);
            }
            // Nested queries are visited on their own.
            _ => {}
        }
    }

    fn select(&self, select: &mut Select) {
        let mut relations = Vec::new();
        let mut plain_joins = true;
        for table in &select.from {
            self.relations(&table.relation, &mut relations, &mut plain_joins);
            for join in &table.joins {
                plain_joins &= is_plain(&join.join_operator);
                self.relations(&join.relation, &mut relations, &mut plain_joins);
            }
        }
        let with_pseudo = relations.iter().filter(|r| r.has_pseudo).count();
        if with_pseudo == 0 {
            return;
        }
        let mut items = Vec::with_capacity(select.projection.len());
        for item in std::mem::take(&mut select.projection) {
            match item {
                SelectItem::Wildcard(mut options) if with_pseudo == 1 => {
                    exclude(&mut options);
                    items.push(SelectItem::Wildcard(options));
                }
                SelectItem::Wildcard(options)
                    if plain_joins && relations.iter().all(|r| r.qualifier.is_some()) =>
                {
                    for r in &relations {
                        let mut options = options.clone();
                        if r.has_pseudo {
                            exclude(&mut options);
                        }
                        if let Some(q) = &r.qualifier {
                            items.push(SelectItem::QualifiedWildcard(
                                SelectItemQualifiedWildcardKind::ObjectName(q.clone()),
                                options,
                            ));
                        }
                    }
                }
                SelectItem::QualifiedWildcard(
                    SelectItemQualifiedWildcardKind::ObjectName(name),
                    mut options,
                ) => {
                    if relations.iter().any(|r| r.has_pseudo && r.is_named(&name)) {
                        exclude(&mut options);
                    }
                    items.push(SelectItem::QualifiedWildcard(
                        SelectItemQualifiedWildcardKind::ObjectName(name),
                        options,
                    ));
                }
                other => items.push(other),
            }
        }
        select.projection = items;
    }

    fn relations(&self, factor: &TableFactor, out: &mut Vec<Relation>, plain: &mut bool) {
        match factor {
            TableFactor::Table { name, alias, .. } => {
                let has_pseudo = self.with_pseudo.contains(&name_key(name));
                let alias = alias.as_ref().map(|a| a.name.value.to_ascii_lowercase());
                let qualifier = match alias {
                    Some(_) => alias
                        .as_ref()
                        .map(|a| ObjectName::from(vec![Ident::new(a)])),
                    None => Some(name.clone()),
                };
                out.push(Relation {
                    qualifier,
                    alias,
                    has_pseudo,
                });
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias,
            } => {
                if alias.is_some() {
                    // A parenthesized join with an alias is one relation
                    // whose columns are not known here.
                    *plain = false;
                    return;
                }
                self.relations(&table_with_joins.relation, out, plain);
                for join in &table_with_joins.joins {
                    *plain &= is_plain(&join.join_operator);
                    self.relations(&join.relation, out, plain);
                }
            }
            other => {
                let qualifier = table_factor_alias(other).map(|a| ObjectName::from(vec![a]));
                out.push(Relation {
                    alias: qualifier.as_ref().map(name_key),
                    qualifier,
                    has_pseudo: false,
                });
            }
        }
    }
}

impl Relation {
    fn is_named(&self, name: &ObjectName) -> bool {
        let key = name_key(name);
        match (&self.alias, &self.qualifier) {
            (Some(alias), _) => *alias == key,
            (None, Some(q)) => {
                let own = name_key(q);
                own == key || own.rsplit('.').next() == Some(key.as_str())
            }
            (None, None) => false,
        }
    }
}

fn table_factor_alias(factor: &TableFactor) -> Option<Ident> {
    match factor {
        TableFactor::Derived { alias, .. }
        | TableFactor::TableFunction { alias, .. }
        | TableFactor::Function { alias, .. }
        | TableFactor::UNNEST { alias, .. } => alias.as_ref().map(|a| a.name.clone()),
        _ => None,
    }
}

/// Joins whose output has every column of both sides once per side, so a
/// `*` over them is the same as one qualified wildcard per side.
fn is_plain(operator: &JoinOperator) -> bool {
    let constraint = match operator {
        JoinOperator::Join(c)
        | JoinOperator::Inner(c)
        | JoinOperator::Left(c)
        | JoinOperator::LeftOuter(c)
        | JoinOperator::Right(c)
        | JoinOperator::RightOuter(c)
        | JoinOperator::FullOuter(c)
        | JoinOperator::CrossJoin(c) => c,
        _ => return false,
    };
    matches!(constraint, JoinConstraint::On(_) | JoinConstraint::None)
}

/// Adds the pseudo-columns the wildcard does not already leave out to its
/// `EXCLUDE` list.
fn exclude(options: &mut WildcardAdditionalOptions) {
    let mut names: Vec<ObjectName> = match options.opt_exclude.take() {
        Some(ExcludeSelectItem::Single(name)) => vec![name],
        Some(ExcludeSelectItem::Multiple(names)) => names,
        None => Vec::new(),
    };
    let excepted: Vec<String> = options
        .opt_except
        .as_ref()
        .map(|e| {
            std::iter::once(&e.first_element)
                .chain(&e.additional_elements)
                .map(|i| i.value.to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    for pseudo in PSEUDO_COLUMNS {
        let named =
            names.iter().any(|n| name_key(n) == pseudo) || excepted.iter().any(|n| n == pseudo);
        if !named {
            names.push(ObjectName::from(vec![Ident::with_quote('"', pseudo)]));
        }
    }
    options.opt_exclude = Some(ExcludeSelectItem::Multiple(names));
}

/// Plans `sql` in `state`, with pseudo-columns when it names one; returns
/// the state the plan belongs to.
pub(crate) async fn plan(state: SessionState, sql: &str) -> Result<(SessionState, LogicalPlan)> {
    let mut statement = crate::dialect::parse_statement(&state, sql)?;
    if !mentioned(&statement) {
        rewrite_unnest(&mut statement)?;
        let plan = Box::pin(state.statement_to_plan(statement)).await?;
        return Ok((state, plan));
    }
    let state = pseudo_state(&state, DEFAULT_CATALOG)?;
    narrow_wildcards(&state, &mut statement).await?;
    // After narrowing: the wildcard an UNNEST rewrite adds must keep the
    // pseudo-columns for the statement around it.
    rewrite_unnest(&mut statement)?;
    let plan = Box::pin(state.statement_to_plan(statement)).await?;
    Ok((state, plan))
}

/// The rewrites DataFusion needs to plan Trino's `UNNEST`, `if`, `try` and
/// `.field` on a ROW that is not a table's column.
fn rewrite_unnest(statement: &mut DFStatement) -> Result<()> {
    match ast_mut(statement) {
        Some(ast) => {
            crate::unnest::rewrite(ast)?;
            crate::if_expr::rewrite(ast)?;
            crate::field_access::rewrite(ast);
            crate::try_expr::rewrite(ast)
        }
        None => Ok(()),
    }
}
