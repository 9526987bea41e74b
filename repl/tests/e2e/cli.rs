//! The `quarry` binary on its demo data and local files: modes, formats,
//! exit codes and error messages. Expected values come from reading the
//! sample files directly.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::common::*;

fn quarry() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quarry"));
    // Keep the developer's own AWS setup out of the tests.
    cmd.env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/quarry-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/quarry-test/credentials",
        )
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env("QUARRY_CATALOG", fresh_catalog());
    cmd
}

fn with_stdin(mut cmd: Command, input: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn quarry");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("quarry output")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn piped_count_over_the_demo_tables_is_right() {
    let vpc_rows = parquet_rows(&demo_dir().join("vpcflow"));
    let log_rows = ndjson_records(&demo_dir().join("applogs")).len();
    let mut cmd = quarry();
    cmd.args(["--format", "csv"]);
    let out = with_stdin(
        cmd,
        "SELECT count(*) AS n FROM vpcflow;\nSELECT count(*) AS n\n  FROM applogs;\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("n\n{vpc_rows}\nn\n{log_rows}\n"));
}

#[test]
fn timing_prints_a_statistics_line_per_statement_to_stderr() {
    let vpc_rows = parquet_rows(&demo_dir().join("vpcflow"));
    let mut cmd = quarry();
    cmd.args([
        "--timing",
        "--format",
        "csv",
        "-c",
        "SELECT count(*) AS n FROM vpcflow;\nSELECT 1 AS one UNION ALL SELECT 2 ORDER BY one",
    ]);
    let out = with_stdin(cmd, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("n\n{vpc_rows}\none\n1\n2\n"));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("quarry: statement at -c #1:1: 1 row in "),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("quarry: statement at -c #1:2: 2 rows in "),
        "{stderr}"
    );
}

#[test]
fn default_table_format_shows_the_count() {
    let vpc_rows = parquet_rows(&demo_dir().join("vpcflow"));
    let out = with_stdin(quarry(), "SELECT count(*) FROM vpcflow;");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("| count(*) |"), "{stdout}");
    assert!(stdout.contains(&format!("| {vpc_rows} ")), "{stdout}");
}

#[test]
fn json_format_is_one_array() {
    let expected = vpc_expected_csv();
    let out = quarry()
        .args(["--format", "json", "-c"])
        .arg(VPC_QUERY.replace("FROM flows", "FROM vpcflow"))
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON document");
    let rows = rows.as_array().expect("an array");
    // Same rows as the CSV expectation, minus its header line.
    assert_eq!(rows.len(), expected.lines().count() - 1);
    for (row, line) in rows.iter().zip(expected.lines().skip(1)) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(
            row.get("action").and_then(|v| v.as_str()).unwrap_or(""),
            fields[0]
        );
        assert_eq!(row["flows"].as_i64().expect("flows").to_string(), fields[1]);
    }
}

#[test]
fn script_stops_at_the_first_failure_and_names_its_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let script = dir.path().join("q.sql");
    std::fs::write(
        &script,
        "-- a script\nSELECT 1 AS a;\n\nSELECT nope\n  FROM vpcflow;\nSELECT 2 AS b;\n",
    )
    .expect("write script");
    let out = quarry()
        .args(["--format", "csv", "-f"])
        .arg(&script)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "a\n1\n", "the third statement never ran");
    let stderr = text(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:4:", script.display())),
        "{stderr}"
    );
    assert!(stderr.contains("nope"), "{stderr}");
}

#[test]
fn missing_table_is_one_clear_line() {
    let out = quarry()
        .args(["-c", "SELECT * FROM no_such_table"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("table 'awsdatacatalog.default.no_such_table' not found"),
        "{stderr}"
    );
}

#[test]
fn syntax_error_says_where() {
    let out = quarry().args(["-c", "SELEC 1"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("syntax error"), "{stderr}");
    assert!(stderr.contains("SELEC"), "{stderr}");
}

#[test]
fn bad_usage_exits_2() {
    let out = quarry()
        .args(["--format", "yaml", "-c", "SELECT 1"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = quarry()
        .args(["-f", "/nonexistent/q.sql"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/nonexistent/q.sql"));
}

#[test]
fn local_paths_work_like_s3() {
    // A table over the demo files on local disk, by plain path and file:// URL.
    let location = demo_dir().join("applogs").canonicalize().expect("path");
    let expected = applog_expected();
    for loc in [
        format!("{}/", location.display()),
        format!("file://{}/", location.display()),
    ] {
        let out = quarry()
            .args(["--no-demo", "--format", "csv", "-c"])
            .arg(format!("{}; {APPLOG_QUERY}", applogs_ddl("logs", &loc)))
            .output()
            .expect("run");
        assert!(out.status.success(), "{loc}: {}", text(&out.stderr));
        assert_eq!(parse_applog_csv(&text(&out.stdout)), expected, "{loc}");
    }
}

#[test]
fn mixed_compression_under_one_json_table_is_read_file_by_file() {
    // The JSON reader tells each object's compression from its bytes, so a
    // prefix holding plain and gzipped files reads as one table.
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("a.json"), "{\"x\":1}\n").expect("write");
    let gz = std::fs::read(demo_dir().join("applogs/dt=2026-11-20/app-000.json.gz")).expect("gz");
    std::fs::write(dir.path().join("b.json.gz"), gz).expect("write");
    let out = quarry()
        .args(["--no-demo", "--no-catalog", "--format", "csv", "-q", "-c"])
        .arg(format!(
            "CREATE EXTERNAL TABLE t STORED AS JSON LOCATION '{}/'",
            dir.path().display()
        ))
        .args(["-c", "SELECT count(*) AS n FROM t"])
        .output()
        .expect("run");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // 1 line in a.json; 500 in app-000.json.gz (counted with Python's gzip module).
    assert_eq!(text(&out.stdout), "n\n501\n");
}

#[test]
fn output_closed_early_is_not_an_error() {
    let mut child = quarry()
        .args(["--format", "csv", "-c", "SELECT * FROM applogs"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"));
}

fn with_catalog(catalog: &std::path::Path) -> Command {
    let mut cmd = quarry();
    cmd.arg("--catalog").arg(catalog).args(["--format", "csv"]);
    cmd
}

#[test]
fn catalog_survives_restarts_and_show_create_table_round_trips() {
    let dir = tempfile::tempdir().expect("tmp");
    let catalog = dir.path().join("catalog.json");
    let location = demo_dir().join("vpcflow").canonicalize().expect("path");
    let create = format!(
        "CREATE DATABASE net; CREATE EXTERNAL TABLE net.flows (action string, bytes bigint) \
         PARTITIONED BY (year string, month string, day string) STORED AS PARQUET \
         LOCATION '{}/'",
        location.display()
    );
    let out = with_catalog(&catalog)
        .args(["-c", &create])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The file is there, readable by people.
    let stored = std::fs::read_to_string(&catalog).expect("catalog file");
    assert!(stored.contains("\"flows\""), "{stored}");

    // A new process sees the table.
    let query = "SELECT count(*) AS n FROM net.flows WHERE year = '2022'";
    let out = with_catalog(&catalog)
        .args(["-c", query])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "n\n17\n");

    // Its DDL re-creates the same table in another catalog.
    let out = with_catalog(&catalog)
        .args(["--format", "json", "-c", "SHOW CREATE TABLE net.flows"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ddl = rows[0]["createtab_stmt"].as_str().expect("ddl").to_string();
    let other = dir.path().join("other.json");
    let out = with_catalog(&other)
        .args(["-c", &format!("CREATE DATABASE net; {ddl}; {query}")])
        .output()
        .expect("run");
    assert!(out.status.success(), "{ddl}\n{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "n\n17\n");
}

#[test]
fn writers_killed_mid_write_leave_the_catalog_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let catalog = dir.path().join("catalog.json");
    let location = demo_dir().join("applogs").canonicalize().expect("path");
    let script = |prefix: &str| {
        let path = dir.path().join(format!("{prefix}.sql"));
        let body: String = (0..40)
            .map(|i| {
                format!(
                    "CREATE EXTERNAL TABLE {prefix}_{i:02} (level string, dt string) \
                     STORED AS JSON PARTITIONED BY (dt) LOCATION '{}/';\n",
                    location.display()
                )
            })
            .collect();
        std::fs::write(&path, body).expect("script");
        path
    };
    let (victim_sql, survivor_sql) = (script("victim"), script("survivor"));
    let mut victim = with_catalog(&catalog)
        .arg("-f")
        .arg(&victim_sql)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let survivor = with_catalog(&catalog).arg("-f").arg(&survivor_sql).output();
    // Kill the other writer wherever it is: while it writes, renames, or waits.
    std::thread::sleep(std::time::Duration::from_millis(150));
    let _ = victim.kill();
    let _ = victim.wait();
    let survivor = survivor.expect("survivor ran");
    assert!(survivor.status.success(), "{}", text(&survivor.stderr));

    let out = with_catalog(&catalog)
        .args(["-c", "SHOW TABLES"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "catalog unreadable: {}",
        text(&out.stderr)
    );
    let tables: Vec<String> = text(&out.stdout)
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect();
    for i in 0..40 {
        let name = format!("survivor_{i:02}");
        assert!(tables.contains(&name), "{name} lost: {tables:?}");
    }
    // The killed writer's tables are a prefix of its script: none torn, none skipped.
    let victims: Vec<&String> = tables.iter().filter(|t| t.starts_with("victim_")).collect();
    for (i, name) in victims.iter().enumerate() {
        assert_eq!(**name, format!("victim_{i:02}"), "{victims:?}");
    }
}

#[test]
fn refresh_table_shows_new_objects_at_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().display();
    let script = format!(
        "COPY (SELECT 'a' AS level) TO '{d}/one.json' STORED AS JSON;
         CREATE EXTERNAL TABLE t (level string) STORED AS JSON LOCATION '{d}/';
         SELECT count(*) AS n FROM t;
         COPY (SELECT 'b' AS level) TO '{d}/two.json' STORED AS JSON;
         SELECT count(*) AS n FROM t;
         REFRESH TABLE t;
         SELECT count(*) AS n FROM t;"
    );
    let out = quarry()
        .args(["--no-catalog", "--format", "csv", "-c", &script])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let counts: Vec<String> = text(&out.stdout)
        .lines()
        .filter(|l| l.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    // COPY prints its row count (1) too: 1, 1 (listing cached), 1, 2.
    assert_eq!(
        counts,
        vec!["1", "1", "1", "1", "2"],
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn skipped_bad_records_are_counted_on_stderr() {
    // AWS's two example ELB lines, with an ALB line and a line of prose
    // between them (neither starts with a timestamp, as an ELB record does).
    let dir = tempfile::tempdir().expect("temp dir");
    let testdata = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
    let elb = std::fs::read_to_string(testdata.join("elb/aws_docs_examples.log")).expect("elb");
    let alb = std::fs::read_to_string(testdata.join("alb/aws_docs_examples.log")).expect("alb");
    let mut lines = elb.lines();
    let body = format!(
        "{}\n{}\nthe load balancer was restarted\n{}\n",
        lines.next().expect("elb line 1"),
        alb.lines().next().expect("alb line 1"),
        lines.next().expect("elb line 2"),
    );
    std::fs::write(dir.path().join("mixed.log"), body).expect("write");
    let ddl = format!(
        "CREATE EXTERNAL TABLE mixed STORED AS elb LOCATION '{}/' \
         TBLPROPERTIES ('quarry.bad_records' = 'skip');",
        dir.path().display()
    );
    let mut cmd = quarry();
    cmd.args(["--format", "csv"]);
    let out = with_stdin(
        cmd,
        &format!("{ddl}\nSELECT count(*) AS n FROM mixed;\nSELECT 1 AS one;\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "n\n2\none\n1\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("statement at stdin:2: 2 bad records skipped"),
        "{stderr}"
    );
    // Statements that skip nothing say nothing.
    assert!(!stderr.contains("stdin:3"), "{stderr}");
}
