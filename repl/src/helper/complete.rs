//! What Tab offers, from the text around the cursor: meta-commands and
//! their arguments, file paths after `\i` and `\o`, table names after
//! FROM and JOIN, columns of the statement's tables (by alias too),
//! functions and keywords.

use rustyline::completion::{FilenameCompleter, Pair};

use super::NameSource;
use super::highlight::{Kind, Token, tokens};
use super::keywords::{KEYWORDS, is_keyword};
use crate::args::Format;
use crate::commands::COMMANDS;
use crate::commands::set::SETTINGS;

/// Keywords after which a table name comes.
const BEFORE_TABLE: &[&str] = &[
    "FROM", "JOIN", "TABLE", "INTO", "DESCRIBE", "EXISTS", "UPDATE",
];

fn pairs(items: impl IntoIterator<Item = String>) -> Vec<Pair> {
    let mut items: Vec<String> = items.into_iter().collect();
    items.sort();
    items.dedup();
    items
        .into_iter()
        .map(|s| Pair {
            display: s.clone(),
            replacement: s,
        })
        .collect()
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Candidates for the word ending at `pos` in `line`, and where it starts.
pub fn complete(source: &dyn NameSource, line: &str, pos: usize) -> (usize, Vec<Pair>) {
    let pos = pos.min(line.len());
    if line.trim_start().starts_with('\\') {
        return meta(source, line, pos);
    }
    let toks = tokens(line);
    // No completion inside a string or a comment.
    let inside = |t: &Token| {
        let text = &line[t.start..t.end];
        // An unfinished string or a line comment runs to the end of the line.
        let open = (t.kind == Kind::String && (text.len() < 2 || !text.ends_with('\'')))
            || (t.kind == Kind::Comment && text.starts_with("--"));
        matches!(t.kind, Kind::String | Kind::Comment)
            && t.start < pos
            && (pos < t.end || (open && pos == t.end))
    };
    if toks.iter().any(inside) {
        return (pos, Vec::new());
    }
    let before = &line[..pos];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
        .last()
        .map_or(pos, |(i, _)| i);
    let word = &line[start..pos];
    let tables = statement_tables(line, &toks);

    if let Some((qualifier, partial)) = word.rsplit_once('.') {
        let names = source.names();
        let mut out = Vec::new();
        // db. -> its tables
        for (db, table) in &names.tables {
            if db.eq_ignore_ascii_case(qualifier) && starts_with_ci(table, partial) {
                out.push(format!("{qualifier}.{table}"));
            }
        }
        // alias. or table. -> its columns
        for (table, alias) in &tables {
            let bare = table.rsplit('.').next().unwrap_or(table);
            let named = alias
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(qualifier))
                || table.eq_ignore_ascii_case(qualifier)
                || bare.eq_ignore_ascii_case(qualifier);
            if named {
                for column in source.columns(table) {
                    if starts_with_ci(&column, partial) {
                        out.push(format!("{qualifier}.{column}"));
                    }
                }
            }
        }
        return (start, pairs(out));
    }

    let previous = toks
        .iter()
        .rev()
        .filter(|t| t.end <= start && !line[t.start..t.end].trim().is_empty())
        .find(|t| t.kind != Kind::Comment)
        .map(|t| &line[t.start..t.end]);
    let lower = !word.is_empty() && !word.chars().any(|c| c.is_uppercase());
    let keyword_case = |k: &str| {
        if lower {
            k.to_lowercase()
        } else {
            k.to_string()
        }
    };

    if previous.is_some_and(|p| BEFORE_TABLE.iter().any(|k| k.eq_ignore_ascii_case(p))) {
        let names = source.names();
        let mut out: Vec<String> = names
            .typed_tables()
            .into_iter()
            .filter(|t| starts_with_ci(t, word))
            .collect();
        out.extend(
            names
                .databases
                .iter()
                .filter(|d| starts_with_ci(d, word) && **d != names.current_database)
                .map(|d| format!("{d}.")),
        );
        return (start, pairs(out));
    }

    let mut out = Vec::new();
    for (table, _) in &tables {
        out.extend(
            source
                .columns(table)
                .into_iter()
                .filter(|c| starts_with_ci(c, word)),
        );
    }
    if !word.is_empty() {
        out.extend(
            source
                .names()
                .functions
                .into_iter()
                .filter(|f| starts_with_ci(f, word)),
        );
        out.extend(
            KEYWORDS
                .iter()
                .filter(|k| starts_with_ci(k, word))
                .map(|k| keyword_case(k)),
        );
    }
    (start, pairs(out))
}

/// The tables the statement reads, with their aliases: what follows FROM
/// and JOIN (and the commas of a FROM list).
pub fn statement_tables(line: &str, toks: &[Token]) -> Vec<(String, Option<String>)> {
    // Words, dots and commas only; a dotted name becomes one word.
    let mut words: Vec<String> = Vec::new();
    let mut glue = false;
    for t in toks {
        let text = &line[t.start..t.end];
        match t.kind {
            Kind::Word | Kind::Quoted => {
                let text = text.trim_matches(|c| c == '"' || c == '`');
                match words.last_mut() {
                    Some(last) if glue => {
                        last.push_str(text);
                        glue = false;
                    }
                    _ => words.push(text.to_string()),
                }
            }
            Kind::Other if text == "." => {
                if let Some(last) = words.last_mut() {
                    last.push('.');
                    glue = true;
                }
            }
            Kind::Other if text == "," || text == "(" || text == ")" || text == ";" => {
                words.push(text.to_string());
                glue = false;
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w.eq_ignore_ascii_case("FROM") || w.eq_ignore_ascii_case("JOIN") {
            let mut j = i + 1;
            while let Some(table) = words.get(j) {
                if is_keyword(table) || table == "(" || table == "," {
                    break;
                }
                let mut k = j + 1;
                if words.get(k).is_some_and(|w| w.eq_ignore_ascii_case("AS")) {
                    k += 1;
                }
                let alias = words
                    .get(k)
                    .filter(|a| !is_keyword(a) && !matches!(a.as_str(), "," | "(" | ")" | ";"))
                    .cloned();
                if alias.is_some() {
                    k += 1;
                }
                out.push((table.trim_end_matches('.').to_string(), alias));
                if words.get(k).map(String::as_str) == Some(",") {
                    j = k + 1;
                } else {
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

/// Completion of a meta-command line.
fn meta(source: &dyn NameSource, line: &str, pos: usize) -> (usize, Vec<Pair>) {
    let lead = line.len() - line.trim_start().len();
    let before = &line[lead..pos];
    let Some(space) = before.find(char::is_whitespace) else {
        let out = COMMANDS
            .iter()
            .filter(|c| c.name.starts_with(before))
            .map(|c| c.name.to_string());
        return (lead, pairs(out));
    };
    let command = &before[..space];
    let arg_start = pos
        - before
            .chars()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .map(char::len_utf8)
            .sum::<usize>();
    let arg = &line[arg_start..pos];
    let first_arg = before[space..].trim_start().len() == arg.len();
    let out: Vec<String> = match command {
        "\\i" | "\\o" => {
            return FilenameCompleter::new()
                .complete_path(line, pos)
                .unwrap_or((pos, Vec::new()));
        }
        "\\format" => Format::ALL
            .iter()
            .map(|f| f.name().to_string())
            .filter(|f| f.starts_with(arg))
            .collect(),
        "\\set" if first_arg => SETTINGS
            .iter()
            .map(|(n, _)| n.to_string())
            .filter(|n| n.starts_with(arg))
            .collect(),
        "\\set" if before[space..].trim_start().starts_with("format") => Format::ALL
            .iter()
            .map(|f| f.name().to_string())
            .filter(|f| f.starts_with(arg))
            .collect(),
        "\\d" | "\\dt" if first_arg => source
            .names()
            .typed_tables()
            .into_iter()
            .filter(|t| starts_with_ci(t, arg))
            .collect(),
        "\\df" => source
            .names()
            .functions
            .into_iter()
            .filter(|f| starts_with_ci(f, arg))
            .collect(),
        "\\timing" | "\\x" => ["on", "off"]
            .iter()
            .map(|s| s.to_string())
            .filter(|s| s.starts_with(arg))
            .collect(),
        "\\explain" => {
            let (start, found) = complete(source, &line[space + lead..], pos - space - lead);
            return (start + space + lead, found);
        }
        _ => Vec::new(),
    };
    (arg_start, pairs(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helper::StaticNames;
    use crate::names::Names;

    fn source() -> StaticNames {
        let mut s = StaticNames {
            names: Names {
                databases: vec!["default".into(), "logs".into()],
                tables: vec![
                    ("default".into(), "applogs".into()),
                    ("default".into(), "vpcflow".into()),
                    ("logs".into(), "alb".into()),
                ],
                functions: vec![
                    "json_extract".into(),
                    "json_extract_scalar".into(),
                    "lower".into(),
                ],
                current_database: "default".into(),
            },
            ..StaticNames::default()
        };
        s.columns.insert(
            "vpcflow".into(),
            vec![
                "srcaddr".into(),
                "srcport".into(),
                "dstaddr".into(),
                "action".into(),
            ],
        );
        s.columns.insert(
            "logs.alb".into(),
            vec!["client_ip".into(), "elb_status_code".into()],
        );
        s
    }

    fn words(line: &str) -> Vec<String> {
        let (start, pairs) = complete(&source(), line, line.len());
        assert!(start <= line.len());
        pairs.into_iter().map(|p| p.replacement).collect()
    }

    fn at(line: &str) -> usize {
        complete(&source(), line, line.len()).0
    }

    #[test]
    fn tables_after_from_and_join() {
        assert_eq!(words("SELECT * FROM vp"), vec!["vpcflow"]);
        assert_eq!(at("SELECT * FROM vp"), 14);
        assert_eq!(
            words("select * from a join "),
            vec!["applogs", "logs.", "logs.alb", "vpcflow"]
        );
        assert_eq!(words("SELECT * FROM logs.a"), vec!["logs.alb"]);
    }

    #[test]
    fn columns_of_the_statements_tables_by_name_and_alias() {
        assert_eq!(words("SELECT src"), Vec::<String>::new(), "no table yet");
        assert_eq!(
            words("SELECT * FROM vpcflow WHERE src"),
            vec!["srcaddr", "srcport"]
        );
        assert_eq!(words("SELECT v.dst"), Vec::<String>::new());
        let line = "SELECT f.dst FROM vpcflow AS f";
        let (start, pairs) = complete(&source(), line, "SELECT f.dst".len());
        assert_eq!(start, 7);
        assert_eq!(pairs[0].replacement, "f.dstaddr");
        let line = "SELECT a.cl FROM logs.alb a JOIN vpcflow v ON true";
        let (_, pairs) = complete(&source(), line, "SELECT a.cl".len());
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].replacement, "a.client_ip");
        assert_eq!(
            words("SELECT * FROM logs.alb x, vpcflow y WHERE y.ac"),
            vec!["y.action"]
        );
    }

    #[test]
    fn functions_and_keywords_in_the_typed_case() {
        assert_eq!(
            words("SELECT json_ex"),
            vec!["json_extract", "json_extract_scalar"]
        );
        assert_eq!(words("SEL"), vec!["SELECT"]);
        assert_eq!(words("sel"), vec!["select"]);
        assert!(words("select lo").contains(&"lower".to_string()));
        assert!(words("SELECT 'FRO").is_empty(), "not inside a string");
    }

    #[test]
    fn meta_commands_and_their_arguments() {
        assert_eq!(words("\\d"), vec!["\\d", "\\df", "\\dt"]);
        assert_eq!(words("\\ti"), vec!["\\timing"]);
        assert_eq!(words("\\format js"), vec!["json"]);
        assert_eq!(at("\\format js"), 8);
        assert_eq!(words("\\set max"), vec!["max_bytes_scanned"]);
        assert_eq!(words("\\d vpc"), vec!["vpcflow"]);
        assert_eq!(words("\\df json_extract_s"), vec!["json_extract_scalar"]);
        assert_eq!(words("\\x o"), vec!["off", "on"]);
        assert_eq!(words("\\explain SELECT * FROM vp"), vec!["vpcflow"]);
    }

    #[test]
    fn file_paths_after_include_and_output() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("report.sql"), "SELECT 1;").expect("write");
        let line = format!("\\i {}/rep", dir.path().display());
        let (start, pairs) = complete(&source(), &line, line.len());
        assert_eq!(start, 3);
        assert_eq!(pairs.len(), 1);
        assert!(
            pairs[0].replacement.ends_with("report.sql"),
            "{:?}",
            pairs[0].replacement
        );
        let line = format!("\\o {}/re", dir.path().display());
        assert_eq!(complete(&source(), &line, line.len()).1.len(), 1);
    }
}
