//! The demo catalog: two tables over the sample data in testdata/demo/, so a
//! newcomer gets answers with no AWS account.

use url::Url;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::storage::{DEMO_URL, demo_store};

/// The demo tables, as the DDL a user would write for them.
pub const DEMO_TABLES: &[(&str, &str)] = &[
    (
        "vpcflow",
        "CREATE EXTERNAL TABLE vpcflow STORED AS PARQUET \
         LOCATION 'demo://testdata/vpcflow/'",
    ),
    (
        "applogs",
        "CREATE EXTERNAL TABLE applogs STORED AS JSON \
         LOCATION 'demo://testdata/applogs/'",
    ),
];

pub(crate) async fn register(engine: &Engine) -> Result<()> {
    let url = Url::parse(DEMO_URL).map_err(|e| Error::Config(e.to_string()))?;
    let store = demo_store()
        .await
        .map_err(|e| Error::from(datafusion::error::DataFusionError::ObjectStore(Box::new(e))))?;
    engine.session().register_object_store(&url, store);
    // Session tables, not stored ones: the demo never writes to the user's
    // catalog, and a stored table of the same name hides it.
    for (_, ddl) in DEMO_TABLES {
        engine
            .add_session_table(quarry_catalog::DEFAULT_DATABASE, ddl)
            .await?;
    }
    Ok(())
}
