//! The grammars of line-oriented log formats: one line in, field spans out.
//!
//! A grammar knows a format's columns (named and typed as in AWS's own
//! Athena table for that log) and how to cut one line into them. It never
//! copies: a field is a byte range of the line, or `None` for NULL, so a
//! reader builds only the columns a query asks for and a `parse_*` function
//! shares the same code. Turning a span into a typed value (and a value that
//! does not convert into NULL, as Athena's SerDes do) is the reader's job.
//!
//! ```
//! use quarry_udfs::grammar::{grammar, Span};
//! let alb = grammar("alb").unwrap();
//! let mut parser = alb.parser();
//! let line = r#"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - -"#;
//! let mut spans: Vec<Span> = vec![None; alb.fields().len()];
//! parser.parse(line, &mut spans).unwrap();
//! let client_ip = alb.fields().iter().position(|f| f.name == "client_ip").unwrap();
//! assert_eq!(spans[client_ip].clone().map(|r| &line[r]), Some("192.168.131.39"));
//! ```

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;

pub mod alb;
pub mod clf;
pub mod cloudfront;
pub mod combined;
pub mod elb;
pub mod grok;
mod grok_patterns;
pub mod grok_serde;
pub mod regex_serde;
pub mod s3access;
pub mod text;
mod tokens;
pub mod vpcflow;

pub use tokens::{Token, Tokens, split_host_port, split_request};

/// A field of one line: its byte range in the line, or `None` for NULL.
pub type Span = Option<Range<usize>>;

/// The type of a column, as AWS's Athena table declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// `string`.
    Utf8,
    /// `int`.
    Int32,
    /// `bigint`.
    Int64,
    /// `float`.
    Float32,
    /// `double`.
    Float64,
    /// `date` (`yyyy-MM-dd`).
    Date,
}

impl FieldType {
    /// The Arrow type a reader builds.
    pub fn arrow(self) -> DataType {
        match self {
            Self::Utf8 => DataType::Utf8,
            Self::Int32 => DataType::Int32,
            Self::Int64 => DataType::Int64,
            Self::Float32 => DataType::Float32,
            Self::Float64 => DataType::Float64,
            Self::Date => DataType::Date32,
        }
    }

    /// The Hive spelling, as in the Athena DDL.
    pub fn hive(self) -> &'static str {
        match self {
            Self::Utf8 => "string",
            Self::Int32 => "int",
            Self::Int64 => "bigint",
            Self::Float32 => "float",
            Self::Float64 => "double",
            Self::Date => "date",
        }
    }
}

/// One column of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The column name, as in AWS's Athena table.
    pub name: String,
    /// Its type.
    pub ty: FieldType,
}

impl FieldSpec {
    /// A column.
    pub fn new(name: impl Into<String>, ty: FieldType) -> Self {
        Self {
            name: name.into(),
            ty,
        }
    }
}

/// Builds a column list from `(name, type)` pairs.
pub(crate) fn specs(list: &[(&str, FieldType)]) -> Vec<FieldSpec> {
    list.iter().map(|(n, t)| FieldSpec::new(*n, *t)).collect()
}

/// Why a line is not a record of the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// What is wrong with it, for the message.
    pub reason: String,
}

impl LineError {
    /// An error with this reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for LineError {}

/// A log format: its columns and how to parse it.
pub trait LineGrammar: fmt::Debug + Send + Sync {
    /// The format's name (`alb`, `vpcflow`, ...).
    fn name(&self) -> &str;

    /// Its columns, in table order.
    fn fields(&self) -> &[FieldSpec];

    /// A parser for one file: header lines may change how later lines of
    /// the same file are read (VPC flow logs, CloudFront `#Fields:`).
    fn parser(&self) -> Box<dyn LineParser>;

    /// Whether a file may be read in byte ranges by several workers. False
    /// when a header line at the top of the file decides the layout of
    /// every line after it.
    fn supports_range_split(&self) -> bool {
        true
    }
}

/// Parses the lines of one file, in order.
pub trait LineParser: Send {
    /// Whether `line` is a header or comment rather than a record; a header
    /// may set the layout of the lines after it.
    fn header_line(&mut self, line: &str) -> bool;

    /// Says which fields the reader builds (`wanted[i]` for field `i` of
    /// [`LineGrammar::fields`]), before the first line. A parser may then
    /// leave the others `None` and stop cutting a line once it has the
    /// wanted ones; the checks that tell a line of the format from another
    /// are kept, so a query fails on the same foreign lines whatever it
    /// reads. By default every field is cut.
    fn want(&mut self, _wanted: &[bool]) {}

    /// Cuts `line` into `out`, one span per field of
    /// [`LineGrammar::fields`] (`out` has exactly that length; fields the
    /// line does not have are left `None`).
    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError>;
}

/// The named formats, by lower-case name.
pub fn grammar(name: &str) -> Option<Arc<dyn LineGrammar>> {
    Some(match name.to_ascii_lowercase().as_str() {
        "alb" => Arc::new(alb::Alb::new()),
        "elb" => Arc::new(elb::Elb::new()),
        "vpcflow" => Arc::new(vpcflow::VpcFlow::new()),
        "s3access" => Arc::new(s3access::S3Access::new()),
        "cloudfront" => Arc::new(cloudfront::CloudFront::new()),
        "clf" => Arc::new(clf::Clf::new()),
        "combined" => Arc::new(combined::Combined::new()),
        "text" => Arc::new(text::Text::new()),
        _ => return None,
    })
}

/// The names [`grammar`] knows.
pub const NAMES: &[&str] = &[
    "alb",
    "elb",
    "vpcflow",
    "s3access",
    "cloudfront",
    "clf",
    "combined",
    "text",
];

/// Test helper: the text of each named field of a parsed line.
#[cfg(test)]
pub(crate) fn parse_named<'a>(
    grammar: &dyn LineGrammar,
    lines: &[&'a str],
) -> Result<Vec<std::collections::BTreeMap<String, Option<&'a str>>>, LineError> {
    let mut parser = grammar.parser();
    let mut rows = Vec::new();
    for line in lines {
        if parser.header_line(line) {
            continue;
        }
        let mut out: Vec<Span> = vec![None; grammar.fields().len()];
        parser.parse(line, &mut out)?;
        rows.push(
            grammar
                .fields()
                .iter()
                .zip(out)
                .map(|(f, s)| (f.name.clone(), s.map(|r| &line[r])))
                .collect(),
        );
    }
    Ok(rows)
}

/// Test helper: asserts that a parser told to want only field `i` cuts it
/// as a parser that cuts every field does, for every field and line.
#[cfg(test)]
pub(crate) fn assert_wanted_fields_agree(grammar: &dyn LineGrammar, lines: &[&str]) {
    let n = grammar.fields().len();
    let mut full = grammar.parser();
    let mut all: Vec<Vec<Span>> = Vec::new();
    for line in lines {
        if full.header_line(line) {
            all.push(Vec::new());
            continue;
        }
        let mut out: Vec<Span> = vec![None; n];
        full.parse(line, &mut out).unwrap();
        all.push(out);
    }
    for i in 0..n {
        let mut wanted = vec![false; n];
        wanted[i] = true;
        let mut one = grammar.parser();
        one.want(&wanted);
        for (line, expected) in lines.iter().zip(&all) {
            if one.header_line(line) {
                continue;
            }
            let mut out: Vec<Span> = vec![None; n];
            one.parse(line, &mut out).unwrap();
            assert_eq!(
                out[i],
                expected[i],
                "{}: field {} of {line}",
                grammar.name(),
                grammar.fields()[i].name
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_grammar_with_unique_columns() {
        for name in NAMES {
            let g = grammar(name).unwrap();
            assert_eq!(g.name(), *name);
            let mut seen = std::collections::BTreeSet::new();
            for f in g.fields() {
                assert!(seen.insert(f.name.clone()), "{name}: {} twice", f.name);
            }
        }
        assert!(grammar("nope").is_none());
    }
}
