//! Which reader a table definition calls for.

pub(crate) mod json;

use crate::error::CatalogError;
use crate::model::TableDef;

pub use json::JsonKind;

/// How messages name an object: local files by their path, objects in a
/// store by their URL (`s3://bucket/key`).
pub(crate) fn object_name(store_url: &str, location: &str) -> String {
    if store_url.starts_with("file:") {
        format!("/{location}")
    } else {
        format!("{}/{location}", store_url.trim_end_matches('/'))
    }
}
mod line_batch;
mod line_format;
mod line_source;
#[cfg(test)]
mod line_tests;
mod required_text;
mod session_policy;
mod text_column;

pub use line_batch::{BAD_RECORDS_PROPERTY, BadRecords};
pub use line_format::{LineFormat, line_format};
pub use session_policy::SessionBadRecords;
pub(crate) use session_policy::apply as apply_session_policy;

/// The formats a table can be stored in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableFormat {
    /// Apache Parquet.
    Parquet,
    /// Newline-delimited JSON.
    Json,
    /// Delimited text (`ROW FORMAT DELIMITED`, LazySimpleSerDe, OpenCSVSerde, CSV).
    Delimited {
        /// The field separator.
        delimiter: u8,
        /// Whether fields may be quoted (OpenCSVSerde, CSV).
        quoted: bool,
    },
    /// CloudTrail's `{"Records":[...]}` files.
    CloudTrail,
    /// Athena's RegexSerDe.
    Regex,
    /// Athena's Grok SerDe.
    Grok,
    /// A log format Quarry knows by name (`STORED AS alb`, `vpcflow`, ...).
    Log(String),
}

const KNOWN: &str = "Parquet (ParquetHiveSerDe), JSON (org.openx.data.jsonserde.JsonSerDe, \
    org.apache.hive.hcatalog.data.JsonSerDe), CloudTrail (CloudTrailSerde), RegexSerDe, \
    GrokSerDe, LazySimpleSerDe and OpenCSVSerde";

/// Log formats known by their short name.
const LOG_FORMATS: &[&str] = &[
    "ALB",
    "ELB",
    "VPCFLOW",
    "S3ACCESS",
    "CLOUDFRONT",
    "CLF",
    "COMBINED",
    "CLOUDWATCH",
    "WAF",
    "ROUTE53RESOLVER",
    "TEXT",
];

impl TableFormat {
    /// The format `table`'s storage clauses name. A SerDe wins over an input
    /// format, which wins over `STORED AS`, as in Hive.
    pub fn of(table: &TableDef) -> Result<Self, CatalogError> {
        let storage = &table.storage;
        if let Some(serde) = &storage.serde {
            let class = serde.trim();
            return match class {
                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" => Ok(Self::Parquet),
                "org.openx.data.jsonserde.JsonSerDe"
                | "org.apache.hive.hcatalog.data.JsonSerDe"
                | "org.apache.hadoop.hive.serde2.JsonSerDe" => Ok(Self::Json),
                "com.amazon.emr.hive.serde.CloudTrailSerde" => Ok(Self::CloudTrail),
                "org.apache.hadoop.hive.serde2.RegexSerDe" => Ok(Self::Regex),
                "com.amazonaws.glue.serde.GrokSerDe" => Ok(Self::Grok),
                "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe" => Ok(Self::Delimited {
                    delimiter: field_delimiter(table).unwrap_or(1),
                    quoted: false,
                }),
                "org.apache.hadoop.hive.serde2.OpenCSVSerde" => Ok(Self::Delimited {
                    delimiter: storage
                        .serde_properties
                        .get("separatorChar")
                        .and_then(|s| s.bytes().next())
                        .unwrap_or(b','),
                    quoted: true,
                }),
                _ => Err(CatalogError::UnknownFormat {
                    table: table.name.clone(),
                    what: "SerDe",
                    class: class.to_string(),
                    known: KNOWN,
                }),
            };
        }
        if let Some(input) = &storage.input_format {
            return match input.trim() {
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat" => {
                    Ok(Self::Parquet)
                }
                "com.amazon.emr.cloudtrail.CloudTrailInputFormat" => Ok(Self::CloudTrail),
                "org.apache.hadoop.mapred.TextInputFormat" => Ok(Self::Delimited {
                    delimiter: field_delimiter(table).unwrap_or(1),
                    quoted: false,
                }),
                other => Err(CatalogError::UnknownFormat {
                    table: table.name.clone(),
                    what: "input format",
                    class: other.to_string(),
                    known: KNOWN,
                }),
            };
        }
        if storage.delimited.is_some() {
            return Ok(Self::Delimited {
                delimiter: field_delimiter(table).unwrap_or(1),
                quoted: false,
            });
        }
        match storage
            .stored_as
            .as_deref()
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("PARQUET") => Ok(Self::Parquet),
            Some("JSON") | Some("NDJSON") => Ok(Self::Json),
            Some("CSV") => Ok(Self::Delimited {
                delimiter: b',',
                quoted: true,
            }),
            // Hive's default text layout: fields separated by Ctrl-A.
            Some("TEXTFILE") | None => Ok(Self::Delimited {
                delimiter: field_delimiter(table).unwrap_or(1),
                quoted: false,
            }),
            Some("CLOUDTRAIL") => Ok(Self::CloudTrail),
            Some(name) if LOG_FORMATS.contains(&name) => Ok(Self::Log(name.to_ascii_lowercase())),
            Some(other) => Err(CatalogError::UnknownFormat {
                table: table.name.clone(),
                what: "STORED AS format",
                class: other.to_string(),
                known: KNOWN,
            }),
        }
    }

    /// The JSON layout this format is read with, if it is one of the JSON
    /// formats.
    pub fn json_kind(&self) -> Option<JsonKind> {
        match self {
            Self::Json => Some(JsonKind::Lines),
            Self::CloudTrail => Some(JsonKind::CloudTrail),
            Self::Log(name) => match name.as_str() {
                "cloudwatch" => Some(JsonKind::CloudWatch),
                "waf" => Some(JsonKind::Waf),
                "route53resolver" => Some(JsonKind::Route53Resolver),
                _ => None,
            },
            _ => None,
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Self::Parquet => "Parquet".into(),
            Self::Json => "JSON".into(),
            Self::Delimited { .. } => "delimited text".into(),
            Self::CloudTrail => "CloudTrail".into(),
            Self::Regex => "RegexSerDe".into(),
            Self::Grok => "Grok".into(),
            Self::Log(name) => name.clone(),
        }
    }
}

/// The single-byte field delimiter of `ROW FORMAT DELIMITED` or the
/// `field.delim` SerDe property.
fn field_delimiter(table: &TableDef) -> Option<u8> {
    let text = table
        .storage
        .delimited
        .as_ref()
        .and_then(|d| d.fields_terminated_by.clone())
        .or_else(|| table.storage.serde_properties.get("field.delim").cloned())?;
    text.bytes().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ddl::{CatalogStatement, parse};

    fn format_of(sql: &str) -> Result<TableFormat, CatalogError> {
        match parse(sql).unwrap() {
            Some(CatalogStatement::CreateTable { table, .. }) => TableFormat::of(&table),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn serdes_and_stored_as_name_readers() {
        let cases = [
            ("STORED AS PARQUET", TableFormat::Parquet),
            (
                "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'",
                TableFormat::Parquet,
            ),
            (
                "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
                TableFormat::Json,
            ),
            ("STORED AS JSON", TableFormat::Json),
            (
                "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t'",
                TableFormat::Delimited {
                    delimiter: b'\t',
                    quoted: false,
                },
            ),
            (
                "STORED AS TEXTFILE",
                TableFormat::Delimited {
                    delimiter: 1,
                    quoted: false,
                },
            ),
            ("STORED AS alb", TableFormat::Log("alb".into())),
            (
                "ROW FORMAT SERDE 'com.amazonaws.glue.serde.GrokSerDe'",
                TableFormat::Grok,
            ),
        ];
        for (clause, want) in cases {
            let sql = format!("CREATE EXTERNAL TABLE t (a string) {clause} LOCATION 's3://b/'");
            assert_eq!(format_of(&sql).unwrap(), want, "{clause}");
        }
    }

    #[test]
    fn unknown_serde_is_named() {
        let err = format_of(
            "CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'com.example.MySerDe' LOCATION 's3://b/'",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("unknown SerDe 'com.example.MySerDe'"), "{err}");
        let err = format_of("CREATE EXTERNAL TABLE t (a string) STORED AS ORCX LOCATION 's3://b/'")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown STORED AS format 'ORCX'"), "{err}");
    }
}
