//! VPC Flow Logs, in the default version 2 layout or a custom field list.
//!
//! Columns as in AWS's "Create a table for VPC flow logs" (Athena User
//! Guide), then the version 7 and 8 fields (ECS, `reject_reason`) AWS added
//! since. S3 delivery writes the field list as the file's first line
//! (`version account-id ...`); when it is there, it sets the layout of the
//! file, otherwise the default v2 layout is assumed. `-` reads as NULL.
//! Fields of a header that this grammar does not know are skipped.

use super::FieldType::{Int32, Int64, Utf8};
use super::{FieldSpec, FieldType, LineError, LineGrammar, LineParser, Span, Tokens};

/// Every field, by its name in AWS's field list, with its column type.
const FIELDS: &[(&str, FieldType)] = &[
    ("version", Int32),
    ("account-id", Utf8),
    ("interface-id", Utf8),
    ("srcaddr", Utf8),
    ("dstaddr", Utf8),
    ("srcport", Int32),
    ("dstport", Int32),
    ("protocol", Int64),
    ("packets", Int64),
    ("bytes", Int64),
    ("start", Int64),
    ("end", Int64),
    ("action", Utf8),
    ("log-status", Utf8),
    ("vpc-id", Utf8),
    ("subnet-id", Utf8),
    ("instance-id", Utf8),
    ("tcp-flags", Int32),
    ("type", Utf8),
    ("pkt-srcaddr", Utf8),
    ("pkt-dstaddr", Utf8),
    ("region", Utf8),
    ("az-id", Utf8),
    ("sublocation-type", Utf8),
    ("sublocation-id", Utf8),
    ("pkt-src-aws-service", Utf8),
    ("pkt-dst-aws-service", Utf8),
    ("flow-direction", Utf8),
    ("traffic-path", Int32),
    ("ecs-cluster-arn", Utf8),
    ("ecs-cluster-name", Utf8),
    ("ecs-container-instance-arn", Utf8),
    ("ecs-container-instance-id", Utf8),
    ("ecs-container-id", Utf8),
    ("ecs-second-container-id", Utf8),
    ("ecs-service-name", Utf8),
    ("ecs-task-definition-arn", Utf8),
    ("ecs-task-arn", Utf8),
    ("ecs-task-id", Utf8),
    ("reject-reason", Utf8),
];

/// How many fields the default (version 2) layout has.
const DEFAULT_LAYOUT: usize = 14;

/// The VPC flow log grammar.
#[derive(Debug)]
pub struct VpcFlow {
    fields: Vec<FieldSpec>,
}

impl VpcFlow {
    /// The grammar.
    pub fn new() -> Self {
        Self {
            fields: FIELDS
                .iter()
                .map(|(n, t)| FieldSpec::new(n.replace('-', "_"), *t))
                .collect(),
        }
    }
}

impl Default for VpcFlow {
    fn default() -> Self {
        Self::new()
    }
}

impl LineGrammar for VpcFlow {
    fn name(&self) -> &str {
        "vpcflow"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        let mut parser = VpcParser {
            layout: (0..DEFAULT_LAYOUT).map(Some).collect(),
            wanted: None,
            cut: 0,
        };
        parser.place_cut();
        Box::new(parser)
    }
    fn supports_range_split(&self) -> bool {
        // The header line at the top decides the layout of the whole file.
        false
    }
}

struct VpcParser {
    /// For each field of the file's lines, the column it fills (None: skipped).
    layout: Vec<Option<usize>>,
    /// The columns the reader builds; `None` for all.
    wanted: Option<Vec<bool>>,
    /// Fields of a line from this position on are counted, not cut.
    cut: usize,
}

impl VpcParser {
    fn place_cut(&mut self) {
        self.cut = match &self.wanted {
            None => self.layout.len(),
            Some(wanted) => self
                .layout
                .iter()
                .rposition(|c| c.is_some_and(|c| wanted.get(c) == Some(&true)))
                .map_or(0, |last| last + 1),
        };
    }
}

fn field_index(name: &str) -> Option<usize> {
    FIELDS.iter().position(|(n, _)| *n == name)
}

impl LineParser for VpcParser {
    fn header_line(&mut self, line: &str) -> bool {
        let mut words = line.split_ascii_whitespace().peekable();
        // Values are never all lower-case letters and hyphens with the first a
        // known name: `eni-0a1b...` holds digits, actions are upper case.
        let is_header = words.peek().is_some_and(|w| field_index(w).is_some())
            && line
                .split_ascii_whitespace()
                .all(|w| w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        if is_header {
            self.layout = words.map(field_index).collect();
            self.place_cut();
        }
        is_header
    }

    fn want(&mut self, wanted: &[bool]) {
        self.wanted = Some(wanted.to_vec());
        self.place_cut();
    }

    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        let mut count = 0;
        let mut tokens = Tokens::new(line);
        for (i, token) in tokens.by_ref().take(self.cut).enumerate() {
            count += 1;
            let Some(Some(column)) = self.layout.get(i) else {
                continue;
            };
            if &line[token.span.clone()] != "-" {
                out[*column] = Some(token.span);
            }
        }
        // A truncated record is an error whichever fields are read.
        if count == self.cut {
            count += tokens.take(self.layout.len().saturating_sub(count)).count();
        }
        if count < self.layout.len() {
            return Err(LineError::new(format!(
                "{count} fields where the file's layout has {}: a truncated flow log record",
                self.layout.len()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::parse_named;

    #[test]
    fn real_file_with_header_first_odd_and_last() {
        let text = include_str!("../../../testdata/vpcflow/clo_vpcflow.log");
        let lines: Vec<&str> = text.lines().collect();
        let rows = parse_named(&VpcFlow::new(), &lines).unwrap();
        assert_eq!(rows.len(), 17);
        let r = &rows[0];
        assert_eq!(r["version"], Some("2"));
        assert_eq!(r["account_id"], Some("123456789012"));
        assert_eq!(r["interface_id"], Some("eni-0477053d545f22d48"));
        assert_eq!(r["srcaddr"], None);
        assert_eq!(r["start"], Some("1651646498"));
        assert_eq!(r["end"], Some("1651646529"));
        assert_eq!(r["action"], None);
        assert_eq!(r["log_status"], Some("NODATA"));
        assert_eq!(r["vpc_id"], None);
        let r = &rows[3];
        assert_eq!(r["srcaddr"], Some("205.185.127.13"));
        assert_eq!(r["dstaddr"], Some("10.255.1.170"));
        assert_eq!(r["srcport"], Some("52284"));
        assert_eq!(r["dstport"], Some("9034"));
        assert_eq!(r["protocol"], Some("17"));
        assert_eq!(r["bytes"], Some("147"));
        assert_eq!(r["action"], Some("ACCEPT"));
        let last = lines.last().unwrap();
        let fields: Vec<&str> = last.split(' ').collect();
        let r = &rows[16];
        assert_eq!(r["interface_id"], Some(fields[2]));
        assert_eq!(r["log_status"], Some(fields[13]));
    }

    #[test]
    fn aws_documented_examples_without_header() {
        let doc = include_str!("../../../testdata/vpcflow/aws_docs_examples.log");
        let lines: Vec<&str> = doc.lines().collect();
        let rows = parse_named(&VpcFlow::new(), &lines).unwrap();
        assert_eq!(rows[0]["srcaddr"], Some("172.31.16.139"));
        assert_eq!(rows[0]["dstport"], Some("22"));
        assert_eq!(rows[0]["packets"], Some("20"));
        assert_eq!(rows[1]["action"], Some("REJECT"));
        assert_eq!(rows[3]["log_status"], Some("SKIPDATA"));
        assert_eq!(rows[3]["packets"], None);
    }

    #[test]
    fn custom_layout_from_header() {
        let lines = [
            "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status some-future-field",
            "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789012 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK x",
        ];
        let r = &parse_named(&VpcFlow::new(), &lines).unwrap()[0];
        assert_eq!(r["version"], Some("3"));
        assert_eq!(r["vpc_id"], Some("vpc-abcdefab012345678"));
        assert_eq!(r["instance_id"], Some("i-01234567890123456"));
        assert_eq!(r["type"], Some("IPv4"));
        assert_eq!(r["pkt_srcaddr"], Some("52.213.180.42"));
        assert_eq!(r["bytes"], Some("568"));
        assert_eq!(r["packets"], Some("8"));
        assert_eq!(r["tcp_flags"], Some("2"));
        assert_eq!(r["log_status"], Some("OK"));
        assert_eq!(r["region"], None);
    }

    #[test]
    fn truncated_record_is_an_error() {
        let err = parse_named(&VpcFlow::new(), &["2 123456789010 eni-1"]).unwrap_err();
        assert!(err.reason.contains("3 fields"), "{err}");
        let mut parser = VpcFlow::new().parser();
        let mut wanted = vec![false; FIELDS.len()];
        wanted[0] = true;
        parser.want(&wanted);
        let mut out: Vec<Span> = vec![None; FIELDS.len()];
        let err = parser.parse("2 123456789010 eni-1", &mut out).unwrap_err();
        assert!(err.reason.contains("3 fields"), "{err}");
        parser.want(&vec![false; FIELDS.len()]);
        assert!(parser.parse("2 123456789010 eni-1", &mut out).is_err());
    }

    #[test]
    fn a_wanted_field_is_cut_as_in_a_full_parse() {
        for text in [
            include_str!("../../../testdata/vpcflow/clo_vpcflow.log"),
            include_str!("../../../testdata/vpcflow/aws_docs_examples.log"),
        ] {
            let lines: Vec<&str> = text.lines().collect();
            crate::grammar::assert_wanted_fields_agree(&VpcFlow::new(), &lines);
        }
    }
}
