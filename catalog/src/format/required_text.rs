//! Passing over objects that cannot hold a row the query keeps, by looking
//! for the text its filter requires before anything is parsed.
//!
//! A filter such as `requestid = '5f0e...'` keeps only rows whose value is
//! that string, and a record holding it holds the same bytes in its source
//! text. So an object whose (decompressed) text lacks them holds no such
//! row, and searching for bytes is an order of magnitude cheaper than
//! parsing JSON. This is the needle lookup of a support ticket: one request
//! ID among millions of records.
//!
//! It holds only where a value's bytes are in the text as written, which a
//! layout vouches for ([`super::json`]'s `values_are_in_text`). JSON can
//! spell any character as `\uXXXX` (and `/` as `\/`): an object with either
//! escape is always parsed. Only literals without quotes, backslashes or
//! control characters are used, as those are the characters JSON escapes.
//! The filter itself is still applied to every row that is read. An
//! object passed over is not parsed, so a damaged one that lacks the text
//! raises no bad-record error: it held no row the query wanted.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Schema};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::Operator;
use datafusion::physical_expr::ScalarFunctionExpr;
use datafusion::physical_expr::expressions::{BinaryExpr, Column, InListExpr, LikeExpr, Literal};
use datafusion::physical_expr::split_conjunction;
use datafusion::physical_plan::PhysicalExpr;
use memchr::memmem;

/// Texts an object must contain to hold a row the filters keep: every
/// conjunct needs one of its alternatives.
#[derive(Debug, Clone)]
pub(crate) struct RequiredText {
    conjuncts: Vec<Vec<memmem::Finder<'static>>>,
}

impl RequiredText {
    /// What the conjuncts of `filters` require of an object's text, or
    /// `None` when none of them can rule one out. `file_schema` holds the
    /// columns read from the objects (partition columns are not in it).
    pub(crate) fn from_filters(
        filters: &[Arc<dyn PhysicalExpr>],
        file_schema: &Schema,
    ) -> Option<Self> {
        let conjuncts: Vec<Vec<memmem::Finder<'static>>> = filters
            .iter()
            .flat_map(split_conjunction)
            .filter_map(|c| alternatives(c.as_ref(), file_schema))
            .map(|texts| {
                texts
                    .into_iter()
                    .map(|t| memmem::Finder::new(t.as_bytes()).into_owned())
                    .collect()
            })
            .collect();
        (!conjuncts.is_empty()).then_some(Self { conjuncts })
    }

    /// Whether JSON `text` may hold a row the filters keep.
    pub(crate) fn may_hold_json(&self, text: &[u8]) -> bool {
        // One pass over the backslashes finds both escapes. An escaped
        // backslash before a `u` also counts: a needless parse costs only time.
        let escaped =
            memchr::memchr_iter(b'\\', text).any(|i| matches!(text.get(i + 1), Some(b'u' | b'/')));
        if escaped {
            return true;
        }
        self.conjuncts
            .iter()
            .all(|any| any.iter().any(|f| f.find(text).is_some()))
    }

    /// The texts looked for, for plans.
    pub(crate) fn describe(&self) -> String {
        let conjuncts: Vec<String> = self
            .conjuncts
            .iter()
            .map(|any| {
                let texts: Vec<String> = any
                    .iter()
                    .map(|f| format!("'{}'", String::from_utf8_lossy(f.needle())))
                    .collect();
                texts.join(" or ")
            })
            .collect();
        conjuncts.join(" and ")
    }
}

/// The texts one of which a row satisfying `expr` holds, if it must.
fn alternatives(expr: &dyn PhysicalExpr, schema: &Schema) -> Option<Vec<String>> {
    if let Some(binary) = expr.downcast_ref::<BinaryExpr>() {
        return match binary.op() {
            Operator::Eq => {
                let (field, value) = if text_field(binary.left(), schema) {
                    (true, literal(binary.right()))
                } else {
                    (text_field(binary.right(), schema), literal(binary.left()))
                };
                if !field {
                    return None;
                }
                searchable(value?).map(|v| vec![v])
            }
            Operator::Or => {
                let mut left = alternatives(binary.left().as_ref(), schema)?;
                left.extend(alternatives(binary.right().as_ref(), schema)?);
                Some(left)
            }
            _ => None,
        };
    }
    if let Some(list) = expr.downcast_ref::<InListExpr>() {
        if list.negated() || !text_field(list.expr(), schema) || list.list().is_empty() {
            return None;
        }
        return list
            .list()
            .iter()
            .map(|v| literal(v).and_then(searchable))
            .collect();
    }
    if let Some(like) = expr.downcast_ref::<LikeExpr>() {
        if like.negated() || like.case_insensitive() || !text_field(like.expr(), schema) {
            return None;
        }
        let pattern = literal(like.pattern())?;
        // A backslash escapes the next character in DataFusion's LIKE.
        if pattern.contains('\\') {
            return None;
        }
        let longest = pattern
            .split(['%', '_'])
            .max_by_key(|fragment| fragment.len())?;
        return searchable(longest.to_string()).map(|v| vec![v]);
    }
    None
}

/// Whether `expr` is a string read from the objects: a string column of
/// the file, or a string field of one of its structs.
fn text_field(expr: &Arc<dyn PhysicalExpr>, schema: &Schema) -> bool {
    from_file(expr, schema)
        && matches!(
            expr.data_type(schema),
            Ok(DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
        )
}

fn from_file(expr: &Arc<dyn PhysicalExpr>, schema: &Schema) -> bool {
    if let Some(column) = expr.downcast_ref::<Column>() {
        return schema
            .fields()
            .get(column.index())
            .is_some_and(|f| f.name() == column.name());
    }
    if let Some(function) = expr.downcast_ref::<ScalarFunctionExpr>() {
        return function.name() == "get_field"
            && function
                .args()
                .first()
                .is_some_and(|parent| from_file(parent, schema));
    }
    false
}

fn literal(expr: &Arc<dyn PhysicalExpr>) -> Option<String> {
    match expr.downcast_ref::<Literal>()?.value() {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Some(s.clone()),
        _ => None,
    }
}

/// A literal worth looking for: not empty, and written the same in any
/// JSON text that holds it.
fn searchable(value: String) -> Option<String> {
    let plain = !value.is_empty() && !value.chars().any(|c| c == '"' || c == '\\' || c < ' ');
    plain.then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::{Field, Fields};
    use datafusion::physical_expr::expressions::{in_list, lit};

    fn schema() -> Schema {
        let who = Fields::from(vec![Field::new("arn", DataType::Utf8, true)]);
        Schema::new(vec![
            Field::new("requestid", DataType::Utf8, true),
            Field::new("eventname", DataType::Utf8, true),
            Field::new("useridentity", DataType::Struct(who), true),
            Field::new("count", DataType::Int64, true),
        ])
    }

    fn column(name: &str) -> Arc<dyn PhysicalExpr> {
        let s = schema();
        let index = s.index_of(name).unwrap();
        Arc::new(Column::new(name, index))
    }

    fn eq(left: Arc<dyn PhysicalExpr>, right: Arc<dyn PhysicalExpr>) -> Arc<dyn PhysicalExpr> {
        Arc::new(BinaryExpr::new(left, Operator::Eq, right))
    }

    fn or(left: Arc<dyn PhysicalExpr>, right: Arc<dyn PhysicalExpr>) -> Arc<dyn PhysicalExpr> {
        Arc::new(BinaryExpr::new(left, Operator::Or, right))
    }

    fn required(filters: &[Arc<dyn PhysicalExpr>]) -> Option<RequiredText> {
        RequiredText::from_filters(filters, &schema())
    }

    const DOC: &[u8] = br#"{"Records":[{"requestID":"abc-1","eventName":"GetObject"}]}"#;

    #[test]
    fn an_equality_needs_its_literal_in_the_text() {
        let found = required(&[eq(column("requestid"), lit("abc-1"))]).unwrap();
        assert!(found.may_hold_json(DOC));
        let missing = required(&[eq(lit("abc-2"), column("requestid"))]).unwrap();
        assert!(!missing.may_hold_json(DOC));
    }

    #[test]
    fn every_conjunct_must_be_found_and_any_alternative_will_do() {
        let both = [
            eq(column("requestid"), lit("abc-1")),
            eq(column("eventname"), lit("PutObject")),
        ];
        assert!(!required(&both).unwrap().may_hold_json(DOC));
        let either = or(
            eq(column("eventname"), lit("PutObject")),
            eq(column("eventname"), lit("GetObject")),
        );
        assert!(required(&[either]).unwrap().may_hold_json(DOC));
        let list = in_list(
            column("eventname"),
            vec![lit("PutObject"), lit("DeleteObject")],
            &false,
            &schema(),
        )
        .unwrap();
        assert!(!required(&[list]).unwrap().may_hold_json(DOC));
    }

    #[test]
    fn an_escape_anywhere_means_the_text_is_parsed() {
        let f = required(&[eq(column("requestid"), lit("abc-2"))]).unwrap();
        assert!(f.may_hold_json(br#"{"requestID":"abc\u002d2"}"#));
        assert!(f.may_hold_json(br#"{"requestID":"x","p":"a\/b"}"#));
        // Escaped quotes spell no ordinary character: still ruled out.
        assert!(!f.may_hold_json(br#"{"requestID":"x","p":"a\"b"}"#));
    }

    #[test]
    fn conditions_that_cannot_rule_out_an_object_are_ignored() {
        let one_or_other = or(
            eq(column("requestid"), lit("abc-1")),
            Arc::new(BinaryExpr::new(
                column("count"),
                Operator::Gt,
                lit(ScalarValue::Int64(Some(3))),
            )),
        );
        assert!(required(&[one_or_other]).is_none());
        assert!(required(&[eq(column("count"), lit(ScalarValue::Int64(Some(3))))]).is_none());
        assert!(required(&[eq(column("requestid"), lit(""))]).is_none());
        assert!(required(&[eq(column("requestid"), lit("a\"b"))]).is_none());
        // A column that is not the file's (a partition column) says nothing.
        let partition: Arc<dyn PhysicalExpr> = Arc::new(Column::new("year", 4));
        assert!(required(&[eq(partition, lit("2026"))]).is_none());
    }

    #[test]
    fn like_needs_its_longest_fragment() {
        let like = |pattern: &str, negated: bool| -> Arc<dyn PhysicalExpr> {
            Arc::new(LikeExpr::new(
                negated,
                false,
                column("eventname"),
                lit(pattern),
            ))
        };
        let f = required(&[like("Get%ject", false)]).unwrap();
        assert_eq!(f.describe(), "'ject'");
        assert!(f.may_hold_json(DOC));
        assert!(
            !required(&[like("%Put%", false)])
                .unwrap()
                .may_hold_json(DOC)
        );
        assert!(required(&[like("%Put%", true)]).is_none());
        assert!(required(&[like("%", false)]).is_none());
    }
}
