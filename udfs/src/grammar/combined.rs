//! The Combined Log Format of Apache httpd and nginx: the Common Log Format
//! followed by `"%{Referer}i" "%{User-agent}i"`.
//!
//! Columns: those of [`super::clf`], then `referrer` and `user_agent`
//! (`-` reads as NULL). A line missing the two trailing fields (a CLF line
//! in a combined log) leaves them NULL.

use super::FieldType::Utf8;
use super::clf::{COMMON, WebLogParser};
use super::{FieldSpec, LineGrammar, LineParser, specs};

/// The Combined Log Format grammar.
#[derive(Debug)]
pub struct Combined {
    fields: Vec<FieldSpec>,
}

impl Combined {
    /// The grammar.
    pub fn new() -> Self {
        let mut fields = specs(COMMON);
        fields.extend(specs(&[("referrer", Utf8), ("user_agent", Utf8)]));
        Self { fields }
    }
}

impl Default for Combined {
    fn default() -> Self {
        Self::new()
    }
}

impl LineGrammar for Combined {
    fn name(&self) -> &str {
        "combined"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(WebLogParser::new(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::parse_named;

    const EXCERPT: &str =
        include_str!("../../../testdata/apache/elastic-examples_apache_logs_excerpt.log");

    #[test]
    fn real_file_first_truncated_and_last() {
        let lines: Vec<&str> = EXCERPT.lines().collect();
        let rows = parse_named(&Combined::new(), &lines).unwrap();
        let r = &rows[0];
        assert_eq!(r["remote_host"], Some("83.149.9.216"));
        assert_eq!(r["time"], Some("17/May/2015:10:05:03 +0000"));
        assert_eq!(
            r["request_url"],
            Some("/presentations/logstash-monitorama-2013/images/kibana-search.png")
        );
        assert_eq!(r["status"], Some("200"));
        assert_eq!(r["bytes"], Some("203023"));
        assert_eq!(
            r["referrer"],
            Some("http://semicomplete.com/presentations/logstash-monitorama-2013/")
        );
        assert_eq!(
            r["user_agent"],
            Some(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
            )
        );
        // Line 8899 of the original: the user agent's closing quote is missing.
        let r = &rows[rows.len() - 2];
        assert_eq!(r["remote_host"], Some("46.118.127.106"));
        assert_eq!(r["referrer"], None);
        assert_eq!(
            r["user_agent"],
            Some("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html")
        );
        let r = &rows[rows.len() - 1];
        assert_eq!(r["remote_host"], Some("46.105.14.53"));
        assert_eq!(r["time"], Some("20/May/2015:21:05:15 +0000"));
        assert_eq!(r["request_url"], Some("/blog/tags/puppet?flav=rss20"));
        assert_eq!(r["bytes"], Some("14872"));
        assert_eq!(
            r["user_agent"],
            Some("UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/")
        );
    }

    #[test]
    fn a_wanted_field_is_cut_as_in_a_full_parse() {
        let lines: Vec<&str> = EXCERPT.lines().collect();
        crate::grammar::assert_wanted_fields_agree(&Combined::new(), &lines);
    }

    #[test]
    fn clf_line_in_a_combined_log() {
        let line = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;
        let r = &parse_named(&Combined::new(), &[line]).unwrap()[0];
        assert_eq!(r["bytes"], Some("2326"));
        assert_eq!(r["user_agent"], None);
    }
}
