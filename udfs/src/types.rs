//! Arrow types as Trino names them (`array(bigint)`, `map(varchar, json)`),
//! for `SHOW FUNCTIONS` and for messages.

use datafusion::arrow::datatypes::{DataType, Field};

use crate::json::cast::is_json;

/// The Trino name of `field`'s type, as Athena users read it; text tagged
/// as JSON is `json`.
pub fn trino_type_name(field: &Field) -> String {
    if is_json(field) {
        return "json".into();
    }
    match field.data_type() {
        DataType::Null => "unknown".into(),
        DataType::Boolean => "boolean".into(),
        DataType::Int8 | DataType::UInt8 => "tinyint".into(),
        DataType::Int16 | DataType::UInt16 => "smallint".into(),
        DataType::Int32 | DataType::UInt32 => "integer".into(),
        DataType::Int64 | DataType::UInt64 => "bigint".into(),
        DataType::Float16 | DataType::Float32 => "real".into(),
        DataType::Float64 => "double".into(),
        DataType::Decimal32(p, s)
        | DataType::Decimal64(p, s)
        | DataType::Decimal128(p, s)
        | DataType::Decimal256(p, s) => format!("decimal({p},{s})"),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "varchar".into(),
        DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_) => "varbinary".into(),
        DataType::Date32 | DataType::Date64 => "date".into(),
        DataType::Time32(_) | DataType::Time64(_) => "time".into(),
        DataType::Timestamp(_, None) => "timestamp".into(),
        DataType::Timestamp(_, Some(_)) => "timestamp with time zone".into(),
        DataType::Interval(_) | DataType::Duration(_) => "interval".into(),
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::LargeListView(f)
        | DataType::FixedSizeList(f, _) => format!("array({})", trino_type_name(f)),
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(kv) if kv.len() == 2 => format!(
                "map({}, {})",
                trino_type_name(&kv[0]),
                trino_type_name(&kv[1])
            ),
            _ => "map".into(),
        },
        DataType::Struct(fields) => format!(
            "row({})",
            fields
                .iter()
                .map(|f| format!("{} {}", f.name(), trino_type_name(f)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        DataType::Dictionary(_, value) => {
            trino_type_name(&Field::new(field.name(), value.as_ref().clone(), true))
        }
        other => other.to_string().to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::cast::json_field;

    #[test]
    fn json_inside_other_types_is_named_json() {
        let list = Field::new_list("a", json_field("item", true), true);
        assert_eq!(trino_type_name(&list), "array(json)");
        let row = Field::new_struct("r", vec![Field::new("n", DataType::Int64, true)], true);
        assert_eq!(trino_type_name(&row), "row(n bigint)");
    }
}
