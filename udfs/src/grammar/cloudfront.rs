//! Amazon CloudFront standard (access) logs.
//!
//! Columns as in AWS's "Create a table for CloudFront standard logs"
//! (Athena User Guide). Fields are tab-separated; `#Version:` and `#Fields:`
//! header lines are skipped, and `#Fields:` sets the layout of the lines
//! after it (otherwise the documented 33-field order is assumed). Values
//! are kept as CloudFront writes them, URL-encoded (`%20`), because AWS's
//! table (LazySimpleSerDe) does not decode them either: use `url_decode`.
//! `-` stays `-` in string columns and reads as NULL in numeric ones. Lines
//! with fewer fields than the layout (older distributions) leave the rest
//! NULL.

use super::FieldType::{Date, Float32, Int32, Int64, Utf8};
use super::{FieldSpec, FieldType, LineError, LineGrammar, LineParser, Span};

/// Every field: its name in `#Fields:`, its column and type.
const FIELDS: &[(&str, &str, FieldType)] = &[
    ("date", "date", Date),
    ("time", "time", Utf8),
    ("x-edge-location", "x_edge_location", Utf8),
    ("sc-bytes", "sc_bytes", Int64),
    ("c-ip", "c_ip", Utf8),
    ("cs-method", "cs_method", Utf8),
    ("cs(Host)", "cs_host", Utf8),
    ("cs-uri-stem", "cs_uri_stem", Utf8),
    ("sc-status", "sc_status", Int32),
    ("cs(Referer)", "cs_referrer", Utf8),
    ("cs(User-Agent)", "cs_user_agent", Utf8),
    ("cs-uri-query", "cs_uri_query", Utf8),
    ("cs(Cookie)", "cs_cookie", Utf8),
    ("x-edge-result-type", "x_edge_result_type", Utf8),
    ("x-edge-request-id", "x_edge_request_id", Utf8),
    ("x-host-header", "x_host_header", Utf8),
    ("cs-protocol", "cs_protocol", Utf8),
    ("cs-bytes", "cs_bytes", Int64),
    ("time-taken", "time_taken", Float32),
    ("x-forwarded-for", "x_forwarded_for", Utf8),
    ("ssl-protocol", "ssl_protocol", Utf8),
    ("ssl-cipher", "ssl_cipher", Utf8),
    (
        "x-edge-response-result-type",
        "x_edge_response_result_type",
        Utf8,
    ),
    ("cs-protocol-version", "cs_protocol_version", Utf8),
    ("fle-status", "fle_status", Utf8),
    ("fle-encrypted-fields", "fle_encrypted_fields", Int32),
    ("c-port", "c_port", Int32),
    ("time-to-first-byte", "time_to_first_byte", Float32),
    (
        "x-edge-detailed-result-type",
        "x_edge_detailed_result_type",
        Utf8,
    ),
    ("sc-content-type", "sc_content_type", Utf8),
    ("sc-content-len", "sc_content_len", Int64),
    ("sc-range-start", "sc_range_start", Int64),
    ("sc-range-end", "sc_range_end", Int64),
];

/// The CloudFront standard log grammar.
#[derive(Debug)]
pub struct CloudFront {
    fields: Vec<FieldSpec>,
}

impl CloudFront {
    /// The grammar.
    pub fn new() -> Self {
        Self {
            fields: FIELDS
                .iter()
                .map(|(_, column, ty)| FieldSpec::new(*column, *ty))
                .collect(),
        }
    }
}

impl Default for CloudFront {
    fn default() -> Self {
        Self::new()
    }
}

impl LineGrammar for CloudFront {
    fn name(&self) -> &str {
        "cloudfront"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(CloudFrontParser {
            layout: (0..FIELDS.len()).map(Some).collect(),
        })
    }
    fn supports_range_split(&self) -> bool {
        false
    }
}

struct CloudFrontParser {
    layout: Vec<Option<usize>>,
}

impl LineParser for CloudFrontParser {
    fn header_line(&mut self, line: &str) -> bool {
        if let Some(names) = line.strip_prefix("#Fields:") {
            self.layout = names
                .split_ascii_whitespace()
                .map(|name| FIELDS.iter().position(|(n, _, _)| *n == name))
                .collect();
        }
        line.starts_with('#')
    }

    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        let mut start = 0;
        let mut count = 0;
        for (i, field) in line.split('\t').enumerate() {
            let span = start..start + field.len();
            start = span.end + 1;
            count += 1;
            if let Some(Some(column)) = self.layout.get(i) {
                out[*column] = Some(span);
            }
        }
        if count < 2 {
            return Err(LineError::new(
                "no tab in the line: not a CloudFront standard log entry (fields are tab-separated)",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::parse_named;

    #[test]
    fn real_file_first_and_last() {
        let text = include_str!("../../../testdata/cloudfront/clo_cloudfront.log");
        let lines: Vec<&str> = text.lines().collect();
        let rows = parse_named(&CloudFront::new(), &lines).unwrap();
        assert_eq!(rows.len(), 2);
        let r = &rows[0];
        assert_eq!(r["date"], Some("2022-03-24"));
        assert_eq!(r["time"], Some("22:14:09"));
        assert_eq!(r["x_edge_location"], Some("HKG54-C1"));
        assert_eq!(r["sc_bytes"], Some("350"));
        assert_eq!(r["c_ip"], Some("13.248.48.10"));
        assert_eq!(r["cs_host"], Some("d5szyetdhzssss.cloudfront.net"));
        assert_eq!(r["cs_uri_stem"], Some("/favicon.ico"));
        assert_eq!(r["sc_status"], Some("200"));
        assert_eq!(
            r["cs_referrer"],
            Some("https://d5szyetdhzssss.cloudfront.net/")
        );
        assert!(
            r["cs_user_agent"]
                .unwrap()
                .starts_with("Mozilla/5.0%20(Macintosh;")
        );
        assert_eq!(r["cs_uri_query"], Some("-"));
        assert_eq!(r["x_edge_result_type"], Some("Error"));
        assert_eq!(r["cs_protocol"], Some("https"));
        let last = lines.last().unwrap();
        let fields: Vec<&str> = last.split('\t').collect();
        assert_eq!(fields.len(), 33);
        let r = &rows[1];
        assert_eq!(r["time"], Some("22:14:13"));
        assert_eq!(r["sc_bytes"], Some("348"));
        assert_eq!(r["sc_range_end"], Some(fields[32]));
        assert_eq!(r["sc_content_type"], Some(fields[29]));
    }

    #[test]
    fn aws_documented_example_older_layout() {
        let doc = include_str!("../../../testdata/cloudfront/aws_docs_examples.log");
        let lines: Vec<&str> = doc.lines().collect();
        let r = &parse_named(&CloudFront::new(), &lines).unwrap()[0];
        assert_eq!(r["date"], Some("2014-05-23"));
        assert_eq!(r["x_edge_location"], Some("LAX1"));
        assert_eq!(r["sc_bytes"], Some("2390282"));
        assert_eq!(r["cs_uri_stem"], Some("/soundtrack/happy.mp3"));
        assert_eq!(r["sc_status"], Some("304"));
        assert_eq!(r["cs_uri_query"], Some("a=b&c=d"));
        assert_eq!(r["cs_cookie"], Some("zip=98101"));
        assert_eq!(r["time_taken"], Some("0.002"));
        assert_eq!(r["cs_protocol_version"], Some("HTTP/1.1"));
        assert_eq!(r["fle_status"], None);
    }

    #[test]
    fn fields_header_reorders_and_short_lines_are_tolerated() {
        let lines = [
            "#Version: 1.0",
            "#Fields: c-ip date x-unknown sc-status",
            "192.0.2.1\t2024-01-02\tzzz\t404",
            "192.0.2.2\t2024-01-03",
        ];
        let rows = parse_named(&CloudFront::new(), &lines).unwrap();
        assert_eq!(rows[0]["c_ip"], Some("192.0.2.1"));
        assert_eq!(rows[0]["date"], Some("2024-01-02"));
        assert_eq!(rows[0]["sc_status"], Some("404"));
        assert_eq!(rows[1]["sc_status"], None);
        assert!(parse_named(&CloudFront::new(), &["no tabs here"]).is_err());
    }
}
