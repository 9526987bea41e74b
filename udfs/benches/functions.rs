//! Function throughput: rows per second for Quarry's most used functions,
//! each beside DataFusion's nearest built-in, over 100k generated rows run
//! through a SessionContext on one partition (one core).
//!
//! DataFusion has no JSON functions, so json_extract_scalar is set beside a
//! regexp_match that picks the same field out of the text.
//!
//! ```text
//! cargo bench --workspace --bench functions
//! ```

// A bench's setup failing is the bench failing, with its message.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
use datafusion::prelude::{SessionConfig, SessionContext};

const ROWS: usize = 100_000;

const GROK: &str =
    "%{IP:client} %{WORD:method} %{URIPATHPARAM:request} %{NUMBER:bytes} %{NUMBER:duration}";
const GROK_AS_REGEX: &str = r"^(\d+\.\d+\.\d+\.\d+) (\w+) (\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$";

/// (bench name, Quarry's expression, DataFusion's nearest built-in).
const PAIRS: &[(&str, &str, &str)] = &[
    (
        "json_extract_scalar",
        "json_extract_scalar(json, '$.user.name')",
        r#"regexp_match(json, '"name": "([^"]*)"')"#,
    ),
    (
        "regexp_extract",
        r"regexp_extract(line, '(\d+)\.(\d+)', 2)",
        r"regexp_match(line, '(\d+)\.(\d+)')",
    ),
    (
        "date_parse",
        "date_parse(hour, '%Y/%m/%d/%H')",
        "to_timestamp(hour, '%Y/%m/%d/%H')",
    ),
    (
        "from_iso8601_timestamp",
        "from_iso8601_timestamp(iso)",
        "to_timestamp(iso)",
    ),
];

fn rows() -> RecordBatch {
    let json: Vec<String> = (0..ROWS)
        .map(|i| format!(r#"{{"id": {i}, "user": {{"name": "user{}", "admin": false}}, "tags": ["a", "b"]}}"#, i % 97))
        .collect();
    let line: Vec<String> = (0..ROWS)
        .map(|i| {
            format!(
                "10.0.{}.{} GET /index/{}.html?q={} {} 0.{:03}",
                i % 256,
                (i / 256) % 256,
                i % 1000,
                i,
                1000 + i % 5000,
                i % 1000
            )
        })
        .collect();
    let iso: Vec<String> = (0..ROWS)
        .map(|i| {
            format!(
                "2023-07-{:02}T{:02}:{:02}:{:02}Z",
                1 + i % 28,
                i % 24,
                i % 60,
                (i / 60) % 60
            )
        })
        .collect();
    let hour: Vec<String> = (0..ROWS)
        .map(|i| format!("2022/10/{:02}/{:02}", 1 + i % 28, i % 24))
        .collect();
    let column = |v: Vec<String>| Arc::new(StringArray::from(v)) as ArrayRef;
    RecordBatch::try_from_iter(vec![
        ("json", column(json)),
        ("line", column(line)),
        ("iso", column(iso)),
        ("hour", column(hour)),
    ])
    .unwrap()
}

fn functions(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(1));
    quarry_udfs::register_all(&ctx).unwrap();
    ctx.register_batch("t", rows()).unwrap();
    let grok = format!("grok(line, '{GROK}')");
    let grok_regex = format!("regexp_match(line, '{GROK_AS_REGEX}')");
    let mut pairs: Vec<(&str, &str, &str)> = PAIRS.to_vec();
    pairs.push(("grok", &grok, &grok_regex));

    let mut group = c.benchmark_group("functions");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS as u64));
    for (name, quarry, builtin) in pairs {
        for (label, expr) in [("quarry", quarry), ("datafusion", builtin)] {
            // count(expr) evaluates expr on every row and returns one value.
            let sql = format!("SELECT count({expr}) FROM t");
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| {
                    runtime.block_on(async {
                        let batches = ctx.sql(&sql).await.unwrap().collect().await.unwrap();
                        assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 1);
                    })
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, functions);
criterion_main!(benches);
