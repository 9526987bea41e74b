//! Schema inference for JSON records that come without declared columns.
//!
//! Rules (the same for top-level keys and for nested objects):
//! - every key seen anywhere in the sample becomes a column, in the order
//!   keys are first seen; keys that differ only in case are one column
//!   (matching is case-insensitive) and names are lower-cased, as Glue's
//!   crawler and Hive do, so that unquoted SQL identifiers find them;
//! - integers are `bigint`, other numbers `double`; `bigint` and `double`
//!   together widen to `double`;
//! - objects are `struct`s whose fields are the union of the fields seen;
//!   arrays are `array`s of the widened element type;
//! - any other conflict (a string and a number, an object and a scalar, an
//!   object and an array) widens to `string`, which holds the JSON text of
//!   non-string values, so no record fails to read;
//! - a key only ever `null` (or only `[]`) is `string` (`array<string>`).
//!
//! The sample is the first [`SAMPLE_RECORDS`] records, read in full: a key
//! first seen in the last record of the sample is a column like any other.
//! A key first appearing after the sample is not a column; declare the
//! columns, or re-create the table, to read it.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Fields, Schema};

use super::tree::Node;

/// How many records inference reads.
pub const SAMPLE_RECORDS: usize = 10_000;

/// The type inferred so far for one key.
#[derive(Debug, Clone, PartialEq)]
enum Inferred {
    Null,
    Bool,
    Int,
    Float,
    Text,
    List(Box<Inferred>),
    Object(Vec<(String, Inferred)>),
}

impl Inferred {
    fn of(node: &Node<'_>) -> Self {
        match node {
            Node::Null => Inferred::Null,
            Node::Bool(_) => Inferred::Bool,
            Node::Number(n) => {
                if n.bytes().all(|b| b.is_ascii_digit() || b == b'-') && n.parse::<i64>().is_ok() {
                    Inferred::Int
                } else {
                    Inferred::Float
                }
            }
            // Inference parses whole documents: only a shaped scan makes these.
            Node::String(_) | Node::Text(_) => Inferred::Text,
            Node::Array(items, _) => {
                let mut item = Inferred::Null;
                for i in items {
                    item = item.merge(Inferred::of(i));
                }
                Inferred::List(Box::new(item))
            }
            Node::Object(members, _) => {
                let mut fields = Vec::new();
                for (k, v) in members {
                    merge_field(&mut fields, k, Inferred::of(v));
                }
                Inferred::Object(fields)
            }
        }
    }

    fn merge(self, other: Inferred) -> Inferred {
        use Inferred::*;
        match (self, other) {
            (Null, x) | (x, Null) => x,
            (Int, Float) | (Float, Int) => Float,
            (List(a), List(b)) => List(Box::new(a.merge(*b))),
            (Object(mut a), Object(b)) => {
                for (k, v) in b {
                    merge_field(&mut a, &k, v);
                }
                Object(a)
            }
            (a, b) if a == b => a,
            _ => Text,
        }
    }

    fn to_arrow(&self) -> DataType {
        match self {
            Inferred::Null | Inferred::Text => DataType::Utf8,
            Inferred::Bool => DataType::Boolean,
            Inferred::Int => DataType::Int64,
            Inferred::Float => DataType::Float64,
            Inferred::List(item) => {
                DataType::List(Arc::new(Field::new("item", item.to_arrow(), true)))
            }
            Inferred::Object(fields) => DataType::Struct(fields_of(fields)),
        }
    }
}

fn merge_field(fields: &mut Vec<(String, Inferred)>, key: &str, ty: Inferred) {
    match fields.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
        Some((_, existing)) => {
            let old = std::mem::replace(existing, Inferred::Null);
            *existing = old.merge(ty);
        }
        None => fields.push((key.to_lowercase(), ty)),
    }
}

fn fields_of(fields: &[(String, Inferred)]) -> Fields {
    Fields::from(
        fields
            .iter()
            .map(|(k, v)| Field::new(k, v.to_arrow(), true))
            .collect::<Vec<_>>(),
    )
}

/// Accumulates the schema of a sample of records.
#[derive(Debug, Default)]
pub(crate) struct SchemaInference {
    fields: Vec<(String, Inferred)>,
    records: usize,
}

impl SchemaInference {
    /// Takes one record (a JSON object; other values are ignored).
    pub(crate) fn add(&mut self, record: &Node<'_>) {
        if let Node::Object(members, _) = record {
            for (k, v) in members {
                merge_field(&mut self.fields, k, Inferred::of(v));
            }
        }
        self.records += 1;
    }

    /// Whether the sample is complete.
    pub(crate) fn is_full(&self) -> bool {
        self.records >= SAMPLE_RECORDS
    }

    /// The schema inferred.
    pub(crate) fn finish(&self) -> Schema {
        Schema::new(fields_of(&self.fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::json::tree::Documents;
    use crate::provider::hive_type_of;

    fn infer(text: &str) -> Vec<(String, String)> {
        let mut docs = Documents::new(text);
        let mut inference = SchemaInference::default();
        while let Some(r) = docs.next_value() {
            inference.add(&r.unwrap().1);
        }
        inference
            .finish()
            .fields()
            .iter()
            .map(|f| (f.name().clone(), hive_type_of(f.data_type())))
            .collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn conflicts_widen() {
        let got = infer(
            r#"{"i":1,"f":1,"s":"a","o":{"a":1},"l":[1],"n":null,"b":true}
               {"i":2,"f":2.5,"s":3,"o":"text","l":[2.5],"n":null,"b":"yes"}"#,
        );
        assert_eq!(
            got,
            pairs(&[
                ("i", "bigint"),
                ("f", "double"),
                ("s", "string"),
                ("o", "string"),
                ("l", "array<double>"),
                ("n", "string"),
                ("b", "string"),
            ])
        );
    }

    #[test]
    fn late_keys_and_nested_unions_are_kept() {
        let mut text = String::new();
        for i in 0..(SAMPLE_RECORDS - 1) {
            text.push_str(&format!("{{\"a\":{i},\"u\":{{\"x\":1}}}}\n"));
        }
        text.push_str("{\"a\":1,\"Late\":\"z\",\"u\":{\"Y\":[{\"k\":1}]}}\n");
        let got = infer(&text);
        assert_eq!(
            got,
            pairs(&[
                ("a", "bigint"),
                ("u", "struct<x:bigint,y:array<struct<k:bigint>>>"),
                ("late", "string"),
            ])
        );
    }

    #[test]
    fn keys_differing_in_case_are_one_column() {
        let got = infer(r#"{"eventName":"a"} {"EventName":"b","big":123456789012345678901}"#);
        assert_eq!(got, pairs(&[("eventname", "string"), ("big", "double")]));
    }
}
