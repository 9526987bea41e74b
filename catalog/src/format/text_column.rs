//! A column built from the text of one field per line, straight into its
//! Arrow type.
//!
//! The values are parsed as they arrive, with the same parser Arrow's
//! string cast uses, so a value that does not convert is NULL exactly as
//! `CAST(... AS type)` under safe casting makes it; nothing is first copied
//! into a string column. Types without such a parser (timestamps,
//! decimals, ...) are gathered as text and cast when the batch is built.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, PrimitiveBuilder, StringBuilder};
use datafusion::arrow::compute::kernels::cast_utils::Parser;
use datafusion::arrow::compute::{CastOptions, cast_with_options};
use datafusion::arrow::datatypes::{
    DataType, Date32Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use datafusion::arrow::error::ArrowError;

/// One output column of a text reader.
pub(crate) trait TextColumn: Send {
    /// Appends a field's text, or NULL.
    fn append(&mut self, value: Option<&str>);

    /// The values appended since the last call, as one array.
    fn finish(&mut self) -> Result<ArrayRef, ArrowError>;
}

/// The builder for a column of type `ty`.
pub(crate) fn text_column(ty: &DataType) -> Box<dyn TextColumn> {
    match ty {
        DataType::Utf8 => Box::new(Strings(StringBuilder::new())),
        DataType::Int8 => Box::new(Parsed::<Int8Type>::default()),
        DataType::Int16 => Box::new(Parsed::<Int16Type>::default()),
        DataType::Int32 => Box::new(Parsed::<Int32Type>::default()),
        DataType::Int64 => Box::new(Parsed::<Int64Type>::default()),
        DataType::UInt8 => Box::new(Parsed::<UInt8Type>::default()),
        DataType::UInt16 => Box::new(Parsed::<UInt16Type>::default()),
        DataType::UInt32 => Box::new(Parsed::<UInt32Type>::default()),
        DataType::UInt64 => Box::new(Parsed::<UInt64Type>::default()),
        DataType::Float32 => Box::new(Parsed::<Float32Type>::default()),
        DataType::Float64 => Box::new(Parsed::<Float64Type>::default()),
        DataType::Date32 => Box::new(Parsed::<Date32Type>::default()),
        other => Box::new(CastAtEnd {
            text: StringBuilder::new(),
            ty: other.clone(),
        }),
    }
}

struct Strings(StringBuilder);

impl TextColumn for Strings {
    fn append(&mut self, value: Option<&str>) {
        self.0.append_option(value);
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(self.0.finish()))
    }
}

struct Parsed<T: Parser>(PrimitiveBuilder<T>);

impl<T: Parser> Default for Parsed<T> {
    fn default() -> Self {
        Self(PrimitiveBuilder::new())
    }
}

impl<T: Parser> TextColumn for Parsed<T> {
    fn append(&mut self, value: Option<&str>) {
        self.0.append_option(value.and_then(T::parse));
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(self.0.finish()))
    }
}

struct CastAtEnd {
    text: StringBuilder,
    ty: DataType,
}

impl TextColumn for CastAtEnd {
    fn append(&mut self, value: Option<&str>) {
        self.text.append_option(value);
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        let text: ArrayRef = Arc::new(self.text.finish());
        let options = CastOptions {
            safe: true,
            ..Default::default()
        };
        cast_with_options(&text, &self.ty, &options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::Array;

    /// The column built by appending `values`, and the one Arrow's safe
    /// cast makes of the same strings: they must be equal.
    fn built_and_cast(ty: &DataType, values: &[Option<&str>]) -> (ArrayRef, ArrayRef) {
        let mut column = text_column(ty);
        values.iter().for_each(|v| column.append(*v));
        let built = column.finish().unwrap();
        let strings: ArrayRef = Arc::new(values.iter().copied().collect::<StringArray>());
        let cast = cast_with_options(
            &strings,
            ty,
            &CastOptions {
                safe: true,
                ..Default::default()
            },
        )
        .unwrap();
        (built, cast)
    }

    use datafusion::arrow::array::StringArray;

    #[test]
    fn parsing_as_values_arrive_agrees_with_the_cast() {
        let values = [
            Some("42"),
            Some("-"),
            Some(""),
            Some(" 7"),
            Some("7 "),
            Some("+3"),
            Some("-12"),
            Some("1.5"),
            Some("2147483648"),
            Some("-1"),
            Some("1e3"),
            Some("NaN"),
            Some("2026-12-02"),
            Some("2026-02-30"),
            None,
        ];
        let types = [
            DataType::Int8,
            DataType::Int16,
            DataType::Int32,
            DataType::Int64,
            DataType::UInt8,
            DataType::UInt16,
            DataType::UInt32,
            DataType::UInt64,
            DataType::Float32,
            DataType::Float64,
            DataType::Date32,
            DataType::Utf8,
            DataType::Boolean,
            DataType::Decimal128(10, 2),
        ];
        for ty in &types {
            let (built, cast) = built_and_cast(ty, &values);
            assert_eq!(built.data_type(), ty);
            assert_eq!(&built, &cast, "{ty}");
        }
    }

    #[test]
    fn a_column_is_reusable_after_finish() {
        let mut column = text_column(&DataType::Int32);
        column.append(Some("1"));
        assert_eq!(column.finish().unwrap().len(), 1);
        column.append(Some("x"));
        column.append(Some("2"));
        let second = column.finish().unwrap();
        assert_eq!(second.len(), 2);
        assert_eq!(second.null_count(), 1);
    }
}
