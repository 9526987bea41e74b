//! `to_hex`: binary data as upper-case hexadecimal text.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use super::common::BINARY_SECTION;
use crate::args::{Kind, binaries, coerce};

/// Trino's `to_hex(varbinary)`; an integer argument keeps DataFusion's
/// `to_hex` (lower-case, two's complement), which Trino does not have.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ToHexFunc {
    signature: Signature,
    builtin: Arc<ScalarUDF>,
}

impl Default for ToHexFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ToHexFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            builtin: datafusion::functions::string::to_hex(),
        }
    }
}

fn is_integer(arg_types: &[DataType]) -> bool {
    matches!(arg_types, [t] if t.is_integer())
}

impl ScalarUDFImpl for ToHexFunc {
    fn name(&self) -> &str {
        "to_hex"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if is_integer(arg_types) {
            return Ok(arg_types.to_vec());
        }
        coerce(self.name(), arg_types, &[&[Kind::Bin]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        if args.args[0].data_type().is_integer() {
            let rows = args.number_rows;
            let out = self
                .builtin
                .inner()
                .invoke_with_args(args)?
                .into_array(rows)?;
            let out = datafusion::arrow::compute::cast(&out, &DataType::Utf8)?;
            return Ok(ColumnarValue::Array(out));
        }
        let rows = args.number_rows;
        let input = binaries(&args.args[0], rows)?;
        let out: StringArray = (0..rows)
            .map(|row| {
                input.is_valid(row).then(|| {
                    let bytes = input.value(row);
                    let mut text = String::with_capacity(bytes.len() * 2);
                    for b in bytes {
                        let _ = write!(text, "{b:02X}");
                    }
                    text
                })
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                BINARY_SECTION,
                "Encodes `binary` as upper-case hexadecimal text, two digits per byte. NULL for NULL. Matches Trino to_hex; an integer argument gives DataFusion's lower-case hexadecimal of its two's complement instead.",
                "to_hex(binary)",
            )
            .with_sql_example("> SELECT to_hex(to_utf8('é')), to_hex(from_hex('0aff'));\nC3A9 0AFF")
            .with_argument("binary", "VARBINARY to encode.")
            .build()
        }))
    }
}
