//! `reverse`: a string with its characters (or a binary with its bytes) in
//! reverse order.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, BinaryArray, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::STRING_SECTION;
use crate::args::{Kind, binaries, coerce, str_at, strings};

/// Trino's `reverse` for VARCHAR and VARBINARY.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ReverseFunc {
    signature: Signature,
}

impl Default for ReverseFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ReverseFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for ReverseFunc {
    fn name(&self) -> &str {
        "reverse"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [t] if !t.is_null() && Kind::Bin.coerce(t).is_some() => Ok(vec![DataType::Binary]),
            _ => coerce(self.name(), arg_types, &[&[Kind::Str]]),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(match arg_types.first() {
            Some(DataType::Binary) => DataType::Binary,
            _ => DataType::Utf8,
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arg = &args.args[0];
        if arg.data_type() == DataType::Binary {
            let input = binaries(arg, rows)?;
            let out: BinaryArray = (0..rows)
                .map(|row| {
                    input.is_valid(row).then(|| {
                        let mut bytes = input.value(row).to_vec();
                        bytes.reverse();
                        bytes
                    })
                })
                .collect();
            return Ok(ColumnarValue::Array(Arc::new(out)));
        }
        let input = strings(arg, rows)?;
        let out: StringArray = (0..rows)
            .map(|row| str_at(&input, row).map(|s| s.chars().rev().collect::<String>()))
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                STRING_SECTION,
                "Returns `string` with its characters (Unicode code points) in reverse order, or a VARBINARY with its bytes reversed. Returns NULL when the argument is NULL. Matches Trino reverse for VARCHAR and VARBINARY.",
                "reverse(string)",
            )
            .with_sql_example("> SELECT reverse('héllo');\nolléh")
            .with_argument("string", "VARCHAR or VARBINARY.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::AsArray;
    use datafusion::common::ScalarValue;

    use super::*;
    use crate::args::testing::{invoke, str_values, strs};

    #[test]
    fn reverses_characters() -> Result<()> {
        let out = invoke(
            &ReverseFunc::new(),
            vec![strs(&[Some("héllo"), Some(""), None])],
            3,
        )?;
        assert_eq!(
            str_values(&out),
            vec![Some("olléh".into()), Some(String::new()), None]
        );
        Ok(())
    }

    #[test]
    fn reverses_bytes() -> Result<()> {
        let arg = ColumnarValue::Scalar(ScalarValue::Binary(Some(vec![1, 2, 0xFF])));
        let out = invoke(&ReverseFunc::new(), vec![arg], 1)?;
        assert_eq!(out.as_binary::<i32>().value(0), &[0xFF, 2, 1]);
        Ok(())
    }
}
