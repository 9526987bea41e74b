//! Test support: a real S3-compatible server (moto) on 127.0.0.1, and
//! expected values computed straight from the sample files, without Quarry.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStoreExt, PutPayload};

/// Credentials moto accepts (it does not check them, but requests are signed
/// as they would be against AWS).
pub const ACCESS_KEY: &str = "AKIAQUARRYTEST000000";
pub const SECRET_KEY: &str = "quarry-test-secret-never-printed";

/// The demo data directory, the same files the demo catalog embeds.
pub fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/demo")
}

/// Every file under `dir`, sorted, as (path relative to dir with `/`, path).
pub fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("readable test data dir")
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((key, path));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

/// A moto S3 server process on a free loopback port, killed on drop. Its
/// request log (one line per HTTP request) is kept for assertions.
pub struct S3Server {
    child: Child,
    pub endpoint: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

fn moto_binary() -> String {
    std::env::var("QUARRY_MOTO_SERVER").unwrap_or_else(|_| "moto_server".to_string())
}

impl S3Server {
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .expect("a free port")
            .local_addr()
            .expect("bound address")
            .port();
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("moto.log");
        let log_file = std::fs::File::create(&log).expect("log file");
        let child = Command::new(moto_binary())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start the test S3 server '{}': {e}. Run the tests with \
                     scripts/test.sh, which installs it (pip package moto[server]), or set \
                     QUARRY_MOTO_SERVER to its path",
                    moto_binary()
                )
            });
        let server = S3Server {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            log,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while http(&server.endpoint, "GET", "/", &[]).is_err() {
            assert!(Instant::now() < deadline, "moto did not start within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// Creates a bucket (moto needs no signature for this).
    pub fn create_bucket(&self, bucket: &str) {
        let status = http(&self.endpoint, "PUT", &format!("/{bucket}"), &[]).expect("PUT bucket");
        assert_eq!(status, 200, "create bucket {bucket}");
    }

    /// Uploads each (key, file) into `bucket`, through object_store directly.
    pub fn upload(&self, bucket: &str, prefix: &str, files: &[(String, PathBuf)]) {
        let store = AmazonS3Builder::new()
            .with_endpoint(&self.endpoint)
            .with_allow_http(true)
            .with_bucket_name(bucket)
            .with_region("us-east-1")
            .with_access_key_id(ACCESS_KEY)
            .with_secret_access_key(SECRET_KEY)
            .build()
            .expect("upload client");
        let uploads: Vec<(ObjectPath, Vec<u8>)> = files
            .iter()
            .map(|(key, path)| {
                let bytes = std::fs::read(path).expect("test file");
                (ObjectPath::from(format!("{prefix}{key}")), bytes)
            })
            .collect();
        // Its own thread and runtime, so async tests can call it too.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                for (location, bytes) in uploads {
                    store
                        .put(&location, PutPayload::from(Bytes::from(bytes)))
                        .await
                        .expect("upload");
                }
            });
        })
        .join()
        .expect("upload thread");
    }

    /// Uploads each (key, file) readable by anyone (`x-amz-acl: public-read`),
    /// as a public data set is.
    pub fn upload_public(&self, bucket: &str, prefix: &str, files: &[(String, PathBuf)]) {
        for (key, path) in files {
            let bytes = std::fs::read(path).expect("test file");
            let status = http_with(
                &self.endpoint,
                "PUT",
                &format!("/{bucket}/{prefix}{key}"),
                "x-amz-acl: public-read\r\n",
                &bytes,
            )
            .expect("PUT object");
            assert_eq!(status, 200, "upload {key}");
        }
    }

    /// The request lines logged so far, e.g. `GET /bucket/key HTTP/1.1`.
    pub fn requests(&self) -> Vec<String> {
        let text = strip_ansi(&std::fs::read_to_string(&self.log).unwrap_or_default());
        text.lines()
            .filter_map(|line| {
                let start = line.find('"')? + 1;
                let end = start + line[start..].find('"')?;
                Some(line[start..end].to_string())
            })
            .collect()
    }

    /// Keys of `bucket` whose content was fetched (GET of an object, not a
    /// LIST of the bucket).
    pub fn objects_fetched(&self, bucket: &str) -> Vec<String> {
        let prefix = format!("GET /{bucket}/");
        self.requests()
            .into_iter()
            .filter_map(|r| {
                let rest = r.strip_prefix(&prefix)?;
                let path = rest.split(' ').next()?;
                Some(path.split('?').next().unwrap_or(path).to_string())
            })
            .collect()
    }

    /// Environment for a `quarry` process that should reach this server the
    /// way a user's would: through the AWS variables.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY.to_string()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.to_string()),
            ("AWS_REGION", "us-east-1".to_string()),
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
            (
                "AWS_CONFIG_FILE",
                "/nonexistent/quarry-test/config".to_string(),
            ),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/quarry-test/credentials".to_string(),
            ),
            ("QUARRY_CATALOG", fresh_catalog()),
        ]
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server colours some log lines (partial content, errors) when it
/// thinks it may; the escapes are not part of the request.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ parameters final-byte
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One bare HTTP/1.1 request; returns the status code.
fn http(endpoint: &str, method: &str, path: &str, body: &[u8]) -> std::io::Result<u16> {
    http_with(endpoint, method, path, "", body)
}

/// One bare HTTP/1.1 request with extra header lines (each ending in \r\n).
fn http_with(
    endpoint: &str,
    method: &str,
    path: &str,
    headers: &str,
    body: &[u8],
) -> std::io::Result<u16> {
    let host = endpoint.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad response: {response:.80}")))
}

/// Per action (None for NODATA records): (flows, sum of bytes or None when
/// every byte count is NULL), read from a VPC flow Parquet file with the
/// parquet crate alone.
pub fn flows_by_action(file: &Path) -> BTreeMap<Option<String>, (i64, Option<i64>)> {
    use datafusion::arrow::array::{Array, AsArray};
    use datafusion::arrow::datatypes::{DataType, Int64Type};
    use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let reader =
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(file).expect("parquet"))
            .expect("parquet reader")
            .build()
            .expect("reader");
    let mut out: BTreeMap<Option<String>, (i64, Option<i64>)> = BTreeMap::new();
    for batch in reader {
        let batch = batch.expect("batch");
        let action = batch.column_by_name("action").expect("action column");
        let action = datafusion::arrow::compute::cast(action, &DataType::Utf8).expect("as utf8");
        let action = action.as_string::<i32>();
        let bytes = batch.column_by_name("bytes").expect("bytes column");
        let bytes = bytes.as_primitive::<Int64Type>();
        for i in 0..batch.num_rows() {
            let key = (!action.is_null(i)).then(|| action.value(i).to_string());
            let entry = out.entry(key).or_default();
            entry.0 += 1;
            if !bytes.is_null(i) {
                entry.1 = Some(entry.1.unwrap_or(0) + bytes.value(i));
            }
        }
    }
    out
}

/// Every record of the gzipped NDJSON files under `dir`, parsed with
/// serde_json after inflating every gzip member.
pub fn ndjson_records(dir: &Path) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for (_, path) in files_under(dir) {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&path).expect("gz file"))
            .read_to_string(&mut text)
            .expect("gzip");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push(serde_json::from_str(line).expect("json line"));
        }
    }
    out
}

/// Total rows in the Parquet files under `dir`, from their footers.
pub fn parquet_rows(dir: &Path) -> i64 {
    use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
    files_under(dir)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".parquet"))
        .map(|(_, p)| {
            SerializedFileReader::new(std::fs::File::open(p).expect("parquet"))
                .expect("parquet footer")
                .metadata()
                .file_metadata()
                .num_rows()
        })
        .sum()
}

/// The VPC flow table's DDL with its columns declared, so creating it lists
/// the location but reads no object.
pub fn vpcflow_ddl(name: &str, location: &str) -> String {
    format!(
        "CREATE EXTERNAL TABLE {name} (version INT, account_id VARCHAR, interface_id VARCHAR, \
         srcaddr VARCHAR, dstaddr VARCHAR, srcport INT, dstport INT, protocol INT, \
         packets BIGINT, bytes BIGINT, start BIGINT, \"end\" BIGINT, action VARCHAR, \
         log_status VARCHAR, year VARCHAR, month VARCHAR, day VARCHAR) \
         STORED AS PARQUET PARTITIONED BY (year, month, day) LOCATION '{location}'"
    )
}

/// The application log table's DDL with its columns declared.
pub fn applogs_ddl(name: &str, location: &str) -> String {
    format!(
        "CREATE EXTERNAL TABLE {name} (\"timestamp\" VARCHAR, level VARCHAR, service VARCHAR, \
         host VARCHAR, request_id VARCHAR, method VARCHAR, path VARCHAR, status BIGINT, \
         latency_ms DOUBLE, user_id VARCHAR, message VARCHAR, dt VARCHAR) \
         STORED AS JSON PARTITIONED BY (dt) LOCATION '{location}'"
    )
}

/// The query both end-to-end paths run on the VPC flow table, and its
/// expected CSV lines, computed from the day=21 Parquet file alone.
pub const VPC_QUERY: &str = "SELECT action, count(*) AS flows, sum(bytes) AS bytes FROM flows \
     WHERE year = '2026' AND month = '11' AND day = '21' \
     GROUP BY action ORDER BY action NULLS LAST";

pub fn vpc_expected_csv() -> String {
    let file = demo_dir().join("vpcflow/year=2026/month=11/day=21/flows.parquet");
    let groups = flows_by_action(&file);
    let mut rows: Vec<_> = groups.iter().filter(|(k, _)| k.is_some()).collect();
    rows.extend(groups.iter().filter(|(k, _)| k.is_none()));
    let mut out = String::from("action,flows,bytes\n");
    for (action, (flows, bytes)) in rows {
        let bytes = bytes.map(|b| b.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{},{flows},{bytes}\n",
            action.as_deref().unwrap_or("")
        ));
    }
    out
}

/// The query on the application logs, and its expected rows (service,
/// errors, worst latency) from the dt=2026-11-21 files alone.
pub const APPLOG_QUERY: &str = "SELECT service, count(*) AS errors, max(latency_ms) AS worst \
     FROM logs WHERE dt = '2026-11-21' AND status >= 500 GROUP BY service ORDER BY service";

pub fn applog_expected() -> Vec<(String, i64, f64)> {
    let mut groups: BTreeMap<String, (i64, f64)> = BTreeMap::new();
    for record in ndjson_records(&demo_dir().join("applogs/dt=2026-11-21")) {
        if record["status"].as_i64().expect("status") >= 500 {
            let entry = groups
                .entry(record["service"].as_str().expect("service").to_string())
                .or_insert((0, f64::MIN));
            entry.0 += 1;
            entry.1 = entry.1.max(record["latency_ms"].as_f64().expect("latency"));
        }
    }
    groups.into_iter().map(|(s, (n, w))| (s, n, w)).collect()
}

/// Parses `service,errors,worst` CSV lines (after the header).
pub fn parse_applog_csv(text: &str) -> Vec<(String, i64, f64)> {
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 3, "line {line:?}");
            (
                f[0].to_string(),
                f[1].parse().expect("count"),
                f[2].parse().expect("latency"),
            )
        })
        .collect()
}

/// A catalog file path of its own for one quarry process, so tests neither
/// touch the user's catalog nor see each other's tables.
pub fn fresh_catalog() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("quarry-test-{}-{n}", std::process::id()));
    // A process id is reused in time: start from nothing.
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("catalog.json").display().to_string()
}

/// A library engine that reaches `server` with the test credentials.
pub async fn s3_engine(server: &S3Server) -> quarry_engine::Engine {
    quarry_engine::Engine::builder()
        .endpoint_url(&server.endpoint)
        .region("us-east-1")
        .credentials(ACCESS_KEY, SECRET_KEY, None)
        .build()
        .await
        .expect("engine")
}

/// Runs `sql` to completion on `engine` (DDL and other statements).
pub async fn run(engine: &quarry_engine::Engine, sql: &str) {
    engine
        .sql(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}
