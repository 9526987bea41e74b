//! `is_private_ip`: whether an address is not publicly routable.

use std::sync::OnceLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{Cidr, Ip, NET_SECTION, booleans, map_ips};
use crate::args::{Kind, coerce};

/// The ranges counted as private, with where each is defined:
/// - `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`: private internets,
///   RFC 1918 §3;
/// - `100.64.0.0/10`: shared address space for carrier-grade NAT, RFC 6598 §7;
/// - `127.0.0.0/8`: IPv4 loopback, RFC 1122 §3.2.1.3;
/// - `169.254.0.0/16`: IPv4 link-local, RFC 3927 §2.1;
/// - `::1/128`: IPv6 loopback, RFC 4291 §2.5.3;
/// - `fe80::/10`: IPv6 link-local unicast, RFC 4291 §2.5.6;
/// - `fc00::/7`: IPv6 unique local addresses, RFC 4193 §3.1.
///
/// Unspecified (`0.0.0.0`, `::`), multicast, documentation and other
/// special-purpose ranges of RFC 6890 are not listed: they are not addresses
/// a client of a private network has, and calling them private would hide
/// odd traffic.
const PRIVATE: [&str; 9] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "::1/128",
    "fe80::/10",
    "fc00::/7",
];

fn private_networks() -> &'static [Cidr] {
    static NETS: OnceLock<Vec<Cidr>> = OnceLock::new();
    NETS.get_or_init(|| PRIVATE.iter().filter_map(|c| Cidr::parse(c)).collect())
}

/// Whether `ip` is in one of the [`PRIVATE`] ranges.
pub(crate) fn is_private(ip: Ip) -> bool {
    private_networks().iter().any(|net| net.contains(ip))
}

/// `is_private_ip(ip)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IsPrivateIpFunc {
    signature: Signature,
}

impl Default for IsPrivateIpFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl IsPrivateIpFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for IsPrivateIpFunc {
    fn name(&self) -> &str {
        "is_private_ip"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        Ok(booleans(map_ips(&args.args[0], args.number_rows, |ip| {
            Some(is_private(ip))
        })?))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                NET_SECTION,
                "Returns whether `ip` is a private, loopback or link-local address: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918), 100.64.0.0/10 (carrier-grade NAT, RFC 6598), 127.0.0.0/8 (loopback), 169.254.0.0/16 (link-local, RFC 3927), ::1 (loopback), fe80::/10 (link-local) and fc00::/7 (unique local, RFC 4193). IPv4-mapped IPv6 addresses are judged by the IPv4 address they carry. Returns NULL when `ip` is NULL or not an address. Quarry-specific: Athena (Trino) has no such function.",
                "is_private_ip(ip)",
            )
            .with_sql_example("> SELECT is_private_ip('172.31.16.139'), is_private_ip('8.8.8.8');\ntrue false")
            .with_argument("ip", "VARCHAR address, IPv4 or IPv6.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private(text: &str) -> Option<bool> {
        Ip::parse(text).map(is_private)
    }

    #[test]
    fn every_listed_range_parses() {
        assert_eq!(private_networks().len(), PRIVATE.len());
    }

    #[test]
    fn range_edges() {
        for (ip, expected) in [
            ("10.0.0.0", true),
            ("10.255.255.255", true),
            ("11.0.0.0", false),
            ("172.15.255.255", false),
            ("172.16.0.0", true),
            ("172.31.255.255", true),
            ("172.32.0.0", false),
            ("192.168.0.1", true),
            ("192.169.0.1", false),
            ("100.63.255.255", false),
            ("100.64.0.0", true),
            ("100.127.255.255", true),
            ("100.128.0.0", false),
            ("127.0.0.1", true),
            ("169.254.169.254", true),
            ("0.0.0.0", false),
            ("8.8.8.8", false),
            ("::1", true),
            ("::", false),
            ("fe80::1", true),
            ("febf::1", true),
            ("fec0::1", false),
            ("fc00::1", true),
            ("fdff::1", true),
            ("fe00::1", false),
            ("2001:db8::1", false),
            ("::ffff:10.0.0.1", true),
            ("::ffff:8.8.8.8", false),
        ] {
            assert_eq!(private(ip), Some(expected), "{ip}");
        }
        assert_eq!(private("not an ip"), None);
    }
}
