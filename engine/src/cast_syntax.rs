//! Trino's spelling of types in `CAST` and `TRY_CAST`, which sqlparser's
//! generic dialect does not parse: `ARRAY(BIGINT)`, `ROW(a BIGINT, b
//! VARCHAR)` and `MAP(K, V)` holding either; and the JSON literal
//! `JSON '{"a": 1}'`.
//!
//! Athena queries over CloudTrail are full of
//! `CAST(json_extract(requestparameters, '$.items') AS ARRAY(MAP(VARCHAR, VARCHAR)))`.
//! The types parse to the AST sqlparser gives Hive's `ARRAY<BIGINT>` and
//! `STRUCT<..>`, so planning downstream sees one form. A timestamp literal
//! given to the minute (`TIMESTAMP '2012-10-30 01:00'`) gets its seconds.

use datafusion::sql::sqlparser::ast::{
    ArrayElemTypeDef, CastKind, DataType, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentList, FunctionArguments, Ident, ObjectName, StructBracketKind, StructField,
    TimezoneInfo, Value,
};
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion::sql::sqlparser::tokenizer::Token;

/// A CAST, TRY_CAST or JSON literal at the parser's position, parsed; or
/// `None` to leave the expression to sqlparser.
pub(crate) fn parse_prefix(parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
    let Token::Word(word) = &parser.peek_token_ref().token else {
        return None;
    };
    let keyword = word.keyword;
    let next = &parser.peek_nth_token_ref(1).token;
    match keyword {
        Keyword::CAST | Keyword::TRY_CAST if *next == Token::LParen => {
            parser.next_token();
            let kind = if keyword == Keyword::CAST {
                CastKind::Cast
            } else {
                CastKind::TryCast
            };
            Some(parse_cast(parser, kind))
        }
        Keyword::TIMESTAMP => {
            let Token::SingleQuotedString(text) = next else {
                return None;
            };
            let text = to_the_second(text)?;
            parser.next_token();
            parser.next_token();
            Some(Ok(Expr::Cast {
                kind: CastKind::Cast,
                expr: Box::new(Expr::value(Value::SingleQuotedString(text))),
                data_type: DataType::Timestamp(None, TimezoneInfo::None),
                array: false,
                format: None,
            }))
        }
        Keyword::JSON if matches!(next, Token::SingleQuotedString(_)) => {
            parser.next_token();
            let Token::SingleQuotedString(text) = parser.next_token().token else {
                return Some(Err(ParserError::ParserError(
                    "expected the JSON literal's text".to_string(),
                )));
            };
            Some(Ok(json_parse(text)))
        }
        _ => None,
    }
}

/// A timestamp literal's text given to the minute (`2012-10-30 01:00`,
/// which Trino accepts and Arrow's parser does not), with `:00` seconds
/// added; `None` for any other text, which is left to sqlparser.
fn to_the_second(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| range.into_iter().all(|i| b[i].is_ascii_digit());
    let minute = b.len() == 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b' ' || b[10] == b'T')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16);
    minute.then(|| format!("{text}:00"))
}

/// `( expr AS type )` after CAST or TRY_CAST.
fn parse_cast(parser: &mut Parser, kind: CastKind) -> Result<Expr, ParserError> {
    parser.expect_token(&Token::LParen)?;
    let expr = parser.parse_expr()?;
    parser.expect_keyword_is(Keyword::AS)?;
    let data_type = parse_type(parser)?;
    parser.expect_token(&Token::RParen)?;
    Ok(Expr::Cast {
        kind,
        expr: Box::new(expr),
        data_type,
        array: false,
        format: None,
    })
}

/// A type, in Trino's parenthesised form where it is one, else as sqlparser
/// reads it.
fn parse_type(parser: &mut Parser) -> Result<DataType, ParserError> {
    let keyword = match &parser.peek_token_ref().token {
        Token::Word(word) if parser.peek_nth_token_ref(1).token == Token::LParen => word.keyword,
        _ => return parser.parse_data_type(),
    };
    match keyword {
        Keyword::ARRAY => {
            parser.next_token();
            parser.expect_token(&Token::LParen)?;
            let element = parse_type(parser)?;
            parser.expect_token(&Token::RParen)?;
            Ok(DataType::Array(ArrayElemTypeDef::AngleBracket(Box::new(
                element,
            ))))
        }
        Keyword::MAP => {
            parser.next_token();
            parser.expect_token(&Token::LParen)?;
            let key = parse_type(parser)?;
            parser.expect_token(&Token::Comma)?;
            let value = parse_type(parser)?;
            parser.expect_token(&Token::RParen)?;
            Ok(DataType::Map(Box::new(key), Box::new(value)))
        }
        Keyword::ROW => {
            parser.next_token();
            parser.expect_token(&Token::LParen)?;
            let mut fields = Vec::new();
            loop {
                fields.push(parse_row_field(parser)?);
                if !parser.consume_token(&Token::Comma) {
                    break;
                }
            }
            parser.expect_token(&Token::RParen)?;
            // Printed as STRUCT<..>, which parses again: the UNNEST rewrite
            // prints expressions and parses them back.
            Ok(DataType::Struct(fields, StructBracketKind::AngleBrackets))
        }
        _ => parser.parse_data_type(),
    }
}

/// `name type`, or a bare `type` (Trino's anonymous ROW fields).
fn parse_row_field(parser: &mut Parser) -> Result<StructField, ParserError> {
    let named = matches!(parser.peek_token_ref().token, Token::Word(_))
        && !matches!(
            parser.peek_nth_token_ref(1).token,
            Token::Comma | Token::RParen | Token::LParen
        );
    let field_name = if named {
        Some(parser.parse_identifier()?)
    } else {
        None
    };
    Ok(StructField {
        field_name,
        field_type: parse_type(parser)?,
        options: None,
    })
}

/// `JSON 'text'` as `json_parse('text')`: the text is checked and becomes a
/// JSON value, where `CAST('text' AS JSON)` makes a JSON string of it.
fn json_parse(text: String) -> Expr {
    let argument = FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::value(
        Value::SingleQuotedString(text),
    )));
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new("json_parse")]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: vec![argument],
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

#[cfg(test)]
mod tests {
    use datafusion::sql::sqlparser::ast::{SelectItem, SetExpr, Statement};

    use crate::dialect::QuarryDialect;

    use super::*;

    fn item(sql: &str) -> Expr {
        let statements = Parser::parse_sql(&QuarryDialect::default(), &format!("SELECT {sql}"))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let Some(Statement::Query(query)) = statements.into_iter().next() else {
            panic!("{sql}: not a query");
        };
        let SetExpr::Select(select) = *query.body else {
            panic!("{sql}: not a select");
        };
        match select.projection.into_iter().next() {
            Some(SelectItem::UnnamedExpr(expr)) => expr,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn trino_types_parse_as_their_hive_spelling() {
        let cases = [
            ("CAST(x AS ARRAY(BIGINT))", "CAST(x AS ARRAY<BIGINT>)"),
            (
                "TRY_CAST(x AS ARRAY(MAP(VARCHAR, ARRAY(BIGINT))))",
                "TRY_CAST(x AS ARRAY<Map(VARCHAR, ARRAY<BIGINT>)>)",
            ),
            (
                "CAST(x AS ROW(a BIGINT, \"values\" ARRAY(VARCHAR)))",
                "CAST(x AS STRUCT<a BIGINT, \"values\" ARRAY<VARCHAR>>)",
            ),
            (
                "CAST(x AS ROW(BIGINT, VARCHAR(3)))",
                "CAST(x AS STRUCT<BIGINT, VARCHAR(3)>)",
            ),
            ("CAST(x AS ARRAY<INT>)", "CAST(x AS ARRAY<INT>)"),
            (
                "CAST(x + 1 AS DECIMAL(10, 2))",
                "CAST(x + 1 AS DECIMAL(10,2))",
            ),
            ("JSON '[1, 2]'", "json_parse('[1, 2]')"),
            (
                "TIMESTAMP '2012-10-30 01:00'",
                "CAST('2012-10-30 01:00:00' AS TIMESTAMP)",
            ),
            (
                "TIMESTAMP '2012-10-30 01:00:05'",
                "TIMESTAMP '2012-10-30 01:00:05'",
            ),
        ];
        for (sql, printed) in cases {
            assert_eq!(item(sql).to_string(), printed, "{sql}");
        }
    }

    #[test]
    fn a_column_named_cast_or_json_is_still_a_column() {
        assert_eq!(item("cast").to_string(), "cast");
        assert_eq!(item("json").to_string(), "json");
    }

    #[test]
    fn a_malformed_cast_is_a_syntax_error() {
        for sql in [
            "SELECT CAST(x AS ARRAY(BIGINT)",
            "SELECT CAST(x AS MAP(VARCHAR))",
            "SELECT CAST(x ARRAY(BIGINT))",
        ] {
            assert!(
                Parser::parse_sql(&QuarryDialect::default(), sql).is_err(),
                "{sql}"
            );
        }
    }
}
