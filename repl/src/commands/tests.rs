//! Each meta-command driven through a shell whose output is kept in
//! memory: no terminal needed. Expected values come from the demo tables'
//! definitions (quarry_engine::DEMO_TABLES) and the files under
//! testdata/demo, not from Quarry's output.

use clap::Parser;
use quarry_engine::Engine;

use crate::args::{Args, Format};
use crate::shell::{Captured, Control, Shell};

async fn shell() -> (Shell, Captured) {
    let engine = Engine::builder()
        .demo(true)
        .build()
        .await
        .expect("demo engine");
    let args = Args::parse_from(["quarry", "--no-catalog"]);
    Shell::in_memory(engine, args)
}

fn take(buf: &std::sync::Arc<std::sync::Mutex<Vec<u8>>>) -> String {
    let mut b = buf.lock().expect("buffer");
    String::from_utf8(std::mem::take(&mut *b)).expect("utf-8")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_lists_every_command_and_quit_quits() {
    let (mut shell, (_, err)) = shell().await;
    assert_eq!(shell.run_input("\\?").await, Control::Continue);
    let help = take(&err);
    for c in super::COMMANDS {
        assert!(help.contains(c.name), "{} missing from {help}", c.name);
    }
    assert_eq!(shell.run_input("\\q").await, Control::Quit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn databases_and_tables_are_listed() {
    let (mut shell, (out, _)) = shell().await;
    shell.settings.format = Format::Csv;
    shell.run_input("\\l").await;
    let n = quarry_engine::DEMO_TABLES.len();
    assert_eq!(
        take(&out),
        format!("database,tables,current\ndefault,{n},*\n")
    );
    shell.run_input("\\dt").await;
    let mut expected: Vec<&str> = quarry_engine::DEMO_TABLES.iter().map(|(t, _)| *t).collect();
    expected.sort();
    let listed = take(&out);
    let tables: Vec<&str> = listed
        .lines()
        .skip(1)
        .map(|l| &l[l.find(',').expect(",") + 1..])
        .collect();
    assert_eq!(tables, expected);
    shell.run_input("\\dt vpc*").await;
    assert_eq!(take(&out), "database,table\ndefault,vpcflow\n");
    shell.run_input("\\dt default.app?ogs").await;
    assert_eq!(take(&out), "database,table\ndefault,applogs\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn describe_shows_columns() {
    let (mut shell, (out, _)) = shell().await;
    shell.settings.format = Format::Csv;
    shell.run_input("\\d vpcflow").await;
    let text = take(&out);
    // VPC flow log version 2 fields, and the Hive partition columns.
    for column in ["srcaddr", "dstport", "action", "year", "month", "day"] {
        assert!(text.contains(&format!("\n{column},")), "{column} in {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn functions_come_with_their_documentation() {
    let (mut shell, (out, _)) = shell().await;
    shell.settings.format = Format::Json;
    shell.run_input("\\df json_extract").await;
    let rows: serde_json::Value = serde_json::from_str(&take(&out)).expect("json");
    let names: Vec<&str> = rows
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["function"].as_str().expect("name"))
        .collect();
    assert_eq!(names, vec!["json_extract", "json_extract_scalar"]);
    for row in rows.as_array().expect("array") {
        assert!(
            !row["description"].as_str().unwrap_or("").is_empty(),
            "{row}"
        );
        assert_eq!(row["kind"], "scalar");
    }
    shell.run_input("\\df count").await;
    let text = take(&out);
    assert!(text.contains("\"aggregate\""), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timing_format_and_expanded_change_the_output() {
    let (mut shell, (out, err)) = shell().await;
    shell.run_input("\\format csv").await;
    assert_eq!(take(&err), "Output format is csv.\n");
    shell.run_input("SELECT 1 AS a, 'x' AS b;").await;
    assert_eq!(take(&out), "a,b\n1,x\n");
    assert!(
        take(&err).starts_with("1 row in "),
        "stats line on by default"
    );
    shell.run_input("\\timing").await;
    assert_eq!(take(&err), "Statistics line is off.\n");
    shell.run_input("SELECT 1 AS a;").await;
    assert_eq!(take(&out), "a\n1\n");
    assert_eq!(take(&err), "");
    shell.run_input("\\format markdown").await;
    shell.run_input("SELECT 1 AS a").await;
    assert_eq!(take(&out), "| a |\n| --- |\n| 1 |\n");
    shell.run_input("\\format table").await;
    shell.run_input("\\x on").await;
    shell.run_input("SELECT 1 AS a, 'x' AS bee").await;
    assert_eq!(take(&out), "-[ RECORD 1 ]--\na   | 1\nbee | x\n");
    shell.run_input("\\format yaml").await;
    assert!(take(&err).contains("unknown format 'yaml'"));
    shell.run_input("\\format parquet").await;
    assert!(
        take(&err).contains("\\o FILE"),
        "parquet never goes to a screen"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_file_and_include_file() {
    let (mut shell, (out, _)) = shell().await;
    let dir = tempfile::tempdir().expect("tmp");
    let script = dir.path().join("q.sql");
    std::fs::write(
        &script,
        "\\format csv\nSELECT 2 AS two;\nSELECT 3\n  AS three",
    )
    .expect("write");
    let result = dir.path().join("out.csv");
    shell.run_input(&format!("\\o {}", result.display())).await;
    shell.run_input(&format!("\\i {}", script.display())).await;
    shell.run_input("\\o").await;
    shell.run_input("SELECT 4 AS four;").await;
    assert_eq!(
        std::fs::read_to_string(&result).expect("output file"),
        "two\n2\nthree\n3\n"
    );
    assert_eq!(take(&out), "four\n4\n");
    // A file that includes itself stops, with a message, instead of looping.
    let selfish = dir.path().join("self.sql");
    std::fs::write(&selfish, format!("\\i {}\n", selfish.display())).expect("write");
    shell.run_input(&format!("\\i {}", selfish.display())).await;
    assert!(shell.failures > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_changes_the_data_usage_limit() {
    let (mut shell, (_, err)) = shell().await;
    shell.run_input("\\set max_bytes_scanned 100").await;
    assert_eq!(take(&err), "max_bytes_scanned = 100 B\n");
    shell.run_input("SELECT sum(bytes) FROM vpcflow;").await;
    let text = take(&err);
    assert!(text.contains("data-usage limit of 100 B"), "{text}");
    shell.run_input("\\set max_bytes_scanned off").await;
    take(&err);
    assert!(shell.run_sql("SELECT sum(bytes) FROM vpcflow").await);
    shell
        .run_input("\\set datafusion.execution.batch_size 1024")
        .await;
    shell.run_input("\\set nonsense 1").await;
    assert!(take(&err).contains("unknown setting 'nonsense'"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_shows_a_plan_and_unknown_commands_get_a_hint() {
    let (mut shell, (out, err)) = shell().await;
    shell.settings.format = Format::Csv;
    shell
        .run_input("\\explain SELECT count(*) FROM vpcflow")
        .await;
    let text = take(&out);
    assert!(
        text.contains("logical_plan") && text.contains("physical_plan"),
        "{text}"
    );
    shell.run_input("\\dtt").await;
    assert!(take(&err).contains("did you mean \\dt?"));
}

#[test]
fn globs() {
    use super::glob_match;
    assert!(glob_match("vpc*", "vpcflow"));
    assert!(glob_match("*LOG?", "applogs"));
    assert!(!glob_match("vpc", "vpcflow"));
    assert!(glob_match("*", ""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_bad_records_applies_to_tables_that_name_no_policy() {
    // AWS's two ELB example lines around a line of prose, which is no ELB
    // record: 2 records and 1 bad line.
    let dir = tempfile::tempdir().expect("temp dir");
    let elb = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/elb/aws_docs_examples.log"),
    )
    .expect("elb sample");
    let mut lines = elb.lines();
    let body = format!(
        "{}\nnot a log line\n{}\n",
        lines.next().expect("line 1"),
        lines.next().expect("line 2")
    );
    std::fs::write(dir.path().join("elb.log"), body).expect("write");
    let (mut shell, (out, err)) = shell().await;
    shell.settings.format = Format::Csv;
    shell.settings.stats = false;
    let location = dir.path().display();
    assert!(
        shell
            .run_sql(&format!(
                "CREATE EXTERNAL TABLE plain STORED AS elb LOCATION '{location}/'"
            ))
            .await
    );
    assert!(
        shell
            .run_sql(&format!(
                "CREATE EXTERNAL TABLE strict STORED AS elb LOCATION '{location}/' \
                 TBLPROPERTIES ('quarry.bad_records' = 'fail')"
            ))
            .await
    );
    take(&out);
    take(&err);
    assert!(!shell.run_sql("SELECT count(*) AS n FROM plain").await);
    assert!(take(&err).contains("line 2"));

    shell.run_input("\\set bad_records skip").await;
    assert_eq!(take(&err), "bad_records = skip\n");
    assert!(shell.run_sql("SELECT count(*) AS n FROM plain").await);
    assert_eq!(take(&out), "n\n2\n");
    // A table's own property wins over the session's.
    assert!(!shell.run_sql("SELECT count(*) AS n FROM strict").await);
    take(&err);

    shell.run_input("\\set bad_records null").await;
    take(&err);
    assert!(
        shell
            .run_sql("SELECT count(*) AS n, count(elb_name) AS named FROM plain")
            .await
    );
    assert_eq!(take(&out), "n,named\n3,2\n");

    shell.run_input("\\set bad_records sometimes").await;
    assert!(take(&err).contains("fail, skip or null"));
    shell.run_input("\\set").await;
    assert!(take(&err).contains("bad_records = null"));
}
