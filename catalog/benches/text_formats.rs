//! Reader throughput per text format: decompressed MB/s on one core.
//!
//! Each format's sample lines from testdata/ (AWS's documented examples and
//! the real samples) are repeated into one file of about 16 MB, read as a
//! table with one partition (one core), every column materialized, and
//! again with one column (what projection pushdown saves). Criterion
//! reports the throughput in bytes of text per second.
//!
//! For the formats a CSV reader can cut (space-separated fields, quoted
//! where they hold spaces), the same file is also read by DataFusion's own
//! CSV reader in the same process, as the peer to hold Quarry against: it
//! types nothing AWS's way and splits no `ip:port`, so it does less.
//!
//! ```text
//! cargo bench --workspace --bench text_formats
//! ```

// A bench's setup failing is the bench failing, with its message.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::prelude::{CsvReadOptions, SessionConfig, SessionContext};

/// About this much text per format.
const TARGET_BYTES: usize = 16 << 20;

/// (format, sample files under testdata/, a column to read alone).
const FORMATS: &[(&str, &[&str], &str)] = &[
    (
        "alb",
        &["alb/aws_docs_examples.log", "alb/clo_elb.log"],
        "elb_status_code",
    ),
    ("elb", &["elb/aws_docs_examples.log"], "elb_response_code"),
    ("vpcflow", &["vpcflow/aws_docs_examples.log"], "action"),
    (
        "s3access",
        &["s3access/aws_docs_examples.log", "s3access/clo_s3.log"],
        "operation",
    ),
    (
        "cloudfront",
        &[
            "cloudfront/aws_docs_examples.log",
            "cloudfront/clo_cloudfront.log",
        ],
        "sc_status",
    ),
    (
        "combined",
        &["apache/elastic-examples_apache_logs_excerpt.log"],
        "status",
    ),
    (
        "clf",
        &["apache/elastic-examples_apache_logs_excerpt.log"],
        "status",
    ),
];

/// Formats DataFusion's CSV reader can read as space-separated fields, and
/// the CSV column that is the format's lone column above.
const CSV_PEERS: &[(&str, &str)] = &[("vpcflow", "column_13"), ("alb", "column_9")];

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// The samples' record lines (headers and comments dropped), repeated to
/// about [`TARGET_BYTES`].
fn repeated_lines(samples: &[&str]) -> String {
    let mut lines = String::new();
    for sample in samples {
        let text = std::fs::read_to_string(testdata().join(sample)).unwrap();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            lines.push_str(line);
            lines.push('\n');
        }
    }
    let mut out = String::with_capacity(TARGET_BYTES + lines.len());
    while out.len() < TARGET_BYTES {
        out.push_str(&lines);
    }
    out
}

fn text_formats(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("text_formats");
    group.sample_size(10);
    for (format, samples, column) in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        // Without a #Fields line, CloudFront lines are read in AWS's documented order.
        let body = repeated_lines(samples);
        std::fs::write(dir.path().join("data.log"), &body).unwrap();
        let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(1));
        runtime.block_on(common::register_table(&ctx, "t", format, dir.path()));
        group.throughput(Throughput::Bytes(body.len() as u64));
        for (label, sql) in [
            ("all_columns", "SELECT * FROM t".to_string()),
            ("one_column", format!("SELECT {column} FROM t")),
        ] {
            group.bench_function(format!("{format}/{label}"), |b| {
                b.iter(|| {
                    runtime.block_on(async {
                        let batches = ctx.sql(&sql).await.unwrap().collect().await.unwrap();
                        assert!(batches.iter().map(|b| b.num_rows()).sum::<usize>() > 0);
                    })
                })
            });
        }
        let Some((_, csv_column)) = CSV_PEERS.iter().find(|(f, _)| f == format) else {
            continue;
        };
        let peer = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(1));
        let options = CsvReadOptions::new()
            .has_header(false)
            .delimiter(b' ')
            .escape(b'\\')
            .truncated_rows(true)
            .file_extension(".log");
        let path = dir.path().join("data.log");
        runtime
            .block_on(peer.register_csv("t", path.to_str().unwrap(), options))
            .unwrap();
        for (label, sql) in [
            ("all_columns", "SELECT * FROM t".to_string()),
            ("one_column", format!("SELECT {csv_column} FROM t")),
        ] {
            group.bench_function(format!("{format}/{label}/datafusion_csv"), |b| {
                b.iter(|| {
                    runtime.block_on(async {
                        let batches = peer.sql(&sql).await.unwrap().collect().await.unwrap();
                        assert!(batches.iter().map(|b| b.num_rows()).sum::<usize>() > 0);
                    })
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, text_formats);
criterion_main!(benches);
