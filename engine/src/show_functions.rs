//! `SHOW FUNCTIONS [LIKE 'pattern']` and `DESCRIBE FUNCTION name`, answered
//! from [`crate::functions`]: the functions' own signatures and
//! documentation.
//!
//! `SHOW FUNCTIONS` has the columns of Trino's (Function, Return Type,
//! Argument Types, Function Type, Deterministic, Description), one row per
//! argument-type list the signature names, plus the documented Syntax, since
//! most of Quarry's functions check their arguments in code and name no
//! types. `DESCRIBE FUNCTION` (Hive's and Spark's statement; Trino has none)
//! gives one (property, value) row per fact, a multi-line value one row per
//! line.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BooleanArray, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::session_state::SessionState;
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::parser::Parser;
use datafusion::sql::sqlparser::tokenizer::Token;

use crate::functions::{FunctionInfo, close_names, functions};

/// A statement about the session's functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FunctionStatement {
    /// `SHOW FUNCTIONS [LIKE 'pattern']`.
    Show {
        /// A SQL `LIKE` pattern on the name (`%`, `_`), matched regardless
        /// of case.
        like: Option<String>,
        /// The `ESCAPE` character that makes the next `%` or `_` literal.
        escape: Option<char>,
    },
    /// `DESCRIBE FUNCTION name` (or `DESC FUNCTION`).
    Describe {
        /// The name as written, lower-cased unless quoted.
        name: String,
    },
}

/// The function statement `sql` is, or None when it is another statement
/// (including one that does not tokenize: the planner reports that).
pub(crate) fn parse(sql: &str) -> Result<Option<FunctionStatement>> {
    let dialect = GenericDialect {};
    let Ok(mut p) = Parser::new(&dialect).try_with_sql(sql) else {
        return Ok(None);
    };
    let statement = if p.parse_keywords(&[Keyword::SHOW, Keyword::FUNCTIONS]) {
        let like = if p.parse_keyword(Keyword::LIKE) {
            Some(p.parse_literal_string()?)
        } else {
            None
        };
        let escape = if like.is_some() && p.parse_keyword(Keyword::ESCAPE) {
            let text = p.parse_literal_string()?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => {
                    return Err(DataFusionError::Plan(format!(
                        "ESCAPE '{text}' in SHOW FUNCTIONS: the escape must be a single character"
                    )));
                }
            }
        } else {
            None
        };
        FunctionStatement::Show { like, escape }
    } else if p
        .parse_one_of_keywords(&[Keyword::DESCRIBE, Keyword::DESC])
        .is_some()
        && p.parse_keyword(Keyword::FUNCTION)
    {
        let ident = p.parse_identifier()?;
        let name = match ident.quote_style {
            Some(_) => ident.value,
            None => ident.value.to_ascii_lowercase(),
        };
        FunctionStatement::Describe { name }
    } else {
        return Ok(None);
    };
    while p.consume_token(&Token::SemiColon) {}
    let next = p.peek_token();
    if next.token != Token::EOF {
        return Err(DataFusionError::Plan(format!(
            "unexpected '{}' at {} after {}; write SHOW FUNCTIONS [LIKE 'pattern'] or DESCRIBE FUNCTION name",
            next.token,
            next.span.start,
            match statement {
                FunctionStatement::Show { .. } => "SHOW FUNCTIONS",
                FunctionStatement::Describe { .. } => "DESCRIBE FUNCTION",
            }
        )));
    }
    Ok(Some(statement))
}

/// Runs `statement` over the functions of `state`.
pub(crate) fn execute(state: &SessionState, statement: &FunctionStatement) -> Result<RecordBatch> {
    match statement {
        FunctionStatement::Show { like, escape } => show(state, like.as_deref(), *escape),
        FunctionStatement::Describe { name } => describe(state, name),
    }
}

fn show(state: &SessionState, like: Option<&str>, escape: Option<char>) -> Result<RecordBatch> {
    let mut name = Vec::new();
    let mut returns: Vec<Option<String>> = Vec::new();
    let mut arguments: Vec<Option<String>> = Vec::new();
    let mut kind = Vec::new();
    let mut deterministic = Vec::new();
    let mut description = Vec::new();
    let mut syntax = Vec::new();
    for f in functions(state) {
        if like.is_some_and(|pattern| !like_match(pattern, escape, &f.name)) {
            continue;
        }
        let overloads = f.overloads();
        let rows: Vec<(Option<String>, Option<String>)> = if overloads.is_empty() {
            vec![(None, None)]
        } else {
            overloads
                .into_iter()
                .map(|o| (o.return_type, Some(o.argument_types.join(", "))))
                .collect()
        };
        let text = f.documentation.as_ref().map(|d| {
            d.description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        for (returned, args) in rows {
            name.push(f.name.clone());
            returns.push(returned);
            arguments.push(args);
            kind.push(f.kind.as_str());
            deterministic.push(f.deterministic);
            description.push(text.clone());
            syntax.push(f.syntax().to_string());
        }
    }
    let schema = Schema::new(vec![
        Field::new("Function", DataType::Utf8, false),
        Field::new("Return Type", DataType::Utf8, true),
        Field::new("Argument Types", DataType::Utf8, true),
        Field::new("Function Type", DataType::Utf8, false),
        Field::new("Deterministic", DataType::Boolean, false),
        Field::new("Description", DataType::Utf8, true),
        Field::new("Syntax", DataType::Utf8, false),
    ]);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(name)),
        Arc::new(StringArray::from(returns)),
        Arc::new(StringArray::from(arguments)),
        Arc::new(StringArray::from(kind)),
        Arc::new(BooleanArray::from(deterministic)),
        Arc::new(StringArray::from(description)),
        Arc::new(StringArray::from(syntax)),
    ];
    Ok(RecordBatch::try_new(Arc::new(schema), columns)?)
}

fn describe(state: &SessionState, name: &str) -> Result<RecordBatch> {
    let all = functions(state);
    let Some(f) = all.iter().find(|f| f.name == name) else {
        return Err(unknown(name, &all));
    };
    let mut rows: Vec<(&str, String)> = vec![("function", f.name.clone())];
    if let Some(of) = &f.alias_of {
        rows.push(("alias of", of.clone()));
    }
    let aliases: Vec<&str> = all
        .iter()
        .filter(|g| g.alias_of.as_deref() == Some(f.alias_of.as_deref().unwrap_or(&f.name)))
        .filter(|g| g.name != f.name)
        .map(|g| g.name.as_str())
        .collect();
    if !aliases.is_empty() {
        rows.push(("aliases", aliases.join(", ")));
    }
    rows.push(("type", f.kind.as_str().to_string()));
    rows.push(("deterministic", f.deterministic.to_string()));
    push_lines(&mut rows, "syntax", f.syntax());
    for overload in f.overloads() {
        let mut line = format!("({})", overload.argument_types.join(", "));
        if let Some(returned) = overload.return_type {
            line = format!("{line} -> {returned}");
        }
        rows.push(("signature", line));
    }
    match &f.documentation {
        Some(doc) => {
            for (arg, text) in doc.arguments.iter().flatten() {
                rows.push(("argument", format!("{arg}: {}", one_line(text))));
            }
            push_lines(&mut rows, "description", &doc.description);
            if let Some(example) = &doc.sql_example {
                push_lines(&mut rows, "example", example);
            }
        }
        None => rows.push(("description", "(not documented)".to_string())),
    }
    let schema = Schema::new(vec![
        Field::new("property", DataType::Utf8, false),
        Field::new("value", DataType::Utf8, false),
    ]);
    let (keys, values): (Vec<&str>, Vec<String>) = rows.into_iter().unzip();
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(StringArray::from(keys)),
            Arc::new(StringArray::from(values)),
        ],
    )?)
}

/// The error for a name no function has, with the closest names.
fn unknown(name: &str, all: &[FunctionInfo]) -> DataFusionError {
    let close = close_names(name, all.iter().map(|f| f.name.as_str()));
    let hint = if close.is_empty() {
        "SHOW FUNCTIONS lists the functions there are".to_string()
    } else {
        format!("did you mean {}?", close.join(", "))
    };
    DataFusionError::Plan(format!("function '{name}' does not exist; {hint}"))
}

/// One row per line of `text`, leaving out blank lines and the Markdown
/// code fences DataFusion's examples come in.
fn push_lines<'a>(rows: &mut Vec<(&'a str, String)>, key: &'a str, text: &str) {
    let lines = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with("```"));
    for line in lines {
        rows.push((key, line.to_string()));
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SQL `LIKE`: `%` any run of characters, `_` one character, `escape`
/// makes the next one literal; case is ignored, as function names are.
fn like_match(pattern: &str, escape: Option<char>, name: &str) -> bool {
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    let name: Vec<char> = name.to_lowercase().chars().collect();
    like_from(&pattern, escape, &name)
}

fn like_from(pattern: &[char], escape: Option<char>, name: &[char]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((c, rest)) if Some(*c) == escape && !rest.is_empty() => {
            name.first() == Some(&rest[0]) && like_from(&rest[1..], escape, &name[1..])
        }
        Some(('%', rest)) => (0..=name.len()).any(|i| like_from(rest, escape, &name[i..])),
        Some(('_', rest)) => !name.is_empty() && like_from(rest, escape, &name[1..]),
        Some((c, rest)) => name.first() == Some(c) && like_from(rest, escape, &name[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_statements_and_leaves_others() -> Result<()> {
        assert_eq!(
            parse("show functions like 'json%';")?,
            Some(FunctionStatement::Show {
                like: Some("json%".into()),
                escape: None,
            })
        );
        assert_eq!(
            parse("SHOW FUNCTIONS")?,
            Some(FunctionStatement::Show {
                like: None,
                escape: None
            })
        );
        assert_eq!(
            parse("DESC FUNCTION Json_Parse")?,
            Some(FunctionStatement::Describe {
                name: "json_parse".into()
            })
        );
        assert_eq!(
            parse("SHOW FUNCTIONS LIKE 'a!_%' ESCAPE '!'")?,
            Some(FunctionStatement::Show {
                like: Some("a!_%".into()),
                escape: Some('!'),
            })
        );
        assert_eq!(parse("DESCRIBE t")?, None);
        assert_eq!(parse("SELECT 'unterminated")?, None);
        assert!(parse("SHOW FUNCTIONS LIKE 'a' extra").is_err());
        Ok(())
    }

    #[test]
    fn like_matches_as_sql_does() {
        assert!(like_match("json%", None, "json_parse"));
        assert!(like_match("JSON!_PARSE", Some('!'), "json_parse"));
        assert!(!like_match("json!_parse", Some('!'), "jsonxparse"));
        assert!(like_match("json_parse", None, "jsonxparse"));
        assert!(like_match("%_at", None, "element_at"));
        assert!(!like_match("json", None, "json_parse"));
        assert!(like_match("a_s", None, "abs"));
    }
}
