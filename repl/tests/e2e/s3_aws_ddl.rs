//! AWS's own Athena DDL (testdata/ddl/, as the Athena guide prints it; only
//! bucket placeholders replaced) against objects laid out as AWS delivers
//! them, on a real S3 server, through the `quarry` binary. Expected values
//! are computed here from the raw files, without Quarry.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

fn ddl(name: &str) -> String {
    std::fs::read_to_string(testdata().join("ddl").join(name)).expect("ddl file")
}

fn quarry(server: &S3Server, script: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(["--no-demo", "-q", "--format", "csv", "-c", script])
        .envs(server.env())
        .output()
        .expect("run quarry");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "quarry failed: {stderr}");
    assert!(!stderr.contains(SECRET_KEY));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn vpc_flow_ddl_with_a_registered_date_partition() {
    let server = S3Server::start();
    server.create_bucket("aws-ddl");
    server.upload(
        "aws-ddl",
        "prefix/",
        &files_under(&testdata().join("aws-layout")),
    );
    let day = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2022/05/04";

    // Expected, from the raw file: after the header, field 13 (1-based) is
    // the action and field 10 the bytes, `-` when absent.
    let (mut accepted, mut bytes, mut nodata) = (0, 0i64, 0);
    for (_, path) in files_under(&testdata().join("aws-layout").join(day)) {
        let text = std::fs::read_to_string(path).expect("log");
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split(' ').collect();
            match fields[12] {
                "ACCEPT" => {
                    accepted += 1;
                    bytes += fields[9].parse::<i64>().expect("bytes");
                }
                "-" => nodata += 1,
                other => panic!("unexpected action {other}"),
            }
        }
    }
    assert!(accepted > 0 && nodata > 0);

    let table = ddl("vpcflow.sql").replace(
        "s3://amzn-s3-demo-bucket/prefix/AWSLogs/{account_id}/vpcflowlogs/{region_code}/",
        "s3://aws-ddl/prefix/AWSLogs/123456789012/vpcflowlogs/us-east-1/",
    );
    let script = format!(
        "{table}
        ALTER TABLE vpc_flow_logs ADD PARTITION (`date` = '2022-05-04') LOCATION 's3://aws-ddl/prefix/{day}/';
        SELECT action, count(*) AS flows, sum(bytes) AS bytes FROM vpc_flow_logs
          WHERE \"date\" = DATE '2022-05-04' GROUP BY action ORDER BY action;"
    );
    let out = quarry(&server, &script);
    assert_eq!(
        out,
        format!("action,flows,bytes\n-,{nodata},\nACCEPT,{accepted},{bytes}\n")
    );
}

/// The counts of field `index` (0-based, split on spaces) over the lines of
/// `file`: for the fields before the first quoted one, a plain split is
/// how AWS documents them.
fn field_counts(file: &Path, index: usize) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for line in std::fs::read_to_string(file).expect("log").lines() {
        if let Some(v) = line.split(' ').nth(index) {
            *out.entry(v.to_string()).or_insert(0) += 1;
        }
    }
    out
}

fn csv_of(counts: &std::collections::BTreeMap<String, usize>, header: &str) -> String {
    let mut out = format!("{header}\n");
    for (k, n) in counts {
        out.push_str(&format!("{k},{n}\n"));
    }
    out
}

/// AWS's ALB and S3 server access log tables: RegexSerDe with partition
/// projection and `storage.location.template`. The real sample lines are
/// placed under a day the projections cover (the files' own request times
/// are older; a partition's day comes from its prefix, as in Athena).
#[test]
fn alb_and_s3_access_ddl_with_projection_and_regex_serde() {
    let server = S3Server::start();
    server.create_bucket("aws-logs-e2e");
    let alb_file = testdata().join("alb/clo_elb.log");
    let s3_file = testdata().join("s3access/clo_s3.log");
    server.upload(
        "aws-logs-e2e",
        "",
        &[
            (
                "alb/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/02/01/\
                 123456789012_elasticloadbalancing_us-east-1_app.my-lb.0123456789abcdef_20240201T0000Z_10.0.0.1_x1.log"
                    .to_string(),
                alb_file.clone(),
            ),
            (
                "s3logs/DOC-EXAMPLE-BUCKET1/2024/02/01/2024-02-01-00-00-00-0123456789ABCDEF".to_string(),
                s3_file.clone(),
            ),
        ],
    );

    let alb = ddl("alb.sql")
        .replace(
            "s3://amzn-s3-demo-bucket/access-log-folder-path/",
            "s3://aws-logs-e2e/alb/",
        )
        .replace("<ACCOUNT-ID>", "123456789012")
        .replace("<REGION>", "us-east-1");
    let s3 = ddl("s3access.sql").replace(
        "s3://DOC-EXAMPLE-BUCKET1/prefix/DOC-EXAMPLE-BUCKET1/",
        "s3://aws-logs-e2e/s3logs/DOC-EXAMPLE-BUCKET1/",
    );
    let script = format!(
        "{alb};
        SELECT elb_status_code, count(*) AS n FROM alb_access_logs
          WHERE day = '2024/02/01' GROUP BY elb_status_code ORDER BY elb_status_code;
        CREATE DATABASE s3_access_logs_db;
        {s3};
        SELECT operation, count(*) AS n FROM s3_access_logs_db.mybucket_logs
          WHERE timestamp = '2024/02/01' GROUP BY operation ORDER BY operation;"
    );
    let out = quarry(&server, &script);
    // ALB: the status is the 9th field; S3 access: the operation is the 8th
    // once the bracketed time (two space-separated parts) is counted as two.
    let want = format!(
        "{}{}",
        csv_of(&field_counts(&alb_file, 8), "elb_status_code,n"),
        csv_of(&field_counts(&s3_file, 7), "operation,n")
    );
    assert_eq!(out, want);
}
