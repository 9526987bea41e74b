//! Quarry as a library, the way a pipeline uses it.
//!
//! With no arguments it queries the built-in demo data:
//!
//! ```text
//! cargo run -p quarry-engine --example pipeline
//! ```
//!
//! Given a location and a format it defines a table `t` there and runs the
//! SQL given (or a count), with the standard AWS configuration:
//!
//! ```text
//! cargo run -p quarry-engine --example pipeline -- s3://my-bucket/logs/ json \
//!     "SELECT level, count(*) FROM t GROUP BY level"
//! ```

use futures::TryStreamExt;
use quarry_engine::Engine;
use quarry_engine::datafusion::arrow::util::pretty::pretty_format_batches;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (engine, sql) = match args.as_slice() {
        [] => (
            Engine::builder().demo(true).build().await?,
            "SELECT dstport, count(*) AS rejected FROM vpcflow \
             WHERE action = 'REJECT' GROUP BY dstport ORDER BY rejected DESC LIMIT 5"
                .to_string(),
        ),
        [location, format, rest @ ..] => {
            let engine = Engine::builder().build().await?;
            engine
                .sql(&format!(
                    "CREATE EXTERNAL TABLE t STORED AS {format} LOCATION '{location}'"
                ))
                .await?
                .collect()
                .await?;
            let sql = rest
                .first()
                .cloned()
                .unwrap_or_else(|| "SELECT count(*) FROM t".to_string());
            (engine, sql)
        }
        _ => return Err("usage: pipeline [LOCATION FORMAT [SQL]]".into()),
    };

    let mut query = engine.sql(&sql).await?;
    let mut batches = Vec::new();
    while let Some(batch) = query.try_next().await? {
        batches.push(batch);
    }
    println!("{}", pretty_format_batches(&batches)?);
    let io = query.io();
    println!(
        "read {} bytes from {} objects in {:?}",
        io.bytes_read,
        io.objects_read.len(),
        query.elapsed()
    );
    Ok(())
}
