//! CloudTrail record parsing on one core: Quarry's CloudTrail reader
//! against DataFusion's own NDJSON reader over the same records.
//!
//! The 179 real records under testdata/cloudtrail/ are repeated into about
//! 16 MB, written once as CloudTrail writes them (`{"Records":[...]}`) for
//! Quarry and once as one record per line for DataFusion, whose JSON reader
//! cannot read CloudTrail's wrapper. Both are read uncompressed, with one
//! partition, by the same three queries: every column, the two columns of
//! LogBench's query 08, and a needle lookup by request ID that matches no
//! record. Criterion reports bytes of JSON per second; the ratio of the two
//! readers on a query is the figure to watch.
//!
//! ```text
//! cargo bench --workspace --bench cloudtrail
//! ```

// A bench's setup failing is the bench failing, with its message.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::prelude::{JsonReadOptions, SessionConfig, SessionContext};

/// About this much JSON per reader.
const TARGET_BYTES: usize = 16 << 20;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/cloudtrail/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10")
}

/// Each record of the sample files, as JSON text.
fn records() -> Vec<String> {
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for name in names {
        let raw = std::fs::read(&name).unwrap();
        let kind = if name.extension().is_some_and(|e| e == "gz") {
            FileCompressionType::GZIP
        } else {
            FileCompressionType::UNCOMPRESSED
        };
        let mut text = String::new();
        kind.convert_read(std::io::Cursor::new(raw))
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        for record in file["Records"].as_array().unwrap() {
            out.push(serde_json::to_string(record).unwrap());
        }
    }
    out
}

fn cloudtrail(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let records = records();
    let one_round: usize = records.iter().map(|r| r.len() + 1).sum();
    let rounds = TARGET_BYTES.div_ceil(one_round);
    let all: Vec<&String> = (0..rounds).flat_map(|_| records.iter()).collect();

    let quarry_dir = tempfile::tempdir().unwrap();
    let wrapped = format!(
        "{{\"Records\":[{}]}}",
        all.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    );
    std::fs::write(quarry_dir.path().join("trail.json"), &wrapped).unwrap();
    let ndjson_dir = tempfile::tempdir().unwrap();
    let lines: String = all.iter().map(|r| format!("{r}\n")).collect();
    let ndjson = ndjson_dir.path().join("trail.json");
    std::fs::write(&ndjson, &lines).unwrap();

    let config = || SessionConfig::new().with_target_partitions(1);
    let quarry = SessionContext::new_with_config(config());
    runtime.block_on(common::register_table(
        &quarry,
        "ct",
        "cloudtrail",
        quarry_dir.path(),
    ));
    let datafusion = SessionContext::new_with_config(config());
    runtime
        .block_on(datafusion.register_json(
            "ct",
            ndjson.to_str().unwrap(),
            JsonReadOptions::default(),
        ))
        .unwrap();

    // Quarry's table has AWS's lower-case column names; DataFusion's
    // inferred schema keeps the records' camelCase keys.
    let queries = [
        ("all_columns", "SELECT * FROM ct", "SELECT * FROM ct"),
        (
            "two_columns",
            "SELECT eventsource, errorcode, count(*) FROM ct GROUP BY 1, 2",
            r#"SELECT "eventSource", "errorCode", count(*) FROM ct GROUP BY 1, 2"#,
        ),
        (
            "needle",
            "SELECT eventname FROM ct WHERE requestid = 'no-such-request'",
            r#"SELECT "eventName" FROM ct WHERE "requestID" = 'no-such-request'"#,
        ),
    ];
    let mut group = c.benchmark_group("cloudtrail");
    group.sample_size(10);
    for (label, quarry_sql, datafusion_sql) in queries {
        for (engine, ctx, sql, bytes) in [
            ("quarry", &quarry, quarry_sql, wrapped.len()),
            (
                "datafusion_ndjson",
                &datafusion,
                datafusion_sql,
                lines.len(),
            ),
        ] {
            group.throughput(Throughput::Bytes(bytes as u64));
            group.bench_function(format!("{label}/{engine}"), |b| {
                b.iter(|| {
                    runtime.block_on(async {
                        ctx.sql(sql).await.unwrap().collect().await.unwrap();
                    })
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, cloudtrail);
criterion_main!(benches);
