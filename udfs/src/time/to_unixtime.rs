//! `to_unixtime`: a timestamp to seconds since the epoch, as DOUBLE.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::Float64Array;
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::{DOC_SECTION, coerce_temporal, timestamps};

/// Trino's `to_unixtime` (replaces DataFusion's, which returns whole
/// seconds as BIGINT and also accepts text).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ToUnixtimeFunc {
    signature: Signature,
}

impl Default for ToUnixtimeFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ToUnixtimeFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for ToUnixtimeFunc {
    fn name(&self) -> &str {
        "to_unixtime"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [t] => Ok(vec![coerce_temporal(self.name(), t, false)?]),
            _ => plan_err!("to_unixtime takes one argument, got {}", arg_types.len()),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let ts = timestamps(self.name(), &args.args[0], args.number_rows)?;
        let per_second = match ts.unit {
            TimeUnit::Second => 1.0,
            TimeUnit::Millisecond => 1e3,
            TimeUnit::Microsecond => 1e6,
            TimeUnit::Nanosecond => 1e9,
        };
        let out: Float64Array = ts
            .values
            .iter()
            .map(|v| v.map(|v| v as f64 / per_second))
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Seconds since 1970-01-01 00:00:00 UTC of a timestamp, with its fraction, as DOUBLE. A timestamp without zone is taken as UTC (Athena's session zone); a DATE as its midnight. NULL gives NULL; text is a planning error (parse it first). Matches Trino to_unixtime.", "to_unixtime(timestamp)")
                .with_sql_example("> SELECT to_unixtime(from_iso8601_timestamp('2023-07-10T11:42:07.250Z'));\n1688989327.25")
                .with_argument("timestamp", "TIMESTAMP, with or without zone, or DATE.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{AsArray, TimestampMicrosecondArray, TimestampMillisecondArray};
    use datafusion::arrow::datatypes::{Field, Float64Type};
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(arg: ColumnarValue, rows: usize) -> Result<Vec<Option<f64>>> {
        let out = ToUnixtimeFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![Arc::new(Field::new("a", arg.data_type(), true))],
            args: vec![arg],
            number_rows: rows,
            return_field: Arc::new(Field::new("r", DataType::Float64, true)),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        Ok(out
            .to_array(rows)?
            .as_primitive::<Float64Type>()
            .iter()
            .collect())
    }

    #[test]
    fn units_zones_and_nulls() -> Result<()> {
        let ms = TimestampMillisecondArray::from(vec![Some(1_500), None, Some(-250)])
            .with_timezone("+05:00");
        assert_eq!(
            run(ColumnarValue::Array(Arc::new(ms)), 3)?,
            vec![Some(1.5), None, Some(-0.25)]
        );
        let us = TimestampMicrosecondArray::from(vec![Some(1)]);
        assert_eq!(
            run(ColumnarValue::Array(Arc::new(us)), 1)?,
            vec![Some(1e-6)]
        );
        let empty = TimestampMillisecondArray::from(Vec::<Option<i64>>::new());
        assert_eq!(run(ColumnarValue::Array(Arc::new(empty)), 0)?.len(), 0);
        Ok(())
    }

    #[test]
    fn text_is_rejected_at_planning() {
        let err = ToUnixtimeFunc::new()
            .coerce_types(&[DataType::Utf8])
            .unwrap_err()
            .to_string();
        assert!(err.contains("from_iso8601_timestamp"), "{err}");
    }
}
