//! Address parsing shared by the network functions.
//!
//! An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) is taken
//! as the IPv4 address it carries, as Java's `InetAddress` (and so Trino and
//! Presto) does: servers that listen on a dual-stack socket log IPv4 clients
//! in that form, and they should group and match with plain IPv4 addresses.

use std::net::IpAddr;
use std::sync::Arc;

use datafusion::arrow::array::{Array, BooleanArray, StringArray};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, DocSection};

use crate::args::{str_at, strings};

/// Where the network functions appear in `SHOW FUNCTIONS` documentation.
pub(crate) const NET_SECTION: DocSection = DocSection {
    include: true,
    label: "Network Functions",
    description: Some("IPv4 and IPv6 address functions over addresses written as text."),
};

/// An address, IPv4-mapped IPv6 addresses already turned into IPv4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ip {
    V4(u32),
    V6(u128),
}

impl Ip {
    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text; anything else
    /// (surrounding spaces, zone ids, ports, `-`) is `None`.
    pub(crate) fn parse(text: &str) -> Option<Ip> {
        match text.parse::<IpAddr>().ok()? {
            IpAddr::V4(v4) => Some(Ip::V4(u32::from(v4))),
            IpAddr::V6(v6) => Some(match v6.to_ipv4_mapped() {
                Some(v4) => Ip::V4(u32::from(v4)),
                None => Ip::V6(u128::from(v6)),
            }),
        }
    }

    /// The number of bits in an address of this family.
    pub(crate) fn bits(self) -> u32 {
        match self {
            Ip::V4(_) => 32,
            Ip::V6(_) => 128,
        }
    }

    /// The address with all but its first `prefix` bits cleared;
    /// `prefix` must not exceed [`Ip::bits`].
    pub(crate) fn network(self, prefix: u32) -> Ip {
        match self {
            // A shift by the full width (prefix 0) overflows: no bits kept.
            Ip::V4(a) => Ip::V4(a & u32::MAX.checked_shl(32 - prefix).unwrap_or(0)),
            Ip::V6(a) => Ip::V6(a & u128::MAX.checked_shl(128 - prefix).unwrap_or(0)),
        }
    }
}

impl std::fmt::Display for Ip {
    /// Dotted quad, or RFC 5952 text for IPv6 (what Presto's
    /// `InetAddresses.toAddrString` prints too).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ip::V4(a) => std::net::Ipv4Addr::from(*a).fmt(f),
            Ip::V6(a) => std::net::Ipv6Addr::from(*a).fmt(f),
        }
    }
}

/// A network in CIDR notation: `base/prefix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cidr {
    network: Ip,
    prefix: u32,
}

impl Cidr {
    /// Parses `base/prefix`. Host bits set in `base` are ignored, as Trino's
    /// `contains` ignores them; the prefix is 0-32 for IPv4 and 0-128 for IPv6,
    /// written in decimal digits. An IPv4-mapped base with a prefix of 96 or
    /// more is the IPv4 network it maps.
    pub(crate) fn parse(text: &str) -> Option<Cidr> {
        let (base, prefix) = text.split_once('/')?;
        if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let prefix: u32 = prefix.parse().ok()?;
        let ip = match base.parse::<IpAddr>().ok()? {
            IpAddr::V4(v4) => Ip::V4(u32::from(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) if prefix >= 96 => {
                    return Some(Cidr {
                        network: Ip::V4(u32::from(v4)).network(prefix - 96),
                        prefix: prefix - 96,
                    });
                }
                _ => Ip::V6(u128::from(v6)),
            },
        };
        (prefix <= ip.bits()).then(|| Cidr {
            network: ip.network(prefix),
            prefix,
        })
    }

    /// Whether `ip` lies in this network; never across families.
    pub(crate) fn contains(&self, ip: Ip) -> bool {
        match (self.network, ip) {
            (Ip::V4(_), Ip::V4(_)) | (Ip::V6(_), Ip::V6(_)) => {
                ip.network(self.prefix) == self.network
            }
            _ => false,
        }
    }
}

/// Applies `f` to the address in each row of `arg`: NULL for NULL input and
/// for text that is not an address.
pub(crate) fn map_ips<T>(
    arg: &ColumnarValue,
    rows: usize,
    mut f: impl FnMut(Ip) -> Option<T>,
) -> Result<Vec<Option<T>>> {
    let ips: StringArray = strings(arg, rows)?;
    Ok((0..ips.len())
        .map(|row| str_at(&ips, row).and_then(Ip::parse).and_then(&mut f))
        .collect())
}

/// A BOOLEAN column from per-row answers.
pub(crate) fn booleans(values: Vec<Option<bool>>) -> ColumnarValue {
    ColumnarValue::Array(Arc::new(BooleanArray::from(values)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_mapped_addresses() {
        assert_eq!(Ip::parse("10.1.2.3"), Some(Ip::V4(0x0a01_0203)));
        assert_eq!(Ip::parse("::ffff:10.1.2.3"), Some(Ip::V4(0x0a01_0203)));
        assert_eq!(Ip::parse("::1"), Some(Ip::V6(1)));
        for bad in [
            "",
            "-",
            " 10.1.2.3",
            "10.1.2",
            "10.1.2.256",
            "010.1.2.3",
            "fe80::1%eth0",
            "1.2.3.4:80",
        ] {
            assert_eq!(Ip::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn networks_mask_host_bits() {
        assert_eq!(Ip::V4(0xc0a8_ff03).network(9).to_string(), "192.128.0.0");
        assert_eq!(Ip::V4(0xc0a8_ff03).network(0).to_string(), "0.0.0.0");
        assert_eq!(Ip::V4(0xc0a8_ff03).network(32).to_string(), "192.168.255.3");
        let v6 = Ip::parse("2001:db8:85a3:1:1:8a2e:370:7334").unwrap();
        assert_eq!(v6.network(48).to_string(), "2001:db8:85a3::");
        assert_eq!(v6.network(0).to_string(), "::");
        assert_eq!(v6.network(128), v6);
    }

    #[test]
    fn cidrs() {
        let net = |s| Cidr::parse(s).unwrap_or_else(|| panic!("{s} parses"));
        assert!(net("10.0.0.0/8").contains(Ip::V4(0x0aff_ffff)));
        assert!(!net("10.0.0.0/8").contains(Ip::V4(0x0bff_ffff)));
        assert!(
            net("10.9.9.9/8").contains(Ip::V4(0x0a00_0001)),
            "host bits ignored"
        );
        assert!(net("0.0.0.0/0").contains(Ip::V4(0xffff_ffff)));
        assert!(
            !net("::/0").contains(Ip::V4(1)),
            "IPv4 is never in an IPv6 network"
        );
        assert!(net("::ffff:10.0.0.0/104").contains(Ip::V4(0x0a01_0101)));
        assert!(net("2001:db8::/32").contains(Ip::parse("2001:db8:ffff::1").unwrap()));
        assert!(!net("2001:db8::/32").contains(Ip::parse("2001:db9::1").unwrap()));
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "10.0.0.0/ 8",
            "::/129",
            "10.0.0/8",
            "/8",
            "10.0.0.0/0008",
        ] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }
}
