//! A SQL value as JSON text: Trino's `CAST(value AS JSON)`.
//!
//! VARCHAR becomes a JSON string, numbers and booleans JSON scalars, an
//! ARRAY a JSON array, a MAP a JSON object (keys sorted, as Trino prints
//! them) and a ROW a JSON object whose members follow the ROW's fields. A
//! NULL is SQL NULL at the top and `null` inside. Other types (dates,
//! timestamps) become JSON strings of their text.

use std::fmt::Write as _;
use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::common::{Result, exec_datafusion_err, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::{is_json, json_field};

/// `CAST(value AS JSON)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ToJsonFunc {
    signature: Signature,
}

impl Default for ToJsonFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ToJsonFunc {
    /// Creates the cast.
    pub fn new() -> Self {
        Self {
            signature: Signature::any(1, Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for ToJsonFunc {
    fn name(&self) -> &str {
        "cast_to_json"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(Arc::new(json_field(self.name(), true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let array = args.args[0].to_array(args.number_rows)?;
        let field = &args.arg_fields[0];
        let nulls = array.logical_nulls();
        let mut texts = Vec::with_capacity(array.len());
        for row in 0..array.len() {
            if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
                texts.push(None);
                continue;
            }
            let mut text = String::new();
            write_json(&mut text, array.as_ref(), field, row)?;
            texts.push(Some(text));
        }
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(texts))))
    }
}

/// Appends row `row` of `array` (whose field is `field`) as JSON.
fn write_json(out: &mut String, array: &dyn Array, field: &Field, row: usize) -> Result<()> {
    if array.is_null(row) || array.data_type() == &DataType::Null {
        out.push_str("null");
        return Ok(());
    }
    match array.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let text = string_at(array, row)?;
            if is_json(field) {
                // Already JSON: written as it stands, after a check.
                serde_json::from_str::<serde_json::Value>(&text).map_err(|e| {
                    exec_datafusion_err!("CAST AS JSON: '{text}' is not JSON ({e})")
                })?;
                out.push_str(&text);
            } else {
                push_string(out, &text)?;
            }
        }
        DataType::Boolean => {
            out.push_str(if array.as_boolean().value(row) {
                "true"
            } else {
                "false"
            });
        }
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Decimal128(_, _)
        | DataType::Decimal256(_, _) => out.push_str(&display(array, row)?),
        DataType::Float16 | DataType::Float32 | DataType::Float64 => {
            let text = display(array, row)?;
            match text.parse::<f64>() {
                Ok(f) if f.is_finite() => out.push_str(&text),
                // JSON has no NaN or infinity; Trino writes Java's names
                // for them as strings.
                Ok(f) if f.is_nan() => out.push_str("\"NaN\""),
                Ok(f) if f > 0.0 => out.push_str("\"Infinity\""),
                Ok(_) => out.push_str("\"-Infinity\""),
                Err(_) => push_string(out, &text)?,
            }
        }
        DataType::List(item) => {
            let values = array.as_list::<i32>().value(row);
            write_elements(out, values.as_ref(), item)?;
        }
        DataType::LargeList(item) => {
            let values = array.as_list::<i64>().value(row);
            write_elements(out, values.as_ref(), item)?;
        }
        DataType::Map(_, _) => {
            let entries = array.as_map().value(row);
            let (keys, values) = (entries.column(0), entries.column(1));
            let DataType::Struct(key_value) = entries.data_type() else {
                return exec_err!("CAST AS JSON: a MAP's entries are {}", entries.data_type());
            };
            let mut members = Vec::with_capacity(keys.len());
            for i in 0..keys.len() {
                members.push((display(keys.as_ref(), i)?, i));
            }
            members.sort();
            out.push('{');
            for (n, (key, i)) in members.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                push_string(out, key)?;
                out.push(':');
                write_json(out, values.as_ref(), &key_value[1], *i)?;
            }
            out.push('}');
        }
        DataType::Struct(fields) => {
            let rows = array.as_struct();
            out.push('{');
            for (n, (f, column)) in fields.iter().zip(rows.columns()).enumerate() {
                if n > 0 {
                    out.push(',');
                }
                push_string(out, f.name())?;
                out.push(':');
                write_json(out, column.as_ref(), f, row)?;
            }
            out.push('}');
        }
        DataType::Dictionary(_, value_type) => {
            let plain = cast(&array.slice(row, 1), value_type)?;
            let value_field = Field::new(field.name(), value_type.as_ref().clone(), true)
                .with_metadata(field.metadata().clone());
            write_json(out, plain.as_ref(), &value_field, 0)?;
        }
        _ => push_string(out, &display(array, row)?)?,
    }
    Ok(())
}

fn write_elements(out: &mut String, values: &dyn Array, item: &Field) -> Result<()> {
    out.push('[');
    for i in 0..values.len() {
        if i > 0 {
            out.push(',');
        }
        write_json(out, values, item, i)?;
    }
    out.push(']');
    Ok(())
}

fn string_at(array: &dyn Array, row: usize) -> Result<String> {
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row).to_string(),
        DataType::Utf8View => array.as_string_view().value(row).to_string(),
        other => return exec_err!("CAST AS JSON: {other} is not a string type"),
    })
}

fn display(array: &dyn Array, row: usize) -> Result<String> {
    let formatter = ArrayFormatter::try_new(array, &FormatOptions::default())?;
    let mut text = String::new();
    write!(text, "{}", formatter.value(row))
        .map_err(|e| exec_datafusion_err!("CAST AS JSON: {e}"))?;
    Ok(text)
}

fn push_string(out: &mut String, text: &str) -> Result<()> {
    let quoted =
        serde_json::to_string(text).map_err(|e| exec_datafusion_err!("CAST AS JSON: {e}"))?;
    out.push_str(&quoted);
    Ok(())
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{ArrayRef, Float64Array, Int32Array, StructArray};
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn to_json(array: ArrayRef, field: Field) -> Result<Vec<Option<String>>> {
        let rows = array.len();
        let out = ToJsonFunc::new().invoke_with_args(ScalarFunctionArgs {
            args: vec![ColumnarValue::Array(array)],
            arg_fields: vec![Arc::new(field)],
            number_rows: rows,
            return_field: Arc::new(json_field("r", true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let out = out.to_array(rows)?;
        Ok(out
            .as_string::<i32>()
            .iter()
            .map(|s| s.map(str::to_string))
            .collect())
    }

    #[test]
    fn text_is_quoted_unless_it_is_already_json() -> Result<()> {
        let texts: ArrayRef = Arc::new(StringArray::from(vec![Some("a\"b"), None, Some("[1]")]));
        let plain = to_json(Arc::clone(&texts), Field::new("s", DataType::Utf8, true))?;
        assert_eq!(
            plain,
            [
                Some(r#""a\"b""#.to_string()),
                None,
                Some(r#""[1]""#.to_string())
            ]
        );
        let json = StringArray::from(vec![Some("[1, 2]")]);
        let tagged = to_json(Arc::new(json), json_field("j", true))?;
        assert_eq!(tagged, [Some("[1, 2]".to_string())]);
        Ok(())
    }

    #[test]
    fn non_finite_doubles_become_strings() -> Result<()> {
        let doubles = Float64Array::from(vec![1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        let out = to_json(Arc::new(doubles), Field::new("d", DataType::Float64, false))?;
        assert_eq!(
            out,
            [
                Some("1.5".to_string()),
                Some("\"NaN\"".to_string()),
                Some("\"Infinity\"".to_string()),
                Some("\"-Infinity\"".to_string())
            ]
        );
        Ok(())
    }

    #[test]
    fn row_members_follow_the_fields_and_nulls_inside_are_json_null() -> Result<()> {
        let z: ArrayRef = Arc::new(Int32Array::from(vec![Some(1), None]));
        let a: ArrayRef = Arc::new(StringArray::from(vec!["x", "y"]));
        let rows = StructArray::from(vec![
            (Arc::new(Field::new("z", DataType::Int32, true)), z),
            (Arc::new(Field::new("a", DataType::Utf8, true)), a),
        ]);
        let field = Field::new("r", rows.data_type().clone(), true);
        let out = to_json(Arc::new(rows), field)?;
        assert_eq!(
            out,
            [
                Some(r#"{"z":1,"a":"x"}"#.to_string()),
                Some(r#"{"z":null,"a":"y"}"#.to_string())
            ]
        );
        Ok(())
    }
}
