//! Shared plumbing for the regexp functions: the documentation section and
//! pattern compilation (once per literal, cached per distinct value for a
//! pattern column).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use datafusion::arrow::array::StringArray;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{ColumnarValue, DocSection};
use regex::Regex;

use super::java;
use crate::args::{literal_str, str_at, strings};

/// Where the regexp functions appear in `SHOW FUNCTIONS` documentation.
pub(crate) const DOC_SECTION: DocSection = DocSection {
    include: true,
    label: "Regular Expression Functions",
    description: Some("Trino-compatible regular expression functions; patterns use Java syntax."),
};

/// Compiles Java pattern `pattern` for `function`; errors name the function,
/// the pattern and what is wrong with it.
pub(crate) fn compile(function: &str, pattern: &str) -> Result<Regex> {
    let translated = java::translate(function, pattern)?;
    Regex::new(&translated).map_err(|e| {
        DataFusionError::Execution(format!(
            "{function}: invalid regular expression '{pattern}': {e}"
        ))
    })
}

/// The pattern argument of one invocation: compiled once when it is a
/// literal; compiled once per distinct value when it is a column.
pub(crate) struct Patterns<'a> {
    function: &'a str,
    literal: Option<Option<Regex>>,
    column: Option<StringArray>,
    cache: HashMap<String, Regex>,
}

impl<'a> Patterns<'a> {
    /// Prepares the pattern argument `arg` of a call over `rows` rows.
    pub(crate) fn new(function: &'a str, arg: &ColumnarValue, rows: usize) -> Result<Self> {
        let (literal, column) = match literal_str(arg) {
            Some(Some(p)) => (Some(Some(compile(function, &p)?)), None),
            Some(None) => (Some(None), None),
            None => (None, Some(strings(arg, rows)?)),
        };
        Ok(Self {
            function,
            literal,
            column,
            cache: HashMap::new(),
        })
    }

    /// The pattern for row `row`; `None` when it is NULL.
    pub(crate) fn get(&mut self, row: usize) -> Result<Option<&Regex>> {
        if let Some(literal) = &self.literal {
            return Ok(literal.as_ref());
        }
        let Some(text) = self.column.as_ref().and_then(|c| str_at(c, row)) else {
            return Ok(None);
        };
        let re = match self.cache.entry(text.to_string()) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(compile(self.function, text)?),
        };
        Ok(Some(re))
    }
}

/// Number of capturing groups in `re`, not counting the whole match.
pub(crate) fn group_count(re: &Regex) -> usize {
    re.captures_len().saturating_sub(1)
}

/// Checks Trino's rule for a group argument: not negative and not beyond
/// the groups the pattern has.
pub(crate) fn check_group(function: &str, re: &Regex, group: i64) -> Result<usize> {
    let groups = group_count(re);
    if group < 0 {
        return Err(DataFusionError::Execution(format!(
            "{function}: group {group} is negative; groups are numbered from 0 (the whole match)"
        )));
    }
    match usize::try_from(group) {
        Ok(g) if g <= groups => Ok(g),
        _ => Err(DataFusionError::Execution(format!(
            "{function}: the pattern has {groups} groups, cannot access group {group}"
        ))),
    }
}
