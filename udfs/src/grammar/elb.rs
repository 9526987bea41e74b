//! Classic Load Balancer access logs.
//!
//! Columns as in AWS's "Query Classic Load Balancer logs" (Athena User
//! Guide). `-` stays `-` in string columns, as in AWS's RegexSerDe table; a
//! numeric field that is `-` reads as NULL. A backend of `-` (the request
//! never reached one) is a NULL `backend_ip` and `backend_port`.

use super::FieldType::{Float64, Int32, Int64, Utf8};
use super::{
    FieldSpec, LineError, LineGrammar, LineParser, Span, Tokens, alb::looks_like_iso_time, specs,
    split_host_port, split_request,
};

/// The Classic Load Balancer access log grammar.
#[derive(Debug)]
pub struct Elb {
    fields: Vec<FieldSpec>,
}

impl Elb {
    /// The grammar.
    pub fn new() -> Self {
        Self {
            fields: specs(&[
                ("timestamp", Utf8),
                ("elb_name", Utf8),
                ("request_ip", Utf8),
                ("request_port", Int32),
                ("backend_ip", Utf8),
                ("backend_port", Int32),
                ("request_processing_time", Float64),
                ("backend_processing_time", Float64),
                ("client_response_time", Float64),
                ("elb_response_code", Utf8),
                ("backend_response_code", Utf8),
                ("received_bytes", Int64),
                ("sent_bytes", Int64),
                ("request_verb", Utf8),
                ("url", Utf8),
                ("protocol", Utf8),
                ("user_agent", Utf8),
                ("ssl_cipher", Utf8),
                ("ssl_protocol", Utf8),
            ]),
        }
    }
}

impl Default for Elb {
    fn default() -> Self {
        Self::new()
    }
}

impl LineGrammar for Elb {
    fn name(&self) -> &str {
        "elb"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(ElbParser {
            cut: self.fields.len(),
        })
    }
}

struct ElbParser {
    /// Fields from this index on are not wanted (and not cut); the first,
    /// which tells a Classic Load Balancer line from an ALB one, always is.
    cut: usize,
}

impl LineParser for ElbParser {
    fn header_line(&mut self, line: &str) -> bool {
        line.starts_with('#')
    }

    fn want(&mut self, wanted: &[bool]) {
        self.cut = wanted.iter().rposition(|&w| w).map_or(0, |last| last + 1);
    }

    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        let cut = self.cut.min(out.len());
        let mut tokens = Tokens::new(line);
        let mut take = || tokens.next().map(|t| t.span);
        let time = take().ok_or_else(|| LineError::new("empty line"))?;
        if !looks_like_iso_time(&line[time.clone()]) {
            return Err(LineError::new(format!(
                "first field '{}' is not a timestamp: not a Classic Load Balancer access log \
                 entry (an ALB log starts with its type, such as 'http')",
                &line[time]
            )));
        }
        out[0] = Some(time);
        if cut <= 1 {
            return Ok(());
        }
        out[1] = take();
        if cut <= 2 {
            return Ok(());
        }
        if let Some(client) = take() {
            (out[2], out[3]) = split_host_port(line, client);
        }
        if cut <= 4 {
            return Ok(());
        }
        if let Some(backend) = take() {
            (out[4], out[5]) = split_host_port(line, backend);
        }
        for slot in out.iter_mut().take(cut.min(13)).skip(6) {
            *slot = take();
        }
        if cut <= 13 {
            return Ok(());
        }
        if let Some(request) = take() {
            (out[13], out[14], out[15]) = split_request(line, request);
        }
        for slot in out.iter_mut().take(cut).skip(16) {
            *slot = take();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::parse_named;

    #[test]
    fn a_wanted_field_is_cut_as_in_a_full_parse() {
        let doc = include_str!("../../../testdata/elb/aws_docs_examples.log");
        let lines: Vec<&str> = doc.lines().collect();
        crate::grammar::assert_wanted_fields_agree(&Elb::new(), &lines);
    }

    #[test]
    fn aws_documented_examples() {
        let doc = include_str!("../../../testdata/elb/aws_docs_examples.log");
        let lines: Vec<&str> = doc.lines().collect();
        let rows = parse_named(&Elb::new(), &lines).unwrap();
        let r = &rows[0];
        assert_eq!(r["timestamp"], Some("2015-05-13T23:39:43.945958Z"));
        assert_eq!(r["elb_name"], Some("my-loadbalancer"));
        assert_eq!(r["request_ip"], Some("192.168.131.39"));
        assert_eq!(r["request_port"], Some("2817"));
        assert_eq!(r["backend_ip"], Some("10.0.0.1"));
        assert_eq!(r["backend_processing_time"], Some("0.001048"));
        assert_eq!(r["elb_response_code"], Some("200"));
        assert_eq!(r["sent_bytes"], Some("29"));
        assert_eq!(r["url"], Some("http://www.example.com:80/"));
        assert_eq!(r["protocol"], Some("HTTP/1.1"));
        assert_eq!(r["user_agent"], Some("curl/7.38.0"));
        assert_eq!(r["ssl_cipher"], Some("-"));
        assert_eq!(rows[1]["ssl_protocol"], Some("TLSv1.2"));
    }

    #[test]
    fn real_beats_fixture_first_and_last() {
        // elastic/beats x-pack/filebeat/module/aws/elb/test/elb-http.log, lines 1 and 5.
        let first = r#"2019-10-14T12:00:20.694172Z filebeat-aws-elb-test 175.16.199.1:54106 10.0.1.185:80 0.000043 0.000785 0.000023 200 200 0 612 "GET http://18.194.223.56:80/ HTTP/1.1" "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36" - -"#;
        let last = r#"2019-10-14T12:01:50.831170Z filebeat-aws-elb-test 81.2.69.193:52414 10.0.1.185:80 0.000038 0.000787 0.000024 200 200 0 612 "GET http://filebeat-aws-elb-test-1703142762.eu-central-1.elb.amazonaws.com:80/ HTTP/1.1" "curl/7.58.0" - -"#;
        let rows = parse_named(&Elb::new(), &[first, last]).unwrap();
        assert_eq!(rows[0]["request_ip"], Some("175.16.199.1"));
        assert_eq!(rows[0]["client_response_time"], Some("0.000023"));
        assert_eq!(
            rows[0]["user_agent"],
            Some(
                "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36"
            )
        );
        assert_eq!(rows[1]["request_port"], Some("52414"));
        assert_eq!(rows[1]["user_agent"], Some("curl/7.58.0"));
    }

    #[test]
    fn alb_line_is_rejected() {
        let err = parse_named(
            &Elb::new(),
            &["http 2018-07-02T22:23:00.186641Z app/x 1.2.3.4:1 -"],
        )
        .unwrap_err();
        assert!(err.reason.contains("not a Classic Load Balancer"), "{err}");
    }
}
