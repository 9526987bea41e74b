//! Runs every `tests/slt/*.slt` file against a fresh demo engine.
//!
//! Values are printed the way DataFusion's own sqllogictests print them:
//! NULL as `NULL`, the empty string as `(empty)`, floats as Arrow displays
//! them. `DEMO` in a statement is replaced by the absolute path of
//! testdata/demo and `TESTDATA` by that of testdata, so files can also
//! define tables over local paths.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use quarry_engine::datafusion::arrow::array::Array;
use quarry_engine::datafusion::arrow::datatypes::DataType;
use quarry_engine::datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use quarry_engine::{Engine, Error};
use sqllogictest::{AsyncDB, DBOutput, DefaultColumnType};

struct QuarryDb {
    engine: Engine,
    demo: String,
    testdata: String,
}

#[async_trait]
impl AsyncDB for QuarryDb {
    type Error = Error;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, Error> {
        let sql = sql
            .replace("TESTDATA", &self.testdata)
            .replace("DEMO", &self.demo);
        let query = self.engine.sql(&sql).await?;
        let schema = query.schema();
        let batches = query.collect().await?;
        let is_statement = schema.fields().len() == 1
            && schema.field(0).name() == "count"
            && batches.iter().all(|b| b.num_rows() <= 1)
            && sql.trim_start().to_ascii_uppercase().starts_with("CREATE");
        if schema.fields().is_empty() || is_statement {
            return Ok(DBOutput::StatementComplete(0));
        }
        let types = schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Int8
                | DataType::Int16
                | DataType::Int32
                | DataType::Int64
                | DataType::UInt8
                | DataType::UInt16
                | DataType::UInt32
                | DataType::UInt64 => DefaultColumnType::Integer,
                DataType::Float16
                | DataType::Float32
                | DataType::Float64
                | DataType::Decimal128(..) => DefaultColumnType::FloatingPoint,
                _ => DefaultColumnType::Text,
            })
            .collect();
        let options = FormatOptions::default().with_null("NULL");
        let mut rows = Vec::new();
        for batch in &batches {
            let formatters = batch
                .columns()
                .iter()
                .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| {
                    Error::from(quarry_engine::datafusion::error::DataFusionError::from(e))
                })?;
            for row in 0..batch.num_rows() {
                rows.push(
                    formatters
                        .iter()
                        .zip(batch.columns())
                        .map(|(f, c)| {
                            let text = f.value(row).to_string();
                            if text.is_empty() && !c.is_null(row) {
                                "(empty)".to_string()
                            } else {
                                text
                            }
                        })
                        .collect(),
                );
            }
        }
        Ok(DBOutput::Rows { types, rows })
    }

    async fn shutdown(&mut self) {}

    fn engine_name(&self) -> &str {
        "quarry"
    }
}

fn slt_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/slt exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "slt"))
        .collect();
    files.sort();
    files
}

#[tokio::main]
async fn main() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/demo")
        .canonicalize()
        .expect("testdata/demo exists")
        .display()
        .to_string();
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .canonicalize()
        .expect("testdata exists")
        .display()
        .to_string();
    let filter = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let (mut passed, mut failed) = (0, 0);
    for path in slt_files() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let demo = demo.clone();
        let testdata = testdata.clone();
        let mut runner = sqllogictest::Runner::new(move || {
            let demo = demo.clone();
            let testdata = testdata.clone();
            async move {
                let engine = Engine::builder().demo(true).build().await?;
                Ok(QuarryDb {
                    engine,
                    demo,
                    testdata,
                })
            }
        });
        match runner.run_file_async(&path).await {
            Ok(()) => {
                println!("test slt::{name} ... ok");
                passed += 1;
            }
            Err(e) => {
                println!("test slt::{name} ... FAILED\n{e}");
                failed += 1;
            }
        }
    }
    println!("\nslt: {passed} passed, {failed} failed");
    if failed > 0 || passed == 0 {
        std::process::exit(1);
    }
}
