//! Shared plumbing for the binary functions: the documentation section and
//! the one shape every hash function has.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::DocSection;

/// Where the binary functions appear in `SHOW FUNCTIONS` documentation.
pub(crate) const BINARY_SECTION: DocSection = DocSection {
    include: true,
    label: "Binary Functions",
    description: Some("Trino-compatible functions over VARBINARY."),
};

/// A hash function's one argument: VARBINARY, or a string taken as its
/// UTF-8 bytes (Trino wants `to_utf8(s)`; the bytes are the same).
pub(crate) fn coerce_bytes(function: &str, arg_types: &[DataType]) -> Result<Vec<DataType>> {
    match arg_types {
        [
            DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
            | DataType::FixedSizeBinary(_)
            | DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Null,
        ] => Ok(vec![DataType::Binary]),
        _ => plan_err!(
            "{function} takes one VARBINARY (such as to_utf8(text)), got ({})",
            arg_types
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Declares a Trino hash function over VARBINARY: `$func` named `$name`,
/// returning `$returns`, each value's hash from `$hash`.
macro_rules! hash_function {
    ($func:ident, $name:literal, $returns:expr, $hash:expr, $description:literal, $example:literal) => {
        #[doc = concat!("Trino's `", $name, "`.")]
        #[derive(Debug, PartialEq, Eq, Hash)]
        pub struct $func {
            signature: datafusion::logical_expr::Signature,
        }

        impl Default for $func {
            fn default() -> Self {
                Self::new()
            }
        }

        impl $func {
            /// Creates the function.
            pub fn new() -> Self {
                Self {
                    signature: datafusion::logical_expr::Signature::user_defined(
                        datafusion::logical_expr::Volatility::Immutable,
                    ),
                }
            }
        }

        impl datafusion::logical_expr::ScalarUDFImpl for $func {
            fn name(&self) -> &str {
                $name
            }

            fn signature(&self) -> &datafusion::logical_expr::Signature {
                &self.signature
            }

            fn coerce_types(
                &self,
                arg_types: &[datafusion::arrow::datatypes::DataType],
            ) -> datafusion::common::Result<Vec<datafusion::arrow::datatypes::DataType>> {
                super::common::coerce_bytes($name, arg_types)
            }

            fn return_type(
                &self,
                _arg_types: &[datafusion::arrow::datatypes::DataType],
            ) -> datafusion::common::Result<datafusion::arrow::datatypes::DataType> {
                Ok($returns)
            }

            fn invoke_with_args(
                &self,
                args: datafusion::logical_expr::ScalarFunctionArgs,
            ) -> datafusion::common::Result<datafusion::logical_expr::ColumnarValue> {
                let rows = args.number_rows;
                let input = crate::args::binaries(&args.args[0], rows)?;
                let out = (0..rows).map(|row| {
                    datafusion::arrow::array::Array::is_valid(&input, row)
                        .then(|| ($hash)(input.value(row)))
                });
                Ok(datafusion::logical_expr::ColumnarValue::Array(
                    std::sync::Arc::new(out.collect::<HashArray>()),
                ))
            }

            fn documentation(&self) -> Option<&datafusion::logical_expr::Documentation> {
                static DOC: std::sync::OnceLock<datafusion::logical_expr::Documentation> =
                    std::sync::OnceLock::new();
                Some(DOC.get_or_init(|| {
                    datafusion::logical_expr::Documentation::builder(
                        super::common::BINARY_SECTION,
                        $description,
                        concat!($name, "(binary)"),
                    )
                    .with_sql_example($example)
                    .with_argument(
                        "binary",
                        "VARBINARY to hash (a VARCHAR is hashed as its UTF-8 bytes).",
                    )
                    .build()
                }))
            }
        }
    };
}

pub(crate) use hash_function;
