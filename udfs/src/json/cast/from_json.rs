//! JSON text to a SQL value of a given type: Trino's `CAST(json AS T)`.
//!
//! Trino converts a JSON scalar to BOOLEAN, the integer types, REAL, DOUBLE
//! and VARCHAR (a JSON string to its text, a number to its digits, `true` to
//! `'true'`, and `null` to NULL); a JSON array to an ARRAY, a JSON object to a
//! MAP, and a JSON object (matched by field name) or array (by position) to a
//! ROW; a JSON element of any kind to JSON, which is how an analyst takes a
//! mixed array apart (`CAST(json AS ARRAY(JSON))`). Quarry reaches other
//! scalar types (DATE, TIMESTAMP, DECIMAL) through the value's text.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, ListArray, MapArray, StringArray,
    StructArray, new_null_array,
};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::compute::{CastOptions, cast_with_options, concat};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::{Map, Number, Value};

use super::is_json;
use crate::json::common::utf8_column;
use crate::types::trino_type_name;

/// What a cast does with a value it cannot convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OnFailure {
    /// `CAST`: the query fails, quoting the value.
    Error,
    /// `TRY_CAST`: that row is NULL.
    Null,
}

/// `CAST(json AS target)` or `TRY_CAST(json AS target)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FromJsonFunc {
    signature: Signature,
    target: FieldRef,
    on_failure: OnFailure,
}

impl FromJsonFunc {
    /// A cast of JSON text to `target`.
    pub fn new(target: FieldRef, on_failure: OnFailure) -> Self {
        Self {
            signature: Signature::string(1, Volatility::Immutable),
            target,
            on_failure,
        }
    }

    fn convert(&self, texts: &StringArray) -> Result<ArrayRef> {
        let mut parsed = Vec::with_capacity(texts.len());
        for text in texts.iter() {
            parsed.push(match text.map(serde_json::from_str::<Value>) {
                None | Some(Ok(Value::Null)) => None,
                Some(Ok(value)) => Some(value),
                Some(Err(e)) => match self.on_failure {
                    OnFailure::Null => None,
                    OnFailure::Error => {
                        return exec_err!(
                            "cannot cast '{}' to {}: the text is not JSON ({e})",
                            excerpt(text.unwrap_or_default()),
                            trino_type_name(&self.target)
                        );
                    }
                },
            });
        }
        let values: Vec<Option<&Value>> = parsed.iter().map(Option::as_ref).collect();
        match build(&values, &self.target) {
            Ok(array) => Ok(array),
            // Find the row at fault (CAST) or null only it (TRY_CAST).
            Err(_) => self.row_by_row(texts, &values),
        }
    }

    fn row_by_row(&self, texts: &StringArray, values: &[Option<&Value>]) -> Result<ArrayRef> {
        let mut rows = Vec::with_capacity(values.len());
        for (row, value) in values.iter().enumerate() {
            match build(&[*value], &self.target) {
                Ok(array) => rows.push(array),
                Err(why) => match self.on_failure {
                    OnFailure::Null => rows.push(new_null_array(self.target.data_type(), 1)),
                    OnFailure::Error => {
                        return exec_err!(
                            "cannot cast JSON '{}' to {}: {why}; TRY_CAST gives NULL instead",
                            excerpt(texts.value(row)),
                            trino_type_name(&self.target)
                        );
                    }
                },
            }
        }
        let rows: Vec<&dyn Array> = rows.iter().map(|a| a.as_ref()).collect();
        Ok(concat(&rows)?)
    }
}

impl ScalarUDFImpl for FromJsonFunc {
    fn name(&self) -> &str {
        "cast_from_json"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.target.data_type().clone())
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(Arc::new(self.target.as_ref().clone().with_nullable(true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let texts = utf8_column(&args.args[0], args.number_rows)?;
        self.convert(&texts).map(ColumnarValue::Array)
    }
}

/// The start of a value quoted in an error.
fn excerpt(text: &str) -> String {
    const LIMIT: usize = 120;
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_string(),
    }
}

/// What kind of JSON value `value` is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a JSON boolean",
        Value::Number(_) => "a JSON number",
        Value::String(_) => "a JSON string",
        Value::Array(_) => "a JSON array",
        Value::Object(_) => "a JSON object",
    }
}

/// The values as an array of `field`'s type, or why one does not convert.
fn build(values: &[Option<&Value>], field: &Field) -> Result<ArrayRef, String> {
    if is_json(field) {
        // A JSON element keeps even a JSON null: Trino's
        // CAST(JSON '[null]' AS ARRAY(JSON)) is [JSON 'null'].
        let texts: StringArray = values.iter().map(|v| v.map(Value::to_string)).collect();
        return Ok(Arc::new(texts));
    }
    let data_type = field.data_type();
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let texts = values
                .iter()
                .map(|v| varchar(*v))
                .collect::<Result<Vec<_>, _>>()?;
            cast_to(Arc::new(StringArray::from(texts)), data_type)
        }
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => {
            let (min, max) = integer_range(data_type);
            let ints = values
                .iter()
                .map(|v| integer(*v, min, max))
                .collect::<Result<Vec<_>, _>>()?;
            cast_to(Arc::new(Int64Array::from(ints)), data_type)
        }
        DataType::Float32 | DataType::Float64 => {
            let floats = values
                .iter()
                .map(|v| double(*v))
                .collect::<Result<Vec<_>, _>>()?;
            cast_to(Arc::new(Float64Array::from(floats)), data_type)
        }
        DataType::Boolean => {
            let bools = values
                .iter()
                .map(|v| boolean(*v))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Arc::new(BooleanArray::from(bools)))
        }
        DataType::List(item) => list(values, item),
        DataType::Map(entries, sorted) => map(values, entries, *sorted),
        DataType::Struct(fields) => {
            let mut columns: Vec<Vec<Option<&Value>>> =
                vec![Vec::with_capacity(values.len()); fields.len()];
            let mut valid = Vec::with_capacity(values.len());
            for value in values {
                match value {
                    None | Some(Value::Null) => columns.iter_mut().for_each(|c| c.push(None)),
                    Some(Value::Object(members)) => {
                        for (column, f) in columns.iter_mut().zip(fields.iter()) {
                            column.push(member(members, f.name()));
                        }
                    }
                    Some(Value::Array(items)) if items.len() == fields.len() => {
                        for (column, item) in columns.iter_mut().zip(items) {
                            column.push(Some(item));
                        }
                    }
                    Some(Value::Array(items)) => {
                        return Err(format!(
                            "a JSON array of {} elements does not fill a ROW of {} fields",
                            items.len(),
                            fields.len()
                        ));
                    }
                    Some(other) => {
                        return Err(format!(
                            "{} is neither a JSON object nor a JSON array",
                            kind(other)
                        ));
                    }
                }
                valid.push(!matches!(value, None | Some(Value::Null)));
            }
            let arrays = fields
                .iter()
                .zip(&columns)
                .map(|(f, column)| build(column, f))
                .collect::<Result<Vec<_>, _>>()?;
            let rows = StructArray::try_new(fields.clone(), arrays, Some(NullBuffer::from(valid)))
                .map_err(|e| e.to_string())?;
            Ok(Arc::new(rows))
        }
        other => {
            let texts = values
                .iter()
                .map(|v| varchar(*v))
                .collect::<Result<Vec<_>, _>>()?;
            cast_to(Arc::new(StringArray::from(texts)), other)
        }
    }
}

/// A JSON array per row as an ARRAY of `item`.
fn list(values: &[Option<&Value>], item: &FieldRef) -> Result<ArrayRef, String> {
    let mut offsets = Vec::with_capacity(values.len() + 1);
    offsets.push(0i32);
    let mut elements = Vec::new();
    let mut valid = Vec::with_capacity(values.len());
    for value in values {
        match value {
            None | Some(Value::Null) => valid.push(false),
            Some(Value::Array(items)) => {
                elements.extend(items.iter().map(Some));
                valid.push(true);
            }
            Some(other) => return Err(format!("{} is not a JSON array", kind(other))),
        }
        offsets.push(offset(elements.len())?);
    }
    let elements = build(&elements, item)?;
    let lists = ListArray::try_new(
        Arc::clone(item),
        OffsetBuffer::new(offsets.into()),
        elements,
        Some(NullBuffer::from(valid)),
    )
    .map_err(|e| e.to_string())?;
    Ok(Arc::new(lists))
}

/// A JSON object per row as a MAP; keys convert from their text, so
/// `MAP(BIGINT, ..)` reads `{"1": ..}` as Trino does.
fn map(values: &[Option<&Value>], entries: &FieldRef, sorted: bool) -> Result<ArrayRef, String> {
    let DataType::Struct(key_value) = entries.data_type() else {
        return Err(format!("a MAP's entries are {}", entries.data_type()));
    };
    if key_value.len() != 2 {
        return Err(format!("a MAP's entries have {} fields", key_value.len()));
    }
    let mut offsets = Vec::with_capacity(values.len() + 1);
    offsets.push(0i32);
    let (mut keys, mut items) = (Vec::new(), Vec::new());
    let mut valid = Vec::with_capacity(values.len());
    for value in values {
        match value {
            None | Some(Value::Null) => valid.push(false),
            Some(Value::Object(members)) => {
                for (key, item) in members {
                    keys.push(key.as_str());
                    items.push(Some(item));
                }
                valid.push(true);
            }
            Some(other) => return Err(format!("{} is not a JSON object", kind(other))),
        }
        offsets.push(offset(keys.len())?);
    }
    let keys = cast_to(Arc::new(StringArray::from(keys)), key_value[0].data_type())?;
    if keys.null_count() > 0 {
        return Err("a map key is NULL".to_string());
    }
    let items = build(&items, &key_value[1])?;
    let entries_array = StructArray::try_new(key_value.clone(), vec![keys, items], None)
        .map_err(|e| e.to_string())?;
    let maps = MapArray::try_new(
        Arc::clone(entries),
        OffsetBuffer::new(offsets.into()),
        entries_array,
        Some(NullBuffer::from(valid)),
        sorted,
    )
    .map_err(|e| e.to_string())?;
    Ok(Arc::new(maps))
}

fn offset(len: usize) -> Result<i32, String> {
    i32::try_from(len).map_err(|_| "more than 2^31 elements in one batch".to_string())
}

/// A ROW field's member: the key as written, else one differing only in
/// case (SQL folds unquoted field names to lower case; JSON keys are often
/// camelCase).
fn member<'a>(members: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    members.get(name).or_else(|| {
        members
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

fn varchar(value: Option<&Value>) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(format!("{} is not a scalar", kind(other))),
    }
}

fn integer_range(data_type: &DataType) -> (i64, i64) {
    match data_type {
        DataType::Int8 => (i8::MIN.into(), i8::MAX.into()),
        DataType::Int16 => (i16::MIN.into(), i16::MAX.into()),
        DataType::Int32 => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN, i64::MAX),
    }
}

/// Trino rounds a JSON number with a fraction to the nearest integer (half
/// away from zero) and parses a JSON string's text.
fn integer(value: Option<&Value>, min: i64, max: i64) -> Result<Option<i64>, String> {
    let out_of_range = || format!("{} is out of range", describe(value));
    let n = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Bool(b)) => i64::from(*b),
        Some(Value::Number(n)) => number_to_integer(n).ok_or_else(out_of_range)?,
        Some(Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("'{s}' is not an integer"))?,
        Some(other) => return Err(format!("{} is not a scalar", kind(other))),
    };
    if n < min || n > max {
        return Err(out_of_range());
    }
    Ok(Some(n))
}

fn number_to_integer(n: &Number) -> Option<i64> {
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    if n.is_u64() {
        return None;
    }
    let rounded = n.as_f64()?.round();
    // i64::MAX as f64 rounds up to 2^63, which is out of range.
    (rounded >= i64::MIN as f64 && rounded < i64::MAX as f64).then_some(rounded as i64)
}

fn describe(value: Option<&Value>) -> String {
    value.map_or_else(|| "NULL".to_string(), Value::to_string)
}

fn double(value: Option<&Value>) -> Result<Option<f64>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(if *b { 1.0 } else { 0.0 })),
        Some(Value::Number(n)) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| format!("{n} is not a double")),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| format!("'{s}' is not a number")),
        Some(other) => Err(format!("{} is not a scalar", kind(other))),
    }
}

/// Trino reads `true`/`false` (and `t`/`f`, `1`/`0`) from a JSON string, and
/// a number as true unless it is zero.
fn boolean(value: Option<&Value>) -> Result<Option<bool>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::Number(n)) => Ok(Some(n.as_f64().is_some_and(|f| f != 0.0))),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "1" => Ok(Some(true)),
            "false" | "f" | "0" => Ok(Some(false)),
            _ => Err(format!("'{s}' is not a boolean")),
        },
        Some(other) => Err(format!("{} is not a scalar", kind(other))),
    }
}

fn cast_to(array: ArrayRef, data_type: &DataType) -> Result<ArrayRef, String> {
    if array.data_type() == data_type {
        return Ok(array);
    }
    let options = CastOptions {
        safe: false,
        ..Default::default()
    };
    cast_with_options(&array, data_type, &options).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::Int64Type;

    use super::*;

    fn cast(texts: &[Option<&str>], target: DataType, on_failure: OnFailure) -> Result<ArrayRef> {
        let target = Arc::new(Field::new("t", target, true));
        FromJsonFunc::new(target, on_failure).convert(&StringArray::from(texts.to_vec()))
    }

    fn bigint_list() -> DataType {
        DataType::new_list(DataType::Int64, true)
    }

    #[test]
    fn arrays_keep_sql_and_json_nulls_apart_from_empty_arrays() -> Result<()> {
        let out = cast(
            &[
                Some("[1, null]"),
                None,
                Some("null"),
                Some("[]"),
                Some("[2.5]"),
            ],
            bigint_list(),
            OnFailure::Error,
        )?;
        let lists = out.as_list::<i32>();
        assert_eq!(lists.len(), 5);
        assert!(lists.is_null(1) && lists.is_null(2));
        assert!(!lists.is_null(3) && lists.value(3).is_empty());
        let first = lists.value(0);
        let first = first.as_primitive::<Int64Type>();
        assert_eq!((first.value(0), first.is_null(1)), (1, true));
        assert_eq!(lists.value(4).as_primitive::<Int64Type>().value(0), 3);
        Ok(())
    }

    #[test]
    fn try_cast_nulls_only_the_rows_that_fail() -> Result<()> {
        let out = cast(
            &[
                Some("[1]"),
                Some("[\"x\"]"),
                Some("{\"a\": 1}"),
                Some("[1,"),
                Some("[4]"),
            ],
            bigint_list(),
            OnFailure::Null,
        )?;
        let valid: Vec<bool> = (0..out.len()).map(|i| out.is_valid(i)).collect();
        assert_eq!(valid, [true, false, false, false, true]);
        Ok(())
    }

    #[test]
    fn cast_names_the_row_that_fails() {
        let err = cast(
            &[Some("[1]"), Some("[9223372036854775808]")],
            bigint_list(),
            OnFailure::Error,
        )
        .map(|_| ())
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("cannot cast JSON '[9223372036854775808]' to array(bigint): 9223372036854775808 is out of range"),
            "{err}"
        );
    }

    #[test]
    fn integers_round_half_away_from_zero_and_check_range() {
        let number = |text: &str| serde_json::from_str::<Value>(text).ok();
        let int = |text: &str, min, max| integer(number(text).as_ref(), min, max);
        assert_eq!(int("0.5", i64::MIN, i64::MAX), Ok(Some(1)));
        assert_eq!(int("-0.5", i64::MIN, i64::MAX), Ok(Some(-1)));
        assert_eq!(int("127.4", -128, 127), Ok(Some(127)));
        assert!(int("127.5", -128, 127).is_err());
        assert!(int("1e300", i64::MIN, i64::MAX).is_err());
        assert_eq!(int("\" 42 \"", i64::MIN, i64::MAX), Ok(Some(42)));
        assert!(int("[1]", i64::MIN, i64::MAX).is_err());
    }

    #[test]
    fn excerpts_stop_at_a_character_boundary() {
        let long = "é".repeat(200);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), 123);
        assert!(cut.ends_with("..."));
    }
}
