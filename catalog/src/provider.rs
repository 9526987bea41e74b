//! From a stored definition to a DataFusion table, and the catalog as
//! DataFusion sees it (so `db.table`, `information_schema` and completion
//! all see the same tables).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::catalog::view::ViewTable;
use datafusion::catalog::{CatalogProvider, SchemaProvider, Session, TableProvider};
use datafusion::common::TableReference;
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::file_format::csv::CsvFormat;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::LogicalPlan;
use futures::future::BoxFuture;

use crate::compression::{Compression, detect_compression};
use crate::error::CatalogError;
use crate::format::json::{QuarryJsonFormat, bad_records_of};
use crate::format::{TableFormat, line_format};
use crate::hive_types::HiveType;
use crate::lenient::LenientTable;
use crate::model::{ColumnDef, TableDef};
use crate::partition::{PSEUDO_COLUMNS, PartitionedTable};
use crate::store::CatalogStore;

const COMPRESSION_PROPERTY: &str = "format.compression";

fn compression_of(def: &TableDef) -> FileCompressionType {
    match def
        .properties
        .get(COMPRESSION_PROPERTY)
        .map(|s| s.to_ascii_lowercase())
        .as_deref()
    {
        Some("gzip") => FileCompressionType::GZIP,
        Some("zstd") => FileCompressionType::ZSTD,
        Some("bzip2") => FileCompressionType::BZIP2,
        Some("xz") => FileCompressionType::XZ,
        _ => FileCompressionType::UNCOMPRESSED,
    }
}

fn file_format(def: &TableDef) -> Result<Arc<dyn FileFormat>, CatalogError> {
    let format = TableFormat::of(def)?;
    if let Some(kind) = format.json_kind() {
        let bad_records = bad_records_of(&def.name, &def.properties)?;
        let format = QuarryJsonFormat::new(kind, bad_records);
        let named = def
            .properties
            .keys()
            .any(|k| k.eq_ignore_ascii_case(crate::format::BAD_RECORDS_PROPERTY));
        return Ok(Arc::new(if named {
            format
        } else {
            format.with_session_policy()
        }));
    }
    Ok(match format {
        TableFormat::Parquet => Arc::new(ParquetFormat::default()),
        TableFormat::Delimited { delimiter, quoted } => {
            let header = def
                .properties
                .get("skip.header.line.count")
                .is_some_and(|n| n.trim() == "1");
            // Hive reads a short line with NULLs for its missing fields
            // (VPC flow logs of the default format under AWS's 29-column
            // table).
            let mut csv = CsvFormat::default()
                .with_delimiter(delimiter)
                .with_has_header(header)
                .with_truncated_rows(true)
                .with_file_compression_type(compression_of(def));
            if !quoted {
                // Hive's LazySimpleSerDe has no quoting; a '"' is data.
                csv = csv.with_quote(0);
            }
            Arc::new(csv)
        }
        format @ (TableFormat::Log(_) | TableFormat::Regex | TableFormat::Grok) => {
            match line_format(def, &format)? {
                Some(lines) => Arc::new(lines),
                None => {
                    return Err(CatalogError::UnsupportedFormat {
                        table: def.name.clone(),
                        format: format.name(),
                    });
                }
            }
        }
        other => {
            return Err(CatalogError::UnsupportedFormat {
                table: def.name.clone(),
                format: other.name(),
            });
        }
    })
}

fn arrow_field(column: &ColumnDef) -> Result<Field, CatalogError> {
    Ok(Field::new(
        &column.name,
        HiveType::parse(&column.data_type)?.to_arrow(),
        true,
    ))
}

fn table_url(def: &TableDef, location: &str) -> Result<ListingTableUrl, CatalogError> {
    ListingTableUrl::parse(location).map_err(|e| CatalogError::BadLocation {
        table: def.name.clone(),
        location: location.to_string(),
        reason: e.to_string(),
    })
}

fn listing_options(def: &TableDef) -> Result<ListingOptions, CatalogError> {
    let partitions = def
        .partition_columns
        .iter()
        .map(|c| Ok((c.name.clone(), HiveType::parse(&c.data_type)?.to_arrow())))
        .collect::<Result<Vec<_>, CatalogError>>()?;
    // Objects are taken whatever their names end with: AWS names its logs
    // `.log.gz`, `.json.gz` or nothing at all.
    Ok(ListingOptions::new(file_format(def)?)
        .with_file_extension("")
        .with_table_partition_cols(partitions))
}

/// The DataFusion table for a complete definition (one with its columns)
/// in `database`. A partitioned table gets Quarry's own provider, which
/// prunes partitions before listing; an unpartitioned one is DataFusion's
/// `ListingTable`.
pub fn table_provider(database: &str, def: &TableDef) -> Result<Arc<dyn TableProvider>> {
    build_table(database, def, false)
}

/// [`table_provider`] with Athena's pseudo-columns (`"$path"`,
/// `"$file_size"`, `"$file_modified_time"`) after the table's own columns:
/// the table a statement that names one of them reads.
pub fn table_provider_with_pseudo_columns(
    database: &str,
    def: &TableDef,
) -> Result<Arc<dyn TableProvider>> {
    build_table(database, def, true)
}

fn build_table(database: &str, def: &TableDef, pseudo: bool) -> Result<Arc<dyn TableProvider>> {
    if matches!(TableFormat::of(def)?, TableFormat::Delimited { .. })
        && def
            .columns
            .iter()
            .any(|c| !c.data_type.eq_ignore_ascii_case("string"))
    {
        let declared = arrow_schema(def)?;
        let mut as_text = def.clone();
        for column in &mut as_text.columns {
            column.data_type = "string".into();
        }
        let inner = typed_table_provider(database, &as_text, pseudo)?;
        let mut fields: Vec<Field> = declared
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        let inner_schema = inner.schema();
        fields.extend(
            inner_schema.fields()[declared.fields().len()..]
                .iter()
                .map(|f| f.as_ref().clone()),
        );
        // Filters on partition and pseudo-columns reach the inner table.
        let mut partitions: Vec<String> = def
            .partition_columns
            .iter()
            .map(|c| c.name.clone())
            .collect();
        if pseudo {
            partitions.extend(PSEUDO_COLUMNS.iter().map(|n| n.to_string()));
        }
        return Ok(Arc::new(LenientTable::new(
            inner,
            Arc::new(Schema::new(fields)),
            partitions,
        )));
    }
    typed_table_provider(database, def, pseudo)
}

fn arrow_schema(def: &TableDef) -> Result<Schema, CatalogError> {
    // Parquet strings are read as views: a dictionary-encoded column then
    // points into its pages instead of copying every value out.
    let views = matches!(TableFormat::of(def)?, TableFormat::Parquet);
    Ok(Schema::new(
        def.columns
            .iter()
            .map(|c| {
                let field = arrow_field(c)?;
                Ok(if views && field.data_type() == &DataType::Utf8 {
                    field.with_data_type(DataType::Utf8View)
                } else {
                    field
                })
            })
            .collect::<Result<Vec<_>, CatalogError>>()?,
    ))
}

fn typed_table_provider(
    database: &str,
    def: &TableDef,
    pseudo: bool,
) -> Result<Arc<dyn TableProvider>> {
    let schema = Arc::new(arrow_schema(def)?);
    let table_ref = TableReference::partial(database, def.name.to_ascii_lowercase());
    // Quarry's own provider attaches per-object values (partition and
    // pseudo-columns); DataFusion's ListingTable cannot.
    if !def.partition_columns.is_empty() || pseudo {
        let partitions = def
            .partition_columns
            .iter()
            .map(|c| Ok((c.name.clone(), HiveType::parse(&c.data_type)?.to_arrow())))
            .collect::<Result<Vec<_>, CatalogError>>()?;
        table_url(def, &def.location)?;
        let table = PartitionedTable::try_new(
            def.clone(),
            table_ref,
            schema,
            partitions,
            file_format(def)?,
        )?;
        return Ok(Arc::new(if pseudo {
            table.with_pseudo_columns()
        } else {
            table
        }));
    }
    let options = listing_options(def)?;
    let url = table_url(def, &def.location)?.with_table_ref(table_ref);
    let config = ListingTableConfig::new(url)
        .with_listing_options(options)
        .with_schema(schema);
    Ok(Arc::new(ListingTable::try_new(config)?))
}

/// What a `CREATE EXTERNAL TABLE` leaves to be found in the data: the
/// compression its objects' names announce (recorded as the
/// `format.compression` property) and, when no columns were declared, the
/// columns and Hive partition columns (inferred once, here, and stored, as a
/// crawler would; queries never infer).
pub async fn complete_definition(
    state: &dyn Session,
    database: &str,
    def: &mut TableDef,
) -> Result<()> {
    let format = TableFormat::of(def)?;
    // The JSON readers tell each object's compression from its first bytes.
    let line_format = matches!(format, TableFormat::Delimited { .. });
    if line_format && !def.properties.contains_key(COMPRESSION_PROPERTY) {
        match detect_compression(state, &def.name, &def.location).await? {
            Some(Compression::Uncompressed) | None => {}
            Some(kind) => {
                def.properties
                    .insert(COMPRESSION_PROPERTY.into(), kind.option_value().into());
            }
        }
    }
    if def.columns.is_empty()
        && let Some(columns) = format.json_kind().and_then(|k| k.implied_columns())
    {
        def.columns = columns
            .iter()
            .map(|(name, ty)| ColumnDef {
                name: (*name).to_string(),
                data_type: (*ty).to_string(),
                comment: None,
            })
            .collect();
    }
    if !def.columns.is_empty() {
        // Validates the types and the location now rather than at the first query.
        table_provider(database, def)?;
        return Ok(());
    }
    let options = listing_options(def)?;
    let url = table_url(def, &def.location)?;
    let schema = options.infer_schema(state, &url).await?;
    if def.partition_columns.is_empty() {
        for name in options.infer_partitions(state, &url).await? {
            def.partition_columns.push(ColumnDef {
                name,
                data_type: "string".into(),
                comment: None,
            });
        }
    }
    for field in schema.fields() {
        if def
            .partition_columns
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(field.name()))
        {
            continue;
        }
        def.columns.push(ColumnDef {
            name: field.name().clone(),
            data_type: hive_type_of(field.data_type()),
            comment: None,
        });
    }
    table_provider(database, def)?;
    Ok(())
}

/// The Hive spelling of an inferred Arrow type.
pub fn hive_type_of(ty: &DataType) -> String {
    match ty {
        DataType::Int8 => "tinyint".into(),
        DataType::Int16 | DataType::UInt8 => "smallint".into(),
        DataType::Int32 | DataType::UInt16 => "int".into(),
        DataType::Int64 | DataType::UInt32 | DataType::UInt64 => "bigint".into(),
        DataType::Float16 | DataType::Float32 => "float".into(),
        DataType::Float64 => "double".into(),
        DataType::Boolean => "boolean".into(),
        DataType::Date32 | DataType::Date64 => "date".into(),
        DataType::Timestamp(..) => "timestamp".into(),
        DataType::Decimal128(p, s) | DataType::Decimal256(p, s) => format!("decimal({p},{s})"),
        DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_) => "binary".into(),
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::FixedSizeList(f, _) => {
            format!("array<{}>", hive_type_of(f.data_type()))
        }
        DataType::Struct(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|f| {
                    let name = if f
                        .name()
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        f.name().clone()
                    } else {
                        format!("`{}`", f.name().replace('`', "``"))
                    };
                    format!("{name}:{}", hive_type_of(f.data_type()))
                })
                .collect();
            format!("struct<{}>", inner.join(","))
        }
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(kv) if kv.len() == 2 => format!(
                "map<{},{}>",
                hive_type_of(kv[0].data_type()),
                hive_type_of(kv[1].data_type())
            ),
            _ => "string".into(),
        },
        DataType::Dictionary(_, value) => hive_type_of(value),
        _ => "string".into(),
    }
}

/// Tables that live only in this process: the demo tables, and what
/// DataFusion itself creates (`CREATE TABLE AS`, `CREATE VIEW`). By database,
/// then lower-case name.
type SessionTables = Arc<RwLock<BTreeMap<String, BTreeMap<String, Arc<dyn TableProvider>>>>>;

/// The names of the catalog file and of the session, once each, sorted.
fn sorted_union<'a>(stored: Vec<String>, session: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut all: std::collections::BTreeSet<String> = stored.into_iter().collect();
    all.extend(session.cloned());
    all.into_iter().collect()
}

/// Tables already built, by (database, name), with the definition each was
/// built from: a changed definition (another process) is built anew.
/// The flag says whether the table was built with its pseudo-columns.
type BuiltTables = HashMap<(String, String, bool), (TableDef, Arc<dyn TableProvider>)>;

/// Definitions of session tables, by (database, name), for building their
/// pseudo-column variant.
type SessionDefinitions = Arc<RwLock<HashMap<(String, String), TableDef>>>;

/// The catalog as a DataFusion catalog provider: the databases of the
/// catalog file, each a schema provider.
#[derive(Clone)]
pub struct QuarryCatalogProvider {
    store: Arc<CatalogStore>,
    session: SessionTables,
    session_definitions: SessionDefinitions,
    built: Arc<Mutex<BuiltTables>>,
    planner: Arc<RwLock<Option<ViewPlanner>>>,
    pseudo_columns: bool,
}

impl std::fmt::Debug for QuarryCatalogProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuarryCatalogProvider")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

/// Plans a view's query (`sql`) with `database` as the current database.
/// The engine supplies it: planning needs the session, which the catalog
/// does not own.
pub type ViewPlanner =
    Arc<dyn Fn(String, String) -> BoxFuture<'static, Result<LogicalPlan>> + Send + Sync>;

impl QuarryCatalogProvider {
    /// The provider over `store`.
    pub fn new(store: Arc<CatalogStore>) -> Self {
        Self {
            store,
            session: Arc::default(),
            session_definitions: Arc::default(),
            built: Arc::default(),
            planner: Arc::default(),
            pseudo_columns: false,
        }
    }

    /// The same catalog, whose file tables expose Athena's pseudo-columns:
    /// for planning a statement that names one. Everything else (tables,
    /// caches, views) is shared.
    pub fn with_pseudo_columns(&self) -> Self {
        Self {
            pseudo_columns: true,
            ..self.clone()
        }
    }

    /// Sets how stored views are planned.
    pub fn set_view_planner(&self, planner: ViewPlanner) {
        *self.planner.write().unwrap_or_else(|e| e.into_inner()) = Some(planner);
    }

    /// Plans `sql` as a view in `database`.
    pub async fn plan_view(&self, database: &str, sql: &str) -> Result<LogicalPlan> {
        let planner = self
            .planner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| DataFusionError::Internal("no view planner set".into()))?;
        planner(sql.to_string(), database.to_string()).await
    }

    async fn stored_view(
        &self,
        database: &str,
        name: &str,
    ) -> Result<Option<Arc<dyn TableProvider>>> {
        let catalog = self.store.load()?;
        let Some(view) = catalog
            .databases
            .get(database)
            .and_then(|db| db.views.get(name))
        else {
            return Ok(None);
        };
        let plan = self.plan_view(database, &view.sql).await?;
        Ok(Some(Arc::new(ViewTable::new(plan, Some(view.sql.clone())))))
    }

    /// The store behind it.
    pub fn store(&self) -> &Arc<CatalogStore> {
        &self.store
    }

    /// Adds a table that lives only in this process (the demo tables); a
    /// stored table of the same name hides it.
    pub fn add_session_table(&self, database: &str, name: &str, table: Arc<dyn TableProvider>) {
        let mut session = self.session.write().unwrap_or_else(|e| e.into_inner());
        session
            .entry(database.to_ascii_lowercase())
            .or_default()
            .insert(name.to_ascii_lowercase(), table);
    }

    /// Adds a table that lives only in this process from its definition,
    /// so that it reads like a stored one, pseudo-columns included.
    pub fn add_session_definition(&self, database: &str, def: TableDef) -> Result<()> {
        let database = database.to_ascii_lowercase();
        let name = def.name.to_ascii_lowercase();
        let table = table_provider(&database, &def)?;
        self.add_session_table(&database, &name, table);
        self.session_definitions
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert((database, name), def);
        Ok(())
    }

    fn stored_table(&self, database: &str, name: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        let catalog = self.store.load()?;
        let Some(def) = catalog
            .databases
            .get(database)
            .and_then(|db| db.tables.get(name))
        else {
            return Ok(None);
        };
        self.built_table(database, def).map(Some)
    }

    /// The table for `def`, built once per definition and variant.
    fn built_table(&self, database: &str, def: &TableDef) -> Result<Arc<dyn TableProvider>> {
        let key = (
            database.to_string(),
            def.name.to_ascii_lowercase(),
            self.pseudo_columns,
        );
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, table)) = built.get(&key)
            && seen == def
        {
            return Ok(Arc::clone(table));
        }
        let table = if self.pseudo_columns {
            table_provider_with_pseudo_columns(database, def)?
        } else {
            table_provider(database, def)?
        };
        built.insert(key, (def.clone(), Arc::clone(&table)));
        Ok(table)
    }

    /// The pseudo-column variant of a session table built from a
    /// definition, in the pseudo-column catalog.
    fn session_variant(
        &self,
        database: &str,
        name: &str,
    ) -> Result<Option<Arc<dyn TableProvider>>> {
        if !self.pseudo_columns {
            return Ok(None);
        }
        let def = self
            .session_definitions
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(database.to_string(), name.to_string()))
            .cloned();
        def.map(|def| self.built_table(database, &def)).transpose()
    }
}

impl CatalogProvider for QuarryCatalogProvider {
    fn schema_names(&self) -> Vec<String> {
        let names: Vec<String> = self
            .store
            .load()
            .map(|c| c.databases.keys().cloned().collect())
            .unwrap_or_default();
        let session = self.session.read().unwrap_or_else(|e| e.into_inner());
        sorted_union(names, session.keys())
    }

    fn schema(&self, name: &str) -> Option<Arc<dyn SchemaProvider>> {
        let name = name.to_ascii_lowercase();
        let stored = self
            .store
            .load()
            .map(|c| c.databases.contains_key(&name))
            .unwrap_or(false);
        let in_session = self
            .session
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&name);
        (stored || in_session).then(|| {
            Arc::new(DatabaseSchema {
                catalog: self.clone(),
                database: name,
            }) as Arc<dyn SchemaProvider>
        })
    }
}

/// One database as a DataFusion schema.
#[derive(Debug)]
struct DatabaseSchema {
    catalog: QuarryCatalogProvider,
    database: String,
}

#[async_trait]
impl SchemaProvider for DatabaseSchema {
    fn table_names(&self) -> Vec<String> {
        let names: Vec<String> = self
            .catalog
            .store
            .load()
            .ok()
            .and_then(|c| {
                c.databases
                    .get(&self.database)
                    .map(|db| db.tables.keys().chain(db.views.keys()).cloned().collect())
            })
            .unwrap_or_default();
        let session = self
            .catalog
            .session
            .read()
            .unwrap_or_else(|e| e.into_inner());
        match session.get(&self.database) {
            Some(tables) => sorted_union(names, tables.keys()),
            None => sorted_union(names, std::iter::empty()),
        }
    }

    async fn table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>, DataFusionError> {
        let name = name.to_ascii_lowercase();
        if let Some(table) = self.catalog.stored_table(&self.database, &name)? {
            return Ok(Some(table));
        }
        if let Some(view) = self.catalog.stored_view(&self.database, &name).await? {
            return Ok(Some(view));
        }
        if let Some(table) = self.catalog.session_variant(&self.database, &name)? {
            return Ok(Some(table));
        }
        let session = self
            .catalog
            .session
            .read()
            .unwrap_or_else(|e| e.into_inner());
        Ok(session
            .get(&self.database)
            .and_then(|t| t.get(&name))
            .cloned())
    }

    fn table_exist(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        let stored = self.catalog.store.load().ok().is_some_and(|c| {
            c.databases
                .get(&self.database)
                .is_some_and(|db| db.tables.contains_key(&name) || db.views.contains_key(&name))
        });
        stored
            || self
                .catalog
                .session
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .get(&self.database)
                .is_some_and(|t| t.contains_key(&name))
    }

    fn register_table(
        &self,
        name: String,
        table: Arc<dyn TableProvider>,
    ) -> Result<Option<Arc<dyn TableProvider>>> {
        let mut session = self
            .catalog
            .session
            .write()
            .unwrap_or_else(|e| e.into_inner());
        Ok(session
            .entry(self.database.clone())
            .or_default()
            .insert(name.to_ascii_lowercase(), table))
    }

    fn deregister_table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        let mut session = self
            .catalog
            .session
            .write()
            .unwrap_or_else(|e| e.into_inner());
        Ok(session
            .get_mut(&self.database)
            .and_then(|t| t.remove(&name.to_ascii_lowercase())))
    }
}
