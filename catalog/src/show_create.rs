//! `SHOW CREATE TABLE`: a definition written back as Athena DDL that
//! re-creates the same table.

use std::fmt::Write;

use crate::model::{ColumnDef, TableDef};

fn quote_name(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A string literal in Hive's escaping (the inverse of the DDL lexer).
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\\' => out.push_str("\\\\"),
            other => out.push(other),
        }
    }
    out.push('\'');
    out
}

fn columns(out: &mut String, cols: &[ColumnDef]) {
    out.push_str("(\n");
    for (i, c) in cols.iter().enumerate() {
        let _ = write!(out, "  {} {}", quote_name(&c.name), c.data_type);
        if let Some(comment) = &c.comment {
            let _ = write!(out, " COMMENT {}", literal(comment));
        }
        out.push_str(if i + 1 < cols.len() { ",\n" } else { ")\n" });
    }
}

fn properties(out: &mut String, props: &std::collections::BTreeMap<String, String>) {
    out.push_str("(\n");
    let n = props.len();
    for (i, (k, v)) in props.iter().enumerate() {
        let _ = write!(out, "  {}={}", literal(k), literal(v));
        out.push_str(if i + 1 < n { ",\n" } else { ")\n" });
    }
}

/// The DDL for `table` in `database`.
pub fn show_create_table(database: &str, table: &TableDef) -> String {
    let mut out = format!(
        "CREATE EXTERNAL TABLE {}.{}",
        quote_name(database),
        quote_name(&table.name)
    );
    if table.columns.is_empty() {
        out.push('\n');
    } else {
        out.push(' ');
        columns(&mut out, &table.columns);
    }
    if let Some(comment) = &table.comment {
        let _ = writeln!(out, "COMMENT {}", literal(comment));
    }
    if !table.partition_columns.is_empty() {
        out.push_str("PARTITIONED BY ");
        columns(&mut out, &table.partition_columns);
    }
    let storage = &table.storage;
    if let Some(serde) = &storage.serde {
        let _ = writeln!(out, "ROW FORMAT SERDE {}", literal(serde));
        if !storage.serde_properties.is_empty() {
            out.push_str("WITH SERDEPROPERTIES ");
            properties(&mut out, &storage.serde_properties);
        }
    } else if let Some(d) = &storage.delimited {
        out.push_str("ROW FORMAT DELIMITED");
        let clauses = [
            ("FIELDS TERMINATED BY", &d.fields_terminated_by),
            ("ESCAPED BY", &d.escaped_by),
            (
                "COLLECTION ITEMS TERMINATED BY",
                &d.collection_items_terminated_by,
            ),
            ("MAP KEYS TERMINATED BY", &d.map_keys_terminated_by),
            ("LINES TERMINATED BY", &d.lines_terminated_by),
        ];
        for (clause, value) in clauses {
            if let Some(v) = value {
                let _ = write!(out, "\n  {clause} {}", literal(v));
            }
        }
        out.push('\n');
        if !storage.serde_properties.is_empty() {
            out.push_str("WITH SERDEPROPERTIES ");
            properties(&mut out, &storage.serde_properties);
        }
    } else if !storage.serde_properties.is_empty() {
        out.push_str("WITH SERDEPROPERTIES ");
        properties(&mut out, &storage.serde_properties);
    }
    if let (Some(input), Some(output)) = (&storage.input_format, &storage.output_format) {
        let _ = writeln!(
            out,
            "STORED AS INPUTFORMAT {}\nOUTPUTFORMAT {}",
            literal(input),
            literal(output)
        );
    } else if let Some(name) = &storage.stored_as {
        let _ = writeln!(out, "STORED AS {name}");
    }
    let _ = writeln!(out, "LOCATION {}", literal(&table.location));
    if !table.properties.is_empty() {
        out.push_str("TBLPROPERTIES ");
        properties(&mut out, &table.properties);
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ddl::{CatalogStatement, parse};

    fn table_of(sql: &str) -> (Option<String>, TableDef) {
        match parse(sql).unwrap() {
            Some(CatalogStatement::CreateTable {
                database, table, ..
            }) => (database, *table),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_documented_ddl_round_trips() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/ddl");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "sql") {
                continue;
            }
            let (_, original) = table_of(&std::fs::read_to_string(&path).unwrap());
            let shown = show_create_table("logs", &original);
            let (database, again) = table_of(&shown);
            assert_eq!(database.as_deref(), Some("logs"));
            assert_eq!(again, original, "{}:\n{shown}", path.display());
            seen += 1;
        }
        assert!(seen >= 5, "the documented DDL files are there");
    }

    #[test]
    fn awkward_names_and_strings_survive() {
        let (_, original) = table_of(
            "CREATE EXTERNAL TABLE `we``ird` (`a b` string COMMENT 'it''s \\\\ here', c int) \
             COMMENT 'tab\\there' STORED AS JSON LOCATION 's3://b/p q/' \
             TBLPROPERTIES ('k'='v''s')",
        );
        let (_, again) = table_of(&show_create_table("default", &original));
        assert_eq!(again, original);
        assert_eq!(again.name, "we`ird");
        assert_eq!(again.columns[0].comment.as_deref(), Some("it's \\ here"));
    }
}
