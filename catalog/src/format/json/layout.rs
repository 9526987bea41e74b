//! How the records of a table lie in its files: one trait, one
//! implementation per format (plain JSON here; CloudTrail, CloudWatch, WAF
//! and Route 53 Resolver beside it).

use std::fmt;

use super::decode::Row;
use super::shape::Shape;
use super::tree::Node;

/// Columns as `(name, Hive type)`.
pub(crate) type Columns = &'static [(&'static str, &'static str)];

/// A record found by a layout in a non-JSON file, with its 1-based line.
pub(crate) type TextRecord<'a> = (usize, Node<'a>);

/// Where a format's records are in a file of JSON documents.
pub(crate) trait RecordLayout: Send + Sync + fmt::Debug {
    /// The format's name, for messages and plans.
    fn name(&self) -> &'static str;

    /// The columns a table of this format has when none are declared
    /// (AWS's own Athena table), or `None` to infer them from the data.
    fn implied_columns(&self) -> Option<Columns> {
        None
    }

    /// The rows of one top-level JSON document, or why it holds none that
    /// can be read (a bad record).
    fn rows<'n, 'a>(&self, doc: &'n Node<'a>, out: &mut Vec<Row<'n, 'a>>) -> Result<(), String>;

    /// Records of a file that is not JSON documents but a text layout this
    /// format also knows (CloudWatch's export-task files), or `None` when
    /// `text` is to be parsed as JSON. `path` is the object's location.
    fn text_records<'a>(&self, _text: &'a str, _path: &str) -> Option<Vec<TextRecord<'a>>> {
        None
    }

    /// Whether objects are named as CloudTrail names its files, so that a
    /// file can be passed over by its name's region and time.
    fn files_named_by_cloudtrail(&self) -> bool {
        false
    }

    /// Whether every string a row holds is written in the object's text
    /// (as JSON, escapes aside), so that an object lacking a filter's
    /// literal can be passed over unparsed. Not so where values come from
    /// the object's path or are joined from several lines.
    fn values_are_in_text(&self) -> bool {
        false
    }

    /// What to build of each top-level document, given what to build of a
    /// record: whole documents unless the layout knows where its records are
    /// and that nothing outside the record's own keys fills a column.
    fn document_shape(&self, _record: Shape) -> Shape {
        Shape::Whole
    }
}

/// Newline-delimited JSON objects, objects concatenated with no separator
/// (as Firehose writes them), or JSON arrays of objects: each object is a row.
#[derive(Debug, Default)]
pub(crate) struct JsonLines;

impl RecordLayout for JsonLines {
    fn name(&self) -> &'static str {
        "JSON"
    }

    fn values_are_in_text(&self) -> bool {
        true
    }

    fn document_shape(&self, record: Shape) -> Shape {
        record
    }

    fn rows<'n, 'a>(&self, doc: &'n Node<'a>, out: &mut Vec<Row<'n, 'a>>) -> Result<(), String> {
        match doc {
            Node::Object(..) => out.push(Row::of(doc)),
            Node::Array(items, _) => {
                for item in items {
                    match item {
                        Node::Object(..) => out.push(Row::of(item)),
                        other => {
                            return Err(format!(
                                "expected an array of JSON objects, found an array holding {}",
                                other.kind()
                            ));
                        }
                    }
                }
            }
            other => return Err(format!("expected a JSON object, found {}", other.kind())),
        }
        Ok(())
    }
}
