//! `ip_prefix`: the network of an address at a given prefix length.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{Ip, NET_SECTION};
use crate::args::{Kind, coerce, int_at, ints, str_at, strings};

/// `ip_prefix(ip, prefix_bits)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IpPrefixFunc {
    signature: Signature,
}

impl Default for IpPrefixFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl IpPrefixFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Presto's rule: the prefix length must fit the address's family.
fn prefix(function: &str, ip: Ip, bits: i64) -> Result<String> {
    let max = ip.bits();
    match u32::try_from(bits) {
        Ok(b) if b <= max => Ok(format!("{}/{b}", ip.network(b))),
        _ => Err(DataFusionError::Execution(format!(
            "{function}: {} subnet size must be in range [0, {max}], got {bits}",
            if max == 32 { "IPv4" } else { "IPv6" }
        ))),
    }
}

impl ScalarUDFImpl for IpPrefixFunc {
    fn name(&self) -> &str {
        "ip_prefix"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str, Kind::Int]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let ips = strings(&args.args[0], rows)?;
        let bits = ints(&args.args[1], rows)?;
        let mut out = Vec::with_capacity(ips.len());
        for row in 0..ips.len() {
            out.push(
                match (str_at(&ips, row).and_then(Ip::parse), int_at(&bits, row)) {
                    (Some(ip), Some(b)) => Some(prefix(self.name(), ip, b)?),
                    _ => None,
                },
            );
        }
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(out))))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                NET_SECTION,
                "Returns the network of `ip` with a prefix of `prefix_bits` bits, as `network/prefix_bits` text: the host bits are cleared and IPv6 is written in RFC 5952 form. An IPv4-mapped IPv6 address is treated as its IPv4 address. A `prefix_bits` outside 0-32 (IPv4) or 0-128 (IPv6) is an error. Returns NULL when an argument is NULL or `ip` is not an address (Presto fails on the latter; log fields such as VPC flow `srcaddr` hold `-`). Follows Presto's ip_prefix, returning VARCHAR for its IPPREFIX; Athena (Trino) has no such function.",
                "ip_prefix(ip, prefix_bits)",
            )
            .with_sql_example("> SELECT ip_prefix('192.168.255.255', 9), ip_prefix('2001:0db8:85a3:0001:0001:8a2e:0370:7334', 48);\n192.128.0.0/9 2001:db8:85a3::/48")
            .with_argument("ip", "VARCHAR address, IPv4 or IPv6.")
            .with_argument("prefix_bits", "BIGINT prefix length.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, i, invoke, s, str_values, strs};

    fn run(ip: &str, bits: i64) -> Result<Option<String>> {
        let out = invoke(&IpPrefixFunc::new(), vec![s(ip), i(bits)], 1)?;
        Ok(str_values(&out).remove(0))
    }

    #[test]
    fn presto_examples() -> Result<()> {
        for (ip, bits, expected) in [
            ("1.2.3.4", 24, "1.2.3.0/24"),
            ("1.2.3.4", 32, "1.2.3.4/32"),
            ("1.2.3.4", 0, "0.0.0.0/0"),
            ("::ffff:1.2.3.4", 24, "1.2.3.0/24"),
            ("64:ff9b::17", 64, "64:ff9b::/64"),
            ("64:ff9b::17", 127, "64:ff9b::16/127"),
            ("64:ff9b::17", 128, "64:ff9b::17/128"),
            ("64:ff9b::17", 0, "::/0"),
            ("192.168.255.3", 9, "192.128.0.0/9"),
        ] {
            assert_eq!(run(ip, bits)?, Some(expected.to_string()), "{ip}/{bits}");
        }
        Ok(())
    }

    #[test]
    fn out_of_range_prefix_is_an_error() {
        for (ip, bits, msg) in [
            (
                "::ffff:1.2.3.4",
                -1,
                "IPv4 subnet size must be in range [0, 32]",
            ),
            ("1.2.3.4", 33, "IPv4 subnet size must be in range [0, 32]"),
            (
                "64:ff9b::10",
                -1,
                "IPv6 subnet size must be in range [0, 128]",
            ),
            (
                "64:ff9b::10",
                129,
                "IPv6 subnet size must be in range [0, 128]",
            ),
        ] {
            let err = error(invoke(&IpPrefixFunc::new(), vec![s(ip), i(bits)], 1));
            assert!(err.contains(msg), "{err}");
        }
    }

    #[test]
    fn nulls_and_non_addresses() -> Result<()> {
        let out = invoke(
            &IpPrefixFunc::new(),
            vec![strs(&[Some("-"), None, Some("10.1.2.3")]), i(8)],
            3,
        )?;
        assert_eq!(
            str_values(&out),
            vec![None, None, Some("10.0.0.0/8".into())]
        );
        Ok(())
    }
}
