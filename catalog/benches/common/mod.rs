//! What the catalog's benches share: a Quarry table registered as
//! `CREATE EXTERNAL TABLE` would make it.

use std::path::Path;

use datafusion::prelude::SessionContext;
use quarry_catalog::ddl::{CatalogStatement, parse};
use quarry_catalog::{complete_definition, table_provider};

/// Registers `name`, a table `STORED AS format` over the files in `dir`.
pub async fn register_table(ctx: &SessionContext, name: &str, format: &str, dir: &Path) {
    let sql = format!(
        "CREATE EXTERNAL TABLE {name} STORED AS {format} LOCATION '{}/'",
        dir.display()
    );
    let Ok(Some(CatalogStatement::CreateTable { table, .. })) = parse(&sql) else {
        panic!("{sql} does not parse");
    };
    let mut def = *table;
    complete_definition(&ctx.state(), "default", &mut def)
        .await
        .unwrap();
    ctx.register_table(name, table_provider("default", &def).unwrap())
        .unwrap();
}
