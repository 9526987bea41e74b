//! The names a session knows: databases, tables, columns and functions, for
//! completion, `\dt`, `\df` and "did you mean" suggestions.

use std::collections::BTreeSet;

use quarry_engine::{DEFAULT_CATALOG, Engine};

/// A snapshot of the session's names.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Databases, sorted.
    pub databases: Vec<String>,
    /// (database, table) pairs, sorted.
    pub tables: Vec<(String, String)>,
    /// Function names (scalar, aggregate and window), sorted.
    pub functions: Vec<String>,
    /// The database unqualified names resolve in.
    pub current_database: String,
}

impl Names {
    /// The names the engine knows now. Listing tables reads only the
    /// catalog, never storage.
    pub fn load(engine: &Engine) -> Names {
        let ctx = engine.session();
        let mut names = Names {
            current_database: engine.current_database(),
            ..Names::default()
        };
        if let Some(catalog) = ctx.catalog(DEFAULT_CATALOG) {
            let mut databases = catalog.schema_names();
            databases.retain(|d| d != "information_schema");
            databases.sort();
            for db in &databases {
                if let Some(schema) = catalog.schema(db) {
                    let mut tables = schema.table_names();
                    tables.sort();
                    names
                        .tables
                        .extend(tables.into_iter().map(|t| (db.clone(), t)));
                }
            }
            names.databases = databases;
        }
        names.functions = function_names(engine).into_iter().collect();
        names
    }

    /// Table names as a user would type them: bare in the current
    /// database, `db.table` elsewhere.
    pub fn typed_tables(&self) -> Vec<String> {
        self.tables
            .iter()
            .map(|(db, t)| {
                if *db == self.current_database {
                    t.clone()
                } else {
                    format!("{db}.{t}")
                }
            })
            .collect()
    }
}

/// Every function name the session can call.
pub fn function_names(engine: &Engine) -> BTreeSet<String> {
    engine.functions().into_iter().map(|f| f.name).collect()
}

/// The columns of `table` (`name` or `db.name`), or none if it is unknown.
pub async fn columns(engine: &Engine, table: &str) -> Vec<String> {
    let ctx = engine.session();
    match ctx.table_provider(table).await {
        Ok(provider) => provider
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Edit distance between two names, ignoring case.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row.push((prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance() {
        assert_eq!(distance("vpcflow", "vpcflow"), 0);
        assert_eq!(distance("vpcflwo", "vpcflow"), 2);
        assert_eq!(distance("VPCFLOW", "vpcflow"), 0);
        assert_eq!(distance("applog", "applogs"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn closest_ignores_names_too_far_away() {
        let tables = ["vpcflow", "applogs", "cloudtrail"];
        assert_eq!(closest("vpcflw", tables), Some("vpcflow"));
        assert_eq!(closest("applog", tables), Some("applogs"));
        assert_eq!(closest("zzz", tables), None);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn demo_names_are_known() {
        let engine = Engine::builder().demo(true).build().await.expect("engine");
        let names = Names::load(&engine);
        assert!(names.databases.contains(&"default".to_string()));
        assert!(names.typed_tables().contains(&"vpcflow".to_string()));
        assert!(names.functions.contains(&"json_extract_scalar".to_string()));
        let cols = columns(&engine, "vpcflow").await;
        assert!(cols.contains(&"srcaddr".to_string()), "{cols:?}");
        assert!(columns(&engine, "nope").await.is_empty());
    }
}
