//! AWS's CloudTrail tables from the Athena guide (testdata/ddl/, pasted as
//! printed; only the bucket placeholders replaced), manual partitioning and
//! partition projection, over real CloudTrail files in the layout CloudTrail
//! writes, on a real S3 server. Expected values come from the raw files,
//! read here with serde_json.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;
use quarry_engine::datafusion::arrow::array::{Array, Int64Array};

const DAY: &str = "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10";

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// (records, records with an errorCode, records whose requestParameters
/// name a bucket), over the day's files.
fn expected() -> (i64, i64, i64) {
    expected_from("")
}

/// [`expected`] over the records whose eventTime is at or after `after`.
fn expected_from(after: &str) -> (i64, i64, i64) {
    let (mut records, mut errors, mut buckets) = (0, 0, 0);
    for (name, path) in files_under(&testdata().join("cloudtrail").join(DAY)) {
        let raw = std::fs::read(&path).expect("file");
        let mut text = String::new();
        if name.ends_with(".gz") {
            flate2::read::MultiGzDecoder::new(raw.as_slice())
                .read_to_string(&mut text)
                .expect("gzip");
        } else {
            text = String::from_utf8(raw).expect("utf-8");
        }
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        for r in doc["Records"].as_array().expect("Records") {
            if r["eventTime"].as_str().expect("eventTime") < after {
                continue;
            }
            records += 1;
            errors += i64::from(r.get("errorCode").is_some_and(|e| !e.is_null()));
            buckets += i64::from(r["requestParameters"].get("bucketName").is_some());
        }
    }
    (records, errors, buckets)
}

async fn three_counts(
    engine: &quarry_engine::Engine,
    sql: &str,
) -> ((i64, i64, i64), quarry_engine::IoSnapshot) {
    let query = engine
        .sql(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let stats = query.io_stats();
    let batches = query
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let value = |i: usize| {
        batches[0]
            .column(i)
            .as_any()
            .downcast_ref::<Int64Array>()
            .expect("BIGINT")
            .value(0)
    };
    assert_eq!(batches[0].num_rows(), 1);
    ((value(0), value(1), value(2)), stats.snapshot())
}

const COUNTS: &str = "SELECT count(*), count(errorcode), \
    count(json_extract_scalar(requestparameters, '$.bucketName')) FROM";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloudtrail_tables_from_the_athena_guide_read_aws_layout() {
    let server = S3Server::start();
    server.create_bucket("trail-logs");
    server.upload(
        "trail-logs",
        "AWSLogs/",
        &files_under(&testdata().join("cloudtrail/AWSLogs")),
    );
    let want = expected();
    assert!(want.0 > 100 && want.1 > 0 && want.2 > 0, "{want:?}");
    let engine = s3_engine(&server).await;

    // Partition projection: the day's prefix is computed, listed once.
    let ddl = std::fs::read_to_string(testdata().join("ddl/cloudtrail_projection.sql"))
        .expect("ddl")
        .replace(
            "s3://amzn-s3-demo-bucket/AWSLogs/account-id/CloudTrail/aws-region",
            "s3://trail-logs/AWSLogs/218007301253/CloudTrail/us-east-1",
        );
    run(&engine, &ddl).await;
    let (got, io) = three_counts(
        &engine,
        &format!("{COUNTS} cloudtrail_logs_pp WHERE timestamp = '2023/07/10'"),
    )
    .await;
    assert_eq!(got, want);
    assert_eq!(io.list_requests, 1, "{io:?}");
    assert_eq!(io.objects_read.len(), 4, "{io:?}");
    let (got, io) = three_counts(
        &engine,
        &format!(
            "{COUNTS} cloudtrail_logs_pp WHERE timestamp BETWEEN '2023/07/11' AND '2023/07/31'"
        ),
    )
    .await;
    assert_eq!(got, (0, 0, 0));
    assert!(io.objects_read.is_empty(), "{io:?}");

    // Within the day, files are passed over by the time and region in
    // their names: of 12:05, 12:10, 12:25 and 12:30, only the last can
    // hold an event from 12:26 on, and none one from another region.
    let after = "2023-07-10T12:26:00Z";
    let (got, io) = three_counts(
        &engine,
        &format!(
            "{COUNTS} cloudtrail_logs_pp WHERE timestamp = '2023/07/10' AND eventtime >= '{after}'"
        ),
    )
    .await;
    let want_after = expected_from(after);
    assert!(want_after.0 > 0 && want_after.0 < want.0, "{want_after:?}");
    assert_eq!(got, want_after);
    assert_eq!(io.objects_read.len(), 1, "{io:?}");
    assert!(
        io.objects_read.iter().all(|o| o.contains("20230710T1230Z")),
        "{io:?}"
    );
    let (got, io) = three_counts(
        &engine,
        &format!(
            "{COUNTS} cloudtrail_logs_pp WHERE timestamp = '2023/07/10' AND awsregion = 'eu-west-1'"
        ),
    )
    .await;
    assert_eq!(got, (0, 0, 0));
    assert!(io.objects_read.is_empty(), "{io:?}");

    // Manual partitioning: nothing until the day is registered.
    let ddl = std::fs::read_to_string(testdata().join("ddl/cloudtrail.sql"))
        .expect("ddl")
        .replace(
            "s3://amzn-s3-demo-bucket/AWSLogs/Account_ID/",
            "s3://trail-logs/AWSLogs/218007301253/",
        );
    run(&engine, &ddl).await;
    let (got, _) = three_counts(&engine, &format!("{COUNTS} cloudtrail_logs")).await;
    assert_eq!(got, (0, 0, 0));
    run(
        &engine,
        &format!(
            "ALTER TABLE cloudtrail_logs ADD PARTITION (region='us-east-1', year='2023', month='07', day='10') \
             LOCATION 's3://trail-logs/{DAY}/'"
        ),
    )
    .await;
    let (got, _) = three_counts(
        &engine,
        &format!("{COUNTS} cloudtrail_logs WHERE region = 'us-east-1' AND day = '10'"),
    )
    .await;
    assert_eq!(got, want);
}
