//! Cutting a space-separated log line into fields, the way AWS and Apache
//! write them: bare words, `"quoted strings"` that may hold spaces and
//! backslash-escaped quotes, and (for S3 and web-server logs) `[bracketed]`
//! timestamps.

use std::ops::Range;

use super::Span;

/// One field of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Its bytes in the line, without the quotes or brackets around it.
    pub span: Range<usize>,
    /// Whether it was written in quotes.
    pub quoted: bool,
}

/// The fields of a space-separated line, left to right.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    line: &'a [u8],
    pos: usize,
    brackets: bool,
}

impl<'a> Tokens<'a> {
    /// Fields separated by spaces, with quoted fields.
    pub fn new(line: &'a str) -> Self {
        Self {
            line: line.as_bytes(),
            pos: 0,
            brackets: false,
        }
    }

    /// Also reads `[...]` as one field (S3 access and web-server logs).
    pub fn with_brackets(mut self) -> Self {
        self.brackets = true;
        self
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let line = self.line;
        while self.pos < line.len() && line[self.pos] == b' ' {
            self.pos += 1;
        }
        if self.pos >= line.len() {
            return None;
        }
        let start = self.pos;
        let first = line[start];
        if first == b'"' {
            let mut i = start + 1;
            // A backslash escapes the next byte (a quote inside a user agent).
            while let Some(at) = memchr::memchr2(b'"', b'\\', &line[i.min(line.len())..]) {
                i += at;
                if line[i] == b'"' {
                    break;
                }
                i += 2;
            }
            let end = if i < line.len() && line[i] == b'"' {
                i
            } else {
                line.len()
            };
            // An unterminated quote (a truncated line) runs to the end.
            self.pos = (end + 1).min(line.len());
            return Some(Token {
                span: start + 1..end,
                quoted: true,
            });
        }
        if first == b'[' && self.brackets {
            let end = memchr::memchr(b']', &line[start..]).map_or(line.len(), |p| start + p);
            self.pos = (end + 1).min(line.len());
            return Some(Token {
                span: start + 1..end,
                quoted: true,
            });
        }
        let end = memchr::memchr(b' ', &line[start..]).map_or(line.len(), |p| start + p);
        self.pos = end;
        Some(Token {
            span: start..end,
            quoted: false,
        })
    }
}

/// `ip:port` as two fields, split at the last `:` (IPv6 addresses hold
/// colons too); a bare `-` (no target, no backend) is two NULLs.
pub fn split_host_port(line: &str, span: Range<usize>) -> (Span, Span) {
    let text = &line[span.clone()];
    if text == "-" || text.is_empty() {
        return (None, None);
    }
    match text.rfind(':') {
        Some(colon) => (
            Some(span.start..span.start + colon),
            Some(span.start + colon + 1..span.end),
        ),
        None => (Some(span), None),
    }
}

/// An HTTP request line (`GET http://host/path HTTP/1.1`) as verb, URL and
/// protocol. As in AWS's Athena regular expressions, the verb ends at the
/// first space and the protocol starts after the last, so a URL holding a
/// space stays whole.
pub fn split_request(line: &str, span: Range<usize>) -> (Span, Span, Span) {
    let text = &line[span.clone()];
    let Some(first) = text.find(' ') else {
        return (Some(span), None, None);
    };
    let verb = Some(span.start..span.start + first);
    let last = text.rfind(' ').unwrap_or(first);
    if last == first {
        return (verb, Some(span.start + first + 1..span.end), None);
    }
    (
        verb,
        Some(span.start + first + 1..span.start + last),
        Some(span.start + last + 1..span.end),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(line: &'a str, tokens: Tokens<'a>) -> Vec<&'a str> {
        tokens.map(|t| &line[t.span]).collect()
    }

    #[test]
    fn quoted_fields_keep_their_spaces() {
        let line = r#"a "b c" - "" "d \"e\" f" g"#;
        assert_eq!(
            texts(line, Tokens::new(line)),
            ["a", "b c", "-", "", r#"d \"e\" f"#, "g"]
        );
    }

    #[test]
    fn brackets_only_when_asked() {
        let line = "x [13/Dec/2021:09:29:20 +0000] y";
        assert_eq!(
            texts(line, Tokens::new(line).with_brackets()),
            ["x", "13/Dec/2021:09:29:20 +0000", "y"]
        );
        assert_eq!(
            texts(line, Tokens::new(line)),
            ["x", "[13/Dec/2021:09:29:20", "+0000]", "y"]
        );
    }

    #[test]
    fn unterminated_quote_runs_to_the_end() {
        let line = r#"200 "-" "Mozilla/5.0 (compatible; Googlebot/2.1"#;
        assert_eq!(
            texts(line, Tokens::new(line)),
            ["200", "-", "Mozilla/5.0 (compatible; Googlebot/2.1"]
        );
        let line = "a \"b\\";
        assert_eq!(texts(line, Tokens::new(line)), ["a", "b\\"]);
    }

    #[test]
    fn host_port_and_request() {
        let line = "10.0.0.1:80 - 2001:db8::1:443";
        let t: Vec<Token> = Tokens::new(line).collect();
        let (h, p) = split_host_port(line, t[0].span.clone());
        assert_eq!((&line[h.unwrap()], &line[p.unwrap()]), ("10.0.0.1", "80"));
        assert_eq!(split_host_port(line, t[1].span.clone()), (None, None));
        let (h, p) = split_host_port(line, t[2].span.clone());
        assert_eq!(
            (&line[h.unwrap()], &line[p.unwrap()]),
            ("2001:db8::1", "443")
        );

        let line = "GET http://h/?a=wget+ b HTTP/1.1";
        let (v, u, p) = split_request(line, 0..line.len());
        assert_eq!(
            (&line[v.unwrap()], &line[u.unwrap()], &line[p.unwrap()]),
            ("GET", "http://h/?a=wget+ b", "HTTP/1.1")
        );
        let line = "- http://h:80-/ ";
        let (v, u, p) = split_request(line, 0..line.len());
        assert_eq!(
            (&line[v.unwrap()], &line[u.unwrap()], &line[p.unwrap()]),
            ("-", "http://h:80-/", "")
        );
        let line = "-";
        assert_eq!(split_request(line, 0..1), (Some(0..1), None, None));
    }
}
