//! quarry-udfs: Quarry's SQL function library.
//!
//! Pure functions, no I/O: Presto/Athena-compatible scalar and aggregate
//! functions and the log-specific ones, plus the grammars of the log formats
//! (a line in, typed fields out) that both table readers and `parse_*`
//! functions share. Everything is registered by name through
//! [`register_all`], so a distributed executor can register the same set.
//!
//! ```
//! use datafusion::prelude::SessionContext;
//! let ctx = SessionContext::new();
//! quarry_udfs::register_all(&ctx).unwrap();
//! ```
#![deny(missing_docs)]

pub mod aggregate;
mod args;
pub mod array;
pub mod binary;
pub mod conditional;
pub mod grammar;
pub mod json;
pub mod log;
pub mod net;
mod overrides;
pub mod parse;
pub mod regexp;
pub mod string;
pub mod time;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::planner::ExprPlanner;
use datafusion::logical_expr::{AggregateUDF, HigherOrderUDF, ScalarUDF};
use datafusion::prelude::SessionContext;

/// Every scalar function Quarry adds, one entry per function.
///
/// Families (json, regexp, time, net, ...) each contribute their
/// `functions()` here as they land.
pub fn scalar_functions() -> Vec<Arc<ScalarUDF>> {
    let mut all = array::functions();
    all.extend(binary::functions());
    all.extend(json::functions());
    all.extend(log::functions());
    all.extend(net::functions());
    all.extend(parse::functions());
    all.extend(regexp::functions());
    all.extend(string::functions());
    all.extend(time::functions());
    all
}

/// The SQL planners Quarry adds (Trino's `array[i]` and `map[key]`, which
/// fail out of range). A session must put them before DataFusion's own,
/// which would otherwise plan the same syntax first.
pub fn expr_planners() -> Vec<Arc<dyn ExprPlanner>> {
    vec![Arc::new(array::subscript::SubscriptPlanner::default())]
}

/// Every aggregate function Quarry adds.
pub fn aggregate_functions() -> Vec<Arc<AggregateUDF>> {
    aggregate::functions()
}

/// Every higher-order function Quarry adds (functions taking an argument
/// unevaluated, such as `try`).
pub fn higher_order_functions() -> Vec<Arc<HigherOrderUDF>> {
    let mut all = array::higher_order_functions();
    all.extend(conditional::functions());
    all
}

/// Registers every Quarry function with `ctx`, replacing a DataFusion
/// built-in of the same name (Quarry follows Trino where the two differ).
///
/// Fails if two Quarry functions claim the same name or alias, which would
/// otherwise make one of them silently unreachable.
pub fn register_all(ctx: &SessionContext) -> Result<()> {
    let scalars = scalar_functions();
    let aggregates = aggregate_functions();
    check_unique_names(
        scalars
            .iter()
            .flat_map(|f| names_of(f.name(), f.aliases()))
            .chain(
                aggregates
                    .iter()
                    .flat_map(|f| names_of(f.name(), f.aliases())),
            ),
    )?;
    let lower = |name: &str, aliases: &[String]| {
        names_of(name, aliases).map(|(n, _)| n).collect::<Vec<_>>()
    };
    let scalar_names: BTreeSet<String> = scalars
        .iter()
        .flat_map(|f| lower(f.name(), f.aliases()))
        .collect();
    let aggregate_names: BTreeSet<String> = aggregates
        .iter()
        .flat_map(|f| lower(f.name(), f.aliases()))
        .collect();
    overrides::clear_builtins(ctx, &scalar_names, &aggregate_names)?;
    for f in scalars {
        ctx.register_udf(f.as_ref().clone());
    }
    for f in aggregates {
        ctx.register_udaf(f.as_ref().clone());
    }
    for f in higher_order_functions() {
        ctx.register_higher_order_function(f);
    }
    Ok(())
}

fn names_of<'a>(name: &'a str, aliases: &'a [String]) -> impl Iterator<Item = (String, &'a str)> {
    std::iter::once((name.to_ascii_lowercase(), name))
        .chain(aliases.iter().map(move |a| (a.to_ascii_lowercase(), name)))
}

fn check_unique_names<'a>(names: impl Iterator<Item = (String, &'a str)>) -> Result<()> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (name, owner) in names {
        if let Some(first) = seen.insert(name.clone(), owner) {
            return Err(DataFusionError::Internal(format!(
                "function name '{name}' is claimed by both '{first}' and '{owner}'"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// Each family folder under `src/`, with the functions it registers.
    fn families() -> Vec<(&'static str, Vec<Arc<ScalarUDF>>)> {
        vec![
            // Grammars are shared by readers and functions; no SQL function
            // lives there.
            ("grammar", Vec::new()),
            // Aggregates are AggregateUDFs, which this check does not cover.
            ("aggregate", Vec::new()),
            // Higher-order functions (try), which this check does not cover.
            ("conditional", Vec::new()),
            ("array", array::functions()),
            ("binary", binary::functions()),
            ("json", json::functions()),
            ("log", log::functions()),
            ("net", net::functions()),
            ("parse", parse::functions()),
            ("regexp", regexp::functions()),
            ("string", string::functions()),
            ("time", time::functions()),
        ]
    }

    /// A function file is one implementing `ScalarUDFImpl`; helper modules
    /// (mod.rs, common.rs, path.rs, ...) do not, so they are skipped.
    #[test]
    fn every_function_file_is_registered_by_its_family() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let families = families();
        for entry in std::fs::read_dir(&src).expect("src/ is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                assert!(
                    families.iter().any(|(family, _)| *family == name),
                    "folder src/{name} is not listed in families(); add it with its functions()"
                );
            }
        }
        for (family, functions) in &families {
            let registered: BTreeSet<&str> = functions.iter().map(|f| f.name()).collect();
            let mut files = 0;
            for entry in std::fs::read_dir(src.join(family)).expect("family folder is readable") {
                let path = entry.expect("directory entry").path();
                if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source file is readable");
                // binary's hash functions declare theirs through a macro.
                if !text.contains("impl ScalarUDFImpl for") && !text.contains("hash_function!(\n") {
                    continue;
                }
                files += 1;
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                assert!(
                    registered.contains(stem),
                    "src/{family}/{stem}.rs defines a function but {family}::functions() does not register one named '{stem}'"
                );
            }
            assert_eq!(
                files,
                registered.len(),
                "{family}::functions() registers a function without its own file"
            );
        }
    }

    #[test]
    fn every_function_is_documented() {
        // Log functions are Quarry's own; every other one names the Trino
        // function it matches. Aggregates that only add a Trino name to a
        // DataFusion built-in keep the built-in's documentation.
        let own: BTreeSet<String> = log::functions()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        let scalars = scalar_functions()
            .into_iter()
            .map(|f| (f.name().to_string(), f.documentation().cloned(), false));
        let aggregates = aggregate_functions().into_iter().map(|f| {
            let renamed = f.aliases().iter().any(|a| a != f.name());
            (f.name().to_string(), f.documentation().cloned(), renamed)
        });
        // DataFusion's array_transform and array_filter, under Trino's names.
        let higher_order = higher_order_functions().into_iter().map(|f| {
            let renamed = f.aliases().iter().any(|a| a != f.name());
            (f.name().to_string(), f.documentation().cloned(), renamed)
        });
        for (name, doc, renamed) in scalars.chain(aggregates).chain(higher_order) {
            let doc = doc.unwrap_or_else(|| panic!("{name} has no documentation"));
            assert!(
                !doc.syntax_example.trim().is_empty(),
                "{name} has no syntax"
            );
            assert!(
                !doc.description.trim().is_empty(),
                "{name} has no description"
            );
            assert!(
                own.contains(&name) || renamed || doc.description.contains("Trino"),
                "{name} names no Trino function"
            );
            assert!(
                doc.sql_example
                    .as_deref()
                    .is_some_and(|e| !e.trim().is_empty()),
                "{name} has no example"
            );
        }
    }

    #[test]
    fn registered_names_are_unique() {
        let ctx = SessionContext::new();
        register_all(&ctx).expect("no two functions share a name");
    }

    #[test]
    fn replaced_builtins_stay_replaced_when_the_state_is_rebuilt() -> Result<()> {
        use datafusion::execution::session_state::SessionStateBuilder;
        let ctx = SessionContext::new();
        register_all(&ctx)?;
        // DataFusion's to_char claims date_format as an alias and its date_trunc
        // answers to datetrunc; a rebuilt state must still resolve to Quarry's.
        for _ in 0..20 {
            let state = SessionStateBuilder::new_from_existing(ctx.state()).build();
            let udf = state.scalar_functions().get("date_format").cloned();
            let doc = udf.and_then(|f| f.documentation().map(|d| d.description.clone()));
            assert!(
                doc.is_some_and(|d| d.contains("MySQL-style")),
                "date_format is not Quarry's"
            );
            let trunc = state.scalar_functions().get("date_trunc").cloned();
            let doc = trunc.and_then(|f| f.documentation().map(|d| d.description.clone()));
            assert!(
                doc.is_some_and(|d| d.contains("Matches Trino date_trunc")),
                "date_trunc is not Quarry's"
            );
            assert!(
                state.scalar_functions().contains_key("to_char"),
                "to_char is kept"
            );
        }
        Ok(())
    }

    #[test]
    fn duplicate_name_or_alias_is_rejected() {
        let names = vec![
            ("json_size".to_string(), "json_size"),
            ("any_value".to_string(), "arbitrary"),
            ("ANY_VALUE".to_ascii_lowercase(), "any_value"),
        ];
        let err = check_unique_names(names.into_iter())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("'any_value' is claimed by both 'arbitrary' and 'any_value'"),
            "{err}"
        );
    }
}
