//! Every real sample in ../shared/realdata read through its JSON format,
//! with counts checked against serde_json's own reading of the raw files.
//! The samples live beside the repository on the development machine
//! (`<repository>/../shared/realdata`, or where `QUARRY_REALDATA` says), not
//! in it: CI clones the repository alone, so the test says so and passes
//! when they are absent. The files CI needs are copied under testdata/.

// Helpers of a test: a failed unwrap is the failed test, with its message.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use datafusion::arrow::array::{Array, Int64Array};
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::prelude::SessionContext;
use quarry_catalog::ddl::{CatalogStatement, parse};
use quarry_catalog::{complete_definition, table_provider};

fn realdata() -> Option<PathBuf> {
    let dir = std::env::var_os("QUARRY_REALDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/realdata"));
    let found = dir.canonicalize().ok();
    if found.is_none() {
        eprintln!(
            "no {} here: the real-data checks are skipped",
            dir.display()
        );
    }
    found
}

/// `SELECT <exprs>` over a table of `format` at `location`, as integers.
async fn counts(format: &str, location: &Path, exprs: &str) -> Vec<i64> {
    let sql = format!(
        "CREATE EXTERNAL TABLE t STORED AS {format} LOCATION '{}'",
        location.display()
    );
    let Ok(Some(CatalogStatement::CreateTable { table, .. })) = parse(&sql) else {
        panic!("{sql} does not parse");
    };
    let mut def = *table;
    let ctx = SessionContext::new();
    complete_definition(&ctx.state(), "default", &mut def)
        .await
        .unwrap();
    ctx.register_table("t", table_provider("default", &def).unwrap())
        .unwrap();
    let batches = ctx
        .sql(&format!("SELECT {exprs} FROM t"))
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", location.display()));
    let batch = &batches[0];
    (0..batch.num_columns())
        .map(|i| {
            let col = batch
                .column(i)
                .as_any()
                .downcast_ref::<Int64Array>()
                .unwrap();
            if col.is_null(0) { -1 } else { col.value(0) }
        })
        .collect()
}

fn count_present(records: &[serde_json::Value], key: &str) -> i64 {
    records.iter().filter(|r| !r[key].is_null()).count() as i64
}

#[tokio::test]
async fn every_cloudtrail_file_reads_all_its_records() {
    let Some(root) = realdata() else { return };
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(root.join("cloudtrail/invictus-ir_aws_dataset"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    files.push(root.join("cloudtrail/clo_cloudtrail.log"));
    files.sort();
    let mut total = 0;
    for file in &files {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let records = doc["Records"].as_array().unwrap();
        let want = [
            records.len() as i64,
            count_present(records, "errorCode"),
            count_present(records, "requestParameters"),
            count_present(records, "serviceEventDetails"),
        ];
        let got = counts(
            "cloudtrail",
            file,
            "count(*), count(errorcode), count(requestparameters), count(serviceeventdetails)",
        )
        .await;
        assert_eq!(got, want, "{}", file.display());
        total += records.len();
    }
    assert_eq!(files.len(), 56);
    assert_eq!(total, 2904);
}

#[tokio::test]
async fn json_log_samples_read_every_line() {
    let Some(root) = realdata() else { return };
    let cases = [
        ("waf", "other/clo_waf.log"),
        ("waf", "other/wafsa_test_waf_log.gz"),
        (
            "route53resolver",
            "other/elastic-integrations_test-route53.log",
        ),
        ("json", "other/clo_apigateway1.log"),
        (
            "json",
            "other/otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.ndjson",
        ),
    ];
    for (format, file) in cases {
        let path = root.join(file);
        let bytes = std::fs::read(&path).unwrap();
        let mut text = String::new();
        if file.ends_with(".gz") {
            // DataFusion's own gzip decoder: not the reader's code path.
            let mut reader = FileCompressionType::GZIP
                .convert_read(std::io::Cursor::new(bytes))
                .unwrap();
            std::io::Read::read_to_string(&mut reader, &mut text).unwrap();
        } else {
            text = String::from_utf8(bytes).unwrap();
        }
        let want = serde_json::Deserializer::from_str(&text)
            .into_iter::<serde_json::Value>()
            .count() as i64;
        assert_eq!(counts(format, &path, "count(*)").await, [want], "{file}");
    }
}

#[tokio::test]
async fn cloudwatch_firehose_sample_reads_every_event() {
    let Some(root) = realdata() else { return };
    let path = root.join("other/clo_rds.log");
    let text = std::fs::read_to_string(&path).unwrap();
    let (mut events, mut data) = (0i64, 0i64);
    for payload in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
        let payload = payload.unwrap();
        if payload["messageType"] == "DATA_MESSAGE" {
            data += 1;
            events += payload["logEvents"].as_array().unwrap().len() as i64;
        }
    }
    assert_eq!(data, 4);
    assert_eq!(
        counts("cloudwatch", &path, "count(*), count(DISTINCT id)").await,
        [events, events]
    );
}

/// The record lines of a text log: not blank, not a `#` comment or
/// header, not VPC flow's `version account-id ...` header.
fn record_lines(text: &str) -> i64 {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("version "))
        .count() as i64
}

#[tokio::test]
async fn text_log_samples_read_every_record() {
    let Some(root) = realdata() else { return };
    // (format, file, a column every record has).
    let cases = [
        ("alb", "alb/clo_elb.log", "time"),
        ("alb", "alb/clo_elb.log.gz", "time"),
        (
            "alb",
            "alb/wafsa_XXXXXXXXXXXX_elasticloadbalancing_us-east-1_app.ApplicationLoadBalancer.fa87e1db7badc175_20230424T2110Z_X.X.X.X_4c8scnzy.log.gz",
            "time",
        ),
        ("elb", "elb/elastic-beats_elb-http.log", "timestamp"),
        ("s3access", "s3access/clo_s3.log", "bucket_name"),
        (
            "s3access",
            "s3access/elastic-integrations_test-s3-server-access.log",
            "bucket_name",
        ),
        ("cloudfront", "cloudfront/clo_cloudfront.log", "date"),
        (
            "cloudfront",
            "cloudfront/elastic-integrations_test-cloudfront.log",
            "date",
        ),
        // Line 8899 has an unterminated user-agent quote: the field runs
        // to the end of the line rather than failing the file.
        (
            "combined",
            "apache/elastic-examples_apache_logs.log",
            "remote_host",
        ),
        (
            "clf",
            "apache/elastic-examples_apache_logs.log",
            "remote_host",
        ),
        ("vpcflow", "vpcflow/clo_vpcflow.log", "interface_id"),
    ];
    for (format, file, column) in cases {
        let path = root.join(file);
        let bytes = std::fs::read(&path).unwrap();
        let mut text = String::new();
        if file.ends_with(".gz") {
            let mut reader = FileCompressionType::GZIP
                .convert_read(std::io::Cursor::new(bytes))
                .unwrap();
            std::io::Read::read_to_string(&mut reader, &mut text).unwrap();
        } else {
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        let want = record_lines(&text);
        assert!(want > 0, "{file}");
        assert_eq!(
            counts(format, &path, &format!("count(*), count({column})")).await,
            [want, want],
            "{format} over {file}"
        );
    }
}

#[tokio::test]
async fn mixed_load_balancer_fixture_fails_on_its_first_foreign_line() {
    let Some(root) = realdata() else { return };
    // Elastic's fixture mixes formats (SOURCES.md): lines 1, 2 and 10 are
    // ALB access log entries; lines 3-6 are NLB TLS entries and 7-9 ALB
    // connection log entries, which an ALB table must not read as access
    // log records.
    let path = root.join("alb/elastic-integrations_test-alb.log");
    let text = std::fs::read_to_string(&path).unwrap();
    let http = text.lines().filter(|l| l.starts_with("http ")).count() as i64;
    assert_eq!(http, 3);
    let sql = format!(
        "CREATE EXTERNAL TABLE t STORED AS alb LOCATION '{}'",
        path.display()
    );
    let Ok(Some(CatalogStatement::CreateTable { table, .. })) = parse(&sql) else {
        panic!("{sql} does not parse");
    };
    let mut def = *table;
    let ctx = SessionContext::new();
    complete_definition(&ctx.state(), "default", &mut def)
        .await
        .unwrap();
    ctx.register_table("t", table_provider("default", &def).unwrap())
        .unwrap();
    let err = ctx
        .sql("SELECT count(type) FROM t")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("elastic-integrations_test-alb.log, line 3: not a valid alb record"),
        "{err}"
    );
    def.properties
        .insert("quarry.bad_records".into(), "skip".into());
    let location = path.display().to_string();
    assert_eq!(def.location, location);
    let skipping = SessionContext::new();
    skipping
        .register_table("t", table_provider("default", &def).unwrap())
        .unwrap();
    let batches = skipping
        .sql("SELECT count(*) FROM t WHERE type = 'http'")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let n = batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap()
        .value(0);
    assert_eq!(n, http);
}
