//! Which parts of a JSON document a scan builds.
//!
//! A CloudTrail record has a dozen nested objects, and a query reads two
//! or three of its columns. Building a tree node for every value only to
//! drop most of them was most of a scan's time, so the parser is told the
//! shape of what the columns read: members no column names are checked for
//! syntax and passed over, and an object under a `string` column is kept as
//! its text without building its members.

use datafusion::arrow::datatypes::{DataType, Fields, Schema};

/// What to build of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// All of it.
    Whole,
    /// An object or array as its source text alone; other values whole.
    Text,
    /// Of an object, only the members whose keys match these (lower-case,
    /// matched case-insensitively); of an array, each item so; other
    /// values whole.
    Members(Vec<(String, Shape)>),
    /// Of an array, each item with this shape; other values whole.
    Items(Box<Shape>),
}

impl Shape {
    /// The shape of a record read into `schema`'s columns.
    pub(crate) fn of_record(schema: &Schema) -> Self {
        members(schema.fields())
    }

    /// The member (matched case-insensitively) with its shape, if wanted.
    pub(crate) fn member<'s>(members: &'s [(String, Shape)], key: &str) -> Option<&'s Shape> {
        members
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, s)| s)
    }
}

fn members(fields: &Fields) -> Shape {
    Shape::Members(
        fields
            .iter()
            .map(|f| (f.name().to_ascii_lowercase(), of_type(f.data_type())))
            .collect(),
    )
}

/// A `string` column holds any value's text; a struct reads its fields;
/// an array each item; maps and scalars are built whole.
fn of_type(ty: &DataType) -> Shape {
    match ty {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Shape::Text,
        DataType::Struct(fields) => members(fields),
        DataType::List(item) | DataType::LargeList(item) => {
            Shape::Items(Box::new(of_type(item.data_type())))
        }
        _ => Shape::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::Field;
    use std::sync::Arc;

    #[test]
    fn columns_become_the_members_built() {
        let who = Fields::from(vec![Field::new("ARN", DataType::Utf8, true)]);
        let item = Arc::new(Field::new("item", DataType::Struct(who.clone()), true));
        let schema = Schema::new(vec![
            Field::new("eventName", DataType::Utf8, true),
            Field::new("useridentity", DataType::Struct(who), true),
            Field::new("resources", DataType::List(item), true),
            Field::new("n", DataType::Int64, true),
        ]);
        let arn = || Shape::Members(vec![("arn".into(), Shape::Text)]);
        assert_eq!(
            Shape::of_record(&schema),
            Shape::Members(vec![
                ("eventname".into(), Shape::Text),
                ("useridentity".into(), arn()),
                ("resources".into(), Shape::Items(Box::new(arn()))),
                ("n".into(), Shape::Whole),
            ])
        );
        let Shape::Members(m) = Shape::of_record(&schema) else {
            panic!()
        };
        assert_eq!(Shape::member(&m, "EventName"), Some(&Shape::Text));
        assert_eq!(Shape::member(&m, "other"), None);
    }
}
