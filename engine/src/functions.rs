//! What the session's functions are, from each function's own signature
//! and `documentation()`: the one source for `SHOW FUNCTIONS`,
//! `DESCRIBE FUNCTION` and the REPL's `\df`, so nothing is written twice.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::function::WindowUDFFieldArgs;
use datafusion::logical_expr::{
    AggregateUDF, Documentation, ReturnFieldArgs, ScalarUDF, Signature, Volatility, WindowUDF,
};

/// Which kind of call a function is, as Trino's `SHOW FUNCTIONS` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FunctionKind {
    /// One value per row.
    Scalar,
    /// One value per group of rows.
    Aggregate,
    /// One value per row, over a window of rows.
    Window,
}

impl FunctionKind {
    /// `scalar`, `aggregate` or `window`.
    pub fn as_str(self) -> &'static str {
        match self {
            FunctionKind::Scalar => "scalar",
            FunctionKind::Aggregate => "aggregate",
            FunctionKind::Window => "window",
        }
    }
}

/// One argument-type list a function accepts and what it returns for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Overload {
    /// SQL type names of the arguments, in order.
    pub argument_types: Vec<String>,
    /// SQL type name of the result, when it follows from the argument types
    /// alone.
    pub return_type: Option<String>,
}

/// A function the session can call, under one of its names.
#[derive(Debug, Clone)]
pub struct FunctionInfo {
    /// The name looked up (a function registered with aliases appears once
    /// per name).
    pub name: String,
    /// The function's own name when `name` is an alias of it.
    pub alias_of: Option<String>,
    /// Scalar, aggregate or window.
    pub kind: FunctionKind,
    /// Whether the same arguments always give the same result.
    pub deterministic: bool,
    /// The function's documentation, when it has any.
    pub documentation: Option<Documentation>,
    /// None for higher-order functions, whose argument is a lambda.
    signature: Option<Signature>,
    udf: Udf,
}

#[derive(Debug, Clone)]
enum Udf {
    Scalar(Arc<ScalarUDF>),
    Aggregate(Arc<AggregateUDF>),
    Window(Arc<WindowUDF>),
    /// A higher-order function, or a form rewritten before planning (`if`):
    /// neither has a signature to list.
    HigherOrder,
}

impl FunctionInfo {
    /// The first line of the description (empty when undocumented).
    pub fn summary(&self) -> &str {
        self.documentation
            .as_ref()
            .and_then(|d| d.description.lines().next())
            .map_or("", str::trim)
    }

    /// The syntax, such as `json_extract_scalar(json, json_path)`.
    pub fn syntax(&self) -> &str {
        self.documentation
            .as_ref()
            .map_or("", |d| d.syntax_example.as_str())
    }

    /// The argument names the documentation gives, in order.
    pub fn argument_names(&self) -> Vec<String> {
        self.documentation
            .as_ref()
            .and_then(|d| d.arguments.as_ref())
            .map(|args| args.iter().map(|(name, _)| name.clone()).collect())
            .unwrap_or_default()
    }

    /// The argument-type lists the signature names, each with its return
    /// type. Signatures that check their arguments in code (most of
    /// Quarry's) name none, and give an empty list.
    pub fn overloads(&self) -> Vec<Overload> {
        let mut found = BTreeSet::new();
        let Some(signature) = &self.signature else {
            return Vec::new();
        };
        for types in signature.type_signature.get_example_types() {
            let fields: Vec<FieldRef> = types
                .iter()
                .enumerate()
                .map(|(i, t)| Arc::new(Field::new(format!("arg_{i}"), t.clone(), true)))
                .collect();
            let returned = match &self.udf {
                Udf::Scalar(f) => {
                    let scalars = vec![None; fields.len()];
                    f.return_field_from_args(ReturnFieldArgs {
                        arg_fields: &fields,
                        scalar_arguments: &scalars,
                    })
                    .ok()
                }
                Udf::Aggregate(f) => f.return_field(&fields).ok(),
                Udf::Window(f) => f.field(WindowUDFFieldArgs::new(&fields, f.name())).ok(),
                Udf::HigherOrder => None,
            };
            found.insert(Overload {
                argument_types: types.iter().map(sql_type).collect(),
                return_type: returned.map(|f| sql_type(f.data_type())),
            });
        }
        found.into_iter().collect()
    }
}

/// Every function `state` can call, sorted by name; a name that is both a
/// scalar and an aggregate or window function is listed under the kind the
/// planner resolves it to first (scalar, then aggregate, then window).
pub fn functions(state: &SessionState) -> Vec<FunctionInfo> {
    let mut by_name: BTreeMap<String, FunctionInfo> = BTreeMap::new();
    for (name, f) in state.scalar_functions() {
        let info = FunctionInfo {
            name: name.clone(),
            alias_of: (f.name() != name).then(|| f.name().to_string()),
            kind: FunctionKind::Scalar,
            deterministic: deterministic(f.signature()),
            documentation: f.documentation().cloned(),
            signature: Some(f.signature().clone()),
            udf: Udf::Scalar(Arc::clone(f)),
        };
        by_name.entry(name.clone()).or_insert(info);
    }
    for (name, f) in state.aggregate_functions() {
        let info = FunctionInfo {
            name: name.clone(),
            alias_of: (f.name() != name).then(|| f.name().to_string()),
            kind: FunctionKind::Aggregate,
            deterministic: deterministic(f.signature()),
            documentation: f.documentation().cloned(),
            signature: Some(f.signature().clone()),
            udf: Udf::Aggregate(Arc::clone(f)),
        };
        by_name.entry(name.clone()).or_insert(info);
    }
    for (name, f) in state.window_functions() {
        let info = FunctionInfo {
            name: name.clone(),
            alias_of: (f.name() != name).then(|| f.name().to_string()),
            kind: FunctionKind::Window,
            deterministic: deterministic(f.signature()),
            documentation: f.documentation().cloned(),
            signature: Some(f.signature().clone()),
            udf: Udf::Window(Arc::clone(f)),
        };
        by_name.entry(name.clone()).or_insert(info);
    }
    for (name, f) in state.higher_order_functions() {
        let info = FunctionInfo {
            name: name.clone(),
            alias_of: (f.name() != name).then(|| f.name().to_string()),
            kind: FunctionKind::Scalar,
            deterministic: f.signature().volatility == Volatility::Immutable,
            documentation: f.documentation().cloned(),
            signature: None,
            udf: Udf::HigherOrder,
        };
        by_name.entry(name.clone()).or_insert(info);
    }
    // Trino's `if` is planned as the CASE it means, so it is listed from its
    // documentation alone.
    by_name
        .entry("if".to_string())
        .or_insert_with(|| FunctionInfo {
            name: "if".to_string(),
            alias_of: None,
            kind: FunctionKind::Scalar,
            deterministic: true,
            documentation: Some(crate::if_expr::documentation()),
            signature: None,
            udf: Udf::HigherOrder,
        });
    by_name.into_values().collect()
}

/// Names among `known` close to `name`, the closest first: those it is a
/// prefix of, or within a few edits of it.
pub fn close_names<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Vec<String> {
    let name = name.to_ascii_lowercase();
    let limit = (name.len() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, String)> = known
        .filter_map(|k| {
            let distance = levenshtein(&name, k);
            if distance <= limit {
                Some((distance, k.to_string()))
            } else if k.starts_with(&name) || (name.len() >= 4 && k.contains(&name)) {
                Some((limit + 1, k.to_string()))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(5).map(|(_, k)| k).collect()
}

fn deterministic(signature: &Signature) -> bool {
    signature.volatility == Volatility::Immutable
}

/// The Trino name of an Arrow type, as Athena users read it.
fn sql_type(t: &DataType) -> String {
    quarry_udfs::types::trino_type_name(&Field::new("", t.clone(), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_prefer_few_edits_then_prefixes() {
        let known = ["json_extract", "json_extract_scalar", "json_parse", "abs"];
        assert_eq!(
            close_names("jsn_extract", known.iter().copied()),
            vec!["json_extract"]
        );
        assert_eq!(
            close_names("json_extr", known.iter().copied()),
            vec!["json_extract", "json_extract_scalar"]
        );
        assert!(close_names("zzzzzz", known.iter().copied()).is_empty());
    }

    #[test]
    fn types_read_as_trino_names() {
        assert_eq!(sql_type(&DataType::Utf8View), "varchar");
        assert_eq!(
            sql_type(&DataType::new_list(DataType::Int64, true)),
            "array(bigint)"
        );
    }
}

#[cfg(test)]
mod example_tests {
    use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

    use crate::Engine;

    /// Every documented example (`> SELECT ...;` then its result lines) run
    /// as written: each row's values, space-separated, must be the line the
    /// documentation prints.
    #[tokio::test]
    async fn documented_examples_give_their_results() -> crate::Result<()> {
        let engine = Engine::builder().build().await?;
        let mut wrong = Vec::new();
        let mut checked = 0;
        for f in engine.functions() {
            if f.alias_of.is_some() {
                continue;
            }
            let Some(example) = f.documentation.as_ref().and_then(|d| d.sql_example.clone()) else {
                continue;
            };
            // DataFusion's own examples are printed tables in Markdown.
            if example.contains("```") {
                continue;
            }
            for (sql, expected) in cases(&example) {
                checked += 1;
                let got = match engine.sql(sql).await {
                    Ok(query) => match query.collect().await {
                        Ok(batches) => rows(&batches),
                        Err(e) => vec![format!("Error: {e}")],
                    },
                    Err(e) => vec![format!("Error: {e}")],
                };
                let matches = match expected.as_slice() {
                    [error] if error.starts_with("Error: ") => {
                        got.len() == 1 && got[0].contains(&error["Error: ".len()..])
                    }
                    _ => got == expected,
                };
                if !matches {
                    wrong.push(format!(
                        "{}: {sql}\n  documented: {expected:?}\n  got:        {got:?}",
                        f.name
                    ));
                }
            }
        }
        assert!(checked >= 100, "only {checked} examples found");
        assert!(
            wrong.is_empty(),
            "{} of {checked} examples differ:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
        Ok(())
    }

    /// An example's statements (`> SQL;`), each with the lines after it; a
    /// line may end in a comment on how Trino prints it.
    fn cases(example: &str) -> Vec<(&str, Vec<&str>)> {
        let mut cases: Vec<(&str, Vec<&str>)> = Vec::new();
        for line in example.lines() {
            match line.strip_prefix("> ") {
                Some(sql) => cases.push((sql.trim_end().trim_end_matches(';'), Vec::new())),
                None => {
                    if let Some((_, expected)) = cases.last_mut() {
                        expected.push(line.split("   -- ").next().unwrap_or(line).trim_end());
                    }
                }
            }
        }
        cases
    }

    /// Each row's values, space-separated, NULL written as such.
    fn rows(batches: &[datafusion::arrow::array::RecordBatch]) -> Vec<String> {
        let options = FormatOptions::default().with_null("NULL");
        let mut lines = Vec::new();
        for batch in batches {
            let formatters: Vec<_> = batch
                .columns()
                .iter()
                .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
                .collect();
            for row in 0..batch.num_rows() {
                let values: Vec<String> = formatters
                    .iter()
                    .map(|f| match f {
                        Ok(f) => f.value(row).to_string(),
                        Err(e) => format!("error: {e}"),
                    })
                    .collect();
                lines.push(values.join(" "));
            }
        }
        lines
    }
}
