//! Each output format pinned with a snapshot. The snapshots were written by
//! hand from the formats' rules (RFC 4180 CSV, one JSON object per row with
//! NULL keys left out, GitHub Markdown tables, Arrow's aligned table), over
//! rows given inline so no storage is involved.

use std::process::Command;

use crate::common::fresh_catalog;

const ROWS: &str = "SELECT * FROM (VALUES (1, 'ACCEPT', CAST(NULL AS VARCHAR)), \
                    (22, 'a|b', 'x,y')) AS t(n, action, note)";

fn run(format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .env("QUARRY_CATALOG", fresh_catalog())
        .args(["--no-demo", "--format", format, "-c", ROWS])
        .output()
        .expect("run quarry");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn table() {
    insta::assert_snapshot!(run("table"), @r"
    +----+--------+------+
    | n  | action | note |
    +----+--------+------+
    | 1  | ACCEPT | NULL |
    | 22 | a|b    | x,y  |
    +----+--------+------+
    ");
}

#[test]
fn csv() {
    insta::assert_snapshot!(run("csv"), @r#"
    n,action,note
    1,ACCEPT,
    22,a|b,"x,y"
    "#);
}

#[test]
fn tsv() {
    assert_eq!(run("tsv"), "n\taction\tnote\n1\tACCEPT\t\n22\ta|b\tx,y\n");
}

#[test]
fn json() {
    insta::assert_snapshot!(run("json"), @r#"[{"n":1,"action":"ACCEPT"},{"n":22,"action":"a|b","note":"x,y"}]"#);
}

#[test]
fn ndjson() {
    insta::assert_snapshot!(run("ndjson"), @r#"
    {"n":1,"action":"ACCEPT"}
    {"n":22,"action":"a|b","note":"x,y"}
    "#);
}

#[test]
fn markdown() {
    insta::assert_snapshot!(run("markdown"), @r"
    | n | action | note |
    | --- | --- | --- |
    | 1 | ACCEPT | NULL |
    | 22 | a\|b | x,y |
    ");
}

#[test]
fn parquet_goes_to_a_file_and_reads_back() {
    use quarry_engine::datafusion::arrow::array::{Array, AsArray};
    use quarry_engine::datafusion::arrow::datatypes::Int64Type;
    use quarry_engine::datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("rows.parquet");
    let out = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .env("QUARRY_CATALOG", fresh_catalog())
        .args(["--no-demo", "--format", "parquet", "-o"])
        .arg(&file)
        .args(["-c", ROWS])
        .output()
        .expect("run quarry");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&file).expect("file"))
            .expect("a parquet file")
            .build()
            .expect("reader");
    let batches: Vec<_> = reader.map(|b| b.expect("batch")).collect();
    assert_eq!(batches.len(), 1);
    let b = &batches[0];
    let n = b.column(0).as_primitive::<Int64Type>();
    assert_eq!(n.values().to_vec(), vec![1, 22]);
    // Strings may come back as Utf8View; compare them as plain Utf8.
    let note = quarry_engine::datafusion::arrow::compute::cast(
        b.column(2),
        &quarry_engine::datafusion::arrow::datatypes::DataType::Utf8,
    )
    .expect("a string column");
    let note = note.as_string::<i32>();
    assert!(note.is_null(0));
    assert_eq!(note.value(1), "x,y");
}

#[test]
fn parquet_is_never_written_to_a_terminal_or_without_a_file() {
    // Standard output here is a pipe, so parquet to it is allowed; the
    // refusal is for terminals. Without -o in an interactive shell it is a
    // usage error, tested through the meta-command in the unit tests.
    let out = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .env("QUARRY_CATALOG", fresh_catalog())
        .args(["--no-demo", "--format", "parquet", "-c", "SELECT 1 AS a"])
        .output()
        .expect("run quarry");
    assert!(out.status.success());
    assert_eq!(&out.stdout[..4], b"PAR1");
}
