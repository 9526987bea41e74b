//! Partition pruning against a real S3 server: how many LIST requests a
//! query over a year of projected partitions makes, and which objects it
//! reads. Counts come from the layout the test writes, not from Quarry.

use crate::common::*;
use quarry_engine::Engine;
use quarry_engine::datafusion::arrow::array::{Array, Int64Array};

/// Days of 2026 that hold data, and how many records each holds (day n of
/// the list holds n + 1 records): spread over the year so a full listing
/// would have to walk many prefixes.
const DAYS: &[&str] = &[
    "2025/12/01",
    "2026/01/15",
    "2026/03/03",
    "2026/05/31",
    "2026/07/09",
    "2026/07/10",
    "2026/07/11",
    "2026/09/30",
    "2026/11/30",
];

const ACCOUNT: &str = "111122223333";
const REGIONS: &[&str] = &["us-east-1", "eu-west-1"];

fn layout() -> (tempfile::TempDir, Vec<(String, std::path::PathBuf)>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (n, day) in DAYS.iter().enumerate() {
        for region in REGIONS {
            let key = format!("AWSLogs/{ACCOUNT}/app/{region}/{day}/events.json");
            let path = dir.path().join(key.replace('/', "_"));
            let body: String = (0..=n)
                .map(|i| format!("{{\"id\":{i},\"day\":\"{day}\"}}\n"))
                .collect();
            std::fs::write(&path, body).expect("write");
            files.push((key, path));
        }
    }
    (dir, files)
}

async fn count(engine: &Engine, sql: &str) -> (i64, quarry_engine::IoSnapshot) {
    let query = engine.sql(sql).await.expect("plan");
    let stats = query.io_stats();
    let batches = query.collect().await.expect("rows");
    let column = batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<Int64Array>()
        .expect("count is BIGINT")
        .clone();
    assert_eq!(column.len(), 1);
    (column.value(0), stats.snapshot())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_day_of_a_projected_year_lists_one_prefix() {
    let server = S3Server::start();
    server.create_bucket("proj");
    let (_dir, files) = layout();
    server.upload("proj", "", &files);
    let engine = s3_engine(&server).await;
    let ddl = "CREATE EXTERNAL TABLE app (id int, day string)
        PARTITIONED BY (region string, dt string)
        STORED AS JSON
        LOCATION 's3://proj/AWSLogs/'
        TBLPROPERTIES (
          'projection.enabled' = 'true',
          'projection.region.type' = 'enum',
          'projection.region.values' = 'us-east-1,eu-west-1',
          'projection.dt.type' = 'date',
          'projection.dt.format' = 'yyyy/MM/dd',
          'projection.dt.range' = '2025/12/01,2026/11/30',
          'storage.location.template' = 's3://proj/AWSLogs/111122223333/app/${region}/${dt}')";
    run(&engine, ddl).await;

    // 2026/07/10 is DAYS[5]: 6 records in each region's object.
    let before = server.requests().len();
    let (n, io) = count(
        &engine,
        "SELECT count(*) FROM app WHERE region = 'us-east-1' AND dt = '2026/07/10'",
    )
    .await;
    assert_eq!(n, 6);
    assert_eq!(
        io.list_requests, 1,
        "one projected prefix, one LIST: {io:?}"
    );
    // 2 regions x 365 days (2025/12/01 to 2026/11/30) are projected: one
    // is read, the other 729 are ruled out without a request.
    let query = engine
        .sql("SELECT count(*) FROM app WHERE region = 'us-east-1' AND dt = '2026/07/10'")
        .await
        .expect("plan");
    assert_eq!(
        query.partitions(),
        quarry_engine::PartitionCounts {
            read: 1,
            pruned: 729
        }
    );
    drop(query);
    assert_eq!(
        io.objects_read.iter().collect::<Vec<_>>(),
        vec!["s3://proj/AWSLogs/111122223333/app/us-east-1/2026/07/10/events.json"]
    );
    // The server's own log agrees: the one LIST it served named that day.
    let lists: Vec<String> = server.requests()[before..]
        .iter()
        .filter(|r| r.contains("list-type=2"))
        .map(|r| r.replace("%2F", "/"))
        .collect();
    assert_eq!(lists.len(), 1, "{lists:?}");
    assert!(
        lists[0].contains("prefix=AWSLogs/111122223333/app/us-east-1/2026/07/10/"),
        "{lists:?}"
    );

    // Three days in both regions: six prefixes out of 730, 2 * (5+6+7)
    // records. The day listed above comes from the listing cache.
    let (n, io) = count(
        &engine,
        "SELECT count(*) FROM app WHERE dt BETWEEN '2026/07/09' AND '2026/07/11'",
    )
    .await;
    assert_eq!(n, 36);
    assert_eq!(io.list_requests, 5, "{io:?}");
    assert_eq!(io.objects_read.len(), 6, "{io:?}");

    // Each record's partition value is the day its object's key names: the
    // last day, DAYS[8], holds 9 records in each region.
    let (n, io) = count(
        &engine,
        "SELECT count(*) FROM app WHERE dt >= '2026/11/01' AND dt = day",
    )
    .await;
    assert_eq!(n, 18);
    assert_eq!(io.list_requests, 60, "30 days in 2 regions: {io:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hive_levels_are_pruned_before_the_next_is_listed() {
    let server = S3Server::start();
    server.create_bucket("hive");
    server.upload("hive", "logs/", &files_under(&demo_dir()));
    let engine = s3_engine(&server).await;
    let ddl = "CREATE EXTERNAL TABLE flows (srcaddr string)
        PARTITIONED BY (year int, month int, day int)
        STORED AS PARQUET LOCATION 's3://hive/logs/vpcflow/'";
    run(&engine, ddl).await;
    // Layout: year=2022/month=05/day=04 and year=2026/month=11/day=20..22,
    // each 2026 day 1000 records. Levels listed: the table (years), 2026
    // (months), 2026/11 (days), then days 21 and 22 for their objects.
    let (n, io) = count(
        &engine,
        "SELECT count(*) FROM flows WHERE year = 2026 AND day >= 21",
    )
    .await;
    assert_eq!(n, 2000);
    assert_eq!(io.list_requests, 5, "{io:?}");
    for object in &io.objects_read {
        assert!(
            object.contains("/day=21/") || object.contains("/day=22/"),
            "pruned partition read: {object}"
        );
    }
}
