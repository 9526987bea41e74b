//! End to end against a real S3-compatible server process on 127.0.0.1:
//! data uploaded to it, queried through the `quarry` binary and through the
//! library, answers checked against values computed from the files directly,
//! and the server's own request log checked for partitions never fetched.

use std::process::Command;

use crate::common::*;
use futures::TryStreamExt;
use quarry_engine::datafusion::arrow::csv::WriterBuilder;

fn upload_demo(server: &S3Server, bucket: &str) {
    server.create_bucket(bucket);
    server.upload(bucket, "logs/", &files_under(&demo_dir()));
}

fn quarry(server: &S3Server, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(args)
        .envs(server.env())
        .output()
        .expect("run quarry")
}

#[test]
fn binary_reads_s3_and_never_fetches_pruned_partitions() {
    let server = S3Server::start();
    upload_demo(&server, "e2e-bin");
    let script = format!(
        "{}; {}; {VPC_QUERY}; {APPLOG_QUERY};",
        vpcflow_ddl("flows", "s3://e2e-bin/logs/vpcflow/"),
        applogs_ddl("logs", "s3://e2e-bin/logs/applogs/"),
    );
    let out = quarry(&server, &["--no-demo", "--format", "csv", "-c", &script]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "quarry failed: {stderr}");

    let expected_vpc = vpc_expected_csv();
    assert!(
        stdout.starts_with(&expected_vpc),
        "got:\n{stdout}\nwant first:\n{expected_vpc}"
    );
    let applog_part = &stdout[expected_vpc.len()..];
    assert_eq!(parse_applog_csv(applog_part), applog_expected());

    // The server saw the query: objects were fetched, and only those of the
    // partitions the filters select.
    let fetched = server.objects_fetched("e2e-bin");
    assert!(
        fetched
            .iter()
            .any(|k| k.starts_with("logs/vpcflow/year=2026/month=11/day=21/")),
        "day=21 was never read: {fetched:?}\nrequests: {:#?}",
        server.requests()
    );
    assert!(
        fetched
            .iter()
            .any(|k| k.starts_with("logs/applogs/dt=2026-11-21/")),
        "dt=2026-11-21 was never read: {fetched:?}"
    );
    for key in &fetched {
        assert!(
            key.starts_with("logs/vpcflow/year=2026/month=11/day=21/")
                || key.starts_with("logs/applogs/dt=2026-11-21/"),
            "a pruned partition was fetched: {key} (all: {fetched:?})"
        );
    }
    // No secret reaches the output.
    assert!(!stdout.contains(SECRET_KEY) && !stderr.contains(SECRET_KEY));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_reads_s3_and_counts_only_selected_partitions() {
    let server = S3Server::start();
    upload_demo(&server, "e2e-lib");
    let engine = s3_engine(&server).await;
    for ddl in [
        vpcflow_ddl("flows", "s3://e2e-lib/logs/vpcflow/"),
        applogs_ddl("logs", "s3://e2e-lib/logs/applogs/"),
    ] {
        run(&engine, &ddl).await;
    }

    let mut query = engine.sql(VPC_QUERY).await.expect("plan");
    let mut batches = Vec::new();
    while let Some(batch) = query.try_next().await.expect("batch") {
        batches.push(batch);
    }
    let mut csv = Vec::new();
    {
        let mut writer = WriterBuilder::new().with_header(true).build(&mut csv);
        for batch in &batches {
            writer.write(batch).expect("csv");
        }
    }
    assert_eq!(String::from_utf8(csv).expect("utf-8"), vpc_expected_csv());
    let io = query.io();
    let read: Vec<&String> = io.objects_read.iter().collect();
    assert_eq!(
        read,
        vec!["s3://e2e-lib/logs/vpcflow/year=2026/month=11/day=21/flows.parquet"],
        "only the selected partition's object is read"
    );
    // The footer is read for statistics and again by the scan, so the count
    // may exceed the object's size, but never by more than a second copy.
    let size =
        std::fs::metadata(demo_dir().join("vpcflow/year=2026/month=11/day=21/flows.parquet"))
            .expect("file")
            .len();
    assert!(
        io.bytes_read > 0 && io.bytes_read <= 2 * size,
        "bytes read {} of {size}",
        io.bytes_read
    );
    // The listing made by CREATE is reused from the list cache.
    assert!(io.get_requests >= 1, "{io:?}");

    let query = engine.sql(APPLOG_QUERY).await.expect("plan");
    let stats = query.io_stats();
    let batches = query.collect().await.expect("rows");
    let mut csv = Vec::new();
    {
        let mut writer = WriterBuilder::new().with_header(true).build(&mut csv);
        for batch in &batches {
            writer.write(batch).expect("csv");
        }
    }
    assert_eq!(
        parse_applog_csv(&String::from_utf8(csv).expect("utf-8")),
        applog_expected()
    );
    let read = stats.snapshot().objects_read;
    assert!(!read.is_empty());
    assert!(
        read.iter()
            .all(|k| k.starts_with("s3://e2e-lib/logs/applogs/dt=2026-11-21/")),
        "{read:?}"
    );
}

#[test]
fn missing_bucket_is_one_clear_line() {
    let server = S3Server::start();
    let out = quarry(
        &server,
        &[
            "--no-demo",
            "-c",
            "CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION 's3://no-such-bucket-here/x/'",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("bucket 'no-such-bucket-here' does not exist"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn missing_object_prefix_gives_an_empty_table_not_an_error() {
    // Athena answers zero rows over an empty prefix; so does Quarry.
    let server = S3Server::start();
    server.create_bucket("e2e-empty");
    let out = quarry(
        &server,
        &[
            "--no-demo",
            "--format",
            "csv",
            "-c",
            &format!(
                "{}; SELECT count(*) AS n FROM flows",
                vpcflow_ddl("flows", "s3://e2e-empty/nothing/")
            ),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "n\n0\n");
}

/// A quarry process with no AWS settings at all but those given.
fn bare_quarry(args: &[&str], env: &[(&str, String)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quarry"));
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_EC2_METADATA_DISABLED", "true")
        .env("QUARRY_CATALOG", fresh_catalog())
        .env("AWS_CONFIG_FILE", "/nonexistent/quarry-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/quarry-test/credentials",
        )
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .args(args)
        .output()
        .expect("run quarry")
}

#[test]
fn profile_from_shared_config_files_supplies_endpoint_region_and_keys() {
    let server = S3Server::start();
    upload_demo(&server, "e2e-profile");
    let dir = tempfile::tempdir().expect("tmp");
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &config,
        format!(
            "[default]\nregion = eu-west-3\n\n[profile quarrytest]\nregion = us-east-1\nendpoint_url = {}\n",
            server.endpoint
        ),
    )
    .expect("config");
    std::fs::write(
        &credentials,
        format!(
            "[quarrytest]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    )
    .expect("credentials");
    let files = [
        ("AWS_CONFIG_FILE", config.display().to_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            credentials.display().to_string(),
        ),
    ];
    let script = format!(
        "{}; {VPC_QUERY}",
        vpcflow_ddl("flows", "s3://e2e-profile/logs/vpcflow/")
    );
    // By flag, and by AWS_PROFILE, as the AWS CLI reads it.
    let by_flag = bare_quarry(
        &[
            "--no-demo",
            "--format",
            "csv",
            "--profile",
            "quarrytest",
            "-c",
            &script,
        ],
        &files,
    );
    let mut env = files.to_vec();
    env.push(("AWS_PROFILE", "quarrytest".to_string()));
    let by_env = bare_quarry(&["--no-demo", "--format", "csv", "-c", &script], &env);
    for out in [by_flag, by_env] {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), vpc_expected_csv());
        assert!(!stderr.contains(SECRET_KEY));
    }
}

#[test]
fn no_credentials_is_a_clear_error_and_no_sign_request_reads_public_data() {
    let server = S3Server::start();
    server.create_bucket("e2e-public");
    server.upload_public("e2e-public", "logs/", &files_under(&demo_dir()));
    let env = [("AWS_ENDPOINT_URL", server.endpoint.clone())];
    let script = format!(
        "{}; {VPC_QUERY}",
        vpcflow_ddl("flows", "s3://e2e-public/logs/vpcflow/")
    );

    let out = bare_quarry(&["--no-demo", "--format", "csv", "-c", &script], &env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no usable AWS credentials"), "{stderr}");
    assert!(stderr.contains("--no-sign-request"), "{stderr}");

    let out = bare_quarry(
        &[
            "--no-demo",
            "--no-sign-request",
            "--format",
            "csv",
            "-c",
            &script,
        ],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), vpc_expected_csv());
}

#[test]
fn access_denied_names_the_object_with_its_bucket() {
    let server = S3Server::start();
    upload_demo(&server, "e2e-private");
    let env = [("AWS_ENDPOINT_URL", server.endpoint.clone())];
    let script = format!(
        "{}; {VPC_QUERY}",
        vpcflow_ddl("flows", "s3://e2e-private/logs/vpcflow/")
    );
    let out = bare_quarry(&["--no-demo", "--no-sign-request", "-c", &script], &env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "access denied to s3://e2e-private/logs/vpcflow/year=2026/month=11/day=21/flows.parquet"
        ),
        "{stderr}"
    );
    // The message says which identity was refused: here, none at all.
    assert!(
        stderr.contains("(credentials: none, requests are unsigned (--no-sign-request))"),
        "{stderr}"
    );
}
