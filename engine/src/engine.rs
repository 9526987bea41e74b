//! [`Engine`]: a configured session, and [`EngineBuilder`] to make one.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::Schema;
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::execution::context::SessionContext;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::execution::session_state::{SessionState, SessionStateBuilder};
use datafusion::logical_expr::LogicalPlan;
use datafusion::optimizer::Analyzer;
use datafusion::physical_plan::memory::MemoryStream;
use datafusion::physical_plan::{EmptyRecordBatchStream, execute_stream};
use datafusion::prelude::SessionConfig;
use quarry_catalog::ddl::CatalogStatement;
use quarry_catalog::{
    BadRecords, CatalogStore, Outcome, QuarryCatalogProvider, ScanStats, SessionBadRecords,
    ViewPlanner,
};
use url::Url;

use crate::demo;
use crate::error::{Error, Result};
use crate::functions::FunctionInfo;
use crate::pseudo_columns;
use crate::query::{Query, name_credentials};
use crate::sql_types::TrinoTypes;
use crate::storage::{CountingRegistry, IoStats, StaticCredentials, StorageOptions, StoreRegistry};
use crate::trino_casts::TrinoCasts;
use crate::{functions, show_functions};

/// The catalog and database unqualified names resolve in, as in Athena.
pub const DEFAULT_CATALOG: &str = "awsdatacatalog";
/// The database unqualified table names resolve in.
pub const DEFAULT_DATABASE: &str = "default";

/// How long a listing of a table's objects is reused before the store is
/// listed again: long enough for a burst of queries, short enough that newly
/// delivered log files show up.
const LIST_CACHE_TTL: Duration = Duration::from_secs(30);

/// A Quarry session: storage, catalog and functions, ready to run SQL.
///
/// Cheap to clone; clones share the session (tables created through one are
/// seen by all).
#[derive(Clone)]
pub struct Engine {
    ctx: SessionContext,
    catalog: QuarryCatalogProvider,
    max_bytes_scanned: Option<u64>,
    /// Where S3 credentials come from, for "access denied" messages.
    credential_source: Arc<str>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("session", &self.ctx.session_id())
            .finish()
    }
}

/// Configures an [`Engine`]. Unset storage settings follow the AWS CLI's
/// environment and configuration files.
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    storage: StorageOptions,
    catalog_path: Option<PathBuf>,
    demo: bool,
    memory_limit: Option<usize>,
    target_partitions: Option<usize>,
    max_bytes_scanned: Option<u64>,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        Self {
            storage: StorageOptions::from_env(),
            catalog_path: None,
            demo: false,
            memory_limit: None,
            target_partitions: None,
            max_bytes_scanned: None,
        }
    }
}

impl EngineBuilder {
    /// Use this AWS profile instead of `AWS_PROFILE` / `default`.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.storage.profile = Some(profile.into());
        self
    }

    /// Send S3 requests to this region instead of the configured or
    /// discovered one.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.storage.region = Some(region.into());
        self
    }

    /// Use an S3-compatible endpoint (MinIO, Ceph, R2, a local test server).
    /// An `http://` endpoint also turns on plain HTTP and path-style
    /// addressing.
    pub fn endpoint_url(mut self, endpoint: impl Into<String>) -> Self {
        self.storage.endpoint = Some(endpoint.into());
        self
    }

    /// Address buckets by path rather than by virtual host.
    pub fn path_style(mut self, yes: bool) -> Self {
        self.storage.path_style = yes;
        self
    }

    /// Allow plain HTTP to the storage endpoint.
    pub fn allow_http(mut self, yes: bool) -> Self {
        self.storage.allow_http = yes;
        self
    }

    /// Send unsigned requests, for public buckets; no credentials are looked up.
    pub fn anonymous(mut self, yes: bool) -> Self {
        self.storage.anonymous = yes;
        self
    }

    /// Use these credentials instead of the AWS credential chain.
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        self.storage.credentials = Some(StaticCredentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        });
        self
    }

    /// Replace all storage settings at once.
    pub fn storage(mut self, options: StorageOptions) -> Self {
        self.storage = options;
        self
    }

    /// Keep table, view and database definitions in this catalog file, so
    /// they survive restarts and are shared with other processes using it.
    /// Without it, definitions live in memory only.
    pub fn catalog_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.catalog_path = Some(path.into());
        self
    }

    /// Open on the built-in demo tables (`vpcflow`, `applogs`) over the
    /// sample data embedded from testdata/demo/.
    pub fn demo(mut self, yes: bool) -> Self {
        self.demo = yes;
        self
    }

    /// Cap the memory queries may hold, in bytes; operators that can spill to
    /// disk do so beyond it, the others fail with a clear error.
    pub fn memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = Some(bytes);
        self
    }

    /// How many partitions (threads of work) a query is split into; defaults
    /// to the number of cores.
    pub fn target_partitions(mut self, n: usize) -> Self {
        self.target_partitions = Some(n.max(1));
        self
    }

    /// Cancel any statement that reads more than this many bytes from
    /// storage, like an Athena workgroup's data-usage control.
    pub fn max_bytes_scanned(mut self, bytes: u64) -> Self {
        self.max_bytes_scanned = Some(bytes);
        self
    }

    /// Builds the engine. Nothing is fetched from AWS here: credentials and
    /// regions are resolved when a bucket is first used.
    pub async fn build(self) -> Result<Engine> {
        if let Some(endpoint) = &self.storage.endpoint {
            Url::parse(endpoint)
                .map_err(|e| Error::Config(format!("endpoint URL '{endpoint}': {e}")))?;
        }
        let mut runtime = RuntimeEnvBuilder::new()
            .with_object_store_registry(Arc::new(StoreRegistry::new(self.storage.clone())))
            .with_object_list_cache_ttl(Some(LIST_CACHE_TTL));
        if let Some(bytes) = self.memory_limit {
            runtime = runtime.with_memory_limit(bytes, 1.0);
        }
        let runtime = runtime.build_arc()?;

        let mut config = SessionConfig::new()
            .with_default_catalog_and_schema(DEFAULT_CATALOG, DEFAULT_DATABASE)
            .with_create_default_catalog_and_schema(false)
            .with_information_schema(true);
        if let Some(n) = self.target_partitions {
            config = config.with_target_partitions(n);
        }
        // Athena reads every object under a table's location, folders
        // included: AWS's unpartitioned CloudTrail table points at
        // `AWSLogs/<account>/CloudTrail/` and its files lie five folders down.
        config
            .options_mut()
            .execution
            .listing_table_ignore_subdirectory = false;
        let mut builder = SessionStateBuilder::new()
            .with_config(config)
            .with_runtime_env(runtime)
            .with_default_features();
        // Quarry's planners first: the first planner that plans a construct
        // wins, and DataFusion's would take `array[i]` and `map[key]`.
        let planners = builder.expr_planners().get_or_insert_default();
        for (at, planner) in quarry_udfs::expr_planners().into_iter().enumerate() {
            planners.insert(at, planner);
        }
        // Before type coercion, so that only the casts a query wrote are
        // taken for Trino's JSON and ROW casts.
        let mut rules = Analyzer::new().rules;
        rules.insert(0, Arc::new(TrinoCasts));
        let builder = builder
            .with_analyzer_rules(rules)
            .with_type_planner(Arc::new(TrinoTypes));
        let mut state = builder.build();
        state
            .table_factories_mut()
            .extend(quarry_catalog::table_factories());
        let ctx = SessionContext::new_with_state(state);
        quarry_udfs::register_all(&ctx)?;
        let store = match &self.catalog_path {
            Some(path) => CatalogStore::new(path),
            None => CatalogStore::in_memory(),
        };
        // Fail now, not at the first query, on an unreadable catalog file.
        store
            .load()
            .map_err(|e| Error::from(DataFusionError::from(e)))?;
        let catalog = QuarryCatalogProvider::new(Arc::new(store));
        ctx.register_catalog(DEFAULT_CATALOG, Arc::new(catalog.clone()));
        catalog.set_view_planner(view_planner(&ctx));

        let engine = Engine {
            ctx,
            catalog,
            max_bytes_scanned: self.max_bytes_scanned,
            credential_source: self.storage.credential_source().into(),
        };
        if self.demo {
            demo::register(&engine).await?;
        }
        Ok(engine)
    }
}

impl Engine {
    /// Starts configuring an engine.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Runs one SQL statement and returns its result as a stream of Arrow
    /// record batches, with what it read from storage counted as it goes.
    ///
    /// DDL and `SET` change the session and are done when this returns;
    /// queries run as the stream is polled, and stop when it is dropped.
    pub async fn sql(&self, sql: &str) -> Result<Query> {
        let started = Instant::now();
        let stats = Arc::new(IoStats::with_limit(self.max_bytes_scanned));
        // On the heap: planning futures are large, and shells and tests run
        // statements on threads with small stacks.
        let result = Box::pin(self.start(sql, &stats, started)).await;
        result.map_err(|e| {
            Query::limit_error(&stats)
                .unwrap_or_else(|| name_credentials(e, &self.credential_source))
        })
    }

    async fn start(&self, sql: &str, stats: &Arc<IoStats>, started: Instant) -> Result<Query> {
        if let Some(statement) = show_functions::parse(sql)? {
            let batch = show_functions::execute(&self.ctx.state(), &statement)?;
            return rows_query(Some(batch), Arc::clone(stats), started);
        }
        if let Some(statement) = quarry_catalog::ddl::parse(sql).map_err(DataFusionError::from)? {
            return self
                .catalog_statement(statement, Arc::clone(stats), started)
                .await;
        }
        let scans = Arc::new(ScanStats::new());
        let (state, plan) = pseudo_columns::plan(self.query_state(stats, &scans)?, sql).await?;
        let frame = if changes_session(&plan) {
            self.ctx.execute_logical_plan(plan).await?
        } else {
            DataFrame::new(state, plan)
        };
        let task = Arc::new(frame.task_ctx());
        let plan = frame.create_physical_plan().await?;
        let stream = execute_stream(Arc::clone(&plan), task)?;
        Ok(Query::new(stream, Arc::clone(stats), started)
            .with_plan(plan)
            .with_scan_stats(scans)
            .with_credential_source(Arc::clone(&self.credential_source)))
    }

    /// What readers do with a bad record in tables whose properties name no
    /// `quarry.bad_records`: fail the statement (the default), skip and
    /// count it, or read it as NULLs (text formats; JSON skips). Applies to
    /// the statements run after it, in every copy of this session.
    pub fn set_bad_records(&self, policy: BadRecords) {
        let state = self.ctx.state_ref();
        state
            .write()
            .config_mut()
            .set_extension(Arc::new(SessionBadRecords(policy)));
    }

    /// The session's policy for tables that name none.
    pub fn bad_records(&self) -> BadRecords {
        self.ctx
            .state()
            .config()
            .get_extension::<SessionBadRecords>()
            .map_or(BadRecords::Fail, |p| p.0)
    }

    /// This session with another data-usage limit (None: no limit): the
    /// statements it runs are cancelled once they read more than that many
    /// bytes from storage. The session itself is shared.
    pub fn with_max_bytes_scanned(&self, bytes: Option<u64>) -> Engine {
        Engine {
            max_bytes_scanned: bytes,
            ..self.clone()
        }
    }

    /// The data-usage limit statements run under.
    pub fn max_bytes_scanned_limit(&self) -> Option<u64> {
        self.max_bytes_scanned
    }

    /// The database unqualified names resolve in (`USE` changes it).
    pub fn current_database(&self) -> String {
        self.ctx
            .state()
            .config_options()
            .catalog
            .default_schema
            .clone()
    }

    async fn catalog_statement(
        &self,
        statement: CatalogStatement,
        stats: Arc<IoStats>,
        started: Instant,
    ) -> Result<Query> {
        let state = self.query_state(&stats, &Arc::new(ScanStats::new()))?;
        let current = self.current_database();
        let outcome = quarry_catalog::execute(&self.catalog, &state, &current, statement).await?;
        let batch = match outcome {
            Outcome::Done => None,
            Outcome::Rows(batch) => Some(batch),
            Outcome::UseDatabase(db) => {
                let state = self.ctx.state_ref();
                let mut state = state.write();
                state.config_mut().options_mut().catalog.default_schema = db;
                None
            }
        };
        rows_query(batch, stats, started)
    }

    /// Every function the session can call, sorted by name, with its
    /// signature and documentation: what `SHOW FUNCTIONS` lists.
    pub fn functions(&self) -> Vec<FunctionInfo> {
        functions::functions(&self.ctx.state())
    }

    /// Adds a table that lives only in this process, in `database`, from
    /// its `CREATE EXTERNAL TABLE` statement (the demo tables). Its columns
    /// are found now, as for a stored table.
    pub(crate) async fn add_session_table(&self, database: &str, ddl: &str) -> Result<()> {
        let Some(CatalogStatement::CreateTable { table, .. }) =
            quarry_catalog::ddl::parse(ddl).map_err(DataFusionError::from)?
        else {
            return Err(Error::Config(format!("not a CREATE EXTERNAL TABLE: {ddl}")));
        };
        let mut def = *table;
        let state = self.ctx.state();
        quarry_catalog::complete_definition(&state, database, &mut def).await?;
        self.catalog.add_session_definition(database, def)?;
        Ok(())
    }

    /// The DataFusion session underneath, for what the engine does not wrap
    /// (registering a custom table or function).
    pub fn session(&self) -> &SessionContext {
        &self.ctx
    }

    /// The session's state with its object stores wrapped to count into
    /// `stats`: every read the query makes, whatever its format, is counted
    /// for that query alone.
    /// Its partition decisions are counted into `scans`.
    fn query_state(&self, stats: &Arc<IoStats>, scans: &Arc<ScanStats>) -> Result<SessionState> {
        let base = self.ctx.state();
        let registry = Arc::clone(&base.runtime_env().object_store_registry);
        let runtime = RuntimeEnvBuilder::from_runtime_env(base.runtime_env())
            .with_object_store_registry(Arc::new(CountingRegistry::new(
                registry,
                Arc::clone(stats),
            )))
            .build_arc()?;
        let config = base.config().clone().with_extension(Arc::clone(scans));
        Ok(SessionStateBuilder::new_from_existing(base)
            .with_config(config)
            .with_runtime_env(runtime)
            .build())
    }
}

/// Plans stored views with the engine's session. It holds the session
/// weakly: the session holds the catalog, which holds this.
fn view_planner(ctx: &SessionContext) -> ViewPlanner {
    let session = Arc::downgrade(&ctx.state_ref());
    Arc::new(move |sql: String, database: String| {
        let session = session.clone();
        Box::pin(async move {
            let Some(session) = session.upgrade() else {
                return Err(DataFusionError::Internal("the session is gone".into()));
            };
            let mut state = session.read().clone();
            state.config_mut().options_mut().catalog.default_schema = database;
            Ok(pseudo_columns::plan(state, &sql).await?.1)
        })
    })
}

/// A statement's result that is already computed: `batch`, or no rows.
fn rows_query(batch: Option<RecordBatch>, stats: Arc<IoStats>, started: Instant) -> Result<Query> {
    let stream: SendableRecordBatchStream = match batch {
        Some(batch) => {
            let schema = batch.schema();
            Box::pin(MemoryStream::try_new(vec![batch], schema, None)?)
        }
        None => Box::pin(EmptyRecordBatchStream::new(Arc::new(Schema::empty()))),
    };
    Ok(Query::new(stream, stats, started))
}

/// Statements whose effect is on the session itself (tables, views,
/// settings) run against the shared session, not a per-query copy.
fn changes_session(plan: &LogicalPlan) -> bool {
    matches!(plan, LogicalPlan::Ddl(_) | LogicalPlan::Statement(_))
}
