//! Log-line parsing functions: one line of a known log format in, a struct
//! of its fields out, through the same grammars the table readers use.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, StringBuilder, StructArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::{CastOptions, cast_with_options};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{DataFusionError, Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, ScalarUDF};

use crate::grammar::{LineGrammar, Span};

pub mod grok;
pub mod parse_alb;
pub mod parse_clf;
pub mod parse_cloudfront;
pub mod parse_vpcflow;

/// The documentation section of these functions.
pub(crate) const DOC_SECTION: datafusion::logical_expr::DocSection =
    datafusion::logical_expr::DocSection {
        include: true,
        label: "Log parsing functions",
        description: None,
    };

/// Every log-parsing function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(grok::GrokFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(parse_alb::ParseAlbFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(parse_clf::ParseClfFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            parse_cloudfront::ParseCloudfrontFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            parse_vpcflow::ParseVpcflowFunc::new(),
        )),
    ]
}

fn struct_fields(grammar: &dyn LineGrammar) -> Fields {
    grammar
        .fields()
        .iter()
        .map(|f| Field::new(&f.name, f.ty.arrow(), true))
        .collect()
}

/// The struct type a `parse_*` function returns for `grammar`.
pub(crate) fn struct_type(grammar: &dyn LineGrammar) -> DataType {
    DataType::Struct(struct_fields(grammar))
}

/// Parses each line of `args[0]` with `grammar`: NULL for a NULL input, a
/// header line or a line that is not of the format; a field that does not
/// convert to its type is NULL, as in the table reader.
pub(crate) fn parse_lines(
    grammar: &dyn LineGrammar,
    name: &str,
    args: &[ColumnarValue],
    rows: usize,
) -> Result<ColumnarValue> {
    let [line] = args else {
        return exec_err!("{name} takes one argument, the log line");
    };
    let scalar = matches!(line, ColumnarValue::Scalar(_));
    let input = line.to_array(if scalar { 1 } else { rows })?;
    let input = cast_with_options(&input, &DataType::Utf8, &CastOptions::default())
        .map_err(|e| DataFusionError::Execution(format!("{name}: the line must be text: {e}")))?;
    let input = input
        .as_any()
        .downcast_ref::<datafusion::arrow::array::StringArray>()
        .ok_or_else(|| DataFusionError::Internal(format!("{name}: not a string array")))?;
    let fields = struct_fields(grammar);
    let mut builders: Vec<StringBuilder> = fields.iter().map(|_| StringBuilder::new()).collect();
    let mut valid = Vec::with_capacity(input.len());
    let mut spans: Vec<Span> = vec![None; fields.len()];
    for i in 0..input.len() {
        spans.iter_mut().for_each(|s| *s = None);
        let ok = input.is_valid(i) && {
            let line = input.value(i);
            let mut parser = grammar.parser();
            !parser.header_line(line) && parser.parse(line, &mut spans).is_ok()
        };
        valid.push(ok);
        for (b, s) in builders.iter_mut().zip(&spans) {
            match s.clone().filter(|_| ok) {
                Some(span) => b.append_value(&input.value(i)[span]),
                None => b.append_null(),
            }
        }
    }
    let safe = CastOptions {
        safe: true,
        ..Default::default()
    };
    let columns = builders
        .iter_mut()
        .zip(fields.iter())
        .map(|(b, f)| {
            let strings: ArrayRef = Arc::new(b.finish());
            if f.data_type() == &DataType::Utf8 {
                Ok(strings)
            } else {
                Ok(cast_with_options(&strings, f.data_type(), &safe)?)
            }
        })
        .collect::<Result<Vec<_>>>()?;
    let array: ArrayRef = Arc::new(StructArray::try_new(
        fields,
        columns,
        Some(NullBuffer::from(valid)),
    )?);
    Ok(if scalar {
        ColumnarValue::Scalar(datafusion::common::ScalarValue::try_from_array(&array, 0)?)
    } else {
        ColumnarValue::Array(array)
    })
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{AsArray, Int32Array};
    use datafusion::arrow::datatypes::Int32Type;
    use datafusion::common::ScalarValue;

    use super::*;
    use crate::grammar::clf::Clf;
    use crate::grammar::vpcflow::VpcFlow;

    fn lines(values: &[Option<&str>]) -> ColumnarValue {
        ColumnarValue::Array(Arc::new(datafusion::arrow::array::StringArray::from(
            values.to_vec(),
        )))
    }

    #[test]
    fn struct_per_line_null_for_null_and_bad_lines() -> Result<()> {
        let out = parse_lines(
            &VpcFlow::new(),
            "parse_vpcflow",
            &[lines(&[
                Some("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"),
                None,
                Some("2 x"),
            ])],
            3,
        )?
        .to_array(3)?;
        let s = out.as_struct();
        assert!(s.is_valid(0) && s.is_null(1) && s.is_null(2));
        let dstport = s
            .column_by_name("dstport")
            .unwrap()
            .as_primitive::<Int32Type>();
        assert_eq!(dstport, &Int32Array::from(vec![Some(22), None, None]));
        assert_eq!(
            s.column_by_name("srcaddr")
                .unwrap()
                .as_string::<i32>()
                .value(0),
            "172.31.16.139"
        );
        Ok(())
    }

    #[test]
    fn scalar_in_scalar_out() -> Result<()> {
        let line =
            r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 -"#;
        let out = parse_lines(
            &Clf::new(),
            "parse_clf",
            &[ColumnarValue::Scalar(ScalarValue::Utf8(Some(line.into())))],
            1,
        )?;
        let ColumnarValue::Scalar(ScalarValue::Struct(s)) = out else {
            panic!("{out:?}");
        };
        assert_eq!(
            s.column_by_name("remote_user")
                .unwrap()
                .as_string::<i32>()
                .value(0),
            "frank"
        );
        assert!(s.column_by_name("bytes").unwrap().is_null(0));
        Ok(())
    }
}
