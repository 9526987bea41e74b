//! Parsed JSON records to Arrow columns of the declared types.
//!
//! The conversion rules (documented for users in the format's module doc):
//! - A key matches a column or struct field case-insensitively; an absent
//!   key or a JSON `null` is NULL; keys no column names are ignored.
//! - A `string` column takes any JSON value: a string as its text, a number
//!   or boolean as written, an object or array as its JSON text exactly as
//!   in the file (Athena's CloudTrail and openx SerDes do the same).
//! - Numeric, boolean, date, timestamp and decimal columns take a JSON
//!   scalar (a number, a boolean, or a string holding one, such as `"42"`)
//!   that converts to the column's type; anything else (`"abc"` or `1.5` in
//!   an `int`, an object in a `bigint`, a number past the type's range) is
//!   an error naming the record, as Athena's HIVE_BAD_DATA is, and is
//!   skipped and counted under `quarry.bad_records` = `skip`.
//! - `struct`, `array` and `map` columns take a JSON object, array and
//!   object respectively; another kind of value is likewise an error.

use std::sync::Arc;

use datafusion::arrow::array::builder::NullBufferBuilder;
use datafusion::arrow::array::{
    Array, ArrayRef, ListArray, MapArray, RecordBatch, StringArray, StringBuilder, StructArray,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::{CastOptions, cast_with_options};
use datafusion::arrow::datatypes::{DataType, Fields, SchemaRef};
use datafusion::arrow::record_batch::RecordBatchOptions;

use super::tree::Node;
use crate::provider::hive_type_of;

/// A value that does not fit its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConvError {
    /// The record (row of the batch being built).
    pub row: usize,
    /// The column, with struct fields after dots (`useridentity.type`).
    pub column: String,
    /// What was wrong.
    pub message: String,
}

/// A value to convert, and the record it came from.
#[derive(Clone, Copy)]
struct Slot<'n, 'a> {
    row: usize,
    node: Option<&'n Node<'a>>,
}

impl<'n, 'a> Slot<'n, 'a> {
    /// The value, `None` when absent or JSON null.
    fn value(&self) -> Option<&'n Node<'a>> {
        self.node.filter(|n| !matches!(n, Node::Null))
    }
}

/// One row to be: a JSON object, and optionally the object it was found
/// in, whose keys fill the columns the record lacks (a CloudWatch log
/// event takes `logGroup` from its envelope).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<'n, 'a> {
    /// The record.
    pub record: &'n Node<'a>,
    /// Its envelope.
    pub envelope: Option<&'n Node<'a>>,
}

impl<'n, 'a> Row<'n, 'a> {
    /// A row of `record` alone.
    pub(crate) fn of(record: &'n Node<'a>) -> Self {
        Self {
            record,
            envelope: None,
        }
    }

    fn get(&self, key: &str) -> Option<&'n Node<'a>> {
        self.record
            .get(key)
            .or_else(|| self.envelope.and_then(|e| e.get(key)))
    }
}

/// Builds a batch of `schema` from `rows`.
pub(crate) fn decode_batch(
    schema: &SchemaRef,
    rows: &[Row<'_, '_>],
) -> Result<RecordBatch, ConvError> {
    let mut columns = Vec::with_capacity(schema.fields().len());
    for field in schema.fields() {
        let slots: Vec<Slot<'_, '_>> = rows
            .iter()
            .enumerate()
            .map(|(row, r)| Slot {
                row,
                node: r.get(field.name()),
            })
            .collect();
        columns.push(decode(field.data_type(), &slots, field.name())?);
    }
    let options = RecordBatchOptions::new().with_row_count(Some(rows.len()));
    RecordBatch::try_new_with_options(Arc::clone(schema), columns, &options).map_err(|e| {
        ConvError {
            row: 0,
            column: String::new(),
            message: format!("internal error assembling the batch: {e}"),
        }
    })
}

fn mismatch(slot: &Slot<'_, '_>, column: &str, want: &str, node: &Node<'_>) -> ConvError {
    ConvError {
        row: slot.row,
        column: column.to_string(),
        message: format!("expected {want}, found {} {}", node.kind(), excerpt(node)),
    }
}

/// A short quotation of a value for messages.
fn excerpt(node: &Node<'_>) -> String {
    let text = node.json_text();
    if text.len() <= 60 {
        return text.into_owned();
    }
    let mut end = 60;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

fn internal(column: &str, e: impl std::fmt::Display) -> ConvError {
    ConvError {
        row: 0,
        column: column.to_string(),
        message: format!("internal error building the column: {e}"),
    }
}

fn decode(ty: &DataType, slots: &[Slot<'_, '_>], column: &str) -> Result<ArrayRef, ConvError> {
    match ty {
        DataType::Utf8 => Ok(Arc::new(strings(slots))),
        DataType::Struct(fields) => structs(fields, slots, column),
        DataType::List(item) => {
            let mut offsets = Vec::with_capacity(slots.len() + 1);
            offsets.push(0i32);
            let mut nulls = NullBufferBuilder::new(slots.len());
            let mut children = Vec::new();
            for slot in slots {
                match slot.value() {
                    None => nulls.append_null(),
                    Some(Node::Array(items, _)) => {
                        nulls.append_non_null();
                        children.extend(items.iter().map(|n| Slot {
                            row: slot.row,
                            node: Some(n),
                        }));
                    }
                    Some(other) => return Err(mismatch(slot, column, "an array", other)),
                }
                offsets.push(offset(children.len(), column)?);
            }
            let values = decode(item.data_type(), &children, column)?;
            ListArray::try_new(
                Arc::clone(item),
                OffsetBuffer::new(offsets.into()),
                values,
                nulls.finish(),
            )
            .map(|a| Arc::new(a) as ArrayRef)
            .map_err(|e| internal(column, e))
        }
        DataType::Map(entries, ordered) => {
            let DataType::Struct(kv) = entries.data_type() else {
                return Err(internal(column, "map entries are not a struct"));
            };
            if kv.len() != 2 {
                return Err(internal(column, "map entries are not key and value"));
            }
            let mut offsets = Vec::with_capacity(slots.len() + 1);
            offsets.push(0i32);
            let mut nulls = NullBufferBuilder::new(slots.len());
            let mut keys: Vec<Node<'_>> = Vec::new();
            let mut key_rows = Vec::new();
            let mut values = Vec::new();
            for slot in slots {
                match slot.value() {
                    None => nulls.append_null(),
                    Some(Node::Object(members, _)) => {
                        nulls.append_non_null();
                        for (k, v) in members {
                            keys.push(Node::String(k.clone()));
                            key_rows.push(slot.row);
                            values.push(Slot {
                                row: slot.row,
                                node: Some(v),
                            });
                        }
                    }
                    Some(other) => return Err(mismatch(slot, column, "an object", other)),
                }
                offsets.push(offset(values.len(), column)?);
            }
            let key_slots: Vec<Slot<'_, '_>> = keys
                .iter()
                .zip(key_rows)
                .map(|(k, row)| Slot { row, node: Some(k) })
                .collect();
            let key_array = decode(kv[0].data_type(), &key_slots, column)?;
            if key_array.null_count() > 0 {
                return Err(internal(column, "a map key converted to NULL"));
            }
            let value_array = decode(kv[1].data_type(), &values, column)?;
            let entries_array =
                StructArray::try_new(kv.clone(), vec![key_array, value_array], None)
                    .map_err(|e| internal(column, e))?;
            MapArray::try_new(
                Arc::clone(entries),
                OffsetBuffer::new(offsets.into()),
                entries_array,
                nulls.finish(),
                *ordered,
            )
            .map(|a| Arc::new(a) as ArrayRef)
            .map_err(|e| internal(column, e))
        }
        other => scalars(other, slots, column),
    }
}

fn offset(len: usize, column: &str) -> Result<i32, ConvError> {
    i32::try_from(len).map_err(|_| internal(column, "more than 2^31 nested values in one batch"))
}

fn strings(slots: &[Slot<'_, '_>]) -> StringArray {
    let mut builder = StringBuilder::with_capacity(slots.len(), slots.len() * 16);
    for slot in slots {
        match slot.value() {
            None => builder.append_null(),
            Some(Node::String(s)) => builder.append_value(s),
            Some(other) => builder.append_value(other.json_text()),
        }
    }
    builder.finish()
}

fn structs(fields: &Fields, slots: &[Slot<'_, '_>], column: &str) -> Result<ArrayRef, ConvError> {
    let mut nulls = NullBufferBuilder::new(slots.len());
    for slot in slots {
        match slot.value() {
            None => nulls.append_null(),
            Some(Node::Object(..)) => nulls.append_non_null(),
            Some(other) => return Err(mismatch(slot, column, "an object", other)),
        }
    }
    let nulls = nulls.finish();
    if fields.is_empty() {
        return Ok(Arc::new(StructArray::new_empty_fields(slots.len(), nulls)));
    }
    let mut children = Vec::with_capacity(fields.len());
    for field in fields {
        let child: Vec<Slot<'_, '_>> = slots
            .iter()
            .map(|s| Slot {
                row: s.row,
                node: s.value().and_then(|n| n.get(field.name())),
            })
            .collect();
        let path = format!("{column}.{}", field.name());
        children.push(decode(field.data_type(), &child, &path)?);
    }
    StructArray::try_new(fields.clone(), children, nulls)
        .map(|a| Arc::new(a) as ArrayRef)
        .map_err(|e| internal(column, e))
}

/// Numbers, booleans, dates, timestamps, decimals and binary: the JSON
/// scalar's text, converted by Arrow's string casts; a value the cast turns
/// to NULL is an error at its record.
fn scalars(ty: &DataType, slots: &[Slot<'_, '_>], column: &str) -> Result<ArrayRef, ConvError> {
    let mut builder = StringBuilder::with_capacity(slots.len(), slots.len() * 8);
    for slot in slots {
        match slot.value() {
            None => builder.append_null(),
            Some(Node::String(s)) => builder.append_value(s.trim()),
            Some(Node::Number(n)) if matches!(ty, DataType::Timestamp(..)) => {
                match n.parse::<i64>().ok().and_then(epoch_millis_text) {
                    Some(text) => builder.append_value(text),
                    None => builder.append_value(n),
                }
            }
            Some(Node::Number(n)) => builder.append_value(n),
            Some(Node::Bool(b)) => builder.append_value(if *b { "true" } else { "false" }),
            Some(other) => {
                return Err(mismatch(
                    slot,
                    column,
                    &format!("a {} value", hive_type_of(ty)),
                    other,
                ));
            }
        }
    }
    let text = builder.finish();
    let options = CastOptions {
        safe: true,
        ..Default::default()
    };
    let out = cast_with_options(&text, ty, &options).map_err(|e| internal(column, e))?;
    if out.null_count() != text.null_count() {
        for (i, slot) in slots.iter().enumerate() {
            if text.is_valid(i)
                && out.is_null(i)
                && let Some(node) = slot.value()
            {
                return Err(mismatch(
                    slot,
                    column,
                    &format!("a {} value", hive_type_of(ty)),
                    node,
                ));
            }
        }
    }
    Ok(out)
}

/// A number in a timestamp column is milliseconds since the epoch (as
/// CloudWatch Logs and most JSON producers write them), as ISO 8601 text.
fn epoch_millis_text(ms: i64) -> Option<String> {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Days to civil date: Howard Hinnant's algorithm.
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if !(0..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::json::tree::Documents;
    use datafusion::arrow::datatypes::{Field, Schema};
    use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

    use crate::hive_types::HiveType;

    fn parse(text: &str) -> Vec<Node<'_>> {
        let mut docs = Documents::new(text);
        let mut out = Vec::new();
        while let Some(r) = docs.next_value() {
            out.push(r.unwrap().1);
        }
        out
    }

    fn schema(cols: &[(&str, &str)]) -> SchemaRef {
        Arc::new(Schema::new(
            cols.iter()
                .map(|(n, t)| Field::new(*n, HiveType::parse(t).unwrap().to_arrow(), true))
                .collect::<Vec<_>>(),
        ))
    }

    fn show(batch: &RecordBatch, col: usize) -> Vec<String> {
        let opts = FormatOptions::default().with_null("NULL");
        let f = ArrayFormatter::try_new(batch.column(col).as_ref(), &opts).unwrap();
        (0..batch.num_rows())
            .map(|i| f.value(i).to_string())
            .collect()
    }

    fn run(text: &str, cols: &[(&str, &str)]) -> Result<RecordBatch, ConvError> {
        let records = parse(text);
        let refs: Vec<Row<'_, '_>> = records.iter().map(Row::of).collect();
        decode_batch(&schema(cols), &refs)
    }

    #[test]
    fn names_match_case_insensitively_and_absent_keys_are_null() {
        let batch = run(
            r#"{"eventName":"GetObject","Extra":1}
               {"EVENTNAME":"PutObject"}
               {"other":true}
               {"eventname":null}"#,
            &[("eventname", "string")],
        )
        .unwrap();
        assert_eq!(show(&batch, 0), ["GetObject", "PutObject", "NULL", "NULL"]);
    }

    #[test]
    fn string_columns_keep_json_text_of_anything() {
        let batch = run(
            r#"{"p":{"bucketName":"b", "key" : [1,2]}}
               {"p":[true,null]}
               {"p":12.50}
               {"p":false}
               {"p":"x\"y"}"#,
            &[("p", "string")],
        )
        .unwrap();
        assert_eq!(
            show(&batch, 0),
            [
                r#"{"bucketName":"b", "key" : [1,2]}"#,
                "[true,null]",
                "12.50",
                "false",
                "x\"y"
            ]
        );
    }

    #[test]
    fn scalars_convert_or_fail_naming_the_record() {
        let batch = run(
            r#"{"n":1,"d":1.5,"b":true,"t":"2023-07-10T11:45:07Z"}
               {"n":"42","d":"2e3","b":"false","t":"2023-07-10 11:45:07.5"}
               {"n":-9223372036854775808,"d":3,"b":null}"#,
            &[
                ("n", "bigint"),
                ("d", "double"),
                ("b", "boolean"),
                ("t", "timestamp"),
            ],
        )
        .unwrap();
        assert_eq!(show(&batch, 0), ["1", "42", "-9223372036854775808"]);
        assert_eq!(show(&batch, 1), ["1.5", "2000.0", "3.0"]);
        assert_eq!(show(&batch, 2), ["true", "false", "NULL"]);
        assert_eq!(
            show(&batch, 3),
            ["2023-07-10T11:45:07", "2023-07-10T11:45:07.500", "NULL"]
        );

        let err = run(r#"{"n":1} {"n":1.5}"#, &[("n", "int")]).unwrap_err();
        assert_eq!((err.row, err.column.as_str()), (1, "n"));
        assert!(err.message.contains("found number 1.5"), "{}", err.message);
        let err = run(r#"{"n":1} {"n":"x"} {"n":300}"#, &[("n", "tinyint")]).unwrap_err();
        assert_eq!(err.row, 1);
        let err = run(r#"{"n":300}"#, &[("n", "tinyint")]).unwrap_err();
        assert_eq!(err.row, 0);
        let err = run(r#"{"n":{"a":1}}"#, &[("n", "bigint")]).unwrap_err();
        assert!(err.message.contains("found object"), "{}", err.message);
    }

    #[test]
    fn numbers_in_timestamp_columns_are_epoch_milliseconds() {
        // 1688989507123 ms: 2023-07-10 11:45:07.123 UTC (date -u -d @1688989507).
        let batch = run(
            r#"{"t":1688989507123} {"t":0} {"t":-1}"#,
            &[("t", "timestamp")],
        )
        .unwrap();
        assert_eq!(
            show(&batch, 0),
            [
                "2023-07-10T11:45:07.123",
                "1970-01-01T00:00:00",
                "1969-12-31T23:59:59.999"
            ]
        );
        assert_eq!(
            epoch_millis_text(951_782_400_000).unwrap(),
            "2000-02-29T00:00:00.000"
        );
    }

    #[test]
    fn nested_types_follow_the_declaration() {
        let batch = run(
            r#"{"u":{"Type":"IAMUser","SessionContext":{"Attributes":{"mfaAuthenticated":"false"}}},
                "r":[{"ARN":"a1","type":"t"},{"arn":"a2"}],
                "m":{"k1":"v","k2":{"x":1}}}
               {"u":null,"r":[],"m":{}}
               {}"#,
            &[
                ("u", "struct<type:string,sessioncontext:struct<attributes:struct<mfaauthenticated:string>>>"),
                ("r", "array<struct<arn:string,type:string>>"),
                ("m", "map<string,string>"),
            ],
        )
        .unwrap();
        assert_eq!(
            show(&batch, 0),
            [
                "{type: IAMUser, sessioncontext: {attributes: {mfaauthenticated: false}}}",
                "NULL",
                "NULL"
            ]
        );
        assert_eq!(
            show(&batch, 1),
            ["[{arn: a1, type: t}, {arn: a2, type: NULL}]", "[]", "NULL"]
        );
        assert_eq!(show(&batch, 2), [r#"{k1: v, k2: {"x":1}}"#, "{}", "NULL"]);

        let err = run(r#"{"r":"not a list"}"#, &[("r", "array<string>")]).unwrap_err();
        assert!(err.message.contains("expected an array"), "{}", err.message);
        let err = run(r#"{"u":{"a":"x"}}"#, &[("u", "struct<a:int>")]).unwrap_err();
        assert_eq!(err.column, "u.a");
    }
}
