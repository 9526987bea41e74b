//! `CREATE EXTERNAL TABLE` for the formats DataFusion reads natively.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider, TableProviderFactory};
use datafusion::datasource::listing_table_factory::ListingTableFactory;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::CreateExternalTable;

use crate::compression::{Compression, detect_compression};

/// DataFusion's `ListingTableFactory`, plus what log tables need before it
/// runs: when a line-oriented table (JSON, CSV) is declared without
/// `format.compression`, its location is listed and the compression its
/// objects' names announce is used, so `STORED AS JSON` over a prefix of
/// `.json.gz` files reads them instead of failing on gzip bytes.
#[derive(Debug, Default)]
pub struct QuarryTableFactory {
    listing: ListingTableFactory,
}

const COMPRESSION_OPTION: &str = "format.compression";

fn is_line_format(file_type: &str) -> bool {
    matches!(
        file_type.to_ascii_uppercase().as_str(),
        "JSON" | "NDJSON" | "CSV"
    )
}

#[async_trait]
impl TableProviderFactory for QuarryTableFactory {
    async fn create(
        &self,
        state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        // DataFusion pre-reads every file's statistics (every Parquet footer
        // under the prefix) when a table is created. Over a log prefix of
        // thousands of objects that is minutes of GETs for a DDL statement,
        // and it fetches partitions no later query may touch. Statistics are
        // still collected at query time, for the files left after pruning.
        let session = state
            .as_any()
            .downcast_ref::<SessionState>()
            .ok_or_else(|| {
                DataFusionError::Internal("table factory needs a SessionState".into())
            })?;
        let mut session = session.clone();
        session
            .config_mut()
            .options_mut()
            .execution
            .collect_statistics = false;
        let state: &dyn Session = &session;

        if !is_line_format(&cmd.file_type) || cmd.options.contains_key(COMPRESSION_OPTION) {
            return self.listing.create(state, cmd).await;
        }
        let table = cmd.name.to_string();
        let mut found: Option<(Compression, &String)> = None;
        for location in &cmd.locations {
            let Some(kind) = detect_compression(state, &table, location).await? else {
                continue;
            };
            match found {
                Some((first, first_location)) if first != kind => {
                    return Err(crate::CatalogError::MixedCompression(Box::new(
                        crate::error::MixedCompression {
                            table,
                            location: location.clone(),
                            first: first.to_string(),
                            first_example: first_location.clone(),
                            second: kind.to_string(),
                            second_example: location.clone(),
                        },
                    ))
                    .into());
                }
                Some(_) => {}
                None => found = Some((kind, location)),
            }
        }
        let mut cmd = cmd.clone();
        if let Some((kind, _)) = found {
            cmd.options.insert(
                COMPRESSION_OPTION.to_string(),
                kind.option_value().to_string(),
            );
        }
        self.listing.create(state, &cmd).await
    }
}
