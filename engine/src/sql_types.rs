//! SQL types DataFusion's planner does not map to Arrow by itself: Trino's
//! `JSON` (text tagged as JSON, see `quarry_udfs::json::cast`), `MAP(K, V)`
//! and `VARBINARY`, and arrays and rows that hold them.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields, TimeUnit};
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::planner::TypePlanner;
use datafusion::sql::sqlparser::ast::{
    ArrayElemTypeDef, DataType as SqlType, ExactNumberInfo, StructField, TimezoneInfo,
};
use quarry_udfs::json::cast::json_field;

/// Plans `JSON`, `MAP(K, V)` and `VARBINARY`; every other type is left to
/// DataFusion.
#[derive(Debug, Default)]
pub(crate) struct TrinoTypes;

impl TypePlanner for TrinoTypes {
    fn plan_type_field(&self, sql_type: &SqlType) -> Result<Option<FieldRef>> {
        if !needs_planning(sql_type) {
            return Ok(None);
        }
        field("", sql_type).map(|f| Some(Arc::new(f)))
    }
}

fn needs_planning(sql_type: &SqlType) -> bool {
    match sql_type {
        SqlType::JSON | SqlType::Map(_, _) | SqlType::Varbinary(_) => true,
        SqlType::Array(ArrayElemTypeDef::AngleBracket(element)) => needs_planning(element),
        SqlType::Struct(fields, _) => fields.iter().any(|f| needs_planning(&f.field_type)),
        _ => false,
    }
}

fn field(name: &str, sql_type: &SqlType) -> Result<Field> {
    let data_type = match sql_type {
        SqlType::JSON => return Ok(json_field(name, true)),
        SqlType::Map(key, value) => {
            let key = field("key", key)?.with_nullable(false);
            let value = field("value", value)?;
            let entries = Field::new_struct("entries", vec![key, value], false);
            DataType::Map(Arc::new(entries), false)
        }
        SqlType::Array(ArrayElemTypeDef::AngleBracket(element)) => {
            DataType::List(Arc::new(field("item", element)?))
        }
        SqlType::Struct(fields, _) => DataType::Struct(row_fields(fields)?),
        other => scalar(other)?,
    };
    Ok(Field::new(name, data_type, true))
}

/// A ROW's fields; an unnamed field is `c0`, `c1`, .. as DataFusion names
/// them, and an unquoted name is folded to lower case as SQL folds it.
fn row_fields(fields: &[StructField]) -> Result<Fields> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = match &f.field_name {
                Some(ident) if ident.quote_style.is_some() => ident.value.clone(),
                Some(ident) => ident.value.to_lowercase(),
                None => format!("c{i}"),
            };
            field(&name, &f.field_type)
        })
        .collect()
}

/// The scalar types a MAP or JSON-holding type may contain, mapped as
/// DataFusion maps them.
fn scalar(sql_type: &SqlType) -> Result<DataType> {
    Ok(match sql_type {
        SqlType::Varchar(_)
        | SqlType::CharVarying(_)
        | SqlType::String(_)
        | SqlType::Text
        | SqlType::Char(_) => DataType::Utf8,
        SqlType::BigInt(_) | SqlType::Int64 => DataType::Int64,
        SqlType::Int(_) | SqlType::Integer(_) | SqlType::Int32 => DataType::Int32,
        SqlType::SmallInt(_) | SqlType::Int16 => DataType::Int16,
        SqlType::TinyInt(_) | SqlType::Int8(_) => DataType::Int8,
        SqlType::Double(_) | SqlType::DoublePrecision | SqlType::Float64 | SqlType::Float8 => {
            DataType::Float64
        }
        SqlType::Real | SqlType::Float4 | SqlType::Float32 => DataType::Float32,
        SqlType::Boolean | SqlType::Bool => DataType::Boolean,
        SqlType::Date => DataType::Date32,
        SqlType::Timestamp(_, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => {
            DataType::Timestamp(TimeUnit::Nanosecond, None)
        }
        SqlType::Decimal(ExactNumberInfo::PrecisionAndScale(p, s))
        | SqlType::Numeric(ExactNumberInfo::PrecisionAndScale(p, s)) => {
            match (u8::try_from(*p), i8::try_from(*s)) {
                (Ok(p), Ok(s)) => DataType::Decimal128(p, s),
                _ => return plan_err!("DECIMAL({p}, {s}) is out of range"),
            }
        }
        SqlType::Varbinary(_) | SqlType::Bytea | SqlType::Binary(_) => DataType::Binary,
        other => {
            return plan_err!(
                "the type {other} is not supported inside MAP or beside JSON; \
                 use VARCHAR, BIGINT, INTEGER, DOUBLE, BOOLEAN, DATE, TIMESTAMP, DECIMAL, JSON, \
                 ARRAY, MAP or ROW"
            );
        }
    })
}
