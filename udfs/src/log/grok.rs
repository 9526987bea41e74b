//! `grok`: one line parsed with a grok expression into a struct of its
//! captures, through the compiler the Grok SerDe tables use.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, StringArray, StringBuilder, StructArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{DataFusionError, Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};

use super::DOC_SECTION;
use crate::grammar::Span;
use crate::grammar::grok::Grok;

/// Compiled patterns kept per function instance; past this many distinct
/// patterns the cache starts over rather than grow without bound.
const CACHE_LIMIT: usize = 64;

/// `grok(line, pattern)`.
#[derive(Debug)]
pub struct GrokFunc {
    signature: Signature,
    /// Compiled once when the query is planned, reused by every batch.
    cache: Arc<Mutex<HashMap<String, Arc<Grok>>>>,
}

impl PartialEq for GrokFunc {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for GrokFunc {}

impl std::hash::Hash for GrokFunc {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl Default for GrokFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl GrokFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::string(2, Volatility::Immutable),
            cache: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// The compiled form of `pattern`, from the cache when it was seen.
    fn compiled(&self, pattern: &str) -> Result<Arc<Grok>> {
        let poisoned = |_| DataFusionError::Internal("grok: pattern cache lock poisoned".into());
        if let Some(grok) = self.cache.lock().map_err(poisoned)?.get(pattern) {
            return Ok(Arc::clone(grok));
        }
        let grok = Grok::new(pattern, "", "grok pattern")
            .map_err(|e| DataFusionError::Plan(format!("grok: {e}")))?;
        if grok.names().is_empty() {
            return plan_err!(
                "grok: pattern '{pattern}' captures nothing; name what to capture, as in %{{WORD:verb}}"
            );
        }
        let grok = Arc::new(grok);
        let mut cache = self.cache.lock().map_err(poisoned)?;
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(pattern.to_string(), Arc::clone(&grok));
        Ok(grok)
    }
}

fn pattern_text(value: Option<&ScalarValue>) -> Result<&str> {
    match value {
        Some(ScalarValue::Utf8(Some(p)))
        | Some(ScalarValue::LargeUtf8(Some(p)))
        | Some(ScalarValue::Utf8View(Some(p))) => Ok(p),
        Some(v) if v.is_null() => {
            plan_err!(
                "grok: the pattern is NULL; it must be a grok expression such as '%{{IP:client}} %{{GREEDYDATA:rest}}'"
            )
        }
        _ => plan_err!(
            "grok: the pattern must be a constant string (its captures are the result's fields, fixed when the query is planned)"
        ),
    }
}

fn struct_fields(grok: &Grok) -> Fields {
    grok.names()
        .iter()
        .map(|n| Field::new(n, DataType::Utf8, true))
        .collect()
}

impl ScalarUDFImpl for GrokFunc {
    fn name(&self) -> &str {
        "grok"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        plan_err!("grok: the result type depends on the pattern literal")
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        if args.scalar_arguments.len() != 2 {
            return plan_err!("grok takes (line, pattern)");
        }
        let grok = self.compiled(pattern_text(args.scalar_arguments[1])?)?;
        Ok(Arc::new(Field::new(
            self.name(),
            DataType::Struct(struct_fields(&grok)),
            true,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [line, pattern] = args.args.as_slice() else {
            return exec_err!("grok takes (line, pattern)");
        };
        let ColumnarValue::Scalar(pattern) = pattern else {
            return exec_err!("grok: the pattern must be a constant string");
        };
        let grok = self.compiled(pattern_text(Some(pattern))?)?;
        let scalar = matches!(line, ColumnarValue::Scalar(_));
        let input = cast(
            &line.to_array(if scalar { 1 } else { args.number_rows })?,
            &DataType::Utf8,
        )?;
        let input = input
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| DataFusionError::Internal("grok: line is not Utf8".into()))?;
        let array = parse(&grok, input)?;
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&array, 0)?)
        } else {
            ColumnarValue::Array(array)
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                DOC_SECTION,
                "Parses `line` with a grok expression (Logstash syntax: `%{PATTERN:field}`, standard patterns such as IP, WORD, NUMBER, HTTPDATE, COMBINEDAPACHELOG, SYSLOGLINE, mixed with Java regex) and returns a struct with one VARCHAR field per capture, in the pattern's order: every `%{PATTERN:field}` at any depth, every `%{PATTERN}` written in the pattern itself (named after the pattern) and every `(?<name>...)`. The pattern is searched for in the line (anchor it with ^...$ to match whole lines). A type suffix (`%{NUMBER:bytes:int}`) is accepted and ignored: cast the field. NULL for a NULL line or a line the pattern does not match; a pattern that is not a constant, names an unknown pattern or does not compile is an error when the query is planned. The same compiler reads Athena's Grok SerDe tables (com.amazonaws.glue.serde.GrokSerDe). Quarry-specific (Athena has no grok function).",
                "grok(line, pattern)",
            )
            .with_sql_example("> SELECT grok('55.3.244.1 GET /index.html 15824 0.043', '%{IP:client} %{WORD:method} %{URIPATHPARAM:request} %{NUMBER:bytes} %{NUMBER:duration}')['request'];\n/index.html")
            .with_argument("line", "VARCHAR: one log line.")
            .with_argument("pattern", "VARCHAR constant: the grok expression.")
            .build()
        }))
    }
}

/// One struct row per line: NULL for a NULL line or one that does not match.
fn parse(grok: &Grok, input: &StringArray) -> Result<ArrayRef> {
    let fields = struct_fields(grok);
    let mut builders: Vec<StringBuilder> = fields.iter().map(|_| StringBuilder::new()).collect();
    let mut valid = Vec::with_capacity(input.len());
    let mut spans: Vec<Span> = vec![None; fields.len()];
    let mut locations = grok.locations();
    for row in 0..input.len() {
        let line = input.is_valid(row).then(|| input.value(row));
        let matched = line.is_some_and(|l| grok.captures(l, &mut locations, &mut spans));
        valid.push(matched);
        for (builder, span) in builders.iter_mut().zip(&spans) {
            match (line, span.clone().filter(|_| matched)) {
                (Some(l), Some(s)) => builder.append_value(&l[s]),
                _ => builder.append_null(),
            }
        }
    }
    let columns = builders
        .iter_mut()
        .map(|b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    Ok(Arc::new(StructArray::try_new(
        fields,
        columns,
        Some(NullBuffer::from(valid)),
    )?))
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::AsArray;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn call(line: ColumnarValue, pattern: &str, rows: usize) -> Result<ArrayRef> {
        let f = GrokFunc::new();
        let p = ScalarValue::Utf8(Some(pattern.into()));
        let line_field = Arc::new(Field::new("l", DataType::Utf8, true));
        let p_field = Arc::new(Field::new("p", DataType::Utf8, true));
        let return_field = f.return_field_from_args(ReturnFieldArgs {
            arg_fields: &[Arc::clone(&line_field), Arc::clone(&p_field)],
            scalar_arguments: &[None, Some(&p)],
        })?;
        f.invoke_with_args(ScalarFunctionArgs {
            args: vec![line, ColumnarValue::Scalar(p)],
            arg_fields: vec![line_field, p_field],
            number_rows: rows,
            return_field,
            config_options: Arc::new(ConfigOptions::default()),
        })?
        .to_array(rows)
    }

    #[test]
    fn fields_in_pattern_order_null_for_null_and_no_match() -> Result<()> {
        // Logstash's documentation example line and pattern.
        let lines = StringArray::from(vec![
            Some("55.3.244.1 GET /index.html 15824 0.043"),
            None,
            Some("not a request"),
        ]);
        let out = call(
            ColumnarValue::Array(Arc::new(lines)),
            "%{IP:client} %{WORD:method} %{URIPATHPARAM:request} %{NUMBER:bytes} %{NUMBER:duration}",
            3,
        )?;
        let s = out.as_struct();
        let names: Vec<&str> = s.column_names();
        assert_eq!(names, ["client", "method", "request", "bytes", "duration"]);
        assert!(s.is_valid(0) && s.is_null(1) && s.is_null(2));
        let col = |n: &str| {
            s.column_by_name(n)
                .unwrap()
                .as_string::<i32>()
                .value(0)
                .to_string()
        };
        assert_eq!(col("client"), "55.3.244.1");
        assert_eq!(col("method"), "GET");
        assert_eq!(col("request"), "/index.html");
        assert_eq!(col("bytes"), "15824");
        assert_eq!(col("duration"), "0.043");
        Ok(())
    }

    #[test]
    fn planning_errors_name_the_problem() {
        let f = GrokFunc::new();
        let field = Arc::new(Field::new("l", DataType::Utf8, true));
        let plan = |value: Option<ScalarValue>| {
            let args = [Arc::clone(&field), Arc::clone(&field)];
            let scalars = [None, value.as_ref()];
            f.return_field_from_args(ReturnFieldArgs {
                arg_fields: &args,
                scalar_arguments: &scalars,
            })
            .unwrap_err()
            .to_string()
        };
        assert!(plan(None).contains("must be a constant string"));
        assert!(plan(Some(ScalarValue::Utf8(None))).contains("pattern is NULL"));
        let err = plan(Some(ScalarValue::Utf8(Some("%{NOPE:x}".into()))));
        assert!(err.contains("unknown grok pattern NOPE"), "{err}");
        let err = plan(Some(ScalarValue::Utf8(Some("a(?=b)%{WORD:w}".into()))));
        assert!(err.contains("lookahead"), "{err}");
        assert!(plan(Some(ScalarValue::Utf8(Some("abc".into())))).contains("captures nothing"));
    }

    #[test]
    fn compiled_once_per_pattern() -> Result<()> {
        let f = GrokFunc::new();
        let a = f.compiled("%{WORD:w}")?;
        let b = f.compiled("%{WORD:w}")?;
        assert!(Arc::ptr_eq(&a, &b));
        Ok(())
    }
}
