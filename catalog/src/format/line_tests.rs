//! End-to-end tests of the line reader: files on disk, through the table
//! provider a definition builds, queried with SQL.

use std::path::Path;

use bytes::Bytes;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::error::Result;
use datafusion::prelude::{SessionConfig, SessionContext};
use futures::{StreamExt, TryStreamExt};

use crate::model::{StorageDef, TableDef};
use crate::provider::table_provider;

const ALB_LINE: &str = r#"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#;

fn def(format: &str, location: &Path, properties: &[(&str, &str)]) -> TableDef {
    TableDef {
        name: "t".into(),
        columns: Vec::new(),
        partition_columns: Vec::new(),
        storage: StorageDef {
            stored_as: Some(format.into()),
            ..Default::default()
        },
        location: format!("{}/", location.display()),
        properties: properties
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        partitions: Vec::new(),
        comment: None,
    }
}

/// `def` with the grammar's columns, as `CREATE EXTERNAL TABLE` stores it.
fn with_columns(mut def: TableDef) -> TableDef {
    let format = super::TableFormat::of(&def).unwrap();
    let lines = super::line_format(&def, &format).unwrap().unwrap();
    for f in lines.schema().fields() {
        def.columns.push(crate::model::ColumnDef {
            name: f.name().clone(),
            data_type: crate::provider::hive_type_of(f.data_type()),
            comment: None,
        });
    }
    def
}

async fn query(def: TableDef, sql: &str, partitions: usize) -> Result<Vec<Vec<String>>> {
    let config = SessionConfig::new()
        .with_target_partitions(partitions)
        .set_usize("datafusion.optimizer.repartition_file_min_size", 1);
    let ctx = SessionContext::new_with_config(config);
    ctx.register_table("t", table_provider("default", &with_columns(def))?)?;
    let batches = ctx.sql(sql).await?.collect().await?;
    let mut rows = Vec::new();
    for batch in batches {
        for r in 0..batch.num_rows() {
            rows.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| {
                        datafusion::arrow::util::display::array_value_to_string(c, r)
                            .unwrap_or_default()
                    })
                    .collect(),
            );
        }
    }
    Ok(rows)
}

async fn compress(kind: FileCompressionType, data: &[u8]) -> Vec<u8> {
    let input = futures::stream::once(async { Ok(Bytes::copy_from_slice(data)) }).boxed();
    let parts: Vec<Bytes> = kind
        .convert_to_compress_stream(input)
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    parts.concat()
}

#[tokio::test]
async fn crlf_blank_lines_and_missing_final_newline() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{ALB_LINE}\r\n\r\n{ALB_LINE}\r\n{}",
        ALB_LINE.replace("2817", "9")
    );
    std::fs::write(dir.path().join("a.log"), text).unwrap();
    let rows = query(
        def("alb", dir.path(), &[]),
        "SELECT client_port, conn_trace_id, received_bytes FROM t ORDER BY client_port",
        1,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], ["9", "", "34"]);
    assert_eq!(rows[2][0], "2817");
}

#[tokio::test]
async fn compression_by_extension_including_multi_member_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let two = format!("{ALB_LINE}\n{ALB_LINE}\n");
    let mut gz = compress(FileCompressionType::GZIP, two.as_bytes()).await;
    gz.extend(compress(FileCompressionType::GZIP, two.as_bytes()).await);
    std::fs::write(dir.path().join("a.log.gz"), gz).unwrap();
    let zst = compress(FileCompressionType::ZSTD, two.as_bytes()).await;
    std::fs::write(dir.path().join("b.log.zst"), zst).unwrap();
    let bz = compress(FileCompressionType::BZIP2, two.as_bytes()).await;
    std::fs::write(dir.path().join("c.log.bz2"), bz).unwrap();
    std::fs::write(dir.path().join("d.log"), &two).unwrap();
    let rows = query(def("alb", dir.path(), &[]), "SELECT count(*) FROM t", 4)
        .await
        .unwrap();
    assert_eq!(rows, [["10"]]);
}

#[tokio::test]
async fn one_line_of_500_kb() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(500_000);
    std::fs::write(dir.path().join("big.txt"), format!("{long}\nshort")).unwrap();
    let rows = query(
        def("text", dir.path(), &[]),
        "SELECT length(line) FROM t ORDER BY 1",
        1,
    )
    .await
    .unwrap();
    assert_eq!(rows, [["5"], ["500000"]]);
}

#[tokio::test]
async fn byte_ranges_read_every_line_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    let mut want = 0i64;
    for i in 0..5000i64 {
        // Lines of varying length so range boundaries fall mid-line.
        text.push_str(&format!("{i} {}\n", "y".repeat((i % 37) as usize)));
        want += i;
    }
    std::fs::write(dir.path().join("lines.txt"), &text).unwrap();
    for partitions in [1, 3, 7] {
        let ctx_rows = query(
            def("text", dir.path(), &[]),
            "SELECT count(*), sum(CAST(split_part(line, ' ', 1) AS BIGINT)) FROM t",
            partitions,
        )
        .await
        .unwrap();
        assert_eq!(
            ctx_rows,
            [["5000".to_string(), want.to_string()]],
            "{partitions}"
        );
    }
}

#[tokio::test]
async fn bad_line_names_object_and_line_or_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mixed.log"),
        format!("{ALB_LINE}\ntls 2.0 2018-12-20T02:59:40 net/x\n{ALB_LINE}\n"),
    )
    .unwrap();
    let err = query(def("alb", dir.path(), &[]), "SELECT count(*) FROM t", 1)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("mixed.log, line 2: not a valid alb record"),
        "{err}"
    );
    assert!(err.contains("quarry.bad_records"), "{err}");
    let rows = query(
        def("alb", dir.path(), &[("quarry.bad_records", "skip")]),
        "SELECT count(*) FROM t",
        1,
    )
    .await
    .unwrap();
    assert_eq!(rows, [["2"]]);
    let rows = query(
        def("alb", dir.path(), &[("quarry.bad_records", "null")]),
        "SELECT count(*), count(type) FROM t",
        1,
    )
    .await
    .unwrap();
    assert_eq!(rows, [["3", "2"]]);
}

#[tokio::test]
async fn unconvertible_numbers_are_null() {
    let dir = tempfile::tempdir().unwrap();
    let line = ALB_LINE.replace(" 34 366 ", " - 366x ");
    std::fs::write(dir.path().join("a.log"), line).unwrap();
    let rows = query(
        def("alb", dir.path(), &[]),
        "SELECT received_bytes IS NULL, sent_bytes IS NULL, elb_status_code FROM t",
        1,
    )
    .await
    .unwrap();
    assert_eq!(rows, [["true", "true", "200"]]);
}

/// Every sample of ../shared/realdata in these formats (when present).
#[tokio::test]
async fn real_samples_read_or_fail_on_their_known_defect() {
    let root = Path::new("/work/shared/realdata");
    if !root.exists() {
        return;
    }
    for (dir, format, want) in [
        ("elb", "elb", 5),
        ("vpcflow", "vpcflow", 17),
        ("s3access", "s3access", 16),
        ("cloudfront", "cloudfront", 14),
        ("apache", "combined", 10_000),
    ] {
        let rows = query(
            def(format, &root.join(dir), &[]),
            "SELECT count(*) FROM t",
            2,
        )
        .await
        .unwrap_or_else(|e| panic!("{dir}: {e}"));
        assert_eq!(rows, [[want.to_string()]], "{dir}");
    }
    // The elastic fixture mixes NLB and ALB connection-log lines into an ALB
    // file (its line 3 is an NLB entry): a real defect of that file.
    let err = query(
        def("alb", &root.join("alb"), &[]),
        "SELECT count(*) FROM t",
        1,
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("elastic-integrations_test-alb.log, line 3: not a valid alb record"),
        "{err}"
    );
    let rows = query(
        def("alb", &root.join("alb"), &[("quarry.bad_records", "skip")]),
        "SELECT count(*) FROM t",
        1,
    )
    .await
    .unwrap();
    // clo 2 + clo.gz 2 + wafsa 100 + the fixture's 3 ALB access lines.
    assert_eq!(rows, [["107"]]);
}

#[tokio::test]
async fn lines_across_pieces_and_batches_each_read_once() {
    // 300,000 numbered lines (about 2 MB, more than one piece of
    // decompressed text and many batches), plain and gzipped.
    let n: u64 = 300_000;
    let text: String = (1..=n).map(|i| format!("{i}\n")).collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    let gz = compress(FileCompressionType::GZIP, text.as_bytes()).await;
    let gzdir = tempfile::tempdir().unwrap();
    std::fs::write(gzdir.path().join("a.txt.gz"), gz).unwrap();
    for location in [dir.path(), gzdir.path()] {
        let rows = query(
            def("text", location, &[]),
            "SELECT count(*), sum(CAST(line AS BIGINT)), count(DISTINCT line) FROM t",
            1,
        )
        .await
        .unwrap();
        let sum = n * (n + 1) / 2;
        assert_eq!(rows, [[n.to_string(), sum.to_string(), n.to_string()]]);
    }
}

#[tokio::test]
async fn damaged_gzip_names_the_object() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..2_000).map(|_| format!("{ALB_LINE}\n")).collect();
    let mut gz = compress(FileCompressionType::GZIP, text.as_bytes()).await;
    gz.truncate(gz.len() / 2);
    std::fs::write(dir.path().join("cut.log.gz"), gz).unwrap();
    let err = query(def("alb", dir.path(), &[]), "SELECT count(*) FROM t", 1)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("cut.log.gz"), "{err}");
    assert!(err.contains("damaged"), "{err}");
}

#[tokio::test]
async fn bytes_that_are_not_utf8_become_replacement_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = b"first\n".to_vec();
    data.extend_from_slice(b"caf\xe9 au lait\n");
    data.extend_from_slice("last \u{e9}\n".as_bytes());
    std::fs::write(dir.path().join("a.txt"), data).unwrap();
    let rows = query(def("text", dir.path(), &[]), "SELECT line FROM t", 1)
        .await
        .unwrap();
    assert_eq!(rows, [["first"], ["caf\u{fffd} au lait"], ["last \u{e9}"]]);
}
