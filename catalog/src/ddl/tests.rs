use super::*;

fn ddl(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/ddl")
        .join(name);
    std::fs::read_to_string(&path).unwrap()
}

fn create(sql: &str) -> (Option<String>, TableDef, bool) {
    match parse(sql).unwrap() {
        Some(CatalogStatement::CreateTable {
            database,
            table,
            if_not_exists,
        }) => (database, *table, if_not_exists),
        other => panic!("not a CREATE TABLE: {other:?}"),
    }
}

#[test]
fn cloudtrail_ddl_parses_as_pasted() {
    let (db, t, _) = create(&ddl("cloudtrail.sql"));
    assert_eq!(db, None);
    assert_eq!(t.name, "cloudtrail_logs");
    // 29 columns, counted by hand in AWS's statement.
    assert_eq!(t.columns.len(), 29);
    assert_eq!(t.columns[0].name, "eventversion");
    assert_eq!(t.columns[0].data_type, "string");
    let identity = &t.columns[1];
    assert_eq!(identity.name, "useridentity");
    assert!(
        identity
            .data_type
            .starts_with("struct<type:string,principalid:string,")
    );
    assert!(identity.data_type.contains(
        "webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>"
    ));
    let resources = t.columns.iter().find(|c| c.name == "resources").unwrap();
    assert_eq!(
        resources.data_type,
        "array<struct<arn:string,accountid:string,type:string>>"
    );
    let names: Vec<&str> = t
        .partition_columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, vec!["region", "year", "month", "day"]);
    assert_eq!(
        t.storage.serde.as_deref(),
        Some("com.amazon.emr.hive.serde.CloudTrailSerde")
    );
    assert_eq!(
        t.storage.input_format.as_deref(),
        Some("com.amazon.emr.cloudtrail.CloudTrailInputFormat")
    );
    assert_eq!(t.location, "s3://amzn-s3-demo-bucket/AWSLogs/Account_ID/");
}

#[test]
fn projection_properties_are_kept() {
    let (_, t, _) = create(&ddl("cloudtrail_projection.sql"));
    assert_eq!(t.partition_columns[0].name, "timestamp");
    assert_eq!(t.properties["projection.timestamp.range"], "2020/01/01,NOW");
    assert_eq!(
        t.properties["storage.location.template"],
        "s3://amzn-s3-demo-bucket/AWSLogs/account-id/CloudTrail/aws-region/${timestamp}"
    );
}

#[test]
fn alb_regex_is_unescaped_as_hive_does() {
    let (_, t, if_not_exists) = create(&ddl("alb.sql"));
    assert!(if_not_exists);
    assert_eq!(t.columns.len(), 34);
    let regex = &t.storage.serde_properties["input.regex"];
    // \" in the DDL is a quote; \\s is \s.
    assert!(regex.starts_with("([^ ]*) ([^ ]*)"), "{regex}");
    assert!(!regex.contains(r#"\"([^ ]*) (.*) (- |[^ ]*)\""#));
    assert!(regex.contains(r#""([^ ]*) (.*) (- |[^ ]*)""#), "{regex}");
    assert!(regex.contains(r#""([^\s]+?)""#), "{regex}");
    // Double-quoted TBLPROPERTIES, as AWS prints them.
    assert_eq!(t.properties["projection.day.format"], "yyyy/MM/dd");
    assert_eq!(t.partition_columns[0].name, "day");
}

#[test]
fn vpcflow_delimited_and_quoted_names() {
    let (_, t, _) = create(&ddl("vpcflow.sql"));
    assert_eq!(t.name, "vpc_flow_logs");
    assert!(
        t.columns
            .iter()
            .any(|c| c.name == "end" && c.data_type == "bigint")
    );
    assert_eq!(t.partition_columns[0].name, "date");
    assert_eq!(t.partition_columns[0].data_type, "date");
    let delimited = t.storage.delimited.as_ref().unwrap();
    assert_eq!(delimited.fields_terminated_by.as_deref(), Some(" "));
    assert_eq!(t.properties["skip.header.line.count"], "1");
}

#[test]
fn s3_access_log_name_is_database_qualified() {
    let (db, t, _) = create(&ddl("s3access.sql"));
    assert_eq!(db.as_deref(), Some("s3_access_logs_db"));
    assert_eq!(t.name, "mybucket_logs");
    assert_eq!(t.columns.len(), 26);
    let regex = &t.storage.serde_properties["input.regex"];
    assert!(regex.starts_with(r"([^ ]*) ([^ ]*) \[(.*?)\] "), "{regex}");
}

#[test]
fn datafusion_spelling_is_accepted_too() {
    let (_, t, _) = create(
        "CREATE EXTERNAL TABLE flows (a INT, b VARCHAR, day VARCHAR) STORED AS PARQUET \
         PARTITIONED BY (day) OPTIONS ('format.compression' 'gzip') LOCATION 's3://b/p/'",
    );
    assert_eq!(t.columns.len(), 2);
    assert_eq!(t.partition_columns[0].name, "day");
    assert_eq!(t.partition_columns[0].data_type, "string");
    assert_eq!(t.storage.stored_as.as_deref(), Some("PARQUET"));
    assert_eq!(t.properties["format.compression"], "gzip");
    let (_, t, _) = create("CREATE EXTERNAL TABLE x STORED AS JSON LOCATION 'file:///tmp/x/'");
    assert!(t.columns.is_empty());
}

#[test]
fn other_statements_are_left_to_datafusion() {
    for sql in [
        "SELECT 1",
        "CREATE TABLE t AS SELECT 1",
        "EXPLAIN SELECT 1",
        "SHOW COLUMNS FROM t",
    ] {
        assert_eq!(parse(sql).unwrap(), None, "{sql}");
    }
}

#[test]
fn database_statements() {
    assert_eq!(
        parse("CREATE DATABASE IF NOT EXISTS Logs COMMENT 'audit'").unwrap(),
        Some(CatalogStatement::CreateDatabase {
            name: "Logs".into(),
            if_not_exists: true,
            comment: Some("audit".into())
        })
    );
    assert_eq!(
        parse("drop schema logs cascade;").unwrap(),
        Some(CatalogStatement::DropDatabase {
            name: "logs".into(),
            if_exists: false,
            cascade: true
        })
    );
    assert_eq!(
        parse("SHOW DATABASES LIKE 'lo*'").unwrap(),
        Some(CatalogStatement::ShowDatabases {
            like: Some("lo*".into())
        })
    );
    assert_eq!(
        parse("USE `logs`").unwrap(),
        Some(CatalogStatement::Use("logs".into()))
    );
    assert_eq!(
        parse("SHOW TABLES IN logs 'cloud*'").unwrap(),
        Some(CatalogStatement::ShowTables {
            database: Some("logs".into()),
            like: Some("cloud*".into())
        })
    );
    assert_eq!(
        parse("DROP TABLE IF EXISTS logs.t").unwrap(),
        Some(CatalogStatement::DropTable {
            name: ObjectName {
                database: Some("logs".into()),
                name: "t".into()
            },
            if_exists: true
        })
    );
}

#[test]
fn errors_say_what_and_where() {
    let err = parse("CREATE EXTERNAL TABLE t (a string) STORED AS PARQUET")
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected LOCATION"), "{err}");
    let err = parse("CREATE EXTERNAL TABLE t (\n  a strin\n) LOCATION 's3://b/'")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown type 'strin'") && err.contains("line 2, column 5"),
        "{err}"
    );
    let err = parse("CREATE EXTERNAL TABLE t (a string, A int) LOCATION 's3://b/'")
        .unwrap_err()
        .to_string();
    assert!(err.contains("column 'A' is declared twice"), "{err}");
    let err = parse("CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/' garbage")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unexpected text") && err.contains("column 55"),
        "{err}"
    );
    let err = parse("CREATE EXTERNAL TABLE t (a string) PARTITIONED BY (b) LOCATION 's3://b/'")
        .unwrap_err()
        .to_string();
    assert!(err.contains("partition column 'b' has no type"), "{err}");
}

#[test]
fn views_keep_their_query_as_written() {
    assert_eq!(
        parse("CREATE OR REPLACE VIEW logs.errors AS\n  SELECT * FROM app WHERE level = 'ERROR';")
            .unwrap(),
        Some(CatalogStatement::CreateView {
            name: ObjectName {
                database: Some("logs".into()),
                name: "errors".into()
            },
            or_replace: true,
            sql: "SELECT * FROM app WHERE level = 'ERROR'".into()
        })
    );
    assert_eq!(
        parse("DROP VIEW IF EXISTS errors").unwrap(),
        Some(CatalogStatement::DropView {
            name: ObjectName {
                database: None,
                name: "errors".into()
            },
            if_exists: true
        })
    );
}
