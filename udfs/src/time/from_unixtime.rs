//! `from_unixtime`: seconds since the epoch to `timestamp(3) with time zone`.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, AsArray, Int64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Float64Type, Int64Type, TimeUnit};
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};

use super::common::{
    DOC_SECTION, canonical_zone, coerce_text, parse_zone, scalar_text, timestamp_array,
    timestamp_ms_tz, to_naive,
};

/// Trino's `from_unixtime` (replaces DataFusion's, which takes whole
/// seconds and returns a timestamp without zone).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FromUnixtimeFunc {
    signature: Signature,
}

impl Default for FromUnixtimeFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl FromUnixtimeFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

fn is_numeric(t: &DataType) -> bool {
    t.is_numeric() || matches!(t, DataType::Null)
}

/// `+HH:MM` for an offset of `hours` and `minutes` (both carry the sign).
fn offset_zone(function: &str, hours: i64, minutes: i64) -> Result<String> {
    let total = hours.checked_mul(60).and_then(|h| h.checked_add(minutes));
    match total {
        Some(t) if t.abs() < 24 * 60 => Ok(format!(
            "{}{:02}:{:02}",
            if t < 0 { '-' } else { '+' },
            t.abs() / 60,
            t.abs() % 60
        )),
        _ => exec_err!(
            "{function}: offset {hours} hours {minutes} minutes is out of range (-23:59 to +23:59)"
        ),
    }
}

fn int_literal(v: Option<&ScalarValue>) -> Option<i64> {
    match v?.cast_to(&DataType::Int64).ok()? {
        ScalarValue::Int64(Some(i)) => Some(i),
        _ => None,
    }
}

impl ScalarUDFImpl for FromUnixtimeFunc {
    fn name(&self) -> &str {
        "from_unixtime"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [x, rest @ ..] if is_numeric(x) && rest.len() <= 2 => {
                let mut out = vec![DataType::Float64];
                match rest {
                    [] => {}
                    [z] => out.push(coerce_text(self.name(), "the time zone", z)?),
                    [h, m] if is_numeric(h) && is_numeric(m) => {
                        out.extend([DataType::Int64, DataType::Int64]);
                    }
                    _ => {
                        return plan_err!(
                            "from_unixtime takes (unixtime, hours, minutes) as numbers, got {rest:?}"
                        );
                    }
                }
                Ok(out)
            }
            _ => plan_err!(
                "from_unixtime takes (unixtime), (unixtime, zone) or (unixtime, hours, minutes) with a numeric unixtime, got {arg_types:?}"
            ),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(timestamp_ms_tz("UTC"))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let zone = match args.scalar_arguments {
            [_, z] => match scalar_text(z.as_ref().copied()) {
                Some(text) => canonical_zone(self.name(), text)?,
                None => "UTC".to_string(),
            },
            [_, h, m] => match (
                int_literal(h.as_ref().copied()),
                int_literal(m.as_ref().copied()),
            ) {
                (Some(h), Some(m)) => offset_zone(self.name(), h, m)?,
                _ => "UTC".to_string(),
            },
            _ => "UTC".to_string(),
        };
        Ok(Arc::new(Field::new(
            self.name(),
            timestamp_ms_tz(&zone),
            true,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let zone = match args.return_field.data_type() {
            DataType::Timestamp(_, zone) => zone.clone(),
            _ => Some("UTC".into()),
        };
        let seconds = cast(&args.args[0].to_array(rows)?, &DataType::Float64)?;
        let seconds = seconds.as_primitive::<Float64Type>();
        // NULL zone or offset arguments make the row NULL, as in Trino.
        let mut valid: Vec<bool> = (0..rows).map(|i| seconds.is_valid(i)).collect();
        match &args.args[1..] {
            [] => {}
            [z] => {
                let zones = super::common::utf8_column(z, rows)?;
                for (i, text) in zones.iter().enumerate() {
                    match text {
                        Some(t) => {
                            parse_zone(self.name(), t)?;
                        }
                        None => valid[i] = false,
                    }
                }
            }
            [h, m] => {
                let hours = cast(&h.to_array(rows)?, &DataType::Int64)?;
                let minutes = cast(&m.to_array(rows)?, &DataType::Int64)?;
                let (hours, minutes): (&Int64Array, &Int64Array) = (
                    hours.as_primitive::<Int64Type>(),
                    minutes.as_primitive::<Int64Type>(),
                );
                for (i, ok) in valid.iter_mut().enumerate() {
                    if hours.is_valid(i) && minutes.is_valid(i) {
                        offset_zone(self.name(), hours.value(i), minutes.value(i))?;
                    } else {
                        *ok = false;
                    }
                }
            }
            _ => return exec_err!("from_unixtime: too many arguments"),
        }
        let mut out = Vec::with_capacity(rows);
        for (i, ok) in valid.iter().enumerate() {
            if !ok {
                out.push(None);
                continue;
            }
            let s = seconds.value(i);
            let millis = (s * 1000.0).round();
            // Keep within what a timestamp can hold (chrono's range, about ±262,000 years).
            let in_range = millis.is_finite()
                && millis.abs() < 8.0e18
                && to_naive(millis as i64, TimeUnit::Millisecond).is_some();
            if !in_range {
                return exec_err!(
                    "from_unixtime: {s} seconds since the epoch is out of the timestamp range"
                );
            }
            out.push(Some(millis as i64));
        }
        Ok(ColumnarValue::Array(timestamp_array(
            out,
            TimeUnit::Millisecond,
            zone,
        )))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Turns seconds since 1970-01-01 00:00:00 UTC (fractions allowed, rounded to milliseconds) into a timestamp with time zone: in UTC, in the named zone, or at an offset of hours and minutes. The zone (or offset) must be a literal to show in the result's type; a zone column is checked but the result is shown in UTC. NULL in any argument gives NULL; NaN, infinity or a value beyond the timestamp range, an unknown zone or an offset of a day or more is an error. Matches Trino from_unixtime.", "from_unixtime(unixtime [, zone | , hours, minutes])")
                .with_sql_example("> SELECT from_unixtime(1689000127.5), from_unixtime(0, 'Asia/Kolkata');\n2023-07-10T14:42:07.500Z 1970-01-01T05:30:00+05:30")
                .with_argument("unixtime", "Seconds since the epoch, any numeric type.")
                .with_argument("zone", "IANA zone name or offset such as '+05:30'.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::Float64Array;
    use datafusion::arrow::datatypes::TimestampMillisecondType;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(
        args: Vec<ColumnarValue>,
        rows: usize,
        zone: &str,
    ) -> Result<(Vec<Option<i64>>, DataType)> {
        let out = FromUnixtimeFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: args
                .iter()
                .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
                .collect(),
            args,
            number_rows: rows,
            return_field: Arc::new(Field::new("r", timestamp_ms_tz(zone), true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        let array = out.to_array(rows)?;
        let t = array.data_type().clone();
        Ok((
            array
                .as_primitive::<TimestampMillisecondType>()
                .iter()
                .collect(),
            t,
        ))
    }

    #[test]
    fn fractions_round_to_milliseconds_and_nulls_pass() -> Result<()> {
        let secs = Float64Array::from(vec![
            Some(1.0),
            Some(-1.5),
            None,
            Some(0.0004),
            Some(0.0005),
        ]);
        let (out, t) = run(vec![ColumnarValue::Array(Arc::new(secs))], 5, "UTC")?;
        assert_eq!(out, vec![Some(1_000), Some(-1_500), None, Some(0), Some(1)]);
        assert_eq!(t, timestamp_ms_tz("UTC"));
        Ok(())
    }

    #[test]
    fn zone_and_offset_arguments() -> Result<()> {
        let x = ColumnarValue::Scalar(ScalarValue::Int64(Some(60)));
        let zone = ColumnarValue::Scalar(ScalarValue::Utf8(Some("Asia/Kolkata".into())));
        let (out, t) = run(vec![x.clone(), zone], 1, "Asia/Kolkata")?;
        assert_eq!(
            (out, t),
            (vec![Some(60_000)], timestamp_ms_tz("Asia/Kolkata"))
        );
        let null_zone = ColumnarValue::Scalar(ScalarValue::Utf8(None));
        assert_eq!(run(vec![x.clone(), null_zone], 1, "UTC")?.0, vec![None]);
        assert_eq!(offset_zone("f", -5, -30)?, "-05:30");
        assert!(offset_zone("f", 24, 0).is_err());
        let bad = ColumnarValue::Scalar(ScalarValue::Utf8(Some("Nowhere/Land".into())));
        assert!(run(vec![x, bad], 1, "UTC").is_err());
        Ok(())
    }

    #[test]
    fn out_of_range_is_an_error() {
        for s in [f64::NAN, f64::INFINITY, 1e300] {
            let x = ColumnarValue::Scalar(ScalarValue::Float64(Some(s)));
            let err = run(vec![x], 1, "UTC").unwrap_err().to_string();
            assert!(err.contains("out of the timestamp range"), "{err}");
        }
    }
}
