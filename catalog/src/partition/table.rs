//! [`PartitionedTable`]: a table whose partitions Quarry finds itself, so
//! that only the prefixes a query can match are ever listed.
//!
//! DataFusion's `ListingTable` narrows its listing only for leading
//! equality filters on Hive columns and cannot attach partition values to
//! objects whose keys are not `k=v` paths. This provider computes the
//! partitions first (projected from table properties, walked one Hive
//! level at a time with each level pruned before the next is listed, or
//! registered with `ALTER TABLE ADD PARTITION`), lists only the survivors,
//! and hands DataFusion an ordinary file scan with the partition values
//! attached, so every format's own reader does the rest.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::Utc;
use datafusion::arrow::datatypes::{Field, FieldRef, Schema, SchemaRef};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::{TableReference, project_schema};
use datafusion::datasource::TableType;
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::listing::{ListingTableUrl, PartitionedFile};
use datafusion::datasource::physical_plan::{FileGroup, FileScanConfigBuilder};
use datafusion::datasource::table_schema::TableSchemaBuilder;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::empty::EmptyExec;
use datafusion::physical_plan::union::UnionExec;
use futures::{StreamExt, TryStreamExt, stream};
use object_store::path::Path;

use super::hive::walk_counting;
use super::projection::{Projected, Projection, location_template};
use super::prune::{PartitionColumn, applicable, injected_values, keep, keep_typed, typed_value};
use super::pseudo;
use crate::error::CatalogError;
use crate::model::TableDef;
use crate::scan_stats::{self, PartitionCounts};

/// How many listings run at once.
const LIST_CONCURRENCY: usize = 32;

/// The most partitions one query may touch; past it the query is refused
/// with a hint to filter, rather than sending that many LIST requests.
const MAX_PARTITIONS: usize = 100_000;

/// One partition to read: its values, in partition-column order, and the
/// location holding its objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// One value per partition column.
    pub values: Vec<String>,
    /// Where its objects are (a URL or path, ending in `/`).
    pub location: String,
}

/// A partitioned table (see the module documentation).
#[derive(Debug)]
pub struct PartitionedTable {
    def: TableDef,
    table_ref: TableReference,
    file_schema: SchemaRef,
    schema: SchemaRef,
    partition_columns: Vec<PartitionColumn>,
    format: Arc<dyn FileFormat>,
    pseudo_columns: bool,
}

impl PartitionedTable {
    /// The table for `def`, read with `format`; `file_schema` holds its data
    /// columns and `partition_columns` its partition columns with their
    /// Arrow types. A broken projection is an error now, not at the first
    /// query.
    pub fn try_new(
        def: TableDef,
        table_ref: TableReference,
        file_schema: SchemaRef,
        partition_columns: Vec<PartitionColumn>,
        format: Arc<dyn FileFormat>,
    ) -> Result<Self> {
        Projection::of(&def, Utc::now().naive_utc())
            .map_err(|reason| projection_error(&def, reason))?;
        let mut fields: Vec<FieldRef> = file_schema.fields().iter().cloned().collect();
        fields.extend(
            partition_columns
                .iter()
                .map(|(n, t)| Arc::new(Field::new(n, t.clone(), true))),
        );
        let schema = Arc::new(Schema::new(fields));
        Ok(Self {
            def,
            table_ref,
            file_schema,
            schema,
            partition_columns,
            format,
            pseudo_columns: false,
        })
    }

    /// The same table with Athena's pseudo-columns (`"$path"`, ...) after
    /// its partition columns.
    pub fn with_pseudo_columns(mut self) -> Self {
        let mut fields: Vec<FieldRef> = self.schema.fields().iter().cloned().collect();
        fields.extend(
            pseudo::columns()
                .into_iter()
                .map(|(n, t)| Arc::new(Field::new(n, t, true))),
        );
        self.schema = Arc::new(Schema::new(fields));
        self.pseudo_columns = true;
        self
    }

    /// The columns each file of a scan carries a value for: the partition
    /// columns, then the pseudo-columns when the table has them.
    fn file_columns(&self) -> Vec<PartitionColumn> {
        let mut columns = self.partition_columns.clone();
        if self.pseudo_columns {
            columns.extend(pseudo::columns());
        }
        columns
    }

    /// The partitions a query with `filters` can match, found with as few
    /// LIST requests as the layout allows, and how many candidates the
    /// filters ruled out.
    async fn partitions(
        &self,
        state: &dyn Session,
        filters: &[Expr],
    ) -> Result<(Vec<Partition>, u64)> {
        if self.partition_columns.is_empty() {
            // An unpartitioned table (read here for its pseudo-columns):
            // its location is the one partition, a prefix or one object.
            return Ok((
                vec![Partition {
                    values: Vec::new(),
                    location: self.def.location.clone(),
                }],
                0,
            ));
        }
        let now = Utc::now().naive_utc();
        let found =
            match Projection::of(&self.def, now).map_err(|r| projection_error(&self.def, r))? {
                Some(projection) => self.projected(state, &projection, filters)?,
                None => {
                    let (mut found, mut pruned) = self.registered(state, filters)?;
                    let (walked, walk_pruned) =
                        walk_counting(state, &self.def.location, &self.partition_columns, filters)
                            .await?;
                    pruned += walk_pruned;
                    for p in walked {
                        if !found.iter().any(|f| f.values == p.values) {
                            found.push(p);
                        }
                    }
                    (found, pruned)
                }
            };
        Ok(found)
    }

    fn projected(
        &self,
        state: &dyn Session,
        projection: &Projection,
        filters: &[Expr],
    ) -> Result<(Vec<Partition>, u64)> {
        let mut candidates: Vec<Vec<String>> = vec![Vec::new()];
        // Every combination the projection could produce, unfiltered.
        let mut all: u64 = 1;
        for (i, (name, projected)) in projection.columns.iter().enumerate() {
            let values = match projected {
                Projected::Injected => injected_values(filters, name).ok_or_else(|| {
                    DataFusionError::from(CatalogError::InjectedUnconstrained {
                        table: self.def.name.clone(),
                        column: name.clone(),
                    })
                })?,
                other => other.values().map_err(|r| projection_error(&self.def, r))?,
            };
            all = all.saturating_mul(values.len() as u64);
            // Prune the column's own values first: a year of days against
            // `day = '...'` is one evaluation, not a cross product.
            let own = [self.partition_columns[i].clone()];
            let single: Vec<&Expr> = applicable(filters, &own, 1);
            let rows: Vec<Vec<String>> = values.into_iter().map(|v| vec![v]).collect();
            let mask = keep(state, &own, &rows, &single)?;
            let values: Vec<String> = rows
                .into_iter()
                .zip(mask)
                .filter_map(|(mut r, k)| k.then(|| r.remove(0)))
                .collect();
            let total = candidates.len().saturating_mul(values.len());
            if total > MAX_PARTITIONS {
                return Err(CatalogError::TooManyPartitions {
                    table: self.def.name.clone(),
                    count: total,
                    limit: MAX_PARTITIONS,
                }
                .into());
            }
            let mut next = Vec::with_capacity(total);
            for c in &candidates {
                for v in &values {
                    let mut row = c.clone();
                    row.push(v.clone());
                    next.push(row);
                }
            }
            let known = &self.partition_columns[..=i];
            let mask = keep(
                state,
                known,
                &next,
                &applicable(filters, &self.partition_columns, i + 1),
            )?;
            candidates = next
                .into_iter()
                .zip(mask)
                .filter_map(|(r, k)| k.then_some(r))
                .collect();
        }
        let template = location_template(&self.def);
        let pruned = all.saturating_sub(candidates.len() as u64);
        let partitions = candidates
            .into_iter()
            .map(|values| {
                let location = match template {
                    Some(t) => fill_template(t, &self.partition_columns, &values),
                    None => hive_location(&self.def.location, &self.partition_columns, &values),
                };
                Partition {
                    values,
                    location: with_slash(location),
                }
            })
            .collect();
        Ok((partitions, pruned))
    }

    fn registered(&self, state: &dyn Session, filters: &[Expr]) -> Result<(Vec<Partition>, u64)> {
        let n = self.partition_columns.len();
        let rows: Vec<Vec<String>> = self
            .def
            .partitions
            .iter()
            .filter(|p| p.values.len() == n)
            .map(|p| p.values.clone())
            .collect();
        let mask = keep(
            state,
            &self.partition_columns,
            &rows,
            &applicable(filters, &self.partition_columns, n),
        )?;
        let pruned = mask.iter().filter(|k| !**k).count() as u64;
        let kept = self
            .def
            .partitions
            .iter()
            .filter(|p| p.values.len() == n)
            .zip(mask)
            .filter(|(_, k)| *k)
            .map(|(p, _)| Partition {
                values: p.values.clone(),
                location: with_slash(p.location.clone()),
            })
            .collect();
        Ok((kept, pruned))
    }

    async fn files(
        &self,
        state: &dyn Session,
        partitions: Vec<Partition>,
        filters: &[Expr],
    ) -> Result<Vec<(ListingTableUrl, PartitionedFile)>> {
        let listings = stream::iter(partitions.into_iter().map(|p| async move {
            let url = ListingTableUrl::parse(&p.location)
                .map_err(|e| {
                    DataFusionError::from(CatalogError::BadLocation {
                        table: self.def.name.clone(),
                        location: p.location.clone(),
                        reason: e.to_string(),
                    })
                })?
                .with_table_ref(self.table_ref.clone());
            let store = state.runtime_env().object_store(url.object_store())?;
            let objects: Vec<_> = url
                .list_all_files(state, store.as_ref(), "")
                .await?
                .try_collect()
                .await?;
            let values: Vec<_> = p
                .values
                .iter()
                .zip(&self.partition_columns)
                .map(|(v, (_, t))| typed_value(v, t))
                .collect();
            let files: Vec<(ListingTableUrl, PartitionedFile)> = objects
                .into_iter()
                .filter(|m| m.size > 0 && !is_hidden(&m.location))
                .map(|m| {
                    let mut values = values.clone();
                    if self.pseudo_columns {
                        values.extend(pseudo::values(&url, &m));
                    }
                    let mut file = PartitionedFile::from(m);
                    file.partition_values = values;
                    (url.clone(), file)
                })
                .collect();
            Ok::<_, DataFusionError>(files)
        }))
        .buffer_unordered(LIST_CONCURRENCY)
        .try_collect::<Vec<_>>()
        .await?;
        let files: Vec<_> = listings.into_iter().flatten().collect();
        if !self.pseudo_columns {
            return Ok(files);
        }
        // Filters on `"$path"` and the like drop objects before any is read.
        let columns = self.file_columns();
        let on_files = applicable(filters, &columns, columns.len());
        let rows: Vec<Vec<_>> = files
            .iter()
            .map(|(_, f)| f.partition_values.clone())
            .collect();
        let mask = keep_typed(state, &columns, &rows, &on_files)?;
        Ok(files
            .into_iter()
            .zip(mask)
            .filter_map(|(file, keep)| keep.then_some(file))
            .collect())
    }
}

fn projection_error(def: &TableDef, reason: String) -> DataFusionError {
    CatalogError::Projection {
        table: def.name.clone(),
        reason,
    }
    .into()
}

/// Hive and Athena skip objects whose names start with `_` or `.`
/// (`_SUCCESS`, `.crc` files) when reading a table.
fn is_hidden(path: &Path) -> bool {
    path.filename()
        .is_some_and(|n| n.starts_with('_') || n.starts_with('.'))
}

fn with_slash(mut location: String) -> String {
    if !location.ends_with('/') {
        location.push('/');
    }
    location
}

/// `template` with each `${column}` replaced by the partition's value.
pub fn fill_template(template: &str, columns: &[PartitionColumn], values: &[String]) -> String {
    let mut out = template.to_string();
    for ((name, _), value) in columns.iter().zip(values) {
        out = replace_ignore_case(&out, &format!("${{{name}}}"), value);
    }
    out
}

fn replace_ignore_case(text: &str, needle: &str, with: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let needle_lower = needle.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in lower.match_indices(&needle_lower) {
        out.push_str(&text[last..at]);
        out.push_str(with);
        last = at + needle.len();
    }
    out.push_str(&text[last..]);
    out
}

/// The default location of a partition: `k=v/` directories under the
/// table's location, as Hive writes them.
pub fn hive_location(location: &str, columns: &[PartitionColumn], values: &[String]) -> String {
    let mut out = with_slash(location.to_string());
    for ((name, _), value) in columns.iter().zip(values) {
        out.push_str(name);
        out.push('=');
        out.push_str(&escape_hive_value(value));
        out.push('/');
    }
    out
}

/// Hive's escaping of partition values in paths.
fn escape_hive_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b < 0x20 || b"\"#%'*/:=?\\\x7f{[]^".contains(&b) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    out
}

#[async_trait]
impl TableProvider for PartitionedTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        let columns = self.file_columns();
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        Ok(filters
            .iter()
            .map(|f| {
                if datafusion::datasource::listing::helpers::expr_applicable_for_cols(&names, f) {
                    TableProviderFilterPushDown::Exact
                } else {
                    TableProviderFilterPushDown::Inexact
                }
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let (partitions, pruned) = self.partitions(state, filters).await?;
        if !self.partition_columns.is_empty() {
            scan_stats::record(
                state,
                PartitionCounts {
                    read: partitions.len() as u64,
                    pruned,
                },
            );
        }
        let files = self.files(state, partitions, filters).await?;
        let projected = project_schema(&self.schema, projection)?;
        if files.is_empty() {
            return Ok(Arc::new(EmptyExec::new(projected)));
        }
        // One scan per object store: explicit partitions may live in other
        // buckets than the table.
        let mut by_store: BTreeMap<String, (ListingTableUrl, Vec<PartitionedFile>)> =
            BTreeMap::new();
        for (url, file) in files {
            by_store
                .entry(url.object_store().as_str().to_string())
                .or_insert_with(|| (url, Vec::new()))
                .1
                .push(file);
        }
        let partition_fields: Vec<FieldRef> = self
            .file_columns()
            .iter()
            .map(|(n, t)| Arc::new(Field::new(n, t.clone(), true)))
            .collect();
        let target = state.config().target_partitions().max(1);
        let mut plans = Vec::with_capacity(by_store.len());
        for (_, (url, mut files)) in by_store {
            files.sort_by(|a, b| a.object_meta.location.cmp(&b.object_meta.location));
            let table_schema = TableSchemaBuilder::from(&self.file_schema)
                .with_table_partition_cols(partition_fields.clone())
                .build();
            let source = self.format.file_source(table_schema);
            let config = FileScanConfigBuilder::new(url.object_store(), source)
                .with_file_groups(FileGroup::new(files).split_files(target))
                .with_projection_indices(projection.cloned())?
                .with_limit(limit)
                .build();
            plans.push(self.format.create_physical_plan(state, config).await?);
        }
        if plans.len() == 1 {
            return Ok(plans.remove(0));
        }
        Ok(UnionExec::try_new(plans)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::DataType;

    fn cols(names: &[&str]) -> Vec<PartitionColumn> {
        names
            .iter()
            .map(|n| (n.to_string(), DataType::Utf8))
            .collect()
    }

    #[test]
    fn templates_and_hive_locations() {
        let c = cols(&["account", "region", "timestamp"]);
        let v = vec![
            "123456789012".to_string(),
            "us-east-1".into(),
            "2026/12/01".into(),
        ];
        assert_eq!(
            fill_template(
                "s3://b/AWSLogs/${account}/CloudTrail/${Region}/${timestamp}",
                &c,
                &v
            ),
            "s3://b/AWSLogs/123456789012/CloudTrail/us-east-1/2026/12/01"
        );
        let c = cols(&["aws-region", "day"]);
        let v = vec!["eu-west-1".to_string(), "a/b".into()];
        assert_eq!(
            hive_location("s3://b/t", &c, &v),
            "s3://b/t/aws-region=eu-west-1/day=a%2Fb/"
        );
    }

    #[test]
    fn hidden_objects() {
        assert!(is_hidden(&Path::from("t/day=1/_SUCCESS")));
        assert!(is_hidden(&Path::from("t/day=1/.part.crc")));
        assert!(!is_hidden(&Path::from("t/day=1/part-0.parquet")));
    }
}
