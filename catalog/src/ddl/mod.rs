//! The catalog's statements, parsed from Athena (Hive) DDL.
//!
//! sqlparser has no dialect that takes Athena's DDL as pasted (Hive's
//! `struct<name:type>` columns with `ROW FORMAT ... STORED AS INPUTFORMAT`,
//! clauses in any order, DataFusion's `OPTIONS` beside Hive's
//! `TBLPROPERTIES`), and DataFusion's parser knows no `ROW FORMAT`. So the
//! catalog statements get this small parser, and every other statement goes
//! to DataFusion: [`parse`] returns `None` for those.

mod alter;
mod lexer;

pub use alter::PartitionSpec;

use std::collections::BTreeMap;

use crate::error::CatalogError;
use crate::hive_types::HiveType;
use crate::model::{ColumnDef, DelimitedDef, StorageDef, TableDef};
use lexer::{Tok, Token, line_col, tokenize};

/// A possibly database-qualified name, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectName {
    /// The database, if given.
    pub database: Option<String>,
    /// The table or view name.
    pub name: String,
}

/// A statement the catalog carries out itself.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogStatement {
    /// `CREATE EXTERNAL TABLE`.
    CreateTable {
        /// The database named in the statement, if any.
        database: Option<String>,
        /// The definition.
        table: Box<TableDef>,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
    },
    /// `CREATE DATABASE` / `CREATE SCHEMA`.
    CreateDatabase {
        /// Its name.
        name: String,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// `COMMENT '...'`.
        comment: Option<String>,
    },
    /// `DROP DATABASE` / `DROP SCHEMA`.
    DropDatabase {
        /// Its name.
        name: String,
        /// `IF EXISTS`.
        if_exists: bool,
        /// `CASCADE`: drop its tables and views too.
        cascade: bool,
    },
    /// `SHOW DATABASES [LIKE 'pattern']`.
    ShowDatabases {
        /// The Hive-style pattern (`*` and `|`), if any.
        like: Option<String>,
    },
    /// `USE db`.
    Use(String),
    /// `SHOW TABLES [IN db] [LIKE 'pattern']`.
    ShowTables {
        /// The database, if not the current one.
        database: Option<String>,
        /// The pattern, if any.
        like: Option<String>,
    },
    /// `DROP TABLE [IF EXISTS] name`.
    DropTable {
        /// The table.
        name: ObjectName,
        /// `IF EXISTS`.
        if_exists: bool,
    },
    /// `SHOW CREATE TABLE name`.
    ShowCreateTable(ObjectName),
    /// `CREATE [OR REPLACE] VIEW name AS query`.
    CreateView {
        /// The view.
        name: ObjectName,
        /// `OR REPLACE`.
        or_replace: bool,
        /// The query, as written.
        sql: String,
    },
    /// `REFRESH TABLE name`: forget cached listings, so new objects show.
    RefreshTable(ObjectName),
    /// `SHOW PARTITIONS name`.
    ShowPartitions(ObjectName),
    /// `DROP VIEW [IF EXISTS] name`.
    DropView {
        /// The view.
        name: ObjectName,
        /// `IF EXISTS`.
        if_exists: bool,
    },
    /// `ALTER TABLE name ADD [IF NOT EXISTS] PARTITION (...) [LOCATION '...'] ...`.
    AddPartitions {
        /// The table.
        name: ObjectName,
        /// `IF NOT EXISTS`: an existing partition is left as it is.
        if_not_exists: bool,
        /// Each partition and its location, if given.
        partitions: Vec<(PartitionSpec, Option<String>)>,
    },
    /// `ALTER TABLE name DROP [IF EXISTS] PARTITION (...), ...`.
    DropPartitions {
        /// The table.
        name: ObjectName,
        /// `IF EXISTS`.
        if_exists: bool,
        /// The partitions; a spec naming some columns drops every partition
        /// it matches.
        partitions: Vec<PartitionSpec>,
    },
    /// `ALTER TABLE name SET TBLPROPERTIES (...)`.
    SetProperties {
        /// The table.
        name: ObjectName,
        /// The properties to set (others are kept).
        properties: BTreeMap<String, String>,
    },
    /// `MSCK REPAIR TABLE name`: register the Hive partitions found under
    /// the location.
    RepairTable(ObjectName),
    /// `DESCRIBE FORMATTED name` / `DESCRIBE EXTENDED name`.
    DescribeFormatted(ObjectName),
}

/// Parses `sql` if it is a catalog statement; `Ok(None)` means it is not
/// one and belongs to DataFusion.
pub fn parse(sql: &str) -> Result<Option<CatalogStatement>, CatalogError> {
    let tokens = tokenize(sql)?;
    let mut p = Parser {
        sql,
        tokens,
        pos: 0,
    };
    let statement = match p.peek_words(3).as_slice() {
        [a, b, ..] if a == "CREATE" && b == "EXTERNAL" => Some(p.create_table()?),
        [a, b, ..] if a == "CREATE" && b == "TABLE" && p.is_hive_create_table() => {
            Some(p.create_table()?)
        }
        [a, b, ..] if a == "CREATE" && (b == "DATABASE" || b == "SCHEMA") => {
            Some(p.create_database()?)
        }
        [a, b, ..] if a == "DROP" && (b == "DATABASE" || b == "SCHEMA") => Some(p.drop_database()?),
        [a, b, ..] if a == "SHOW" && (b == "DATABASES" || b == "SCHEMAS") => {
            p.pos += 2;
            let like = p.like()?;
            Some(CatalogStatement::ShowDatabases { like })
        }
        [a, ..] if a == "USE" => {
            p.pos += 1;
            Some(CatalogStatement::Use(p.name()?))
        }
        [a, b, ..] if a == "SHOW" && b == "TABLES" => {
            p.pos += 2;
            let database = if p.eat_word("IN") || p.eat_word("FROM") {
                Some(p.name()?)
            } else {
                None
            };
            let like = p.like()?;
            Some(CatalogStatement::ShowTables { database, like })
        }
        [a, b, ..] if a == "DROP" && b == "TABLE" => {
            p.pos += 2;
            let if_exists = p.eat_words(&["IF", "EXISTS"]);
            Some(CatalogStatement::DropTable {
                name: p.object_name()?,
                if_exists,
            })
        }
        [a, b, ..] if a == "CREATE" && (b == "VIEW" || b == "OR") => Some(p.create_view()?),
        [a, b, ..] if a == "DROP" && b == "VIEW" => {
            p.pos += 2;
            let if_exists = p.eat_words(&["IF", "EXISTS"]);
            Some(CatalogStatement::DropView {
                name: p.object_name()?,
                if_exists,
            })
        }
        [a, b, ..] if a == "REFRESH" && b == "TABLE" => {
            p.pos += 2;
            Some(CatalogStatement::RefreshTable(p.object_name()?))
        }
        [a, b, ..] if a == "SHOW" && b == "PARTITIONS" => {
            p.pos += 2;
            Some(CatalogStatement::ShowPartitions(p.object_name()?))
        }
        [a, b, ..] if a == "ALTER" && b == "TABLE" => {
            p.pos += 2;
            Some(p.alter_table()?)
        }
        [a, b, c] if a == "MSCK" && b == "REPAIR" && c == "TABLE" => {
            p.pos += 3;
            Some(CatalogStatement::RepairTable(p.object_name()?))
        }
        [a, b, ..] if (a == "DESCRIBE" || a == "DESC") && (b == "FORMATTED" || b == "EXTENDED") => {
            p.pos += 2;
            Some(CatalogStatement::DescribeFormatted(p.object_name()?))
        }
        [a, b, c] if a == "SHOW" && b == "CREATE" && c == "TABLE" => {
            p.pos += 3;
            Some(CatalogStatement::ShowCreateTable(p.object_name()?))
        }
        _ => return Ok(None),
    };
    p.eat_punct(';');
    if let Some(t) = p.tokens.get(p.pos) {
        return Err(p.error_at(t.start, "unexpected text after the statement"));
    }
    Ok(statement)
}

/// A column as parsed: name, type (absent in DataFusion's `PARTITIONED BY
/// (col)`), comment.
type ParsedColumn = (String, Option<HiveType>, Option<String>);

struct Parser<'a> {
    sql: &'a str,
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser<'_> {
    fn error_at(&self, at: usize, what: &str) -> CatalogError {
        let (line, column) = line_col(self.sql, at);
        CatalogError::Syntax {
            message: format!("{what} at line {line}, column {column}"),
        }
    }

    fn error(&self, what: &str) -> CatalogError {
        let at = self
            .tokens
            .get(self.pos)
            .map(|t| t.start)
            .unwrap_or(self.sql.len());
        let found = match self.tokens.get(self.pos).map(|t| &t.tok) {
            Some(Tok::Word(w)) => format!(", found {w}"),
            Some(Tok::Quoted(w)) => format!(", found `{w}`"),
            Some(Tok::Str(s)) => format!(", found '{s}'"),
            Some(Tok::Punct(c)) => format!(", found '{c}'"),
            None => ", found the end of the statement".to_string(),
        };
        self.error_at(at, &format!("{what}{found}"))
    }

    /// The next `n` tokens as upper-case words (stops at a non-word).
    fn peek_words(&self, n: usize) -> Vec<String> {
        self.tokens[self.pos..]
            .iter()
            .take(n)
            .map_while(|t| match &t.tok {
                Tok::Word(w) => Some(w.to_ascii_uppercase()),
                _ => None,
            })
            .collect()
    }

    /// `CREATE TABLE` without `EXTERNAL` is the catalog's when it names a
    /// location or a storage format and is not `CREATE TABLE ... AS`.
    fn is_hive_create_table(&self) -> bool {
        let words: Vec<String> = self.tokens[self.pos..]
            .iter()
            .filter_map(|t| match &t.tok {
                Tok::Word(w) => Some(w.to_ascii_uppercase()),
                _ => None,
            })
            .collect();
        let has = |w: &str| words.iter().any(|x| x == w);
        (has("LOCATION") || has("STORED") || has("ROW")) && !has("SELECT")
    }

    fn eat_word(&mut self, word: &str) -> bool {
        match self.tokens.get(self.pos).map(|t| &t.tok) {
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case(word) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn eat_words(&mut self, words: &[&str]) -> bool {
        let save = self.pos;
        for w in words {
            if !self.eat_word(w) {
                self.pos = save;
                return false;
            }
        }
        true
    }

    fn expect_word(&mut self, word: &str) -> Result<(), CatalogError> {
        if self.eat_word(word) {
            Ok(())
        } else {
            Err(self.error(&format!("expected {word}")))
        }
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.tokens.get(self.pos).map(|t| &t.tok) == Some(&Tok::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, c: char) -> Result<(), CatalogError> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            Err(self.error(&format!("expected '{c}'")))
        }
    }

    fn name(&mut self) -> Result<String, CatalogError> {
        match self.tokens.get(self.pos).map(|t| t.tok.clone()) {
            Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => {
                self.pos += 1;
                Ok(w)
            }
            _ => Err(self.error("expected a name")),
        }
    }

    fn object_name(&mut self) -> Result<ObjectName, CatalogError> {
        // Athena's documentation writes `db.table` as one quoted name.
        if let Some(Tok::Quoted(q)) = self.tokens.get(self.pos).map(|t| &t.tok)
            && let Some((db, name)) = q.split_once('.')
            && !name.contains('.')
        {
            let (database, name) = (db.to_string(), name.to_string());
            self.pos += 1;
            return Ok(ObjectName {
                database: Some(database),
                name,
            });
        }
        let first = self.name()?;
        if self.eat_punct('.') {
            Ok(ObjectName {
                database: Some(first),
                name: self.name()?,
            })
        } else {
            Ok(ObjectName {
                database: None,
                name: first,
            })
        }
    }

    fn string(&mut self) -> Result<String, CatalogError> {
        match self.tokens.get(self.pos).map(|t| t.tok.clone()) {
            Some(Tok::Str(s)) => {
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.error("expected a quoted string")),
        }
    }

    fn like(&mut self) -> Result<Option<String>, CatalogError> {
        self.eat_word("LIKE");
        match self.tokens.get(self.pos).map(|t| &t.tok) {
            Some(Tok::Str(_)) => Ok(Some(self.string()?)),
            _ => Ok(None),
        }
    }

    /// `( 'k' = 'v', ... )`; DataFusion's `OPTIONS ('k' 'v')` has no `=`.
    fn properties(&mut self) -> Result<BTreeMap<String, String>, CatalogError> {
        self.expect_punct('(')?;
        let mut out = BTreeMap::new();
        if self.eat_punct(')') {
            return Ok(out);
        }
        loop {
            let key = match self.tokens.get(self.pos).map(|t| t.tok.clone()) {
                Some(Tok::Str(s)) | Some(Tok::Word(s)) | Some(Tok::Quoted(s)) => {
                    self.pos += 1;
                    s
                }
                _ => return Err(self.error("expected a property name")),
            };
            // Dotted bare keys: format.compression
            let mut key = key;
            while self.eat_punct('.') {
                key.push('.');
                key.push_str(&self.name()?);
            }
            self.eat_punct('=');
            let value = match self.tokens.get(self.pos).map(|t| t.tok.clone()) {
                Some(Tok::Str(s)) | Some(Tok::Word(s)) | Some(Tok::Quoted(s)) => {
                    self.pos += 1;
                    s
                }
                _ => return Err(self.error(&format!("expected a value for '{key}'"))),
            };
            out.insert(key, value);
            if self.eat_punct(')') {
                return Ok(out);
            }
            self.expect_punct(',')?;
        }
    }

    /// The text of a column type, up to the `,` / `)` / `COMMENT` that ends
    /// it at nesting depth 0.
    fn column_type(&mut self) -> Result<HiveType, CatalogError> {
        let start_tok = self.pos;
        let mut depth = 0i32;
        while let Some(t) = self.tokens.get(self.pos) {
            match &t.tok {
                Tok::Punct('<') | Tok::Punct('(') => depth += 1,
                Tok::Punct('>') => depth -= 1,
                Tok::Punct(')') if depth == 0 => break,
                Tok::Punct(')') => depth -= 1,
                Tok::Punct(',') if depth == 0 => break,
                Tok::Word(w) if depth == 0 && w.eq_ignore_ascii_case("COMMENT") => break,
                _ => {}
            }
            self.pos += 1;
        }
        if self.pos == start_tok {
            return Err(self.error("expected a column type"));
        }
        let start = self.tokens[start_tok].start;
        let end = self.tokens[self.pos - 1].end;
        HiveType::parse(&self.sql[start..end]).map_err(|e| match e {
            CatalogError::BadType { reason, .. } => {
                let (line, column) = line_col(self.sql, start);
                CatalogError::BadType {
                    text: self.sql[start..end].to_string(),
                    reason: format!("{reason} (type at line {line}, column {column})"),
                }
            }
            other => other,
        })
    }

    fn comment(&mut self) -> Result<Option<String>, CatalogError> {
        if self.eat_word("COMMENT") {
            Ok(Some(self.string()?))
        } else {
            Ok(None)
        }
    }

    /// `( name type [COMMENT '...'], ... )`; with `types_optional`, a bare
    /// name is allowed (DataFusion's `PARTITIONED BY (col)`).
    fn column_list(&mut self, types_optional: bool) -> Result<Vec<ParsedColumn>, CatalogError> {
        self.expect_punct('(')?;
        let mut out = Vec::new();
        loop {
            let name = self.name()?;
            let bare = matches!(
                self.tokens.get(self.pos).map(|t| &t.tok),
                Some(Tok::Punct(',')) | Some(Tok::Punct(')'))
            );
            let ty = if bare && types_optional {
                None
            } else {
                Some(self.column_type()?)
            };
            let comment = self.comment()?;
            if out
                .iter()
                .any(|(n, _, _): &(String, _, _)| n.eq_ignore_ascii_case(&name))
            {
                return Err(self.error(&format!("column '{name}' is declared twice")));
            }
            out.push((name, ty, comment));
            if self.eat_punct(')') {
                return Ok(out);
            }
            self.expect_punct(',')?;
        }
    }

    fn create_table(&mut self) -> Result<CatalogStatement, CatalogError> {
        self.expect_word("CREATE")?;
        self.eat_word("EXTERNAL");
        self.expect_word("TABLE")?;
        let if_not_exists = self.eat_words(&["IF", "NOT", "EXISTS"]);
        let ObjectName { database, name } = self.object_name()?;
        let mut columns = Vec::new();
        if self.tokens.get(self.pos).map(|t| &t.tok) == Some(&Tok::Punct('(')) {
            for (name, ty, comment) in self.column_list(false)? {
                let data_type = ty.map(|t| t.to_string()).unwrap_or_default();
                columns.push(ColumnDef {
                    name,
                    data_type,
                    comment,
                });
            }
        }
        let mut table = TableDef {
            name,
            columns,
            partition_columns: Vec::new(),
            storage: StorageDef::default(),
            location: String::new(),
            properties: BTreeMap::new(),
            partitions: Vec::new(),
            comment: None,
        };
        let mut location = None;
        loop {
            if self.eat_word("COMMENT") {
                table.comment = Some(self.string()?);
            } else if self.eat_words(&["PARTITIONED", "BY"]) {
                for (name, ty, comment) in self.column_list(true)? {
                    let column = match ty {
                        Some(ty) => ColumnDef {
                            name,
                            data_type: ty.to_string(),
                            comment,
                        },
                        None => {
                            // DataFusion's form names a declared column.
                            let at = table
                                .columns
                                .iter()
                                .position(|c| c.name.eq_ignore_ascii_case(&name));
                            match at {
                                Some(i) => table.columns.remove(i),
                                None if table.columns.is_empty() => ColumnDef {
                                    name,
                                    data_type: "string".into(),
                                    comment,
                                },
                                None => {
                                    return Err(CatalogError::Syntax {
                                        message: format!(
                                            "partition column '{name}' has no type and is not \
                                             among the declared columns; write PARTITIONED BY ({name} string)"
                                        ),
                                    });
                                }
                            }
                        }
                    };
                    table.partition_columns.push(column);
                }
            } else if self.eat_words(&["ROW", "FORMAT"]) {
                if self.eat_word("SERDE") {
                    table.storage.serde = Some(self.string()?);
                    if self.eat_words(&["WITH", "SERDEPROPERTIES"]) {
                        table.storage.serde_properties = self.properties()?;
                    }
                } else if self.eat_word("DELIMITED") {
                    table.storage.delimited = Some(self.delimited()?);
                } else {
                    return Err(self.error("expected SERDE or DELIMITED after ROW FORMAT"));
                }
            } else if self.eat_words(&["WITH", "SERDEPROPERTIES"]) {
                table.storage.serde_properties = self.properties()?;
            } else if self.eat_words(&["STORED", "AS"]) {
                if self.eat_word("INPUTFORMAT") {
                    table.storage.input_format = Some(self.string()?);
                    self.expect_word("OUTPUTFORMAT")?;
                    table.storage.output_format = Some(self.string()?);
                } else {
                    table.storage.stored_as = Some(self.name()?.to_ascii_uppercase());
                }
            } else if self.eat_word("LOCATION") {
                location = Some(self.string()?);
            } else if self.eat_word("TBLPROPERTIES") || self.eat_word("OPTIONS") {
                table.properties.extend(self.properties()?);
            } else if self
                .peek_words(1)
                .first()
                .is_some_and(|w| w == "CLUSTERED" || w == "SORTED")
            {
                return Err(self.error("bucketed tables (CLUSTERED BY) are not supported"));
            } else {
                break;
            }
        }
        table.location =
            location.ok_or_else(|| self.error("expected LOCATION 's3://bucket/prefix/'"))?;
        Ok(CatalogStatement::CreateTable {
            database,
            table: Box::new(table),
            if_not_exists,
        })
    }

    fn delimited(&mut self) -> Result<DelimitedDef, CatalogError> {
        let mut d = DelimitedDef::default();
        loop {
            if self.eat_words(&["FIELDS", "TERMINATED", "BY"]) {
                d.fields_terminated_by = Some(self.string()?);
                if self.eat_words(&["ESCAPED", "BY"]) {
                    d.escaped_by = Some(self.string()?);
                }
            } else if self.eat_words(&["ESCAPED", "BY"]) {
                d.escaped_by = Some(self.string()?);
            } else if self.eat_words(&["COLLECTION", "ITEMS", "TERMINATED", "BY"]) {
                d.collection_items_terminated_by = Some(self.string()?);
            } else if self.eat_words(&["MAP", "KEYS", "TERMINATED", "BY"]) {
                d.map_keys_terminated_by = Some(self.string()?);
            } else if self.eat_words(&["LINES", "TERMINATED", "BY"]) {
                d.lines_terminated_by = Some(self.string()?);
            } else if self.eat_words(&["NULL", "DEFINED", "AS"]) {
                // Kept as a serde property, where Hive keeps it too.
                let _ = self.string()?;
            } else {
                return Ok(d);
            }
        }
    }

    fn create_view(&mut self) -> Result<CatalogStatement, CatalogError> {
        self.expect_word("CREATE")?;
        let or_replace = self.eat_words(&["OR", "REPLACE"]);
        self.expect_word("VIEW")?;
        let name = self.object_name()?;
        self.expect_word("AS")?;
        let Some(start) = self.tokens.get(self.pos).map(|t| t.start) else {
            return Err(self.error("expected the view's query"));
        };
        let sql = self.sql[start..]
            .trim()
            .trim_end_matches(';')
            .trim_end()
            .to_string();
        self.pos = self.tokens.len();
        Ok(CatalogStatement::CreateView {
            name,
            or_replace,
            sql,
        })
    }

    fn create_database(&mut self) -> Result<CatalogStatement, CatalogError> {
        self.pos += 2;
        let if_not_exists = self.eat_words(&["IF", "NOT", "EXISTS"]);
        let name = self.name()?;
        let mut comment = None;
        loop {
            if self.eat_word("COMMENT") {
                comment = Some(self.string()?);
            } else if self.eat_word("LOCATION") {
                let _ = self.string()?;
            } else if self.eat_words(&["WITH", "DBPROPERTIES"]) {
                let _ = self.properties()?;
            } else {
                break;
            }
        }
        Ok(CatalogStatement::CreateDatabase {
            name,
            if_not_exists,
            comment,
        })
    }

    fn drop_database(&mut self) -> Result<CatalogStatement, CatalogError> {
        self.pos += 2;
        let if_exists = self.eat_words(&["IF", "EXISTS"]);
        let name = self.name()?;
        let cascade = self.eat_word("CASCADE");
        if !cascade {
            self.eat_word("RESTRICT");
        }
        Ok(CatalogStatement::DropDatabase {
            name,
            if_exists,
            cascade,
        })
    }
}

#[cfg(test)]
mod tests;
