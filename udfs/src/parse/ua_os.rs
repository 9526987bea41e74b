//! Operating-system and browser rules for `parse_user_agent`.
//!
//! Each rule looks for a token a client is known to send; the first rule
//! that fires wins, so more specific families (Windows Phone, iOS, Android)
//! are tried before the ones whose tokens they also carry (Android agents
//! say `Linux`, iOS agents `like Mac OS X`, Edge and Opera agents `Chrome`).

/// The agent text with an ASCII-lowercased copy for case-insensitive search;
/// lowercasing ASCII keeps byte offsets, so a match in `lower` slices `text`.
pub(crate) struct Text<'a> {
    pub(crate) text: &'a str,
    pub(crate) lower: String,
}

impl<'a> Text<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            lower: text.to_ascii_lowercase(),
        }
    }

    pub(crate) fn has(&self, needle: &str) -> bool {
        self.lower.contains(needle)
    }

    /// The text after the first `needle` (given in lowercase) up to the
    /// first byte in `stops`; `None` when absent or empty.
    pub(crate) fn after(&self, needle: &str, stops: &[u8]) -> Option<&'a str> {
        let start = self.lower.find(needle)? + needle.len();
        let rest = &self.text[start..];
        let end = rest
            .bytes()
            .position(|b| stops.contains(&b))
            .unwrap_or(rest.len());
        Some(rest[..end].trim()).filter(|v| !v.is_empty())
    }

    /// The version of product token `name/version` (name in lowercase),
    /// where the token starts the text or follows a separator, so that
    /// `chrome/` does not match inside `HeadlessChrome/`.
    pub(crate) fn product(&self, name: &str) -> Option<Option<&'a str>> {
        let needle = format!("{name}/");
        let mut from = 0;
        while let Some(found) = self.lower[from..].find(&needle) {
            let at = from + found;
            let bounded = self.lower[..at]
                .bytes()
                .last()
                .is_none_or(|b| matches!(b, b' ' | b'(' | b'[' | b',' | b';' | b')'));
            if bounded {
                let rest = &self.text[at + needle.len()..];
                let end = rest
                    .bytes()
                    .position(|b| VERSION_STOPS.contains(&b))
                    .unwrap_or(rest.len());
                return Some(Some(&rest[..end]).filter(|v| !v.is_empty()));
            }
            from = at + needle.len();
        }
        None
    }
}

/// Bytes that end a version.
pub(crate) const VERSION_STOPS: &[u8] = b" ;()[],";

fn owned(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

fn windows_version(nt: &str) -> String {
    match nt {
        "5.0" => "2000".into(),
        "5.1" | "5.2" => "XP".into(),
        "6.0" => "Vista".into(),
        "6.1" => "7".into(),
        "6.2" => "8".into(),
        "6.3" => "8.1".into(),
        "10.0" => "10".into(),
        other => format!("NT {other}"),
    }
}

fn dotted(v: Option<&str>) -> Option<String> {
    v.filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        .map(|v| v.replace('_', "."))
}

/// The operating system and its version.
pub(crate) fn os(t: &Text<'_>) -> (Option<String>, Option<String>) {
    let named = |name: &str, version: Option<String>| (Some(name.to_string()), version);
    if t.has("windows phone") {
        let v = t
            .after("windows phone os ", b";)")
            .or_else(|| t.after("windows phone ", b";)"));
        return named("Windows Phone", owned(v));
    }
    if t.has("iphone") || t.has("ipad") || t.has("ipod") {
        let v = t
            .after("iphone os ", b" ;)")
            .or_else(|| t.after("cpu os ", b" ;)"));
        return named("iOS", dotted(v));
    }
    if t.has("android") {
        return named("Android", dotted(t.after("android ", b";)")));
    }
    if t.has("cros ") {
        return named("Chrome OS", None);
    }
    if t.has("mac os x") {
        return named("Mac OS X", dotted(t.after("mac os x ", b";)")));
    }
    if let Some(v) = t.after("windows nt ", b";)") {
        return named("Windows", Some(windows_version(v)));
    }
    if t.has("windows") {
        return named("Windows", None);
    }
    // Command-line tools and SDKs: `Linux/5.10.184`, `Darwin/19.5.0`, `os/linux`.
    if let Some(v) = t.product("darwin") {
        return named("Darwin", owned(v));
    }
    if let Some(v) = t.product("linux") {
        return named("Linux", owned(v));
    }
    match t
        .product("os")
        .flatten()
        .map(|v| v.to_ascii_lowercase())
        .as_deref()
    {
        Some("linux") => return named("Linux", None),
        Some("macos") => return named("macOS", None),
        Some("windows") => return named("Windows", None),
        _ => {}
    }
    if t.has("ubuntu") {
        return named("Ubuntu", None);
    }
    if t.has("linux") {
        return named("Linux", None);
    }
    if t.has("freebsd") {
        return named("FreeBSD", None);
    }
    (None, None)
}

/// A browser: its name, version and whether it runs on a phone or tablet.
pub(crate) fn browser(t: &Text<'_>) -> Option<(&'static str, Option<String>, &'static str)> {
    let found = |name: &'static str, v: Option<&str>| Some((name, owned(v)));
    let named = if let Some(v) = ["edg", "edga", "edgios", "edge"]
        .iter()
        .find_map(|n| t.product(n))
    {
        found("Edge", v)
    } else if let Some(v) = t.product("opr") {
        found("Opera", v)
    } else if t.has("opera mini/") {
        found("Opera Mini", t.after("opera mini/", b"/; )"))
    } else if t.has("opera") {
        found(
            "Opera",
            t.product("version")
                .flatten()
                .or(t.after("opera/", VERSION_STOPS)),
        )
    } else if let Some(v) = t.product("samsungbrowser") {
        found("Samsung Internet", v)
    } else if let Some(v) = t.product("firefox").or_else(|| t.product("fxios")) {
        found("Firefox", v)
    } else if let Some(v) = t.product("chromium") {
        found("Chromium", v)
    } else if let Some(v) = t.product("chrome").or_else(|| t.product("crios")) {
        found("Chrome", v)
    } else if t.has("msie ") {
        found("IE", t.after("msie ", b";)"))
    } else if t.has("trident/") && t.has("rv:") {
        found("IE", t.after("rv:", b";) "))
    } else if let (Some(v), true) = (t.product("version"), t.has("safari")) {
        found(
            if t.has("android") {
                "Android Browser"
            } else {
                "Safari"
            },
            v,
        )
    } else {
        None
    }?;
    let android = t.has("android");
    let device = if t.has("ipad")
        || t.has("kindle")
        || t.has("silk/")
        || (t.has("tablet") && !t.has("windows nt"))
        || (android && !t.has("mobi"))
    {
        "tablet"
    } else if t.has("mobi")
        || t.has("iphone")
        || t.has("ipod")
        || t.has("opera mini")
        || t.has("windows phone")
        || android
    {
        "mobile"
    } else {
        "desktop"
    };
    Some((named.0, named.1, device))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os_of(ua: &str) -> (Option<String>, Option<String>) {
        os(&Text::new(ua))
    }

    #[test]
    fn product_tokens_respect_boundaries() {
        let t = Text::new("Mozilla/5.0 HeadlessChrome/100.0 Safari/537.36");
        assert_eq!(t.product("chrome"), None);
        assert_eq!(t.product("safari"), Some(Some("537.36")));
        assert_eq!(
            Text::new("amazon-ssm-agent/").product("amazon-ssm-agent"),
            Some(None)
        );
    }

    #[test]
    fn operating_systems() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            os_of("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:27.0)"),
            (s("Windows"), s("7"))
        );
        assert_eq!(
            os_of("Mozilla/5.0 (Windows NT 6.4)"),
            (s("Windows"), s("NT 6.4"))
        );
        assert_eq!(
            os_of("(Macintosh; Intel Mac OS X 10_9_1)"),
            (s("Mac OS X"), s("10.9.1"))
        );
        assert_eq!(
            os_of("(iPad; CPU OS 7_0_4 like Mac OS X)"),
            (s("iOS"), s("7.0.4"))
        );
        assert_eq!(
            os_of("(Linux; U; Android 4.3; es-es; GT-I9300)"),
            (s("Android"), s("4.3"))
        );
        assert_eq!(os_of("(Android; Mobile; rv:27.0)"), (s("Android"), None));
        assert_eq!(
            os_of("(X11; Ubuntu; Linux x86_64; rv:27.0)"),
            (s("Ubuntu"), None)
        );
        assert_eq!(
            os_of("Botocore/1.29 Linux/5.19.0-46-generic"),
            (s("Linux"), s("5.19.0-46-generic"))
        );
        assert_eq!(
            os_of("aws-sdk-go-v2/1.17.0 os/linux lang/go/1.18.10"),
            (s("Linux"), None)
        );
        assert_eq!(os_of("Wget/1.14 (linux-gnu)"), (s("Linux"), None));
        assert_eq!(os_of("curl/7.46.0"), (None, None));
    }
}
