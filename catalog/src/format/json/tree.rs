//! A JSON parser that keeps each object's and array's source text.
//!
//! The readers need three things `serde_json::Value` does not give: the
//! exact text of a nested object (a `string` column over a free-form object
//! holds that text, as Athena's SerDes do, not a re-serialisation with keys
//! sorted and numbers reformatted), keys in document order with their
//! original case (columns match keys case-insensitively), and the byte
//! offset of every value (errors name the line). Strings are borrowed when
//! they hold no escapes.

use std::borrow::Cow;

use super::shape::Shape;

/// Deeper nesting than this is refused rather than risk the stack.
const MAX_DEPTH: usize = 512;

/// One parsed JSON value, borrowing from the input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(&'a str),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array and its source text.
    Array(Vec<Node<'a>>, &'a str),
    /// An object (keys in document order) and its source text.
    Object(Vec<(Cow<'a, str>, Node<'a>)>, &'a str),
    /// An object or array of which only the source text was wanted
    /// ([`Shape::Text`]): checked, but its members not built.
    Text(&'a str),
}

impl<'a> Node<'a> {
    /// The value of `key`, matched case-insensitively; an exact match wins
    /// over one that differs only in case.
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        let Node::Object(members, _) = self else {
            return None;
        };
        let mut loose = None;
        for (k, v) in members {
            if k == key {
                return Some(v);
            }
            if loose.is_none() && k.eq_ignore_ascii_case(key) {
                loose = Some(v);
            }
        }
        loose
    }

    /// The value as JSON text: objects and arrays as written in the source,
    /// strings re-quoted.
    pub(crate) fn json_text(&self) -> Cow<'a, str> {
        match self {
            Node::Null => Cow::Borrowed("null"),
            Node::Bool(true) => Cow::Borrowed("true"),
            Node::Bool(false) => Cow::Borrowed("false"),
            Node::Number(n) => Cow::Borrowed(n),
            Node::String(s) => Cow::Owned(serde_json::Value::String(s.to_string()).to_string()),
            Node::Array(_, raw) | Node::Object(_, raw) | Node::Text(raw) => Cow::Borrowed(raw),
        }
    }

    /// The JSON kind, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "boolean",
            Node::Number(_) => "number",
            Node::String(_) => "string",
            Node::Array(..) => "array",
            Node::Object(..) => "object",
            Node::Text(raw) if raw.starts_with('[') => "array",
            Node::Text(_) => "object",
        }
    }
}

/// A syntax error at a byte offset of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// Where the value being parsed starts, in bytes from the start of the input.
    pub start: usize,
    /// Where the error is, in bytes from the start of the input.
    pub offset: usize,
    /// What was wrong.
    pub message: String,
}

/// Parses a stream of JSON values one after another, separated by
/// whitespace or by nothing at all (`{..}{..}`, as Firehose writes).
pub(crate) struct Documents<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    shape: Shape,
}

impl<'a> Documents<'a> {
    /// Values in `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Self::starting_at(text, 0)
    }

    /// Values in `text` from byte `pos` on (a position an earlier parse
    /// stopped at).
    pub(crate) fn starting_at(text: &'a str, pos: usize) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: pos.min(text.len()),
            shape: Shape::Whole,
        }
    }

    /// Builds only what `shape` asks of each document; the rest is checked
    /// for syntax alone.
    pub(crate) fn with_shape(mut self, shape: Shape) -> Self {
        self.shape = shape;
        self
    }

    /// Where the next value will be looked for.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// The next value and the offset where it starts, `None` at the end.
    pub(crate) fn next_value(&mut self) -> Option<Result<(usize, Node<'a>), SyntaxError>> {
        self.skip_ws();
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let shape = std::mem::replace(&mut self.shape, Shape::Whole);
        let value = self.shaped(0, &shape);
        self.shape = shape;
        Some(
            value
                .map(|v| (start, v))
                .map_err(|e| SyntaxError { start, ..e }),
        )
    }

    /// After an error: moves past the next line end, so that one bad line of
    /// newline-delimited JSON costs only itself.
    pub(crate) fn skip_line(&mut self, from: usize) {
        let from = from.min(self.bytes.len());
        self.pos = match self.bytes[from..].iter().position(|&b| b == b'\n') {
            Some(i) => from + i + 1,
            None => self.bytes.len(),
        };
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            // A byte-order mark at the start of a file is not data.
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else if b == 0xEF && self.text[self.pos..].starts_with('\u{feff}') {
                self.pos += 3;
            } else {
                break;
            }
        }
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            start: self.pos,
            offset: self.pos,
            message: message.into(),
        })
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, SyntaxError> {
        if depth > MAX_DEPTH {
            return self.error(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.skip_ws();
        match self.bytes.get(self.pos) {
            None => self.error("unexpected end of input"),
            Some(b'{') => self.object_members(depth, None),
            Some(b'[') => self.items(depth, &Shape::Whole),
            Some(b'"') => Ok(Node::String(self.string()?)),
            Some(b't') => self.literal("true", Node::Bool(true)),
            Some(b'f') => self.literal("false", Node::Bool(false)),
            Some(b'n') => self.literal("null", Node::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or('?');
                self.error(format!("unexpected character {c:?}"))
            }
        }
    }

    fn literal(&mut self, word: &str, node: Node<'a>) -> Result<Node<'a>, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(node)
        } else {
            self.error(format!("invalid literal (expected {word})"))
        }
    }

    fn number(&mut self) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        let digits = |s: &mut Self| {
            let from = s.pos;
            while s.bytes.get(s.pos).is_some_and(u8::is_ascii_digit) {
                s.pos += 1;
            }
            s.pos > from
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        if !digits(self) {
            return self.error("invalid number");
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return self.error("invalid number: no digits after '.'");
            }
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.error("invalid number: no digits in the exponent");
            }
        }
        Ok(Node::Number(&self.text[start..self.pos]))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        // At the opening quote.
        self.pos += 1;
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            self.pos += self.plain_run()?;
            let Some(&b) = self.bytes.get(self.pos) else {
                return self.error("unterminated string");
            };
            match b {
                b'"' => {
                    let tail = &self.text[run..self.pos];
                    self.pos += 1;
                    return Ok(match owned {
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(tail),
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    let Some(&esc) = self.bytes.get(self.pos) else {
                        return self.error("unterminated string");
                    };
                    self.pos += 1;
                    let c = match esc {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return self.error("invalid escape in string"),
                    };
                    owned.get_or_insert_with(String::new).push(c);
                    run = self.pos;
                }
                // plain_run stops only at a quote or a backslash.
                _ => return self.error("unterminated string"),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let Some(hex) = self.text.get(self.pos..self.pos + 4) else {
            return self.error("truncated \\u escape");
        };
        match u32::from_str_radix(hex, 16) {
            Ok(v) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(v)
            }
            _ => self.error("invalid \\u escape"),
        }
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.bytes[self.pos..].starts_with(b"\\u") {
                // A lone surrogate: kept as U+FFFD, as serde_json and Java do.
                return Ok('\u{fffd}');
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Ok('\u{fffd}');
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        Ok(char::from_u32(code).unwrap_or('\u{fffd}'))
    }

    /// A value, built as far as `shape` asks.
    fn shaped(&mut self, depth: usize, shape: &Shape) -> Result<Node<'a>, SyntaxError> {
        if depth > MAX_DEPTH {
            return self.error(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.skip_ws();
        let next = self.bytes.get(self.pos).copied();
        match (shape, next) {
            (Shape::Text, Some(b'{' | b'[')) => {
                let start = self.pos;
                self.skip_value(depth)?;
                Ok(Node::Text(&self.text[start..self.pos]))
            }
            (Shape::Members(members), Some(b'{')) => self.object_members(depth, Some(members)),
            (Shape::Members(_), Some(b'[')) => self.items(depth, shape),
            (Shape::Items(item), Some(b'[')) => self.items(depth, item),
            _ => self.value(depth),
        }
    }

    /// An array whose items are built as `shape` asks.
    fn items(&mut self, depth: usize, shape: &Shape) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Node::Array(items, &self.text[start..self.pos]));
        }
        loop {
            items.push(self.shaped(depth + 1, shape)?);
            if self.end_of_item(b']', "array")? {
                return Ok(Node::Array(items, &self.text[start..self.pos]));
            }
        }
    }

    /// An object of which only the members `wanted` names are built (all
    /// of them, whole, when `wanted` is `None`).
    fn object_members(
        &mut self,
        depth: usize,
        wanted: Option<&[(String, Shape)]>,
    ) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Node::Object(members, &self.text[start..self.pos]));
        }
        loop {
            let key = self.key()?;
            let shape = match wanted {
                None => Some(&Shape::Whole),
                Some(wanted) => Shape::member(wanted, &key),
            };
            match shape {
                Some(shape) => {
                    let value = self.shaped(depth + 1, shape)?;
                    members.push((key, value));
                }
                None => self.skip_value(depth + 1)?,
            }
            if self.end_of_item(b'}', "object")? {
                return Ok(Node::Object(members, &self.text[start..self.pos]));
            }
        }
    }

    /// A member's key and the `:` after it.
    fn key(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.skip_ws();
        if self.bytes.get(self.pos) != Some(&b'"') {
            return self.error("expected a quoted key in object");
        }
        let key = self.string()?;
        self.skip_ws();
        if self.bytes.get(self.pos) != Some(&b':') {
            return self.error("expected ':' after key in object");
        }
        self.pos += 1;
        Ok(key)
    }

    /// After an item: `true` at the closing bracket, `false` after a comma.
    fn end_of_item(&mut self, close: u8, what: &str) -> Result<bool, SyntaxError> {
        self.skip_ws();
        match self.bytes.get(self.pos) {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(&b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            None => self.error(format!("unterminated {what}")),
            Some(_) => self.error(format!("expected ',' or '{}' in {what}", close as char)),
        }
    }

    /// Checks a value's syntax and moves past it, building nothing.
    fn skip_value(&mut self, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            return self.error(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.skip_ws();
        match self.bytes.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                self.skip_ws();
                if self.bytes.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    // Keys are short and seldom escaped: borrowing one costs nothing.
                    self.key()?;
                    self.skip_value(depth + 1)?;
                    if self.end_of_item(b'}', "object")? {
                        return Ok(());
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                self.skip_ws();
                if self.bytes.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.skip_value(depth + 1)?;
                    if self.end_of_item(b']', "array")? {
                        return Ok(());
                    }
                }
            }
            Some(b'"') => self.skip_string(),
            _ => self.value(depth).map(|_| ()),
        }
    }

    /// Moves past a string, checking its escapes as [`Self::string`] does.
    fn skip_string(&mut self) -> Result<(), SyntaxError> {
        self.pos += 1;
        loop {
            let run = self.plain_run()?;
            self.pos += run;
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.bytes.get(self.pos) {
                        None => return self.error("unterminated string"),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1;
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            self.hex4()?;
                        }
                        Some(_) => {
                            self.pos += 1;
                            return self.error("invalid escape in string");
                        }
                    }
                }
                _ => return self.error("unterminated string"),
            }
        }
    }

    /// The length of the run of string bytes at the position that holds
    /// neither a quote nor a backslash (all of the rest when there is
    /// neither), or the error at a control character within it. Found with
    /// memchr and a branch-free check, as strings are most of a log's bytes.
    fn plain_run(&mut self) -> Result<usize, SyntaxError> {
        let rest = &self.bytes[self.pos.min(self.bytes.len())..];
        let run = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
        let text = &rest[..run];
        if text.iter().fold(false, |seen, &b| seen | (b < 0x20)) {
            let at = text.iter().position(|&b| b < 0x20).unwrap_or(0);
            self.pos += at;
            return self.error("control character in string");
        }
        Ok(run)
    }
}

/// The 1-based line of byte `offset` in `text`, counting from `from`
/// (whose line is `from_line`), so a scan through a file counts each newline
/// once.
pub(crate) fn line_at(text: &str, from: usize, from_line: usize, offset: usize) -> usize {
    let end = offset.min(text.len());
    let start = from.min(end);
    from_line
        + text.as_bytes()[start..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Result<Node<'_>, SyntaxError>> {
        let mut docs = Documents::new(text);
        let mut out = Vec::new();
        while let Some(r) = docs.next_value() {
            let failed = r.is_err();
            out.push(r.map(|(_, n)| n));
            if failed {
                break;
            }
        }
        out
    }

    #[test]
    fn objects_keep_their_text_and_key_order() {
        let text = r#"{"b": {"z":1, "a":[1, 2.50, "x"]}, "A":true}"#;
        let docs = all(text);
        let Ok(root) = &docs[0] else { panic!() };
        assert_eq!(
            root.get("b").unwrap().json_text(),
            r#"{"z":1, "a":[1, 2.50, "x"]}"#
        );
        // Case-insensitive lookup; an exact match wins.
        assert_eq!(root.get("a"), Some(&Node::Bool(true)));
        assert_eq!(root.get("B").unwrap().kind(), "object");
        let Node::Object(members, _) = root.get("b").unwrap() else {
            panic!()
        };
        assert_eq!(members[0].0, "z");
    }

    #[test]
    fn concatenated_and_newline_delimited_values() {
        let docs = all("{\"a\":1}{\"a\":2}\n\n {\"a\":3}\r\n");
        assert_eq!(docs.len(), 3);
        assert!(docs.iter().all(Result::is_ok));
    }

    #[test]
    fn strings_are_unescaped() {
        let docs = all(r#"["a\"b\\c\/d\n", "\u00e9\ud83d\ude00", "\ud800x", "plain"]"#);
        let Ok(Node::Array(items, _)) = &docs[0] else {
            panic!()
        };
        assert_eq!(items[0], Node::String("a\"b\\c/d\n".into()));
        assert_eq!(items[1], Node::String("é😀".into()));
        assert_eq!(items[2], Node::String("\u{fffd}x".into()));
        assert!(matches!(&items[3], Node::String(Cow::Borrowed("plain"))));
        assert_eq!(items[0].json_text(), r#""a\"b\\c/d\n""#);
    }

    #[test]
    fn numbers_are_kept_as_written() {
        let docs = all("[1e3, -0.5, 12345678901234567890123]");
        let Ok(Node::Array(items, _)) = &docs[0] else {
            panic!()
        };
        assert_eq!(items[0], Node::Number("1e3"));
        assert_eq!(items[2].json_text(), "12345678901234567890123");
    }

    #[test]
    fn malformed_input_is_an_error_with_an_offset() {
        for (text, offset) in [
            ("{\"a\":1", 6),
            ("{\"a\" 1}", 5),
            ("[1,]", 3),
            ("{\"a\":tru}", 5),
            ("\"abc", 4),
            ("-", 1),
            ("{\"a\":1.}", 7),
            ("{a:1}", 1),
        ] {
            let docs = all(text);
            let err = docs.last().unwrap().clone().unwrap_err();
            assert_eq!(err.offset, offset, "{text}: {}", err.message);
        }
        let deep = "[".repeat(MAX_DEPTH + 2);
        assert!(
            all(&deep)[0]
                .as_ref()
                .unwrap_err()
                .message
                .contains("nesting")
        );
    }

    fn record_shape() -> Shape {
        Shape::Members(vec![
            ("a".into(), Shape::Text),
            ("s".into(), Shape::Members(vec![("x".into(), Shape::Whole)])),
        ])
    }

    #[test]
    fn a_shaped_parse_builds_only_the_members_named() {
        let text = r#"{"A": {"k": [1, {"z": "q"}]}, "skip": {"deep": [true, null, "\u00e9"]}, "s": {"x": 2, "y": 3}}"#;
        let mut docs = Documents::new(text).with_shape(record_shape());
        let (_, root) = docs.next_value().unwrap().unwrap();
        let Node::Object(members, _) = &root else {
            panic!()
        };
        let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["A", "s"]);
        assert_eq!(
            root.get("a"),
            Some(&Node::Text(r#"{"k": [1, {"z": "q"}]}"#))
        );
        assert_eq!(root.get("a").unwrap().kind(), "object");
        let Some(Node::Object(inner, _)) = root.get("s") else {
            panic!()
        };
        assert_eq!(inner.len(), 1);
        assert_eq!(root.get("s").unwrap().get("x"), Some(&Node::Number("2")));
        // A string or number under a text shape is built as usual.
        let mut docs = Documents::new(r#"[{"a": "plain"}, {"a": 5}]"#).with_shape(record_shape());
        let (_, list) = docs.next_value().unwrap().unwrap();
        let Node::Array(items, _) = &list else {
            panic!()
        };
        assert_eq!(items[0].get("a"), Some(&Node::String("plain".into())));
        assert_eq!(items[1].get("a"), Some(&Node::Number("5")));
    }

    #[test]
    fn passed_over_members_fail_as_a_full_parse_does() {
        for text in [
            r#"{"skip": {"x": tru}}"#,
            r#"{"skip": [1, 2,]}"#,
            r#"{"skip": "bad \q escape"}"#,
            r#"{"skip": "\u12"}"#,
            "{\"skip\": \"tab\there\"}",
            r#"{"skip": {"x" 1}}"#,
            r#"{"skip": {x: 1}}"#,
            r#"{"skip": [1 2]}"#,
            r#"{"skip": "unterminated"#,
            r#"{"a": {"k": 1.}}"#,
            r#"{"skip": 1, "a": {"k": [}}"#,
        ] {
            let full = all(text).pop().unwrap().unwrap_err();
            let mut docs = Documents::new(text).with_shape(record_shape());
            let shaped = docs.next_value().unwrap().unwrap_err();
            assert_eq!(
                (shaped.offset, &shaped.message),
                (full.offset, &full.message),
                "{text}"
            );
        }
        let deep = format!("{{\"skip\": {}}}", "[".repeat(MAX_DEPTH + 2));
        let mut docs = Documents::new(&deep).with_shape(record_shape());
        let err = docs.next_value().unwrap().unwrap_err();
        assert!(err.message.contains("nesting"), "{}", err.message);
    }

    #[test]
    fn skip_line_recovers_at_the_next_line() {
        let text = "{\"a\":1}\n{\"a\":\n{\"a\":3}";
        let mut docs = Documents::new(text);
        assert!(docs.next_value().unwrap().is_ok());
        let err = docs.next_value().unwrap().unwrap_err();
        assert_eq!(line_at(text, 0, 1, err.offset), 3);
        // The broken record started on line 2; skip from its start.
        docs.skip_line(8);
        let (start, _) = docs.next_value().unwrap().unwrap();
        assert_eq!(line_at(text, 0, 1, start), 3);
        assert!(docs.next_value().is_none());
    }
}
