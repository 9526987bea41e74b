//! The line editor's helper: completion, highlighting, bracket matching and
//! the check that a statement is complete before Enter runs it. Each part
//! is a plain function over the text, testable without a terminal.

mod complete;
mod highlight;
mod keywords;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use quarry_engine::Engine;
use quarry_engine::script::{is_blank, split_complete};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

pub use complete::complete;
pub use highlight::{highlight, matching_bracket};
pub use keywords::KEYWORDS;

use crate::names::{self, Names};

/// Where completion finds names: the live session, or a fixed set in tests.
pub trait NameSource: Send + Sync {
    /// Databases, tables and functions now.
    fn names(&self) -> Names;
    /// The columns of `table` (as typed: `t` or `db.t`).
    fn columns(&self, table: &str) -> Vec<String>;
}

/// Names from a running engine, cached until [`EngineNames::refresh`]
/// (after each statement, which may have created or dropped a table).
#[derive(Clone)]
pub struct EngineNames {
    inner: Arc<Mutex<Cache>>,
}

struct Cache {
    engine: Engine,
    names: Option<Names>,
    columns: HashMap<String, Vec<String>>,
}

impl EngineNames {
    /// Names of `engine`'s session.
    pub fn new(engine: Engine) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Cache {
                engine,
                names: None,
                columns: HashMap::new(),
            })),
        }
    }

    /// Forgets what was cached and follows `engine` from now on.
    pub fn refresh(&self, engine: Engine) {
        if let Ok(mut cache) = self.inner.lock() {
            cache.engine = engine;
            cache.names = None;
            cache.columns.clear();
        }
    }
}

impl NameSource for EngineNames {
    fn names(&self) -> Names {
        let Ok(mut cache) = self.inner.lock() else {
            return Names::default();
        };
        if cache.names.is_none() {
            cache.names = Some(Names::load(&cache.engine));
        }
        cache.names.clone().unwrap_or_default()
    }

    fn columns(&self, table: &str) -> Vec<String> {
        let key = table.to_lowercase();
        let Ok(mut cache) = self.inner.lock() else {
            return Vec::new();
        };
        if let Some(cols) = cache.columns.get(&key) {
            return cols.clone();
        }
        // The editor runs inside `block_in_place` on the runtime, where
        // blocking on the table's (catalog-only) lookup is allowed.
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return Vec::new();
        };
        let engine = cache.engine.clone();
        let cols = handle.block_on(names::columns(&engine, &key));
        cache.columns.insert(key, cols.clone());
        cols
    }
}

/// A fixed set of names, for tests and for a shell with no session.
#[derive(Debug, Clone, Default)]
pub struct StaticNames {
    /// The names.
    pub names: Names,
    /// Columns by table name.
    pub columns: HashMap<String, Vec<String>>,
}

impl NameSource for StaticNames {
    fn names(&self) -> Names {
        self.names.clone()
    }

    fn columns(&self, table: &str) -> Vec<String> {
        self.columns
            .get(&table.to_lowercase())
            .cloned()
            .unwrap_or_default()
    }
}

/// The rustyline helper.
pub struct QuarryHelper {
    source: Arc<dyn NameSource>,
    color: bool,
}

impl QuarryHelper {
    /// A helper completing from `source`; `color` turns highlighting on.
    pub fn new(source: Arc<dyn NameSource>, color: bool) -> Self {
        Self { source, color }
    }
}

/// Whether Enter should run `input`: a meta-command or a quit word runs at
/// once, SQL once its last statement ends with `;`.
pub fn is_complete(input: &str) -> bool {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.starts_with('\\') || crate::interactive::is_quit(trimmed) {
        return true;
    }
    is_blank(&split_complete(input).1)
}

impl Completer for QuarryHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(complete(self.source.as_ref(), line, pos))
    }
}

impl Hinter for QuarryHelper {
    type Hint = String;
}

impl Highlighter for QuarryHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        if self.color {
            Cow::Owned(highlight(line, pos))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        // Lines are short: recolouring on every key keeps the bracket
        // match under the cursor right.
        self.color
    }
}

impl Validator for QuarryHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

impl Helper for QuarryHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_complete_at_their_semicolon() {
        assert!(is_complete(""));
        assert!(is_complete("SELECT 1;"));
        assert!(is_complete("SELECT 1;  -- done"));
        assert!(!is_complete("SELECT 1"));
        assert!(!is_complete("SELECT *\n  FROM vpcflow"));
        assert!(is_complete("SELECT *\n  FROM vpcflow\n;"));
        assert!(!is_complete("SELECT ';"), "the ; is inside a string");
        assert!(!is_complete("SELECT 1; SELECT"));
        assert!(is_complete("\\dt"));
        assert!(is_complete("quit"));
        assert!(is_complete("exit"));
    }
}
