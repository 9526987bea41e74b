//! The DataFusion file format of the line-oriented logs (`STORED AS alb`,
//! `vpcflow`, `s3access`, `cloudfront`, `elb`, `clf`, `combined`, `text`,
//! RegexSerDe and Grok SerDe tables): one grammar from `quarry-udfs` per table.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::Statistics;
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::physical_plan::{FileScanConfig, FileSource};
use datafusion::datasource::source::DataSourceExec;
use datafusion::datasource::table_schema::TableSchema;
use datafusion::error::Result;
use datafusion::object_store::{ObjectMeta, ObjectStore};
use datafusion::physical_plan::ExecutionPlan;
use quarry_udfs::grammar::grok_serde::GrokSerDe;
use quarry_udfs::grammar::{FieldSpec, FieldType, LineGrammar, grammar, regex_serde::RegexSerDe};

use super::TableFormat;
use super::line_batch::{BAD_RECORDS_PROPERTY, BadRecords};
use super::line_source::LineSource;
use crate::error::CatalogError;
use crate::model::TableDef;

/// A table of text lines read through a grammar.
#[derive(Debug)]
pub struct LineFormat {
    grammar: Arc<dyn LineGrammar>,
    policy: BadRecords,
    /// The table named its policy (the session's then does not apply).
    explicit: bool,
}

impl LineFormat {
    /// The format for `grammar`.
    pub fn new(grammar: Arc<dyn LineGrammar>, policy: BadRecords) -> Self {
        Self {
            grammar,
            policy,
            explicit: true,
        }
    }

    /// The grammar's columns as an Arrow schema (the columns a table
    /// declared without any gets).
    pub fn schema(&self) -> Schema {
        Schema::new(
            self.grammar
                .fields()
                .iter()
                .map(|f| Field::new(&f.name, f.ty.arrow(), true))
                .collect::<Vec<_>>(),
        )
    }
}

/// The line format a definition calls for, or `None` when it is not one.
pub fn line_format(
    def: &TableDef,
    format: &TableFormat,
) -> Result<Option<LineFormat>, CatalogError> {
    let explicit = def.properties.contains_key(BAD_RECORDS_PROPERTY);
    let policy = match def.properties.get(BAD_RECORDS_PROPERTY) {
        None => BadRecords::Fail,
        Some(value) => BadRecords::parse(value).ok_or_else(|| CatalogError::BadProperty {
            table: def.name.clone(),
            property: BAD_RECORDS_PROPERTY.into(),
            value: value.clone(),
            expected: "'fail', 'skip' or 'null'".into(),
        })?,
    };
    let grammar: Arc<dyn LineGrammar> = match format {
        TableFormat::Log(name) => match grammar(name) {
            Some(g) => g,
            None => return Ok(None),
        },
        TableFormat::Regex => {
            let Some(pattern) = def.storage.serde_properties.get("input.regex") else {
                return Err(CatalogError::BadProperty {
                    table: def.name.clone(),
                    property: "input.regex".into(),
                    value: String::new(),
                    expected: "a regular expression with one capture group per column \
                               (WITH SERDEPROPERTIES ('input.regex' = '...'))"
                        .into(),
                });
            };
            if def.columns.is_empty() {
                return Err(CatalogError::BadProperty {
                    table: def.name.clone(),
                    property: "input.regex".into(),
                    value: pattern.clone(),
                    expected: "declared columns: a RegexSerDe table names one column per group"
                        .into(),
                });
            }
            // Columns are filled as strings and cast to their declared types.
            let fields = def
                .columns
                .iter()
                .map(|c| FieldSpec::new(c.name.clone(), FieldType::Utf8))
                .collect();
            let serde =
                RegexSerDe::new(pattern, fields).map_err(|e| CatalogError::BadProperty {
                    table: def.name.clone(),
                    property: "input.regex".into(),
                    value: pattern.clone(),
                    expected: e.to_string(),
                })?;
            Arc::new(serde)
        }
        TableFormat::Grok => Arc::new(grok_serde(def)?),
        _ => return Ok(None),
    };
    let mut format = LineFormat::new(grammar, policy);
    format.explicit = explicit;
    Ok(Some(format))
}

/// The grammar of a Grok SerDe table: `input.format` with the
/// `input.grokCustomPatterns` definitions. Declared columns are bound to
/// captures by name (case-insensitively, as Hive names columns), filled as
/// strings and cast to their declared types; a table declared without
/// columns gets one string column per capture.
fn grok_serde(def: &TableDef) -> Result<GrokSerDe, CatalogError> {
    let props = &def.storage.serde_properties;
    let Some(format) = props.get("input.format") else {
        return Err(CatalogError::BadProperty {
            table: def.name.clone(),
            property: "input.format".into(),
            value: String::new(),
            expected: "a grok expression such as '%{IP:client} %{GREEDYDATA:rest}' \
                       (WITH SERDEPROPERTIES ('input.format' = '...'))"
                .into(),
        });
    };
    let custom = props
        .get("input.grokCustomPatterns")
        .map(String::as_str)
        .unwrap_or("");
    let serde = GrokSerDe::new(format, custom).map_err(|e| CatalogError::BadProperty {
        table: def.name.clone(),
        property: "input.format".into(),
        value: format.clone(),
        expected: e.to_string(),
    })?;
    let captures = serde.fields();
    if let Some(column) = def.columns.iter().find(|c| {
        !captures
            .iter()
            .any(|f| f.name.eq_ignore_ascii_case(&c.name))
    }) {
        let names: Vec<&str> = captures.iter().map(|f| f.name.as_str()).collect();
        return Err(CatalogError::BadProperty {
            table: def.name.clone(),
            property: "input.format".into(),
            value: format.clone(),
            expected: format!(
                "a capture for column '{}' (write %{{PATTERN:{}}}); the expression captures {}",
                column.name,
                column.name,
                if names.is_empty() {
                    "nothing".to_string()
                } else {
                    names.join(", ")
                }
            ),
        });
    }
    Ok(serde)
}

#[async_trait]
impl FileFormat for LineFormat {
    fn get_ext(&self) -> String {
        // Log objects are named anything (`.log`, `.log.gz`, no extension).
        String::new()
    }

    fn get_ext_with_compression(&self, _: &FileCompressionType) -> Result<String> {
        Ok(String::new())
    }

    fn compression_type(&self) -> Option<FileCompressionType> {
        // Each object's own name says how it is compressed.
        None
    }

    async fn infer_schema(
        &self,
        _state: &dyn Session,
        _store: &Arc<dyn ObjectStore>,
        _objects: &[ObjectMeta],
    ) -> Result<SchemaRef> {
        Ok(Arc::new(self.schema()))
    }

    async fn infer_stats(
        &self,
        _state: &dyn Session,
        _store: &Arc<dyn ObjectStore>,
        table_schema: SchemaRef,
        _object: &ObjectMeta,
    ) -> Result<Statistics> {
        Ok(Statistics::new_unknown(&table_schema))
    }

    async fn create_physical_plan(
        &self,
        state: &dyn Session,
        conf: FileScanConfig,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let conf = super::apply_session_policy(state, self.explicit, conf);
        Ok(DataSourceExec::from_data_source(conf))
    }

    fn file_source(&self, table_schema: TableSchema) -> Arc<dyn FileSource> {
        Arc::new(LineSource::new(
            Arc::clone(&self.grammar),
            self.policy,
            table_schema,
        ))
    }
}
