//! Carrying out the statements about a table's partitions and layout:
//! `ALTER TABLE ADD|DROP PARTITION`, `ALTER TABLE SET TBLPROPERTIES`,
//! `MSCK REPAIR TABLE`, `SHOW PARTITIONS` and `DESCRIBE FORMATTED`.

use std::sync::Arc;

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::Session;
use datafusion::error::Result;

use crate::ddl::PartitionSpec;
use crate::error::CatalogError;
use crate::format::TableFormat;
use crate::hive_types::HiveType;
use crate::model::{PartitionDef, TableDef};
use crate::partition::{discover_hive_partitions, hive_location, projection_enabled};
use crate::store::CatalogStore;

/// `spec` as values in `def`'s partition-column order. With `partial`, a
/// spec may name only some columns (the rest are `None`); otherwise every
/// column must be named. Unknown columns are an error either way.
fn ordered(
    def: &TableDef,
    spec: &PartitionSpec,
    partial: bool,
) -> Result<Vec<Option<String>>, CatalogError> {
    let columns = &def.partition_columns;
    if columns.is_empty() {
        return Err(CatalogError::Syntax {
            message: format!("table {} is not partitioned", def.name),
        });
    }
    for (name, _) in spec {
        if !columns.iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
            let known: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            return Err(CatalogError::Syntax {
                message: format!(
                    "'{name}' is not a partition column of {}; its partition columns are {}",
                    def.name,
                    known.join(", ")
                ),
            });
        }
    }
    let values: Vec<Option<String>> = columns
        .iter()
        .map(|c| {
            spec.iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(&c.name))
                .map(|(_, v)| v.clone())
        })
        .collect();
    if !partial && let Some(missing) = columns.iter().zip(&values).find(|(_, v)| v.is_none()) {
        return Err(CatalogError::Syntax {
            message: format!(
                "partition of {} names no value for column '{}'; give every partition column",
                def.name, missing.0.name
            ),
        });
    }
    Ok(values)
}

fn spec_text(def: &TableDef, values: &[String]) -> String {
    def.partition_columns
        .iter()
        .zip(values)
        .map(|(c, v)| format!("{}={v}", c.name))
        .collect::<Vec<_>>()
        .join("/")
}

fn typed_columns(def: &TableDef) -> Result<Vec<(String, DataType)>, CatalogError> {
    def.partition_columns
        .iter()
        .map(|c| Ok((c.name.clone(), HiveType::parse(&c.data_type)?.to_arrow())))
        .collect()
}

/// `ALTER TABLE ADD PARTITION`: registers each partition, at its location
/// or at the Hive default under the table's.
pub fn add_partitions(
    store: &CatalogStore,
    database: &str,
    table: &str,
    if_not_exists: bool,
    partitions: &[(PartitionSpec, Option<String>)],
) -> Result<()> {
    store.update(|c| {
        let def = table_mut(c, database, table)?;
        let columns = typed_columns(def)?;
        for (spec, location) in partitions {
            let values: Vec<String> = ordered(def, spec, false)?.into_iter().flatten().collect();
            if def.partitions.iter().any(|p| p.values == values) {
                if if_not_exists {
                    continue;
                }
                return Err(CatalogError::Syntax {
                    message: format!(
                        "partition {} of {} exists already (use ADD IF NOT EXISTS)",
                        spec_text(def, &values),
                        def.name
                    ),
                });
            }
            let location = location
                .clone()
                .unwrap_or_else(|| hive_location(&def.location, &columns, &values));
            def.partitions.push(PartitionDef { values, location });
        }
        Ok(())
    })?;
    Ok(())
}

/// `ALTER TABLE DROP PARTITION`: forgets every registered partition each
/// spec matches (the objects stay where they are, as in Athena).
pub fn drop_partitions(
    store: &CatalogStore,
    database: &str,
    table: &str,
    if_exists: bool,
    specs: &[PartitionSpec],
) -> Result<()> {
    store.update(|c| {
        let def = table_mut(c, database, table)?;
        for spec in specs {
            let wanted = ordered(def, spec, true)?;
            let matches = |p: &PartitionDef| {
                p.values
                    .iter()
                    .zip(&wanted)
                    .all(|(have, want)| want.as_ref().is_none_or(|w| w == have))
            };
            let before = def.partitions.len();
            def.partitions.retain(|p| !matches(p));
            if def.partitions.len() == before && !if_exists {
                let text: Vec<String> = spec.iter().map(|(k, v)| format!("{k}={v}")).collect();
                return Err(CatalogError::Syntax {
                    message: format!(
                        "no partition {} in {} (use DROP IF EXISTS)",
                        text.join("/"),
                        def.name
                    ),
                });
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// `ALTER TABLE SET TBLPROPERTIES`: sets the given properties, keeping the
/// rest; the changed definition must still make a readable table.
pub fn set_properties(
    store: &CatalogStore,
    database: &str,
    table: &str,
    properties: &std::collections::BTreeMap<String, String>,
) -> Result<()> {
    store.update(|c| {
        let def = table_mut(c, database, table)?;
        let mut changed = def.clone();
        changed.properties.extend(properties.clone());
        crate::provider::table_provider(database, &changed).map_err(|e| CatalogError::Syntax {
            message: format!("the new properties leave {} unreadable: {e}", def.name),
        })?;
        *def = changed;
        Ok(())
    })?;
    Ok(())
}

/// `MSCK REPAIR TABLE`: registers the Hive partitions found under the
/// location that are not registered yet; returns what it added.
pub async fn repair(
    state: &dyn Session,
    store: &CatalogStore,
    database: &str,
    table: &str,
) -> Result<Vec<String>> {
    let def = find(store, database, table)?;
    if projection_enabled(&def) {
        // Athena: projected tables need no repair and MSCK changes nothing.
        return Ok(Vec::new());
    }
    let columns = typed_columns(&def)?;
    let found = discover_hive_partitions(state, &def.location, &columns, &[]).await?;
    let mut added = Vec::new();
    store.update(|c| {
        let def = table_mut(c, database, table)?;
        added.clear();
        for p in &found {
            if !def.partitions.iter().any(|have| have.values == p.values) {
                added.push(spec_text(def, &p.values));
                def.partitions.push(PartitionDef {
                    values: p.values.clone(),
                    location: p.location.clone(),
                });
            }
        }
        Ok(())
    })?;
    Ok(added)
}

/// `SHOW PARTITIONS`: the registered partitions and the Hive ones under the
/// location, each once, sorted, as Athena prints them. Projected
/// partitions are not listed, as in Athena.
pub async fn show_partitions(
    state: &dyn Session,
    store: &CatalogStore,
    database: &str,
    table: &str,
) -> Result<Vec<String>> {
    let def = find(store, database, table)?;
    let mut out: std::collections::BTreeSet<String> = def
        .partitions
        .iter()
        .map(|p| spec_text(&def, &p.values))
        .collect();
    if !projection_enabled(&def) {
        let columns = typed_columns(&def)?;
        for p in discover_hive_partitions(state, &def.location, &columns, &[]).await? {
            out.insert(spec_text(&def, &p.values));
        }
    }
    Ok(out.into_iter().collect())
}

/// `DESCRIBE FORMATTED`: Hive's three-column layout (columns, partition
/// columns, then the table's location, storage and properties).
pub fn describe_formatted(
    store: &CatalogStore,
    database: &str,
    table: &str,
) -> Result<RecordBatch> {
    let def = find(store, database, table)?;
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut row =
        |a: &str, b: &str, c: &str| rows.push([a.to_string(), b.to_string(), c.to_string()]);
    row("# col_name", "data_type", "comment");
    for c in &def.columns {
        row(&c.name, &c.data_type, c.comment.as_deref().unwrap_or(""));
    }
    if !def.partition_columns.is_empty() {
        row("", "", "");
        row("# Partition Information", "", "");
        row("# col_name", "data_type", "comment");
        for c in &def.partition_columns {
            row(&c.name, &c.data_type, c.comment.as_deref().unwrap_or(""));
        }
    }
    row("", "", "");
    row("# Detailed Table Information", "", "");
    row("Database:", database, "");
    row("Table:", &def.name, "");
    row("Table Type:", "EXTERNAL_TABLE", "");
    row("Location:", &def.location, "");
    if let Some(comment) = &def.comment {
        row("Comment:", comment, "");
    }
    let format = TableFormat::of(&def)
        .map(|f| f.name())
        .unwrap_or_else(|e| e.to_string());
    row("Quarry Reader:", &format, "");
    if !def.partitions.is_empty() {
        row(
            "Registered Partitions:",
            &def.partitions.len().to_string(),
            "",
        );
    }
    if !def.properties.is_empty() {
        row("Table Parameters:", "", "");
        for (k, v) in &def.properties {
            row("", k, v);
        }
    }
    row("", "", "");
    row("# Storage Information", "", "");
    let storage = &def.storage;
    if let Some(serde) = &storage.serde {
        row("SerDe Library:", serde, "");
    }
    if let Some(stored) = &storage.stored_as {
        row("Stored As:", stored, "");
    }
    if let Some(input) = &storage.input_format {
        row("InputFormat:", input, "");
    }
    if let Some(output) = &storage.output_format {
        row("OutputFormat:", output, "");
    }
    if !storage.serde_properties.is_empty() {
        row("Storage Desc Params:", "", "");
        for (k, v) in &storage.serde_properties {
            row("", k, v);
        }
    }
    let column = |i: usize| -> Arc<dyn datafusion::arrow::array::Array> {
        Arc::new(StringArray::from(
            rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>(),
        ))
    };
    let schema = Arc::new(Schema::new(vec![
        Field::new("col_name", DataType::Utf8, false),
        Field::new("data_type", DataType::Utf8, false),
        Field::new("comment", DataType::Utf8, false),
    ]));
    Ok(RecordBatch::try_new(
        schema,
        vec![column(0), column(1), column(2)],
    )?)
}

fn find(store: &CatalogStore, database: &str, table: &str) -> Result<TableDef, CatalogError> {
    store
        .load()?
        .databases
        .get(database)
        .and_then(|d| d.tables.get(table))
        .cloned()
        .ok_or_else(|| CatalogError::TableNotFound {
            database: database.to_string(),
            table: table.to_string(),
        })
}

fn table_mut<'a>(
    c: &'a mut crate::model::CatalogFile,
    database: &str,
    table: &str,
) -> Result<&'a mut TableDef, CatalogError> {
    c.databases
        .get_mut(database)
        .and_then(|d| d.tables.get_mut(table))
        .ok_or_else(|| CatalogError::TableNotFound {
            database: database.to_string(),
            table: table.to_string(),
        })
}
