//! AWS's own Athena DDL (testdata/ddl/, as the Athena guide prints it; only
//! bucket placeholders replaced) against objects laid out as AWS delivers
//! them, on a real S3 server, through the `quarry` binary. Expected values
//! are computed here from the raw files, without Quarry.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

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
