//! `ALTER TABLE ... ADD|DROP PARTITION`, `ALTER TABLE ... SET
//! TBLPROPERTIES`, `MSCK REPAIR TABLE` and `DESCRIBE FORMATTED`.

use super::lexer::Tok;
use super::{CatalogStatement, Parser};
use crate::error::CatalogError;

/// A partition as a statement names it: `(column = 'value', ...)`, in the
/// order written.
pub type PartitionSpec = Vec<(String, String)>;

impl Parser<'_> {
    /// After `ALTER TABLE`.
    pub(super) fn alter_table(&mut self) -> Result<CatalogStatement, CatalogError> {
        let name = self.object_name()?;
        if self.eat_word("ADD") {
            let if_not_exists = self.eat_words(&["IF", "NOT", "EXISTS"]);
            let mut partitions = Vec::new();
            while self.eat_word("PARTITION") {
                let spec = self.partition_spec()?;
                let location = if self.eat_word("LOCATION") {
                    Some(self.string()?)
                } else {
                    None
                };
                partitions.push((spec, location));
                // Hive separates them with nothing; some write commas.
                self.eat_punct(',');
            }
            if partitions.is_empty() {
                return Err(self.error("expected PARTITION (column = 'value', ...)"));
            }
            return Ok(CatalogStatement::AddPartitions {
                name,
                if_not_exists,
                partitions,
            });
        }
        if self.eat_word("DROP") {
            let if_exists = self.eat_words(&["IF", "EXISTS"]);
            let mut partitions = Vec::new();
            while self.eat_word("PARTITION") {
                partitions.push(self.partition_spec()?);
                if !self.eat_punct(',') {
                    break;
                }
            }
            if partitions.is_empty() {
                return Err(self.error("expected PARTITION (column = 'value', ...)"));
            }
            return Ok(CatalogStatement::DropPartitions {
                name,
                if_exists,
                partitions,
            });
        }
        if self.eat_words(&["SET", "TBLPROPERTIES"]) {
            let properties = self.properties()?;
            return Ok(CatalogStatement::SetProperties { name, properties });
        }
        Err(self.error(
            "ALTER TABLE supports ADD PARTITION, DROP PARTITION and SET TBLPROPERTIES; expected one of them",
        ))
    }

    /// `( column = value, ... )`; values are strings or bare numbers.
    fn partition_spec(&mut self) -> Result<PartitionSpec, CatalogError> {
        self.expect_punct('(')?;
        let mut spec: PartitionSpec = Vec::new();
        loop {
            let column = self.name()?;
            self.expect_punct('=')?;
            let negative = self.eat_punct('-');
            let value = match self.tokens.get(self.pos).map(|t| t.tok.clone()) {
                Some(Tok::Str(s)) | Some(Tok::Word(s)) => {
                    self.pos += 1;
                    if negative { format!("-{s}") } else { s }
                }
                _ => {
                    return Err(
                        self.error(&format!("expected a value for partition column '{column}'"))
                    );
                }
            };
            if spec.iter().any(|(c, _)| c.eq_ignore_ascii_case(&column)) {
                return Err(self.error(&format!("partition column '{column}' is given twice")));
            }
            spec.push((column, value));
            if self.eat_punct(')') {
                return Ok(spec);
            }
            self.expect_punct(',')?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CatalogStatement, ObjectName, parse};

    fn name(n: &str) -> ObjectName {
        ObjectName {
            database: None,
            name: n.into(),
        }
    }

    #[test]
    fn add_partitions_as_athena_documents_them() {
        let sql = "ALTER TABLE cloudtrail_logs ADD IF NOT EXISTS
            PARTITION (region='us-east-1', year='2023', month='07', day='10')
            LOCATION 's3://b/AWSLogs/111/CloudTrail/us-east-1/2023/07/10/'
            PARTITION (region='eu-west-1', year=2023, month='07', day='10');";
        match parse(sql).unwrap() {
            Some(CatalogStatement::AddPartitions {
                name: n,
                if_not_exists,
                partitions,
            }) => {
                assert_eq!(n, name("cloudtrail_logs"));
                assert!(if_not_exists);
                assert_eq!(partitions.len(), 2);
                assert_eq!(partitions[0].0[0], ("region".into(), "us-east-1".into()));
                assert_eq!(
                    partitions[0].1.as_deref(),
                    Some("s3://b/AWSLogs/111/CloudTrail/us-east-1/2023/07/10/")
                );
                assert_eq!(partitions[1].0[1], ("year".into(), "2023".into()));
                assert_eq!(partitions[1].1, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn drop_partitions_msck_describe_and_errors() {
        match parse("ALTER TABLE t DROP IF EXISTS PARTITION (dt='a'), PARTITION (dt='b')").unwrap()
        {
            Some(CatalogStatement::DropPartitions {
                if_exists,
                partitions,
                ..
            }) => {
                assert!(if_exists);
                assert_eq!(
                    partitions,
                    vec![
                        vec![("dt".to_string(), "a".to_string())],
                        vec![("dt".into(), "b".into())]
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse("MSCK REPAIR TABLE db.t").unwrap(),
            Some(CatalogStatement::RepairTable(ObjectName {
                database: Some("db".into()),
                name: "t".into()
            }))
        );
        assert_eq!(
            parse("DESCRIBE FORMATTED t").unwrap(),
            Some(CatalogStatement::DescribeFormatted(name("t")))
        );
        assert_eq!(parse("DESCRIBE t").unwrap(), None);
        let err = parse("ALTER TABLE t RENAME TO u").unwrap_err().to_string();
        assert!(err.contains("ALTER TABLE supports ADD PARTITION"), "{err}");
        let err = parse("ALTER TABLE t ADD PARTITION (dt='a', dt='b')")
            .unwrap_err()
            .to_string();
        assert!(err.contains("'dt' is given twice"), "{err}");
        let err = parse("ALTER TABLE t ADD").unwrap_err().to_string();
        assert!(err.contains("expected PARTITION"), "{err}");
    }
}
