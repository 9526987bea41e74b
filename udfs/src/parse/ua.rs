//! The rule set behind `parse_user_agent`: AWS clients and tools first
//! (their agents carry `+https://` links and `Botocore`, which would
//! otherwise read as crawlers), then crawlers (by name, then by a contact
//! link), then browsers, then the first product token of anything else.

use std::borrow::Cow;

use super::ua_os::{Text, VERSION_STOPS, browser, os};

/// What `parse_user_agent` returns for one agent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Agent {
    pub(crate) browser: Option<String>,
    pub(crate) browser_version: Option<String>,
    pub(crate) os: Option<String>,
    pub(crate) os_version: Option<String>,
    pub(crate) device: Option<&'static str>,
}

/// Words that mark a crawler, fetcher or headless client, lowercase.
const BOT_WORDS: &[&str] = &[
    "bot",
    "spider",
    "crawl",
    "slurp",
    "archiver",
    "headless",
    "yandex",
    "feedburner",
    "feedfetcher",
    "feedbin",
    "facebookexternalhit",
    "ezooms",
    "mediapartners",
    "scrapy",
];

/// Products whose agents are AWS tools or SDKs, with the name reported;
/// `aws-sdk-` stands for every SDK (`aws-sdk-java`, `aws-sdk-go-v2`, ...).
const TOOLS: &[(&str, &str)] = &[
    ("terraform", "Terraform"),
    ("aws-cli", "aws-cli"),
    ("boto3", "Boto3"),
    ("botocore", "Botocore"),
    ("aws-sdk-", ""),
    ("aws-internal", "aws-internal"),
];

/// Splits `name/version` at its first `/`.
fn name_version(token: &str) -> (Option<String>, Option<String>) {
    let token = token.trim();
    match token.split_once('/') {
        Some((name, rest)) => {
            let end = rest
                .bytes()
                .position(|b| VERSION_STOPS.contains(&b))
                .unwrap_or(rest.len());
            let version = Some(rest[..end].to_string()).filter(|v| !v.is_empty());
            (
                Some(name.trim().to_string()).filter(|n| !n.is_empty()),
                version,
            )
        }
        None => (Some(token.to_string()).filter(|n| !n.is_empty()), None),
    }
}

fn tool(t: &Text<'_>) -> Option<(Option<String>, Option<String>)> {
    // AWS consoles and services acting for a user: `S3Console/0.4, aws-internal/3 ...`.
    if let Some(at) = t.lower.find(", aws-internal/") {
        return Some(name_version(&t.text[..at]));
    }
    if t.lower == "aws internal" {
        return Some((Some(t.text.to_string()), None));
    }
    if t.lower.ends_with(".amazonaws.com") && !t.text.contains(' ') {
        return Some((Some(t.text.to_string()), None));
    }
    for (token, name) in TOOLS {
        if name.is_empty() {
            // The SDK's own name, e.g. `aws-sdk-go-v2`, as it is written.
            let mut words = t.text.split([' ', '[', '(']);
            if let Some(word) = words.find(|w| w.to_ascii_lowercase().starts_with(token)) {
                return Some(name_version(word));
            }
        } else if let Some(version) = t.product(token) {
            return Some((Some(name.to_string()), version.map(str::to_string)));
        }
    }
    None
}

/// A crawler's name and version, from the `;`/`()`-separated part of the
/// agent that holds a bot word, links removed. The name is the word holding
/// it with the words before it that are not products themselves, so that
/// `Sogou web spider/4.0` and `Yahoo! Slurp` keep their spaces.
fn crawler(t: &Text<'_>) -> Option<(Option<String>, Option<String>)> {
    for part in t.text.split([';', '(', ')', ',']) {
        let lower = part.to_ascii_lowercase();
        let cut = ["http://", "https://"]
            .iter()
            .filter_map(|p| lower.find(p))
            .min()
            .map(|at| {
                if part[..at].ends_with('+') {
                    at - 1
                } else {
                    at
                }
            })
            .unwrap_or(part.len());
        let part = part[..cut].trim();
        let lower = &lower[..cut];
        if !BOT_WORDS.iter().any(|w| lower.contains(w)) {
            continue;
        }
        let words: Vec<&str> = part.split_whitespace().collect();
        let hit = words.iter().position(|w| {
            let w = w.to_ascii_lowercase();
            BOT_WORDS.iter().any(|b| w.contains(b))
        })?;
        let first = words[..hit]
            .iter()
            .rposition(|w| w.contains('/'))
            .map_or(0, |p| p + 1);
        return Some(name_version(&words[first..=hit].join(" ")));
    }
    None
}

/// Tokens that say how a browser renders, not who it is.
const ENGINES: &[&str] = &[
    "mozilla",
    "applewebkit",
    "gecko",
    "khtml",
    "like",
    "version",
    "mobile",
    "presto",
    "safari",
];

/// The first product of an agent no rule knows: the text up to the first
/// `/` when the agent starts with it (`Tiny Tiny RSS/1.11`), else the first
/// `name/version` word outside parentheses that is not a rendering engine.
fn first_product(t: &Text<'_>) -> (Option<String>, Option<String>) {
    if !t.lower.starts_with("mozilla/") {
        let head = t.text.split(['(', ';', ',', '[']).next().unwrap_or("");
        if let Some((name, _)) = head.split_once('/')
            && !name.trim().is_empty()
            && name.len() <= 64
        {
            return name_version(head);
        }
        return (None, None);
    }
    let mut depth = 0usize;
    let mut outside = String::new();
    for c in t.text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => outside.push(' '),
        }
    }
    outside
        .split_whitespace()
        .filter(|w| w.contains('/'))
        .map(name_version)
        .find(|(name, _)| {
            name.as_deref()
                .is_some_and(|n| !ENGINES.contains(&n.to_ascii_lowercase().as_str()))
        })
        .unwrap_or((None, None))
}

/// CloudFront writes the agent URL-encoded (`Mozilla/5.0%20(Windows...`)
/// and CloudTrail sometimes wraps it in brackets; both are undone here so
/// the rules see the agent the client sent.
fn normalize(ua: &str) -> Cow<'_, str> {
    let ua = ua.trim();
    let ua = ua
        .strip_prefix('[')
        .and_then(|u| u.strip_suffix(']'))
        .unwrap_or(ua)
        .trim();
    if ua.contains(' ') || !ua.contains("%20") {
        return Cow::Borrowed(ua);
    }
    let bytes = ua.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Applies the rules to one agent.
pub(crate) fn parse(ua: &str) -> Agent {
    let ua = normalize(ua);
    if ua.is_empty() || ua == "-" {
        return Agent::default();
    }
    let t = Text::new(&ua);
    let (os, os_version) = os(&t);
    let ((browser, browser_version), device) = if let Some(found) = tool(&t) {
        (found, "other")
    } else if let Some(found) = crawler(&t) {
        (found, "bot")
    } else if t.has("http://") || t.has("https://") {
        // Only crawlers and fetchers put a contact link in their agent, even
        // when they also claim to be a browser.
        (first_product(&t), "bot")
    } else if let Some((name, version, device)) = browser(&t) {
        ((Some(name.to_string()), version), device)
    } else {
        (first_product(&t), "other")
    };
    Agent {
        browser,
        browser_version,
        os,
        os_version,
        device: Some(device),
    }
}
