//! `parse_duration`: Trino's `value unit` duration text as an interval.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, IntervalMonthDayNanoArray};
use datafusion::arrow::datatypes::{DataType, IntervalMonthDayNano, IntervalUnit};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::PARSE_SECTION;
use crate::args::{Kind, coerce, str_at, strings};

/// Trino's `parse_duration`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ParseDurationFunc {
    signature: Signature,
}

impl Default for ParseDurationFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseDurationFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

const MILLIS_PER_DAY: i64 = 86_400_000;

/// Java's `\s`, which Trino's pattern uses around the number and unit.
fn is_java_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Trino (airlift `Duration`) reads `^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$`
/// with case-sensitive units, multiplies in doubles and rounds half up to
/// milliseconds; the same arithmetic here gives the same millisecond.
fn millis(text: &str) -> Option<i64> {
    let t = text.trim_matches(|c: char| c.is_ascii() && is_java_space(c as u8));
    let digits_end = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, rest) = t.split_at(digits_end);
    let valid_number = match number.split_once('.') {
        Some((int, frac)) => !int.is_empty() && !frac.is_empty() && !frac.contains('.'),
        None => !number.is_empty(),
    };
    let unit = rest.trim_start_matches(|c: char| c.is_ascii() && is_java_space(c as u8));
    let per_unit = match unit {
        "ns" => 1.0 / 1_000_000.0,
        "us" => 1.0 / 1_000.0,
        "ms" => 1.0,
        "s" => 1_000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        _ => return None,
    };
    if !valid_number {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    let rounded = (value * per_unit + 0.5).floor();
    // i64::MAX as f64 rounds up to 2^63, so `<` keeps the cast exact.
    (rounded.is_finite() && rounded < i64::MAX as f64).then_some(rounded as i64)
}

fn interval(function: &str, text: &str) -> Result<IntervalMonthDayNano> {
    let ms = millis(text).ok_or_else(|| {
        DataFusionError::Execution(format!(
            "{function}: '{text}' is not a duration; write a number and one of the units ns, us, ms, s, m, h, d, e.g. '42ms' or '3.81 d'"
        ))
    })?;
    let days = i32::try_from(ms / MILLIS_PER_DAY).map_err(|_| {
        DataFusionError::Execution(format!("{function}: '{text}' is too long for an interval"))
    })?;
    Ok(IntervalMonthDayNano::new(
        0,
        days,
        (ms % MILLIS_PER_DAY) * 1_000_000,
    ))
}

impl ScalarUDFImpl for ParseDurationFunc {
    fn name(&self) -> &str {
        "parse_duration"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Interval(IntervalUnit::MonthDayNano))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let input = strings(&args.args[0], args.number_rows)?;
        let out = (0..input.len())
            .map(|row| {
                str_at(&input, row)
                    .map(|text| interval(self.name(), text))
                    .transpose()
            })
            .collect::<Result<IntervalMonthDayNanoArray>>()?;
        Ok(ColumnarValue::Array(Arc::new(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                PARSE_SECTION,
                "Parses `string` of the form `value unit` into an interval, where `value` is a fractional number (digits, optionally a point and more digits; no sign) and `unit` one of `ns`, `us`, `ms`, `s`, `m`, `h`, `d` (case-sensitive), with optional spaces around and between them. The result is rounded half up to the millisecond and given as days plus time of day. Text of any other form is an error; NULL gives NULL. Matches Trino parse_duration.",
                "parse_duration(string)",
            )
            .with_sql_example("> SELECT parse_duration('3.81 d');\n3 days 19 hours 26 mins 24.000000000 secs")
            .with_argument("string", "VARCHAR duration such as '42.8ms' or '5m'.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::testing::{error, invoke, s, strs};

    #[test]
    fn trino_examples_and_rounding() {
        assert_eq!(millis("42.8ms"), Some(43));
        assert_eq!(millis("3.81 d"), Some(329_184_000));
        assert_eq!(millis("5m"), Some(300_000));
        assert_eq!(millis("  1.5 h  "), Some(5_400_000));
        assert_eq!(millis("0.4ms"), Some(0));
        assert_eq!(millis("0.5ms"), Some(1));
        assert_eq!(millis("1500000ns"), Some(2));
        assert_eq!(millis("1234us"), Some(1));
        assert_eq!(millis("7s"), Some(7_000));
    }

    #[test]
    fn invalid_text() {
        for bad in [
            "", "5", "ms", "-5m", "+5m", "5 M", "5 min", ".5s", "5.s", "1.2.3s", "5m 3s", "5 m x",
            "1e3s", "١s",
        ] {
            assert_eq!(millis(bad), None, "{bad:?}");
        }
        let err = error(invoke(&ParseDurationFunc::new(), vec![s("5 minutes")], 1));
        assert!(err.contains("'5 minutes' is not a duration"), "{err}");
        let err = error(invoke(
            &ParseDurationFunc::new(),
            vec![s("99999999999d")],
            1,
        ));
        assert!(err.contains("too long"), "{err}");
    }

    #[test]
    fn days_and_time_of_day() -> Result<()> {
        let out = invoke(
            &ParseDurationFunc::new(),
            vec![strs(&[Some("3.81 d"), None])],
            2,
        )?;
        let out = datafusion::arrow::array::AsArray::as_primitive::<
            datafusion::arrow::datatypes::IntervalMonthDayNanoType,
        >(&out);
        assert_eq!(
            out.value(0),
            IntervalMonthDayNano::new(0, 3, 69_984_000 * 1_000_000)
        );
        assert!(datafusion::arrow::array::Array::is_null(out, 1));
        Ok(())
    }
}
