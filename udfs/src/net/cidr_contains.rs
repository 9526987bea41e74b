//! `cidr_contains`: whether an address lies in a CIDR network.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Array;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};

use super::common::{Cidr, Ip, NET_SECTION, booleans, map_ips};
use crate::args::{Kind, coerce, literal_str, str_at, strings};

/// `cidr_contains(cidr, ip)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct CidrContainsFunc {
    signature: Signature,
}

impl Default for CidrContainsFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl CidrContainsFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for CidrContainsFunc {
    fn name(&self) -> &str {
        "cidr_contains"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str, Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        // A CIDR typed into the query is checked once, here, so a typo fails
        // the query instead of quietly matching nothing; CIDRs read from data
        // that do not parse give NULL at run time.
        if let Some(Some(
            ScalarValue::Utf8(Some(text))
            | ScalarValue::LargeUtf8(Some(text))
            | ScalarValue::Utf8View(Some(text)),
        )) = args.scalar_arguments.first()
            && Cidr::parse(text).is_none()
        {
            return plan_err!(
                "cidr_contains: '{text}' is not a CIDR network; write it as address/prefix-length, e.g. '10.0.0.0/8' or '2001:db8::/32'"
            );
        }
        Ok(Arc::new(Field::new(self.name(), DataType::Boolean, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        if let Some(cidr) = literal_str(&args.args[0]) {
            // The common case, a constant network: parse it once.
            return match cidr.as_deref().and_then(Cidr::parse) {
                Some(cidr) => Ok(booleans(map_ips(&args.args[1], rows, |ip| {
                    Some(cidr.contains(ip))
                })?)),
                None => Ok(ColumnarValue::Scalar(ScalarValue::Boolean(None))),
            };
        }
        let cidrs = strings(&args.args[0], rows)?;
        let ips = strings(&args.args[1], rows)?;
        let out = (0..cidrs.len())
            .map(|row| {
                let cidr = str_at(&cidrs, row).and_then(Cidr::parse)?;
                let ip = str_at(&ips, row).and_then(Ip::parse)?;
                Some(cidr.contains(ip))
            })
            .collect();
        Ok(booleans(out))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                NET_SECTION,
                "Returns whether the address `ip` lies in the network `cidr` (`address/prefix-length`, IPv4 or IPv6; host bits set in the address are ignored). An IPv4 address never lies in an IPv6 network, except that IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`) count as the IPv4 address they carry, in either argument. Returns NULL when an argument is NULL, when `ip` is not an address, or when a `cidr` taken from data does not parse; a literal `cidr` that does not parse is an error when the query is planned. Quarry-specific: Athena (Trino) has no such function; Trino's nearest is contains(network, IPADDRESS).",
                "cidr_contains(cidr, ip)",
            )
            .with_sql_example("> SELECT cidr_contains('10.0.0.0/8', '10.1.2.3'), cidr_contains('2001:db8::/32', '10.1.2.3');\ntrue false")
            .with_argument("cidr", "VARCHAR network, e.g. '10.0.0.0/8' or '2001:db8::/32'.")
            .with_argument("ip", "VARCHAR address, IPv4 or IPv6.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::AsArray;

    use super::*;
    use crate::args::testing::{invoke, null_s, s, strs};

    fn bools(array: &datafusion::arrow::array::ArrayRef) -> Vec<Option<bool>> {
        let b = array.as_boolean();
        (0..b.len())
            .map(|r| b.is_valid(r).then(|| b.value(r)))
            .collect()
    }

    #[test]
    fn constant_network_over_a_column() -> Result<()> {
        let ips = strs(&[
            Some("10.255.255.255"),
            Some("11.0.0.1"),
            Some("::ffff:10.0.0.1"),
            Some("2001:db8::1"),
            Some("-"),
            None,
        ]);
        let out = invoke(&CidrContainsFunc::new(), vec![s("10.0.0.0/8"), ips], 6)?;
        assert_eq!(
            bools(&out),
            vec![Some(true), Some(false), Some(true), Some(false), None, None]
        );
        Ok(())
    }

    #[test]
    fn networks_per_row_and_nulls() -> Result<()> {
        let cidrs = strs(&[
            Some("2001:db8::/32"),
            Some("2001:db8::/32"),
            Some("192.168.0.0/16"),
            Some("not a cidr"),
            None,
        ]);
        let ips = strs(&[
            Some("2001:db8:ffff::1"),
            Some("192.168.1.1"),
            Some("192.168.1.1"),
            Some("192.168.1.1"),
            Some("192.168.1.1"),
        ]);
        let out = invoke(&CidrContainsFunc::new(), vec![cidrs, ips], 5)?;
        assert_eq!(
            bools(&out),
            vec![Some(true), Some(false), Some(true), None, None]
        );
        let out = invoke(&CidrContainsFunc::new(), vec![null_s(), s("10.0.0.1")], 1)?;
        assert_eq!(bools(&out), vec![None]);
        Ok(())
    }
}
