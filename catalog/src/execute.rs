//! Carrying out catalog statements.

use std::sync::Arc;

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::{CatalogProvider, Session};
use datafusion::common::TableReference;
use datafusion::error::Result;

use crate::ddl::{CatalogStatement, ObjectName};
use crate::error::CatalogError;
use crate::model::{DEFAULT_DATABASE, DatabaseDef, ViewDef};
use crate::partition_statements;
use crate::provider::{QuarryCatalogProvider, complete_definition};
use crate::show_create::show_create_table;

/// What a catalog statement produced.
#[derive(Debug)]
pub enum Outcome {
    /// Done; nothing to show.
    Done,
    /// Rows to show.
    Rows(RecordBatch),
    /// `USE`: the session's current database becomes this one.
    UseDatabase(String),
}

fn one_column(name: &str, values: Vec<String>) -> Result<Outcome> {
    let schema = Arc::new(Schema::new(vec![Field::new(name, DataType::Utf8, false)]));
    let batch = RecordBatch::try_new(schema, vec![Arc::new(StringArray::from(values))])?;
    Ok(Outcome::Rows(batch))
}

/// Hive's `LIKE` patterns for SHOW: `*` matches anything, `|` separates
/// alternatives; case is ignored.
pub fn hive_pattern_matches(pattern: &str, name: &str) -> bool {
    fn glob(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len()).any(|i| glob(rest, &s[i..])),
            Some((c, rest)) => s
                .split_first()
                .is_some_and(|(d, tail)| c.eq_ignore_ascii_case(d) && glob(rest, tail)),
        }
    }
    pattern
        .split('|')
        .any(|alt| glob(alt.trim().as_bytes(), name.as_bytes()))
}

fn resolve(name: &ObjectName, current: &str) -> (String, String) {
    (
        name.database
            .as_deref()
            .unwrap_or(current)
            .to_ascii_lowercase(),
        name.name.to_ascii_lowercase(),
    )
}

/// Carries out `statement` with `current` as the current database.
pub async fn execute(
    catalog: &QuarryCatalogProvider,
    state: &dyn Session,
    current: &str,
    statement: CatalogStatement,
) -> Result<Outcome> {
    let store = catalog.store();
    match statement {
        CatalogStatement::CreateTable {
            database,
            mut table,
            if_not_exists,
        } => {
            let db = database.as_deref().unwrap_or(current).to_ascii_lowercase();
            let key = table.name.to_ascii_lowercase();
            let existing = store.load()?;
            let Some(found) = existing.databases.get(&db) else {
                return Err(CatalogError::DatabaseNotFound(db).into());
            };
            if found.tables.contains_key(&key) || found.views.contains_key(&key) {
                if if_not_exists {
                    return Ok(Outcome::Done);
                }
                return Err(CatalogError::TableExists {
                    database: db,
                    table: key,
                }
                .into());
            }
            complete_definition(state, &db, &mut table).await?;
            store.update(|c| {
                let target = c
                    .databases
                    .get_mut(&db)
                    .ok_or_else(|| CatalogError::DatabaseNotFound(db.clone()))?;
                // Another process may have created it since the check above.
                if target.tables.contains_key(&key) || target.views.contains_key(&key) {
                    if if_not_exists {
                        return Ok(());
                    }
                    return Err(CatalogError::TableExists {
                        database: db.clone(),
                        table: key.clone(),
                    });
                }
                target.tables.insert(key.clone(), *table);
                Ok(())
            })?;
            Ok(Outcome::Done)
        }
        CatalogStatement::CreateDatabase {
            name,
            if_not_exists,
            comment,
        } => {
            let name = name.to_ascii_lowercase();
            store.update(|c| {
                if c.databases.contains_key(&name) {
                    return if if_not_exists {
                        Ok(())
                    } else {
                        Err(CatalogError::DatabaseExists(name.clone()))
                    };
                }
                c.databases.insert(
                    name.clone(),
                    DatabaseDef {
                        comment,
                        ..DatabaseDef::default()
                    },
                );
                Ok(())
            })?;
            Ok(Outcome::Done)
        }
        CatalogStatement::DropDatabase {
            name,
            if_exists,
            cascade,
        } => {
            let name = name.to_ascii_lowercase();
            if name == DEFAULT_DATABASE {
                return Err(CatalogError::Syntax {
                    message: "the default database cannot be dropped".into(),
                }
                .into());
            }
            store.update(|c| {
                let Some(db) = c.databases.get(&name) else {
                    return if if_exists {
                        Ok(())
                    } else {
                        Err(CatalogError::DatabaseNotFound(name.clone()))
                    };
                };
                let count = db.tables.len() + db.views.len();
                if count > 0 && !cascade {
                    return Err(CatalogError::DatabaseNotEmpty {
                        name: name.clone(),
                        count,
                    });
                }
                c.databases.remove(&name);
                Ok(())
            })?;
            Ok(Outcome::Done)
        }
        CatalogStatement::ShowDatabases { like } => {
            let names = catalog
                .schema_names()
                .into_iter()
                .filter(|n| n != "information_schema")
                .filter(|n| like.as_deref().is_none_or(|p| hive_pattern_matches(p, n)))
                .collect();
            one_column("database_name", names)
        }
        CatalogStatement::Use(name) => {
            let name = name.to_ascii_lowercase();
            if catalog.schema(&name).is_none() {
                return Err(CatalogError::DatabaseNotFound(name).into());
            }
            Ok(Outcome::UseDatabase(name))
        }
        CatalogStatement::ShowTables { database, like } => {
            let db = database.as_deref().unwrap_or(current).to_ascii_lowercase();
            let Some(schema) = catalog.schema(&db) else {
                return Err(CatalogError::DatabaseNotFound(db).into());
            };
            let names = schema
                .table_names()
                .into_iter()
                .filter(|n| like.as_deref().is_none_or(|p| hive_pattern_matches(p, n)))
                .collect();
            one_column("tab_name", names)
        }
        CatalogStatement::DropTable { name, if_exists } => {
            let (db, table) = resolve(&name, current);
            let stored = store
                .load()?
                .databases
                .get(&db)
                .is_some_and(|d| d.tables.contains_key(&table));
            if stored {
                store.update(|c| {
                    if let Some(d) = c.databases.get_mut(&db) {
                        d.tables.remove(&table);
                    }
                    Ok(())
                })?;
                return Ok(Outcome::Done);
            }
            let dropped = match catalog.schema(&db) {
                Some(schema) => schema.deregister_table(&table)?.is_some(),
                None => false,
            };
            if dropped || if_exists {
                Ok(Outcome::Done)
            } else {
                Err(CatalogError::TableNotFound {
                    database: db,
                    table,
                }
                .into())
            }
        }
        CatalogStatement::CreateView {
            name,
            or_replace,
            sql,
        } => {
            let (db, view) = resolve(&name, current);
            if !store.load()?.databases.contains_key(&db) {
                return Err(CatalogError::DatabaseNotFound(db).into());
            }
            // Planned now so that a broken view is refused, not stored.
            catalog.plan_view(&db, &sql).await?;
            store.update(|c| {
                let target = c
                    .databases
                    .get_mut(&db)
                    .ok_or_else(|| CatalogError::DatabaseNotFound(db.clone()))?;
                if target.tables.contains_key(&view)
                    || (target.views.contains_key(&view) && !or_replace)
                {
                    return Err(CatalogError::TableExists {
                        database: db.clone(),
                        table: view.clone(),
                    });
                }
                target.views.insert(
                    view.clone(),
                    ViewDef {
                        name: name.name.clone(),
                        sql,
                    },
                );
                Ok(())
            })?;
            Ok(Outcome::Done)
        }
        CatalogStatement::DropView { name, if_exists } => {
            let (db, view) = resolve(&name, current);
            store.update(|c| {
                let removed = c
                    .databases
                    .get_mut(&db)
                    .and_then(|d| d.views.remove(&view))
                    .is_some();
                if removed || if_exists {
                    Ok(())
                } else {
                    Err(CatalogError::TableNotFound {
                        database: db.clone(),
                        table: view.clone(),
                    })
                }
            })?;
            Ok(Outcome::Done)
        }
        CatalogStatement::RefreshTable(name) => {
            let (db, table) = resolve(&name, current);
            let exists = catalog
                .schema(&db)
                .is_some_and(|schema| schema.table_exist(&table));
            if !exists {
                return Err(CatalogError::TableNotFound {
                    database: db,
                    table,
                }
                .into());
            }
            // Stored tables list with their name attached, so only their
            // entries go; a session table's listings carry no name and are
            // forgotten with everything else.
            if let Some(cache) = state.runtime_env().cache_manager.get_list_files_cache() {
                let stored = store
                    .load()?
                    .databases
                    .get(&db)
                    .is_some_and(|d| d.tables.contains_key(&table));
                if stored {
                    cache.drop_table_entries(&TableReference::partial(
                        db.as_str(),
                        table.as_str(),
                    ))?;
                } else {
                    cache.clear();
                }
            }
            Ok(Outcome::Done)
        }
        CatalogStatement::ShowPartitions(name) => {
            let (db, table) = resolve(&name, current);
            one_column(
                "partition",
                partition_statements::show_partitions(state, store, &db, &table).await?,
            )
        }
        CatalogStatement::AddPartitions {
            name,
            if_not_exists,
            partitions,
        } => {
            let (db, table) = resolve(&name, current);
            partition_statements::add_partitions(store, &db, &table, if_not_exists, &partitions)?;
            Ok(Outcome::Done)
        }
        CatalogStatement::DropPartitions {
            name,
            if_exists,
            partitions,
        } => {
            let (db, table) = resolve(&name, current);
            partition_statements::drop_partitions(store, &db, &table, if_exists, &partitions)?;
            Ok(Outcome::Done)
        }
        CatalogStatement::SetProperties { name, properties } => {
            let (db, table) = resolve(&name, current);
            partition_statements::set_properties(store, &db, &table, &properties)?;
            Ok(Outcome::Done)
        }
        CatalogStatement::RepairTable(name) => {
            let (db, table) = resolve(&name, current);
            let added = partition_statements::repair(state, store, &db, &table).await?;
            one_column("partition_added", added)
        }
        CatalogStatement::DescribeFormatted(name) => {
            let (db, table) = resolve(&name, current);
            Ok(Outcome::Rows(partition_statements::describe_formatted(
                store, &db, &table,
            )?))
        }
        CatalogStatement::ShowCreateTable(name) => {
            let (db, table) = resolve(&name, current);
            let catalog_file = store.load()?;
            match catalog_file
                .databases
                .get(&db)
                .and_then(|d| d.tables.get(&table))
            {
                Some(def) => one_column("createtab_stmt", vec![show_create_table(&db, def)]),
                None => Err(CatalogError::TableNotFound {
                    database: db,
                    table,
                }
                .into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hive_patterns() {
        assert!(hive_pattern_matches("cloud*", "cloudtrail_logs"));
        assert!(hive_pattern_matches("*LOGS", "alb_logs"));
        assert!(hive_pattern_matches("vpc*|alb*", "alb_logs"));
        assert!(!hive_pattern_matches("vpc*", "alb_logs"));
        assert!(hive_pattern_matches("a*b*c", "axxbyyc"));
        assert!(!hive_pattern_matches("a*b*c", "axxbyy"));
        assert!(hive_pattern_matches("exact", "EXACT"));
    }
}
