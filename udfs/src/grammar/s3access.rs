//! Amazon S3 server access logs.
//!
//! Columns as in AWS's "Use partition projection for S3 server access logs"
//! table (Athena User Guide). Unlike AWS's RegexSerDe table, which keeps the
//! quotes around `request_uri`, `referrer` and `useragent`, the values here
//! are unquoted; `requestdatetime` is the text between the brackets, as in
//! AWS's table. `-` stays `-` in string columns; in `bytessent` and
//! `objectsize` it reads as NULL. Lines of older generations (fewer fields)
//! leave the later columns NULL, and fields S3 adds later are ignored.

use super::FieldType::{Int64, Utf8};
use super::{FieldSpec, LineError, LineGrammar, LineParser, Span, Tokens, specs};

/// The S3 server access log grammar.
#[derive(Debug)]
pub struct S3Access {
    fields: Vec<FieldSpec>,
}

impl S3Access {
    /// The grammar.
    pub fn new() -> Self {
        Self {
            fields: specs(&[
                ("bucketowner", Utf8),
                ("bucket_name", Utf8),
                ("requestdatetime", Utf8),
                ("remoteip", Utf8),
                ("requester", Utf8),
                ("requestid", Utf8),
                ("operation", Utf8),
                ("key", Utf8),
                ("request_uri", Utf8),
                ("httpstatus", Utf8),
                ("errorcode", Utf8),
                ("bytessent", Int64),
                ("objectsize", Int64),
                ("totaltime", Utf8),
                ("turnaroundtime", Utf8),
                ("referrer", Utf8),
                ("useragent", Utf8),
                ("versionid", Utf8),
                ("hostid", Utf8),
                ("sigv", Utf8),
                ("ciphersuite", Utf8),
                ("authtype", Utf8),
                ("endpoint", Utf8),
                ("tlsversion", Utf8),
                ("accesspointarn", Utf8),
                ("aclrequired", Utf8),
            ]),
        }
    }
}

impl Default for S3Access {
    fn default() -> Self {
        Self::new()
    }
}

impl LineGrammar for S3Access {
    fn name(&self) -> &str {
        "s3access"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(S3Parser {
            cut: self.fields.len(),
        })
    }
}

/// The fields up to `useragent` exist in every generation of the format.
const ALWAYS: usize = 17;

struct S3Parser {
    /// Fields from this index on are not wanted (the first 17 are always
    /// cut, so a short line fails whatever a query reads).
    cut: usize,
}

impl LineParser for S3Parser {
    fn header_line(&mut self, _line: &str) -> bool {
        false
    }

    fn want(&mut self, wanted: &[bool]) {
        let last = wanted.iter().rposition(|&w| w).map_or(0, |last| last + 1);
        self.cut = last.max(ALWAYS);
    }

    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        let mut tokens = Tokens::new(line).with_brackets();
        let n = out.len().min(self.cut);
        for (i, slot) in out.iter_mut().enumerate() {
            let Some(token) = tokens.next() else {
                if i < ALWAYS {
                    return Err(LineError::new(format!(
                        "only {i} fields, an S3 access log entry has at least 17"
                    )));
                }
                break;
            };
            if i == 2 && !token.quoted {
                return Err(LineError::new(
                    "third field is not a [bracketed] time: not an S3 server access log entry",
                ));
            }
            *slot = Some(token.span);
            if i + 1 == n {
                break;
            }
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
        let doc = include_str!("../../../testdata/s3access/aws_docs_examples.log");
        let lines: Vec<&str> = doc.lines().collect();
        crate::grammar::assert_wanted_fields_agree(&S3Access::new(), &lines);
    }

    #[test]
    fn aws_documented_example() {
        let doc = include_str!("../../../testdata/s3access/aws_docs_examples.log");
        let lines: Vec<&str> = doc.lines().collect();
        let r = &parse_named(&S3Access::new(), &lines).unwrap()[0];
        assert_eq!(r["bucket_name"], Some("awsexamplebucket1"));
        assert_eq!(r["requestdatetime"], Some("06/Feb/2019:00:00:38 +0000"));
        assert_eq!(r["remoteip"], Some("192.0.2.3"));
        assert_eq!(r["requestid"], Some("3E57427F3EXAMPLE"));
        assert_eq!(r["operation"], Some("REST.GET.VERSIONING"));
        assert_eq!(r["key"], Some("-"));
        assert_eq!(
            r["request_uri"],
            Some("GET /awsexamplebucket1?versioning HTTP/1.1")
        );
        assert_eq!(r["httpstatus"], Some("200"));
        assert_eq!(r["bytessent"], Some("113"));
        assert_eq!(r["objectsize"], Some("-"));
        assert_eq!(r["totaltime"], Some("7"));
        assert_eq!(r["useragent"], Some("S3Console/0.4"));
        assert_eq!(r["sigv"], Some("SigV2"));
        assert_eq!(r["tlsversion"], Some("TLSV1.1"));
        assert_eq!(r["accesspointarn"], None);
    }

    #[test]
    fn real_lines_first_and_last() {
        let text = include_str!("../../../testdata/s3access/clo_s3.log");
        let lines: Vec<&str> = text.lines().collect();
        let rows = parse_named(&S3Access::new(), &lines).unwrap();
        assert_eq!(rows.len(), 6);
        let r = &rows[0];
        assert_eq!(r["requestdatetime"], Some("13/Dec/2021:09:29:20 +0000"));
        assert_eq!(r["requestid"], Some("MWDFHJFSJ46E6XAJ"));
        assert_eq!(r["key"], Some("static/js/25.6f6494d3.chunk.js.map"));
        assert_eq!(r["bytessent"], Some("-"));
        assert_eq!(r["objectsize"], Some("2900"));
        assert_eq!(r["turnaroundtime"], Some("14"));
        assert_eq!(r["accesspointarn"], Some("-"));
        assert_eq!(r["aclrequired"], Some("-"));
        assert_eq!(rows[1]["aclrequired"], Some("Yes"));
    }

    #[test]
    fn elastic_fixture_odd_lines() {
        // elastic/integrations test-s3-server-access.log: a BATCH.DELETE line
        // with a bare `-` request URI, and the S3.EXPIRE.OBJECT lifecycle line.
        let batch = "36c1f05b76016b78528454e6e0c60e2b7ff7aa20c0a5e4c748276e5b0a2debd2 jsoriano-s3-test [10/Sep/2019:15:11:07 +0000] 89.160.20.156 arn:aws:iam::123456:user/test@elastic.co 8CD7A4A71E2E5C9E BATCH.DELETE.OBJECT jolokia-war-1.5.0.war - 204 - - 344017 - - - - - IeDW5I3wefFxU8iHOcAzi5qr+O+1bdRlcQ0AO2WGjFh7JwYM6qCoKq+1TrUshrXMlBxPFtg97Vk= SigV4 ECDHE-RSA-AES128-SHA AuthHeader s3.eu-central-1.amazonaws.com TLSv1.2";
        let expire = r#"b854390a51155554b82ce2759564a1135bce83133d004f4d2001f157e13985d7 flow-log-test [25/Mar/2025:19:28:02 +0000] - AmazonS3 366DB3C4B325AB11 S3.EXPIRE.OBJECT 0/chum/x.sst "-" - - - 317 - - "-" "-" qsEq9bDa2VyxyZ4cz0c7oBnF67VYTTij DMlPb9al4CvVBck150CgpEIIYgtSI3HC/atetNVYwPtHZffW6jfpg+BrffhbT9/B - - - - - - -"#;
        let rows = parse_named(&S3Access::new(), &[batch, expire]).unwrap();
        assert_eq!(rows[0]["request_uri"], Some("-"));
        assert_eq!(rows[0]["httpstatus"], Some("204"));
        assert_eq!(rows[0]["objectsize"], Some("344017"));
        assert_eq!(rows[0]["tlsversion"], Some("TLSv1.2"));
        assert_eq!(rows[1]["remoteip"], Some("-"));
        assert_eq!(rows[1]["request_uri"], Some("-"));
        assert_eq!(rows[1]["objectsize"], Some("317"));
        assert_eq!(
            rows[1]["versionid"],
            Some("qsEq9bDa2VyxyZ4cz0c7oBnF67VYTTij")
        );
        assert_eq!(rows[1]["aclrequired"], Some("-"));
    }

    #[test]
    fn short_line_is_rejected() {
        let err = parse_named(&S3Access::new(), &["a b [t] c"]).unwrap_err();
        assert!(err.reason.contains("at least 17"), "{err}");
    }
}
