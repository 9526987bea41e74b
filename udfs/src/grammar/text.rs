//! One `line` column per line, for parsing with SQL functions
//! (`regexp_extract`, `split_part`, `parse_*`).

use super::FieldType::Utf8;
use super::{FieldSpec, LineError, LineGrammar, LineParser, Span, specs};

/// The whole-line grammar.
#[derive(Debug)]
pub struct Text {
    fields: Vec<FieldSpec>,
}

impl Text {
    /// The grammar.
    pub fn new() -> Self {
        Self {
            fields: specs(&[("line", Utf8)]),
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Self::new()
    }
}

impl LineGrammar for Text {
    fn name(&self) -> &str {
        "text"
    }
    fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }
    fn parser(&self) -> Box<dyn LineParser> {
        Box::new(TextParser)
    }
}

struct TextParser;

impl LineParser for TextParser {
    fn header_line(&mut self, _line: &str) -> bool {
        false
    }
    fn parse(&mut self, line: &str, out: &mut [Span]) -> Result<(), LineError> {
        out[0] = Some(0..line.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::parse_named;

    #[test]
    fn the_line_is_the_value() {
        let rows = parse_named(&Text::new(), &["a b\tc", "#not a header"]).unwrap();
        assert_eq!(rows[0]["line"], Some("a b\tc"));
        assert_eq!(rows[1]["line"], Some("#not a header"));
    }
}
