//! CloudWatch Logs that reached S3, one row per log event, in either of the
//! two layouts AWS writes:
//! - subscription payloads delivered by Firehose: JSON objects
//!   `{"messageType","owner","logGroup","logStream","subscriptionFilters",
//!   "logEvents":[{"id","timestamp","message"}]}`, gzipped and concatenated
//!   with no separator; `CONTROL_MESSAGE` objects (Firehose's connectivity
//!   checks) hold no events and give no rows;
//! - export-task files (`<prefix>/<task>/<log stream>/000000.gz`): lines
//!   `<ISO 8601 timestamp> <message>`; the log stream is the object's parent
//!   folder, the log group is not recorded (NULL), and a line that does not
//!   start with a timestamp continues the previous event's message.

use std::borrow::Cow;

use super::decode::Row;
use super::layout::{Columns, RecordLayout, TextRecord};
use super::tree::Node;

/// The columns of a CloudWatch Logs table.
pub(crate) const CLOUDWATCH_COLUMNS: Columns = &[
    ("loggroup", "string"),
    ("logstream", "string"),
    ("id", "string"),
    ("timestamp", "timestamp"),
    ("message", "string"),
    ("owner", "string"),
    ("subscriptionfilters", "array<string>"),
];

/// CloudWatch Logs subscription payloads and export-task files.
#[derive(Debug, Default)]
pub(crate) struct CloudWatch;

impl RecordLayout for CloudWatch {
    fn name(&self) -> &'static str {
        "CloudWatch Logs"
    }

    fn implied_columns(&self) -> Option<Columns> {
        Some(CLOUDWATCH_COLUMNS)
    }

    fn rows<'n, 'a>(&self, doc: &'n Node<'a>, out: &mut Vec<Row<'n, 'a>>) -> Result<(), String> {
        let Node::Object(..) = doc else {
            return Err(format!(
                "expected a CloudWatch Logs subscription message (a JSON object), found {}",
                doc.kind()
            ));
        };
        // Synthesised export-task records are rows themselves.
        if doc.get("logEvents").is_none() && doc.get("messageType").is_none() {
            if doc.get("message").is_some() {
                out.push(Row::of(doc));
                return Ok(());
            }
            return Err("no \"logEvents\": not a CloudWatch Logs subscription message".into());
        }
        if let Some(Node::String(kind)) = doc.get("messageType")
            && kind == "CONTROL_MESSAGE"
        {
            return Ok(());
        }
        match doc.get("logEvents") {
            Some(Node::Array(events, _)) => {
                for (i, event) in events.iter().enumerate() {
                    let Node::Object(..) = event else {
                        return Err(format!(
                            "logEvents[{i}] is a JSON {}, not an object",
                            event.kind()
                        ));
                    };
                    out.push(Row {
                        record: event,
                        envelope: Some(doc),
                    });
                }
                Ok(())
            }
            Some(other) => Err(format!(
                "\"logEvents\" is a JSON {}, not an array",
                other.kind()
            )),
            None => Err("no \"logEvents\" array in a DATA_MESSAGE".into()),
        }
    }

    fn text_records<'a>(&self, text: &'a str, path: &str) -> Option<Vec<TextRecord<'a>>> {
        let first = text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .chars()
            .next();
        if first == Some('{') || first.is_none() {
            return None;
        }
        let stream = log_stream_of(path);
        let mut records: Vec<(usize, Cow<'a, str>, Cow<'a, str>)> = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
            if looks_like_timestamp(head) {
                records.push((i + 1, Cow::Borrowed(head), Cow::Borrowed(rest)));
            } else if let Some((_, _, message)) = records.last_mut() {
                let joined = format!("{message}\n{line}");
                *message = Cow::Owned(joined);
            } else if !line.trim().is_empty() {
                // Text before the first event: kept as an event without a
                // timestamp rather than dropped.
                records.push((i + 1, Cow::Borrowed(""), Cow::Borrowed(line)));
            }
        }
        // A file ending in a newline leaves one empty continuation behind.
        for (_, _, message) in records.iter_mut() {
            if let Some(trimmed) = message.strip_suffix('\n') {
                *message = Cow::Owned(trimmed.to_string());
            }
        }
        Some(
            records
                .into_iter()
                .map(|(line, ts, message)| {
                    let mut members = vec![(Cow::Borrowed("message"), Node::String(message))];
                    if !ts.is_empty() {
                        members.push((Cow::Borrowed("timestamp"), Node::String(ts)));
                    }
                    if let Some(stream) = &stream {
                        members.push((
                            Cow::Borrowed("logstream"),
                            Node::String(Cow::Owned(stream.clone())),
                        ));
                    }
                    (line, Node::Object(members, ""))
                })
                .collect(),
        )
    }
}

/// `2023-07-10T11:45:07.123Z` and the like.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
}

/// An export task writes `<prefix>/<task id>/<log stream>/000000.gz`.
fn log_stream_of(path: &str) -> Option<String> {
    let mut parts = path.rsplit('/');
    parts.next()?;
    parts.next().filter(|s| !s.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_lines_become_events_with_continuations() {
        let text = "2023-07-10T11:45:07.123Z first event\n\
                    2023-07-10T11:45:08.000Z second\r\n  at line two\n\
                    2023-07-10T11:45:09.000Z third\n";
        let records = CloudWatch
            .text_records(text, "exports/task-1/i-0abc/000000.gz")
            .unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].0, 1);
        assert_eq!(
            records[1].1.get("message"),
            Some(&Node::String("second\n  at line two".into()))
        );
        assert_eq!(
            records[2].1.get("message"),
            Some(&Node::String("third".into()))
        );
        assert_eq!(
            records[2].1.get("logstream"),
            Some(&Node::String("i-0abc".into()))
        );
        assert_eq!(
            records[0].1.get("timestamp"),
            Some(&Node::String("2023-07-10T11:45:07.123Z".into()))
        );
        assert!(CloudWatch.text_records("  {\"a\":1}", "x").is_none());
    }
}
