//! The standard grok pattern library: the names Logstash's `grok-patterns`
//! and `httpd` / `linux-syslog` files define (the set Athena's Grok SerDe
//! documentation points to), written here for Rust's `regex` crate.
//!
//! Each entry keeps the meaning of the Logstash pattern of the same name,
//! but the regex engine here has no lookaround and no atomic groups, so:
//! - "not preceded / followed by a digit" guards (IPV4, BASE10NUM, TIME)
//!   become word boundaries or are dropped; inside a whole grok expression
//!   the neighbouring literals decide the match anyway;
//! - atomic groups become plain groups; QUOTEDSTRING is written so that it
//!   still ends at the first unescaped quote;
//! - `\b` is ASCII (`\w` is `[0-9A-Za-z_]`, as in Java), which also keeps
//!   the compiled regex on the fast DFA path for non-ASCII text.
//!
//! Alternatives are ordered longest first where Logstash's order would make
//! a standalone pattern stop early (`MONTHNUM` takes `12`, not `1`).

/// `(name, regex)` of every standard pattern. A regex may refer to others
/// as `%{NAME}` or `%{NAME:field}`; `\b` is rewritten to an ASCII word
/// boundary when the pattern is expanded.
pub(crate) const PATTERNS: &[(&str, &str)] = &[
    // ---- words, numbers, strings
    ("USERNAME", r"[a-zA-Z0-9._-]+"),
    ("USER", r"%{USERNAME}"),
    ("EMAILLOCALPART", r"[a-zA-Z0-9][a-zA-Z0-9_.+=:-]*"),
    ("EMAILADDRESS", r"%{EMAILLOCALPART}@%{HOSTNAME}"),
    ("INT", r"[+-]?[0-9]+"),
    ("BASE10NUM", r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"),
    ("NUMBER", r"%{BASE10NUM}"),
    ("BASE16NUM", r"[+-]?(?:0x)?[0-9A-Fa-f]+"),
    (
        "BASE16FLOAT",
        r"\b[+-]?(?:0x)?(?:[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]*)?|\.[0-9A-Fa-f]+)\b",
    ),
    ("POSINT", r"\b[1-9][0-9]*\b"),
    ("NONNEGINT", r"\b[0-9]+\b"),
    // Not in Logstash's library; a process id as SYSLOGPROG reads it.
    ("PID", r"%{POSINT}"),
    ("WORD", r"\b[0-9A-Za-z_]+\b"),
    ("NOTSPACE", r"\S+"),
    ("SPACE", r"\s*"),
    ("DATA", r".*?"),
    ("GREEDYDATA", r".*"),
    // A `[^\\"]` run cannot take a quote, so each string ends at its first
    // unescaped quote, as Logstash's atomic groups make it.
    (
        "QUOTEDSTRING",
        r#""(?:\\.|[^\\"])*"|'(?:\\.|[^\\'])*'|`(?:\\.|[^\\`])*`"#,
    ),
    ("QS", r"%{QUOTEDSTRING}"),
    (
        "UUID",
        r"[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}",
    ),
    (
        "URN",
        r"urn:[0-9A-Za-z][0-9A-Za-z-]{0,31}:(?:%[0-9a-fA-F]{2}|[0-9A-Za-z()+,.:=@;$_!*'/?#-])+",
    ),
    // ---- networking
    ("CISCOMAC", r"(?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4}"),
    ("WINDOWSMAC", r"(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2}"),
    ("COMMONMAC", r"(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2}"),
    ("MAC", r"%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC}"),
    ("IPV4OCTET", r"25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2}"),
    (
        "IPV4",
        r"\b%{IPV4OCTET}\.%{IPV4OCTET}\.%{IPV4OCTET}\.%{IPV4OCTET}\b",
    ),
    // RFC 4291 text forms: eight groups, one `::` for a run of zero groups,
    // a dotted IPv4 tail, then an optional zone (`%eth0`).
    (
        "IPV6",
        concat!(
            r"(?:",
            r"(?:%{IPV6H}:){7}(?:%{IPV6H}|:)",
            r"|(?:%{IPV6H}:){6}(?:%{IPV4}|:%{IPV6H}|:)",
            r"|(?:%{IPV6H}:){5}(?::%{IPV4}|(?::%{IPV6H}){1,2}|:)",
            r"|(?:%{IPV6H}:){4}(?:(?::%{IPV6H}){0,1}:%{IPV4}|(?::%{IPV6H}){1,3}|:)",
            r"|(?:%{IPV6H}:){3}(?:(?::%{IPV6H}){0,2}:%{IPV4}|(?::%{IPV6H}){1,4}|:)",
            r"|(?:%{IPV6H}:){2}(?:(?::%{IPV6H}){0,3}:%{IPV4}|(?::%{IPV6H}){1,5}|:)",
            r"|%{IPV6H}:(?:(?::%{IPV6H}){0,4}:%{IPV4}|(?::%{IPV6H}){1,6}|:)",
            r"|:(?:(?::%{IPV6H}){0,5}:%{IPV4}|(?::%{IPV6H}){1,7}|:)",
            r")(?:%[0-9A-Za-z_.-]+)?",
        ),
    ),
    ("IPV6H", r"[0-9A-Fa-f]{1,4}"),
    ("IP", r"%{IPV6}|%{IPV4}"),
    (
        "HOSTNAME",
        r"\b[0-9A-Za-z][0-9A-Za-z-]{0,62}(?:\.[0-9A-Za-z][0-9A-Za-z-]{0,62})*\.?",
    ),
    // The older name AWS's Athena examples still use.
    ("HOST", r"%{HOSTNAME}"),
    ("IPORHOST", r"%{IP}|%{HOSTNAME}"),
    ("HOSTPORT", r"%{IPORHOST}:%{POSINT}"),
    // ---- paths and URIs
    ("PATH", r"%{UNIXPATH}|%{WINPATH}"),
    ("UNIXPATH", r"(?:/[[:alnum:]_%!$@:.,+~-]*)+"),
    ("TTY", r"/dev/(?:pts|tty[pq]?)(?:[0-9A-Za-z_]+)?/?[0-9]+"),
    ("WINPATH", r"(?:[A-Za-z]+:|\\)(?:\\[^\\?*]*)+"),
    ("URIPROTO", r"[A-Za-z][A-Za-z0-9+.-]+"),
    ("URIHOST", r"%{IPORHOST}(?::%{POSINT:port})?"),
    ("URIPATH", r"(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_-]*)+"),
    ("URIPARAM", r"\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*"),
    ("URIPATHPARAM", r"%{URIPATH}(?:%{URIPARAM})?"),
    (
        "URI",
        r"%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?",
    ),
    // ---- dates and times (English and German month names, as Logstash)
    (
        "MONTH",
        concat!(
            r"\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?",
            r"|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?",
            r"|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\b",
        ),
    ),
    ("MONTHNUM", r"1[0-2]|0?[1-9]"),
    ("MONTHNUM2", r"0[1-9]|1[0-2]"),
    ("MONTHDAY", r"3[01]|[12][0-9]|0[1-9]|[1-9]"),
    (
        "DAY",
        r"Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?",
    ),
    ("YEAR", r"(?:[0-9]{2}){1,2}"),
    ("HOUR", r"2[0-3]|[01]?[0-9]"),
    ("MINUTE", r"[0-5][0-9]"),
    // 60 is a leap second.
    ("SECOND", r"(?:60|[0-5]?[0-9])(?:[:.,][0-9]+)?"),
    ("TIME", r"%{HOUR}:%{MINUTE}:%{SECOND}"),
    ("DATE_US", r"%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}"),
    ("DATE_EU", r"%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}"),
    ("ISO8601_TIMEZONE", r"Z|[+-]%{HOUR}(?::?%{MINUTE})"),
    ("ISO8601_SECOND", r"%{SECOND}"),
    (
        "TIMESTAMP_ISO8601",
        r"%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?",
    ),
    ("DATE", r"%{DATE_US}|%{DATE_EU}"),
    ("DATESTAMP", r"%{DATE}[- ]%{TIME}"),
    ("TZ", r"[APMCE][SD]T|UTC"),
    (
        "DATESTAMP_RFC822",
        r"%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ}",
    ),
    (
        "DATESTAMP_RFC2822",
        r"%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE}",
    ),
    (
        "DATESTAMP_OTHER",
        r"%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR}",
    ),
    (
        "DATESTAMP_EVENTLOG",
        r"%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND}",
    ),
    ("HTTPDATE", r"%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}"),
    // ---- syslog
    ("SYSLOGTIMESTAMP", r"%{MONTH} +%{MONTHDAY} %{TIME}"),
    ("PROG", r"[\x21-\x5a\x5c\x5e-\x7e]+"),
    ("SYSLOGPROG", r"%{PROG:program}(?:\[%{POSINT:pid}\])?"),
    ("SYSLOGHOST", r"%{IPORHOST}"),
    (
        "SYSLOGFACILITY",
        r"<%{NONNEGINT:facility}.%{NONNEGINT:priority}>",
    ),
    (
        "SYSLOGBASE",
        r"%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:",
    ),
    (
        "SYSLOGBASE2",
        r"(?:%{SYSLOGTIMESTAMP:timestamp}|%{TIMESTAMP_ISO8601:timestamp8601}) (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource}+(?: %{SYSLOGPROG}:|)",
    ),
    ("SYSLOGLINE", r"%{SYSLOGBASE2} %{GREEDYDATA:message}"),
    ("SYSLOG5424PRINTASCII", r"[!-~]+"),
    ("SYSLOG5424PRI", r"<%{NONNEGINT:syslog5424_pri}>"),
    ("SYSLOG5424SD", r"(?:\[%{DATA}\])+"),
    (
        "SYSLOG5424BASE",
        concat!(
            r"%{SYSLOG5424PRI}%{NONNEGINT:syslog5424_ver} +(?:%{TIMESTAMP_ISO8601:syslog5424_ts}|-)",
            r" +(?:%{IPORHOST:syslog5424_host}|-) +(?:-|%{SYSLOG5424PRINTASCII:syslog5424_app})",
            r" +(?:-|%{SYSLOG5424PRINTASCII:syslog5424_proc}) +(?:-|%{SYSLOG5424PRINTASCII:syslog5424_msgid})",
            r" +(?:%{SYSLOG5424SD:syslog5424_sd}|-|)",
        ),
    ),
    (
        "SYSLOG5424LINE",
        r"%{SYSLOG5424BASE} +%{GREEDYDATA:syslog5424_msg}",
    ),
    ("CRON_ACTION", r"[A-Z ]+"),
    (
        "CRONLOG",
        r"%{SYSLOGBASE} \(%{USER:user}\) %{CRON_ACTION:action} \(%{DATA:message}\)",
    ),
    // ---- log levels
    (
        "LOGLEVEL",
        concat!(
            r"[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE",
            r"|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?",
            r"|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL",
            r"|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?",
        ),
    ),
    // ---- Apache httpd
    ("HTTPDUSER", r"%{EMAILADDRESS}|%{USER}"),
    (
        "HTTPDERROR_DATE",
        r"%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{YEAR}",
    ),
    (
        "HTTPD_COMMONLOG",
        concat!(
            r"%{IPORHOST:clientip} %{HTTPDUSER:ident} %{HTTPDUSER:auth} \[%{HTTPDATE:timestamp}\] ",
            r#""(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})" "#,
            r"(?:%{NUMBER:response}|-) (?:%{NUMBER:bytes}|-)",
        ),
    ),
    (
        "HTTPD_COMBINEDLOG",
        r"%{HTTPD_COMMONLOG} %{QS:referrer} %{QS:agent}",
    ),
    (
        "HTTPD20_ERRORLOG",
        r"\[%{HTTPDERROR_DATE:timestamp}\] \[%{LOGLEVEL:loglevel}\] (?:\[client %{IPORHOST:clientip}\] )?%{GREEDYDATA:message}",
    ),
    (
        "HTTPD24_ERRORLOG",
        concat!(
            r"\[%{HTTPDERROR_DATE:timestamp}\] \[%{WORD:module}:%{LOGLEVEL:loglevel}\] ",
            r"\[pid %{POSINT:pid}(?::tid %{NUMBER:tid})?\]",
            r"(?: \(%{POSINT:proxy_errorcode}\)%{DATA:proxy_message}:)?",
            r"(?: \[client %{IPORHOST:clientip}:%{POSINT:clientport}\])?",
            r"(?: %{DATA:errorcode}:)? %{GREEDYDATA:message}",
        ),
    ),
    ("HTTPD_ERRORLOG", r"%{HTTPD20_ERRORLOG}|%{HTTPD24_ERRORLOG}"),
    ("COMMONAPACHELOG", r"%{HTTPD_COMMONLOG}"),
    ("COMBINEDAPACHELOG", r"%{HTTPD_COMBINEDLOG}"),
];

/// The standard pattern called `name`.
pub(crate) fn standard(name: &str) -> Option<&'static str> {
    PATTERNS.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
}

#[cfg(test)]
mod tests {
    use super::super::grok::Grok;
    use super::*;

    /// Whether the whole of `text` is one `name`.
    fn whole(name: &str, text: &str) -> bool {
        let g = Grok::new(&format!("^%{{{name}}}$"), "", "test").unwrap();
        let mut out = vec![None; g.names().len()];
        g.captures(text, &mut g.locations(), &mut out)
    }

    fn check(name: &str, yes: &[&str], no: &[&str]) {
        for text in yes {
            assert!(whole(name, text), "{name} should match {text:?}");
        }
        for text in no {
            assert!(!whole(name, text), "{name} should not match {text:?}");
        }
    }

    #[test]
    fn every_pattern_compiles_and_uses_no_unsupported_syntax() {
        for (name, regex) in PATTERNS {
            assert!(!regex.contains(r"\\b"), "{name}");
            assert!(!regex.contains("(?<") && !regex.contains("(?>"), "{name}");
            Grok::new(&format!("%{{{name}}}"), "", "test").unwrap();
        }
        let mut names: Vec<&str> = PATTERNS.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a pattern is defined twice");
    }

    #[test]
    fn words_and_numbers() {
        check("WORD", &["abc", "a_1", "GET"], &["a b", "", "a-b"]);
        check("NOTSPACE", &["a-b/c?d", "x"], &["a b", ""]);
        check("SPACE", &["", "  \t"], &["x"]);
        check("DATA", &["", "any thing"], &[]);
        check("GREEDYDATA", &["", "any thing"], &[]);
        check("INT", &["0", "-12", "+7"], &["1.5", "a", "", "--1"]);
        check(
            "BASE10NUM",
            &["12", "-3.25", ".5", "+0.0"],
            &["1.", "1e5", "x"],
        );
        check("NUMBER", &["42", "0.043", "-1.5"], &["4,2", ""]);
        check("BASE16NUM", &["0x1F", "ff", "-0xA"], &["0xg"]);
        check("BASE16FLOAT", &["0x1.8", "ff.f", "1.0"], &["g.1", ".a"]);
        check("POSINT", &["1", "19305"], &["0", "012", "-1"]);
        check("NONNEGINT", &["0", "012", "7"], &["-1", "1.0"]);
        check("PID", &["4242"], &["0"]);
        check("USERNAME", &["frank", "a.b_c-d"], &["a b", "x@y"]);
        check("USER", &["root"], &["ro ot"]);
        check(
            "EMAILADDRESS",
            &["john.doe+tag@example.com", "a@b"],
            &["@example.com", "john@", "a b@c.d"],
        );
        check(
            "QUOTEDSTRING",
            &[r#""GET / HTTP/1.1""#, r#""a \" b""#, "'x'", "``", r#""""#],
            &[r#""open"#, r#""a" b""#, "plain"],
        );
        check("QS", &[r#""-""#], &["-"]);
        check(
            "UUID",
            &["123e4567-e89b-12d3-a456-426614174000"],
            &[
                "123e4567-e89b-12d3-a456-42661417400",
                "123e4567e89b12d3a456426614174000",
            ],
        );
        check("URN", &["urn:isbn:0451450523"], &["urn:isbn", "isbn:1"]);
        check(
            "LOGLEVEL",
            &[
                "INFO", "warn", "Warning", "ERROR", "err", "DEBUG", "FATAL", "trace",
            ],
            &["LOUD", "info!"],
        );
    }

    #[test]
    fn networking() {
        check(
            "IPV4",
            &["192.168.55.4", "0.0.0.0", "255.255.255.255", "010.1.1.1"],
            &["256.1.1.1", "1.2.3", "1.2.3.4.5", "a.b.c.d"],
        );
        check(
            "IPV6",
            &[
                "2001:db8::8a2e:370:7334",
                "::1",
                "::",
                "fe80::1%eth0",
                "1:2:3:4:5:6:7:8",
                "::ffff:192.0.2.1",
            ],
            &["1:2:3:4:5:6:7:8:9", "12345::1", "192.168.0.1", "g::1"],
        );
        check("IP", &["10.0.0.1", "::1"], &["host.example.com"]);
        check(
            "HOSTNAME",
            &["m4eastmail", "www.example.com", "a-b.c", "example.com."],
            &["-ab", "a..b", "a b"],
        );
        check("HOST", &["1.abc.def.com"], &["a b"]);
        check("IPORHOST", &["10.0.0.1", "example.com"], &["a_b c"]);
        check(
            "HOSTPORT",
            &["example.com:8080", "10.0.0.1:80"],
            &["example.com:", "a:0"],
        );
        check(
            "MAC",
            &["00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e"],
            &["00:1a:2b:3c:4d", "00:1a:2b:3c:4d:5g"],
        );
        check("COMMONMAC", &["aa:bb:cc:dd:ee:ff"], &["aa-bb-cc-dd-ee-ff"]);
        check("WINDOWSMAC", &["AA-BB-CC-DD-EE-FF"], &["AA:BB:CC:DD:EE:FF"]);
        check("CISCOMAC", &["aabb.ccdd.eeff"], &["aabb.ccdd"]);
    }

    #[test]
    fn paths_and_uris() {
        check("UNIXPATH", &["/var/log/syslog", "/"], &["var/log"]);
        check(
            "WINPATH",
            &[r"C:\Windows\system32", r"\\server\share"],
            &["C:"],
        );
        check("PATH", &["/tmp/x", r"D:\data"], &["relative"]);
        check("TTY", &["/dev/pts/0", "/dev/tty1"], &["/dev/sda"]);
        check("URIPROTO", &["http", "git+ssh"], &["1http", "h"]);
        check(
            "URIHOST",
            &["example.com:443", "10.0.0.1"],
            &["example.com:x"],
        );
        check(
            "URIPATH",
            &["/index.html", "/a/b;c=d", "/"],
            &["index.html", "/a b"],
        );
        check("URIPARAM", &["?a=1&b=2", "?"], &["a=1", "? x"]);
        check(
            "URIPATHPARAM",
            &["/blog/tags/puppet?flav=rss20", "/x"],
            &["?a=1"],
        );
        check(
            "URI",
            &[
                "http://semicomplete.com/presentations/logstash-monitorama-2013/",
                "https://user:pw@example.com:8443/a?b=c",
                "ftp://10.0.0.1",
            ],
            &["semicomplete.com/x", "http:/x"],
        );
    }

    #[test]
    fn dates_and_times() {
        check(
            "MONTH",
            &["Feb", "February", "Dec", "Mär", "Okt"],
            &["Febr", "Foo"],
        );
        check("MONTHNUM", &["1", "01", "12"], &["13", "0", "00"]);
        check("MONTHNUM2", &["01", "12"], &["1", "13"]);
        check("MONTHDAY", &["9", "09", "31", "20"], &["32", "0", "00"]);
        check("DAY", &["Mon", "Thursday"], &["Thurs"]);
        check("YEAR", &["2015", "15"], &["201", "20155"]);
        check("HOUR", &["0", "07", "23"], &["24"]);
        check("MINUTE", &["00", "59"], &["60", "5"]);
        check(
            "SECOND",
            &["00", "59", "60", "34,972", "38.123"],
            &["61", "5x"],
        );
        check("TIME", &["07:15:00", "23:59:60.5"], &["07:15", "24:00:00"]);
        check("DATE_US", &["12/31/2020", "1-2-99"], &["31/12/2020"]);
        check("DATE_EU", &["31.12.2020", "1/2/99"], &["12/31/2020"]);
        check("DATE", &["12/31/2020", "31.12.2020"], &["2020-12-31"]);
        check(
            "DATESTAMP",
            &["12/31/2020 23:59:59", "31.12.2020-07:00:00"],
            &["12/31/2020"],
        );
        check("TZ", &["UTC", "PST", "EDT"], &["XYZ", "utc"]);
        check(
            "TIMESTAMP_ISO8601",
            &[
                "2017-09-12 12:10:34,972",
                "2017-09-12T12:10:11.172-0700",
                "2015-05-17T10:05:03Z",
                "2020-01-02T03:04",
                "2020-01-02T03:04:05+05:30",
            ],
            &["2017-09-12", "2017-13-12T00:00:00", "17 May 2015"],
        );
        check(
            "HTTPDATE",
            &["17/May/2015:10:05:03 +0000", "06/Feb/2019:00:00:38 -0700"],
            &["17/May/2015:10:05:03", "2015-05-17 10:05:03 +0000"],
        );
        check(
            "SYSLOGTIMESTAMP",
            &["Feb  9 07:15:00", "Dec 31 23:59:59"],
            &["Feb 9", "2015-02-09 07:15:00"],
        );
        check(
            "DATESTAMP_RFC822",
            &["Mon Feb 9 2015 07:15:00 UTC"],
            &["Feb 9 2015"],
        );
        check(
            "DATESTAMP_RFC2822",
            &["Mon, 9 Feb 2015 07:15:00 +0000"],
            &["Mon 9 Feb 2015 07:15:00"],
        );
        check(
            "DATESTAMP_OTHER",
            &["Mon Feb 9 07:15:00 UTC 2015"],
            &["Mon Feb 9 2015"],
        );
        check("DATESTAMP_EVENTLOG", &["20150209071500"], &["2015-02-09"]);
    }

    #[test]
    fn syslog() {
        check("PROG", &["postfix/smtpd", "sshd"], &["a[1]", "a b"]);
        check(
            "SYSLOGPROG",
            &["postfix/smtpd[19305]", "cron"],
            &["cron[x]"],
        );
        check("SYSLOGHOST", &["m4eastmail", "10.0.0.1"], &["a b"]);
        check("SYSLOGFACILITY", &["<13.6>"], &["<13>"]);
        check(
            "SYSLOGBASE",
            &["Feb  9 07:15:00 m4eastmail postfix/smtpd[19305]:"],
            &["Feb  9 07:15:00 m4eastmail postfix/smtpd[19305]"],
        );
        check(
            "SYSLOGLINE",
            &[
                "Dec 31 23:59:59 host sshd[1]: Accepted publickey",
                "2015-02-09T07:15:00Z host kernel: boot",
            ],
            &["host sshd[1]: no time"],
        );
        check(
            "SYSLOG5424LINE",
            &[
                "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM'su root' failed",
            ],
            &["<34> 2003-10-11 su"],
        );
        check(
            "CRONLOG",
            &["Feb  9 07:15:00 host CRON[42]: (root) CMD (run-parts /etc/cron.hourly)"],
            &["Feb  9 07:15:00 host CRON[42]: root CMD"],
        );
    }

    #[test]
    fn httpd() {
        let common = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;
        let combined = format!(
            r#"{common} "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#
        );
        check("HTTPDUSER", &["frank", "-", "a@b.c"], &["a b"]);
        check("COMMONAPACHELOG", &[common], &["127.0.0.1 - frank"]);
        check(
            "HTTPD_COMMONLOG",
            &[common, r#"::1 - - [10/Oct/2000:13:55:36 -0700] "-" 400 -"#],
            &[],
        );
        check("COMBINEDAPACHELOG", &[&combined], &[common]);
        check("HTTPD_COMBINEDLOG", &[&combined], &[]);
        check(
            "HTTPD20_ERRORLOG",
            &["[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied"],
            &["[error] client denied"],
        );
        check(
            "HTTPD24_ERRORLOG",
            &[
                "[Wed Oct 11 14:32:52 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:1] File does not exist",
            ],
            &["[Wed Oct 11 14:32:52 2000] [core:error] File"],
        );
        check(
            "HTTPD_ERRORLOG",
            &["[Wed Oct 11 14:32:52 2000] [error] client denied"],
            &["client denied"],
        );
    }
}
