//! Athena's Grok SerDe (`com.amazonaws.glue.serde.GrokSerDe`): the
//! `input.format` grok expression, with `input.grokCustomPatterns`, is
//! searched for in each line (see [`super::grok`] for the expression's
//! meaning); the grammar's fields are its capture names, and a table's
//! columns bind to them by name. A line without a match is a bad record.

use std::sync::Arc;

use regex::CaptureLocations;

use super::grok::{Grok, GrokError};
use super::{FieldSpec, FieldType, LineError, LineGrammar, LineParser, Span};

/// A Grok SerDe table's grammar: its compiled expression, one field per
/// capture name.
#[derive(Debug, Clone)]
pub struct GrokSerDe {
    grok: Arc<Grok>,
    fields: Vec<FieldSpec>,
}

impl GrokSerDe {
    /// Compiles the `input.format` expression with the
    /// `input.grokCustomPatterns` definitions.
    pub fn new(format: &str, custom_patterns: &str) -> Result<Self, GrokError> {
        let grok = Grok::new(format, custom_patterns, "input.format")?;
        let fields = grok
            .names()
            .iter()
            .map(|n| FieldSpec::new(n.clone(), FieldType::Utf8))
            .collect();
        Ok(Self {
            grok: Arc::new(grok),
            fields,
        })
    }
}

impl LineGrammar for GrokSerDe {
    fn name(&self) -> &str {
        "grok"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(GrokParser {
            locations: self.grok.locations(),
            grok: Arc::clone(&self.grok),
        })
    }
}

struct GrokParser {
    grok: Arc<Grok>,
    locations: CaptureLocations,
}

impl LineParser for GrokParser {
    fn header_line(&mut self, _line: &str) -> bool {
        false
    }

    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        if self.grok.captures(line, &mut self.locations, out) {
            Ok(())
        } else {
            Err(LineError::new(
                "the line does not match the table's input.format",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::parse_named;

    /// The captures of the one line `line`; panics when it does not match.
    fn one(format: &str, custom: &str, line: &str) -> Vec<(String, Option<String>)> {
        let g = GrokSerDe::new(format, custom).unwrap();
        let rows = parse_named(&g, &[line]).unwrap();
        rows[0]
            .iter()
            .map(|(k, v)| (k.clone(), v.map(str::to_string)))
            .collect()
    }

    fn field(rows: &[(String, Option<String>)], name: &str) -> Option<String> {
        rows.iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.clone())
    }

    /// AWS's Athena Grok SerDe Example 1: the Postfix maillog lines, the
    /// custom pattern and the input.format as printed; values read off the
    /// lines by hand.
    #[test]
    fn aws_example_1_postfix() {
        let format = "%{SYSLOGBASE} %{POSTFIX_QUEUEID:queue_id}: %{GREEDYDATA:syslog_message}";
        let custom = "POSTFIX_QUEUEID [0-9A-F]{7,12}";
        let r = one(
            format,
            custom,
            "Feb  9 07:15:00 m4eastmail postfix/smtpd[19305]: B88C4120838: connect from unknown[192.168.55.4]",
        );
        assert_eq!(
            field(&r, "SYSLOGBASE").as_deref(),
            Some("Feb  9 07:15:00 m4eastmail postfix/smtpd[19305]:")
        );
        assert_eq!(field(&r, "queue_id").as_deref(), Some("B88C4120838"));
        assert_eq!(
            field(&r, "syslog_message").as_deref(),
            Some("connect from unknown[192.168.55.4]")
        );
        assert_eq!(field(&r, "timestamp").as_deref(), Some("Feb  9 07:15:00"));
        assert_eq!(field(&r, "logsource").as_deref(), Some("m4eastmail"));
        assert_eq!(field(&r, "program").as_deref(), Some("postfix/smtpd"));
        assert_eq!(field(&r, "pid").as_deref(), Some("19305"));
        assert_eq!(field(&r, "facility"), None);
        let r = one(
            format,
            custom,
            "Feb  9 07:15:03 m4eastmail postfix/cleanup[22835]: BDC22A77854: message-id=<31221401257553.5004389LCBF@m4eastmail.example.com>",
        );
        assert_eq!(field(&r, "queue_id").as_deref(), Some("BDC22A77854"));
        assert_eq!(field(&r, "program").as_deref(), Some("postfix/cleanup"));
        assert_eq!(
            field(&r, "syslog_message").as_deref(),
            Some("message-id=<31221401257553.5004389LCBF@m4eastmail.example.com>")
        );
    }

    /// AWS's Example 2 (Log4j). The sample is printed wrapped over five
    /// lines; joined, it has two spaces after INFO (Log4j pads the level to
    /// five characters) where the pattern has one, so as printed it does
    /// not match; with one space every field is as read off the line.
    #[test]
    fn aws_example_2_log4j() {
        let format = "%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:loglevel} - processType=%{NOTSPACE:processtype}, processId=%{NOTSPACE:processid}, status=%{NOTSPACE:status}, threadId=%{NOTSPACE:threadid}, executionTime=%{POSINT:executiontime}, tenantId=%{POSINT:tenantid}, userId=%{NOTSPACE:userid}, shard=%{NOTSPACE:shard}, jobId=%{NOTSPACE:jobid}, messageType=%{NOTSPACE:messagetype}, action=%{C_ACTION:action}, hostname=%{HOST:hostname}";
        let custom = "C_ACTION receive|send";
        let printed = "2017-09-12 12:10:34,972 INFO  - processType=AZ, processId=ABCDEFG614B6F5E49, status=RUN, threadId=123:amqListenerContainerPool23P:AJ|ABCDE9614B6F5E49||2017-09-12T12:10:11.172-0700], executionTime=7290, tenantId=12456, userId=123123f8535f8d76015374e7a1d87c3c, shard=testapp1, jobId=12312345e5e7df0015e777fb2e03f3c, messageType=REAL_TIME_SYNC, action=receive, hostname=1.abc.def.com";
        let g = GrokSerDe::new(format, custom).unwrap();
        assert!(parse_named(&g, &[printed]).is_err());
        let r = one(format, custom, &printed.replace("INFO  -", "INFO -"));
        let want = [
            ("timestamp", "2017-09-12 12:10:34,972"),
            ("loglevel", "INFO"),
            ("processtype", "AZ"),
            ("processid", "ABCDEFG614B6F5E49"),
            ("status", "RUN"),
            (
                "threadid",
                "123:amqListenerContainerPool23P:AJ|ABCDE9614B6F5E49||2017-09-12T12:10:11.172-0700]",
            ),
            ("executiontime", "7290"),
            ("tenantid", "12456"),
            ("userid", "123123f8535f8d76015374e7a1d87c3c"),
            ("shard", "testapp1"),
            ("jobid", "12312345e5e7df0015e777fb2e03f3c"),
            ("messagetype", "REAL_TIME_SYNC"),
            ("action", "receive"),
            ("hostname", "1.abc.def.com"),
        ];
        for (name, value) in want {
            assert_eq!(field(&r, name).as_deref(), Some(value), "{name}");
        }
    }

    #[test]
    fn serde_fields_are_the_captures_and_a_miss_is_a_line_error() {
        let g = GrokSerDe::new("%{IP:ip} %{WORD:w}", "").unwrap();
        let names: Vec<&str> = g.fields().iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["ip", "w"]);
        let rows = parse_named(&g, &["10.0.0.1 ok"]).unwrap();
        assert_eq!(rows[0]["ip"], Some("10.0.0.1"));
        let err = parse_named(&g, &["nothing"]).unwrap_err();
        assert!(
            err.reason
                .contains("does not match the table's input.format")
        );
    }
}
