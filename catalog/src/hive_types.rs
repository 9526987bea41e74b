//! Hive column types (as Athena DDL writes them) and their Arrow types.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Fields, TimeUnit};

use crate::error::CatalogError;

/// A parsed Hive type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HiveType {
    /// A type without parameters, by its canonical name (`string`, `int`, ...).
    Primitive(&'static str),
    /// `varchar(n)` / `char(n)`: text, the length kept for display only.
    Text(&'static str, u32),
    /// `decimal(p, s)`.
    Decimal(u8, i8),
    /// `array<T>`.
    Array(Box<HiveType>),
    /// `map<K, V>`.
    Map(Box<HiveType>, Box<HiveType>),
    /// `struct<name:T, ...>`.
    Struct(Vec<(String, HiveType)>),
}

const PRIMITIVES: &[(&str, &str)] = &[
    ("string", "string"),
    ("tinyint", "tinyint"),
    ("smallint", "smallint"),
    ("int", "int"),
    ("integer", "int"),
    ("bigint", "bigint"),
    ("float", "float"),
    ("real", "float"),
    ("double", "double"),
    ("boolean", "boolean"),
    ("date", "date"),
    ("timestamp", "timestamp"),
    ("binary", "binary"),
    ("varbinary", "binary"),
];

impl HiveType {
    /// Parses a Hive type such as `array<struct<arn:string,type:string>>`.
    /// Keywords are case-insensitive; field names keep their case.
    pub fn parse(text: &str) -> Result<Self, CatalogError> {
        let mut parser = TypeParser {
            text,
            chars: text.char_indices().collect(),
            pos: 0,
        };
        let ty = parser.parse_type()?;
        parser.skip_ws();
        if parser.pos < parser.chars.len() {
            return Err(parser.error("unexpected text after the type"));
        }
        Ok(ty)
    }

    /// The Arrow type Quarry reads this column as.
    pub fn to_arrow(&self) -> DataType {
        match self {
            HiveType::Primitive(name) => match *name {
                "tinyint" => DataType::Int8,
                "smallint" => DataType::Int16,
                "int" => DataType::Int32,
                "bigint" => DataType::Int64,
                "float" => DataType::Float32,
                "double" => DataType::Float64,
                "boolean" => DataType::Boolean,
                "date" => DataType::Date32,
                // Athena's timestamps are millisecond precision.
                "timestamp" => DataType::Timestamp(TimeUnit::Millisecond, None),
                "binary" => DataType::Binary,
                _ => DataType::Utf8,
            },
            HiveType::Text(..) => DataType::Utf8,
            HiveType::Decimal(p, s) => DataType::Decimal128(*p, *s),
            HiveType::Array(item) => {
                DataType::List(Arc::new(Field::new("item", item.to_arrow(), true)))
            }
            HiveType::Map(key, value) => {
                let entries = Fields::from(vec![
                    Field::new("key", key.to_arrow(), false),
                    Field::new("value", value.to_arrow(), true),
                ]);
                DataType::Map(
                    Arc::new(Field::new("entries", DataType::Struct(entries), false)),
                    false,
                )
            }
            HiveType::Struct(fields) => DataType::Struct(Fields::from(
                fields
                    .iter()
                    .map(|(name, ty)| Field::new(name, ty.to_arrow(), true))
                    .collect::<Vec<_>>(),
            )),
        }
    }
}

impl std::fmt::Display for HiveType {
    /// The canonical spelling: lower-case keywords, no spaces.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HiveType::Primitive(name) => f.write_str(name),
            HiveType::Text(name, n) => write!(f, "{name}({n})"),
            HiveType::Decimal(p, s) => write!(f, "decimal({p},{s})"),
            HiveType::Array(item) => write!(f, "array<{item}>"),
            HiveType::Map(k, v) => write!(f, "map<{k},{v}>"),
            HiveType::Struct(fields) => {
                f.write_str("struct<")?;
                for (i, (name, ty)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        write!(f, "{name}:{ty}")?;
                    } else {
                        write!(f, "`{}`:{ty}", name.replace('`', "``"))?;
                    }
                }
                f.write_str(">")
            }
        }
    }
}

struct TypeParser<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
}

impl TypeParser<'_> {
    fn error(&self, what: &str) -> CatalogError {
        let at = self
            .chars
            .get(self.pos)
            .map(|(i, _)| *i)
            .unwrap_or(self.text.len());
        CatalogError::BadType {
            text: self.text.to_string(),
            reason: format!("{what} at character {}", at + 1),
        }
    }

    fn skip_ws(&mut self) {
        while self
            .chars
            .get(self.pos)
            .is_some_and(|(_, c)| c.is_whitespace())
        {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.chars.get(self.pos).map(|(_, c)| *c)
    }

    fn expect(&mut self, want: char) -> Result<(), CatalogError> {
        if self.peek() == Some(want) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{want}'")))
        }
    }

    fn word(&mut self) -> Result<String, CatalogError> {
        if self.peek() == Some('`') {
            self.pos += 1;
            let mut out = String::new();
            loop {
                match self.chars.get(self.pos).map(|(_, c)| *c) {
                    Some('`') if self.chars.get(self.pos + 1).map(|(_, c)| *c) == Some('`') => {
                        out.push('`');
                        self.pos += 2;
                    }
                    Some('`') => {
                        self.pos += 1;
                        return Ok(out);
                    }
                    Some(c) => {
                        out.push(c);
                        self.pos += 1;
                    }
                    None => return Err(self.error("unterminated `name`")),
                }
            }
        }
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '$' || *c == '-')
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("expected a name"));
        }
        Ok(self.chars[start..self.pos].iter().map(|(_, c)| c).collect())
    }

    fn number(&mut self) -> Result<u32, CatalogError> {
        let word = self.word()?;
        word.parse()
            .map_err(|_| self.error(&format!("'{word}' is not a number")))
    }

    fn parse_type(&mut self) -> Result<HiveType, CatalogError> {
        let name = self.word()?.to_ascii_lowercase();
        match name.as_str() {
            "array" => {
                self.expect('<')?;
                let item = self.parse_type()?;
                self.expect('>')?;
                Ok(HiveType::Array(Box::new(item)))
            }
            "map" => {
                self.expect('<')?;
                let key = self.parse_type()?;
                self.expect(',')?;
                let value = self.parse_type()?;
                self.expect('>')?;
                Ok(HiveType::Map(Box::new(key), Box::new(value)))
            }
            "struct" => {
                self.expect('<')?;
                let mut fields = Vec::new();
                if self.peek() == Some('>') {
                    self.pos += 1;
                    return Ok(HiveType::Struct(fields));
                }
                loop {
                    let field = self.word()?;
                    self.expect(':')?;
                    let ty = self.parse_type()?;
                    if fields
                        .iter()
                        .any(|(f, _): &(String, HiveType)| f.eq_ignore_ascii_case(&field))
                    {
                        return Err(self.error(&format!("field '{field}' appears twice")));
                    }
                    fields.push((field, ty));
                    match self.peek() {
                        Some(',') => self.pos += 1,
                        Some('>') => {
                            self.pos += 1;
                            return Ok(HiveType::Struct(fields));
                        }
                        _ => return Err(self.error("expected ',' or '>'")),
                    }
                }
            }
            "decimal" | "numeric" => {
                if self.peek() != Some('(') {
                    // Hive's default precision and scale.
                    return Ok(HiveType::Decimal(10, 0));
                }
                self.pos += 1;
                let precision = self.number()?;
                let scale = if self.peek() == Some(',') {
                    self.pos += 1;
                    self.number()?
                } else {
                    0
                };
                self.expect(')')?;
                if precision == 0 || precision > 38 || scale > precision {
                    return Err(self
                        .error("decimal precision must be 1 to 38, scale at most the precision"));
                }
                Ok(HiveType::Decimal(precision as u8, scale as i8))
            }
            "varchar" | "char" => {
                let canonical = if name == "char" { "char" } else { "varchar" };
                if self.peek() != Some('(') {
                    return Ok(HiveType::Primitive("string"));
                }
                self.pos += 1;
                let n = self.number()?;
                self.expect(')')?;
                Ok(HiveType::Text(canonical, n))
            }
            other => PRIMITIVES
                .iter()
                .find(|(alias, _)| *alias == other)
                .map(|(_, canonical)| HiveType::Primitive(canonical))
                .ok_or_else(|| CatalogError::BadType {
                    text: self.text.to_string(),
                    reason: format!(
                        "unknown type '{other}'; Hive types are string, varchar(n), char(n), \
                         tinyint, smallint, int, bigint, float, double, decimal(p,s), boolean, \
                         date, timestamp, binary, array<..>, map<..,..>, struct<..>"
                    ),
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitives_map_to_arrow() {
        let cases = [
            ("STRING", DataType::Utf8),
            ("int", DataType::Int32),
            ("INTEGER", DataType::Int32),
            ("bigint", DataType::Int64),
            ("double", DataType::Float64),
            ("boolean", DataType::Boolean),
            ("date", DataType::Date32),
            (
                "timestamp",
                DataType::Timestamp(TimeUnit::Millisecond, None),
            ),
            ("decimal(12, 2)", DataType::Decimal128(12, 2)),
            ("varchar(64)", DataType::Utf8),
        ];
        for (text, want) in cases {
            assert_eq!(HiveType::parse(text).unwrap().to_arrow(), want, "{text}");
        }
    }

    #[test]
    fn nested_types_round_trip_in_canonical_form() {
        let text = "ARRAY<STRUCT<\n  arn:STRING,\n  `account id`: string,\n  Type:STRING>>";
        let ty = HiveType::parse(text).unwrap();
        assert_eq!(
            ty.to_string(),
            "array<struct<arn:string,`account id`:string,Type:string>>"
        );
        assert_eq!(HiveType::parse(&ty.to_string()).unwrap(), ty);
        let DataType::List(item) = ty.to_arrow() else {
            panic!("a list")
        };
        let DataType::Struct(fields) = item.data_type() else {
            panic!("of structs")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, vec!["arn", "account id", "Type"]);
    }

    #[test]
    fn maps_have_arrow_map_layout() {
        let ty = HiveType::parse("map<string,array<int>>")
            .unwrap()
            .to_arrow();
        let DataType::Map(entries, sorted) = ty else {
            panic!("a map")
        };
        assert!(!sorted);
        let DataType::Struct(kv) = entries.data_type() else {
            panic!("entries")
        };
        assert_eq!(kv[0].data_type(), &DataType::Utf8);
        assert!(!kv[0].is_nullable());
        assert!(matches!(kv[1].data_type(), DataType::List(_)));
    }

    #[test]
    fn bad_types_say_what_and_where() {
        let err = HiveType::parse("struct<a:string b:int>")
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected ',' or '>'"), "{err}");
        assert!(err.contains("character 17"), "{err}");
        let err = HiveType::parse("strng").unwrap_err().to_string();
        assert!(err.contains("unknown type 'strng'"), "{err}");
        let err = HiveType::parse("array<int").unwrap_err().to_string();
        assert!(err.contains("expected '>'"), "{err}");
        assert!(HiveType::parse("struct<a:int,A:int>").is_err());
        assert!(HiveType::parse("decimal(40,2)").is_err());
    }
}
