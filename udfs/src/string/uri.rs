//! A URI parser that accepts and splits what `java.net.URI` does, since
//! Trino's `url_extract_*` functions are defined by it: invalid text gives
//! NULL, a component that is absent gives the empty string, a host that is
//! not a valid server name (an underscore, a port that is not a number)
//! leaves the authority "registry-based" with no host and no port.

/// The parts of a URI, as slices of the original text (still escaped).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Uri<'a> {
    /// `http` in `http://host/`.
    pub(crate) scheme: Option<&'a str>,
    /// The host of a server-based authority; IPv6 keeps its brackets.
    pub(crate) host: Option<&'a str>,
    /// The port, when one is written.
    pub(crate) port: Option<u32>,
    /// The path of a hierarchical URI (absent for `mailto:x`).
    pub(crate) path: Option<&'a str>,
    /// The text after `?`, up to `#`.
    pub(crate) query: Option<&'a str>,
    /// The text after `#`.
    pub(crate) fragment: Option<&'a str>,
}

/// ASCII characters allowed somewhere in a URI besides letters and digits.
const PUNCTUATION: &str = "-_.!~*'();/?:@&=+$,%#[]";

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
}

/// Java accepts non-ASCII "other" characters except spaces and controls.
fn is_allowed(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || PUNCTUATION.contains(c)
    } else {
        !c.is_control() && !c.is_whitespace()
    }
}

/// `%` must start a two-digit hex escape.
fn escapes_are_valid(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

impl<'a> Uri<'a> {
    /// Parses `text`; `None` where `java.net.URI` would throw.
    pub(crate) fn parse(text: &'a str) -> Option<Self> {
        if !text.chars().all(is_allowed) || !escapes_are_valid(text) {
            return None;
        }
        let mut uri = Uri::default();
        let (rest, fragment) = match text.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment)),
            None => (text, None),
        };
        if fragment.is_some_and(|f| f.contains('#')) {
            return None;
        }
        uri.fragment = fragment;
        let mut rest = rest;
        // A ':' before any '/', '?' or '#' ends a scheme, which must then be
        // well formed.
        let first_delimiter = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(colon) = rest[..first_delimiter].find(':') {
            let scheme = &rest[..colon];
            let mut chars = scheme.chars();
            if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) || !chars.all(is_scheme_char)
            {
                return None;
            }
            uri.scheme = Some(scheme);
            rest = &rest[colon + 1..];
            if rest.is_empty() {
                // `http:` has no scheme-specific part.
                return None;
            }
            if !rest.starts_with('/') {
                // Opaque: `mailto:a@b`; no host, path or query.
                return Some(uri);
            }
        } else if text.is_empty() {
            uri.path = Some("");
            return Some(uri);
        }
        let (before_query, query) = match rest.split_once('?') {
            Some((before, query)) => (before, Some(query)),
            None => (rest, None),
        };
        uri.query = query;
        let path = if let Some(after) = before_query.strip_prefix("//") {
            let end = after.find('/').unwrap_or(after.len());
            let authority = &after[..end];
            if authority.is_empty() && end == after.len() && query.is_none() && fragment.is_none() {
                // `http://` is missing its authority.
                return None;
            }
            if !authority.is_empty() {
                let (host, port) = server(authority)?;
                uri.host = host;
                uri.port = port;
            }
            &after[end..]
        } else {
            before_query
        };
        // Brackets are reserved characters (allowed in a query or fragment)
        // but not path characters.
        if path.contains(['[', ']']) {
            return None;
        }
        uri.path = Some(path);
        Some(uri)
    }
}

/// Host and port of an authority, or `(None, None)` for a registry-based
/// one; `None` when the authority is invalid altogether.
fn server(authority: &str) -> Option<(Option<&str>, Option<u32>)> {
    let host_port = match authority.rsplit_once('@') {
        Some((_user, host_port)) => host_port,
        None => authority,
    };
    let (host, port) = if host_port.starts_with('[') {
        let close = host_port.find(']')?;
        let (host, after) = host_port.split_at(close + 1);
        let inside = &host[1..host.len() - 1];
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        if host_port.contains(['[', ']']) {
            return None;
        }
        match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        // A port that is not a number leaves a registry-based authority.
        Some(p) => match p.parse::<u32>() {
            Ok(port) if p.bytes().all(|b| b.is_ascii_digit()) => Some(port),
            _ => return Some((None, None)),
        },
    };
    if host.starts_with('[') || is_ipv4(host) || is_hostname(host) {
        Some((Some(host), port))
    } else {
        Some((None, None))
    }
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// RFC 2396 hostname: alphanumeric labels with inner dashes, the last one
/// starting with a letter when there are several; a trailing dot is allowed.
fn is_hostname(host: &str) -> bool {
    let trimmed = host.strip_suffix('.').unwrap_or(host);
    let labels: Vec<&str> = trimmed.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    labels.iter().all(label_ok)
        && (labels.len() == 1
            || labels
                .last()
                .and_then(|l| l.chars().next())
                .is_some_and(|c| c.is_ascii_alphabetic()))
}

/// Decodes `%XX` escapes as UTF-8 the way `java.net.URI`'s getters do;
/// bytes that are not UTF-8 become U+FFFD.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_full_url() {
        let u = Uri::parse("http://user@example.com:8080/a/b%20c?x=1&y=2#frag").expect("valid");
        assert_eq!(u.scheme, Some("http"));
        assert_eq!(u.host, Some("example.com"));
        assert_eq!(u.port, Some(8080));
        assert_eq!(u.path, Some("/a/b%20c"));
        assert_eq!(u.query, Some("x=1&y=2"));
        assert_eq!(u.fragment, Some("frag"));
    }

    #[test]
    fn relative_opaque_and_ipv6() {
        let u = Uri::parse("/just/a/path?q").expect("valid");
        assert_eq!(
            (u.scheme, u.host, u.path, u.query),
            (None, None, Some("/just/a/path"), Some("q"))
        );
        let u = Uri::parse("mailto:someone@example.com").expect("valid");
        assert_eq!((u.scheme, u.host, u.path), (Some("mailto"), None, None));
        let u = Uri::parse("http://[::1]:80/").expect("valid");
        assert_eq!((u.host, u.port), (Some("[::1]"), Some(80)));
    }

    #[test]
    fn registry_authority_has_no_host() {
        let u = Uri::parse("http://my_host.example.com/x").expect("valid");
        assert_eq!((u.host, u.path), (None, Some("/x")));
        let u = Uri::parse("http://host:abc/x").expect("valid");
        assert_eq!((u.host, u.port), (None, None));
        let u = Uri::parse("http://1.2.3.999/").expect("valid");
        assert_eq!(u.host, None);
        let u = Uri::parse("http://10.0.0.1/").expect("valid");
        assert_eq!(u.host, Some("10.0.0.1"));
    }

    #[test]
    fn invalid_text_is_rejected() {
        for bad in [
            "http://a b/",
            "http://x/%zz",
            "http:",
            "http://",
            "1http://x/",
            "a#b#c",
            "http://x/{y}",
        ] {
            assert_eq!(Uri::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b%C3%A9"), "a bé");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        assert_eq!(percent_decode("a+b"), "a+b");
    }
}
