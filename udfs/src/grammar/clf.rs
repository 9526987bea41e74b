//! The Common Log Format of Apache httpd and nginx
//! (`%h %l %u %t "%r" %>s %b`).
//!
//! AWS has no Athena table for web-server logs, so the columns follow the
//! Apache names: `remote_host`, `ident`, `remote_user`, `time` (the text
//! between the brackets, such as `10/Oct/2000:13:55:36 -0700`), the whole
//! `request` and its `request_verb`, `request_url` and `request_proto`,
//! `status` and `bytes`. `-` reads as NULL everywhere (it is how httpd
//! writes "no value"). An unterminated quote (a truncated line) runs to the
//! end of the line.

use super::FieldType::{Int32, Int64, Utf8};
use super::{FieldSpec, LineError, LineGrammar, LineParser, Span, Tokens, specs, split_request};

/// The columns both web-server formats share, in order.
pub(crate) const COMMON: &[(&str, super::FieldType)] = &[
    ("remote_host", Utf8),
    ("ident", Utf8),
    ("remote_user", Utf8),
    ("time", Utf8),
    ("request", Utf8),
    ("request_verb", Utf8),
    ("request_url", Utf8),
    ("request_proto", Utf8),
    ("status", Int32),
    ("bytes", Int64),
];

/// The Common Log Format grammar.
#[derive(Debug)]
pub struct Clf {
    fields: Vec<FieldSpec>,
}

impl Clf {
    /// The grammar.
    pub fn new() -> Self {
        Self {
            fields: specs(COMMON),
        }
    }
}

impl Default for Clf {
    fn default() -> Self {
        Self::new()
    }
}

impl LineGrammar for Clf {
    fn name(&self) -> &str {
        "clf"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(WebLogParser::new(0))
    }
}

/// Parses CLF and, with `extra` quoted fields after it, the combined format.
pub(crate) struct WebLogParser {
    extra: usize,
    /// Fields from this index on are not wanted. The ten of CLF are always
    /// cut: a line without them is not of the format.
    cut: usize,
}

impl WebLogParser {
    pub(crate) fn new(extra: usize) -> Self {
        Self {
            extra,
            cut: 10 + extra,
        }
    }
}

fn dash_is_null(line: &str, span: std::ops::Range<usize>) -> Span {
    (&line[span.clone()] != "-").then_some(span)
}

impl LineParser for WebLogParser {
    fn header_line(&mut self, _line: &str) -> bool {
        false
    }

    fn want(&mut self, wanted: &[bool]) {
        self.cut = wanted.iter().rposition(|&w| w).map_or(0, |last| last + 1);
    }

    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        let mut tokens = Tokens::new(line).with_brackets();
        let mut take = || tokens.next();
        for slot in out.iter_mut().take(3) {
            let token = take().ok_or_else(|| LineError::new("fewer than 7 fields"))?;
            *slot = dash_is_null(line, token.span);
        }
        let time = take().ok_or_else(|| LineError::new("no [time] field"))?;
        if !time.quoted {
            return Err(LineError::new(
                "fourth field is not a [bracketed] time: not a common/combined log line",
            ));
        }
        out[3] = Some(time.span);
        let request = take().ok_or_else(|| LineError::new("no request field"))?;
        out[4] = dash_is_null(line, request.span.clone());
        if out[4].is_some() {
            (out[5], out[6], out[7]) = split_request(line, request.span);
        }
        for slot in out.iter_mut().take(10).skip(8) {
            let token = take().ok_or_else(|| LineError::new("no status or bytes field"))?;
            *slot = dash_is_null(line, token.span);
        }
        // The quoted extras (a user agent is long) only as far as wanted.
        let extras = self.extra.min(self.cut.saturating_sub(10));
        for slot in out.iter_mut().skip(10).take(extras) {
            *slot = take().and_then(|t| dash_is_null(line, t.span));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::parse_named;

    #[test]
    fn apache_documented_example() {
        // The example of Apache httpd's log documentation (mod_log_config).
        let line = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;
        let r = &parse_named(&Clf::new(), &[line]).unwrap()[0];
        assert_eq!(r["remote_host"], Some("127.0.0.1"));
        assert_eq!(r["ident"], None);
        assert_eq!(r["remote_user"], Some("frank"));
        assert_eq!(r["time"], Some("10/Oct/2000:13:55:36 -0700"));
        assert_eq!(r["request"], Some("GET /apache_pb.gif HTTP/1.0"));
        assert_eq!(r["request_verb"], Some("GET"));
        assert_eq!(r["request_url"], Some("/apache_pb.gif"));
        assert_eq!(r["request_proto"], Some("HTTP/1.0"));
        assert_eq!(r["status"], Some("200"));
        assert_eq!(r["bytes"], Some("2326"));
    }

    #[test]
    fn a_wanted_field_is_cut_as_in_a_full_parse() {
        let lines = [
            r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#,
            r#"::1 - - [10/Oct/2000:13:55:36 -0700] "-" 400 -"#,
        ];
        crate::grammar::assert_wanted_fields_agree(&Clf::new(), &lines);
    }

    #[test]
    fn dash_bytes_is_null_and_garbage_is_rejected() {
        let line = r#"::1 - - [10/Oct/2000:13:55:36 -0700] "HEAD / HTTP/1.1" 304 -"#;
        let r = &parse_named(&Clf::new(), &[line]).unwrap()[0];
        assert_eq!(r["bytes"], None);
        assert_eq!(r["remote_host"], Some("::1"));
        let err = parse_named(&Clf::new(), &["a b c d e f g"]).unwrap_err();
        assert!(err.reason.contains("not a common/combined"), "{err}");
    }
}
