//! `ip_to_int`: an address as its unsigned integer value.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Decimal256Array;
use datafusion::arrow::datatypes::{DataType, i256};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{Ip, NET_SECTION, map_ips};
use crate::args::{Kind, coerce};

/// Digits of the largest IPv6 address, 2^128 - 1; Decimal128 holds only 38,
/// so the result is a Decimal256, the one type every address fits.
const PRECISION: u8 = 39;

/// `ip_to_int(ip)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IpToIntFunc {
    signature: Signature,
}

impl Default for IpToIntFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl IpToIntFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

fn value(ip: Ip) -> i256 {
    match ip {
        Ip::V4(a) => i256::from_parts(u128::from(a), 0),
        Ip::V6(a) => i256::from_parts(a, 0),
    }
}

impl ScalarUDFImpl for IpToIntFunc {
    fn name(&self) -> &str {
        "ip_to_int"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Decimal256(PRECISION, 0))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let values = map_ips(&args.args[0], args.number_rows, |ip| Some(value(ip)))?;
        let array = Decimal256Array::from(values).with_precision_and_scale(PRECISION, 0)?;
        Ok(ColumnarValue::Array(Arc::new(array)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                NET_SECTION,
                "Returns `ip` as an unsigned integer, as DECIMAL(39, 0) for both families so that every IPv6 address (up to 2^128 - 1) fits: an IPv4 address a.b.c.d gives a*2^24 + b*2^16 + c*2^8 + d, an IPv6 address its 128-bit value. IPv4-mapped IPv6 addresses give the value of the IPv4 address they carry. Cast the result to BIGINT when only IPv4 addresses are involved. Returns NULL when `ip` is NULL or not an address. Quarry-specific: Athena (Trino) has no such function.",
                "ip_to_int(ip)",
            )
            .with_sql_example("> SELECT ip_to_int('10.0.0.1'), ip_to_int('2001:db8::1');\n167772161 42540766411282592856903984951653826561")
            .with_argument("ip", "VARCHAR address, IPv4 or IPv6.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, AsArray};
    use datafusion::arrow::datatypes::Decimal256Type;

    use super::*;
    use crate::args::testing::{invoke, strs};

    #[test]
    fn both_families_and_bad_input() -> Result<()> {
        let out = invoke(
            &IpToIntFunc::new(),
            vec![strs(&[
                Some("10.0.0.1"),
                Some("255.255.255.255"),
                Some("::ffff:10.0.0.1"),
                Some("::1"),
                Some("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                Some("nope"),
                None,
            ])],
            7,
        )?;
        assert_eq!(out.data_type(), &DataType::Decimal256(39, 0));
        let d = out.as_primitive::<Decimal256Type>();
        let text: Vec<Option<String>> = (0..d.len())
            .map(|r| d.is_valid(r).then(|| d.value(r).to_string()))
            .collect();
        let expected = [
            Some("167772161"),
            Some("4294967295"),
            Some("167772161"),
            Some("1"),
            Some("340282366920938463463374607431768211455"),
            None,
            None,
        ];
        assert_eq!(
            text,
            expected
                .iter()
                .map(|v| v.map(String::from))
                .collect::<Vec<_>>()
        );
        Ok(())
    }
}
