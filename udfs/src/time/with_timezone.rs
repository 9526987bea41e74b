//! `with_timezone`: a timestamp without zone read as wall-clock time in a zone.

use std::sync::{Arc, OnceLock};

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};

use super::common::{
    DOC_SECTION, canonical_zone, coerce_temporal, coerce_text, from_naive, local_to_utc,
    parse_zone, scalar_text, timestamp_array, timestamps, to_naive, utc_to_local,
};

/// Trino's `with_timezone`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct WithTimezoneFunc {
    signature: Signature,
}

impl Default for WithTimezoneFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl WithTimezoneFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for WithTimezoneFunc {
    fn name(&self) -> &str {
        "with_timezone"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [t, z] => Ok(vec![
                coerce_temporal(self.name(), t, false)?,
                // A NULL zone stays a NULL literal, so planning can see it and type the result.
                if z.is_null() {
                    DataType::Null
                } else {
                    coerce_text(self.name(), "the time zone", z)?
                },
            ]),
            _ => plan_err!(
                "with_timezone takes (timestamp, zone), got {} arguments",
                arg_types.len()
            ),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.first() {
            Some(DataType::Timestamp(unit, _)) => {
                Ok(DataType::Timestamp(*unit, Some("UTC".into())))
            }
            other => plan_err!("with_timezone expects a TIMESTAMP, got {other:?}"),
        }
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let Some(DataType::Timestamp(unit, _)) = args.arg_fields.first().map(|f| f.data_type())
        else {
            return plan_err!("with_timezone expects a TIMESTAMP as its first argument");
        };
        // The zone is part of the result's type, so it has to be known when planning.
        let zone = match args.scalar_arguments.get(1) {
            Some(Some(v)) if v.is_null() => "UTC".to_string(),
            Some(Some(v)) => match scalar_text(Some(v)) {
                Some(text) => canonical_zone(self.name(), text)?,
                None => return plan_err!("with_timezone: the time zone must be VARCHAR"),
            },
            _ => {
                return plan_err!(
                    "with_timezone: the time zone must be a literal such as 'America/New_York' (it becomes part of the result's type)"
                );
            }
        };
        Ok(Arc::new(Field::new(
            self.name(),
            DataType::Timestamp(*unit, Some(zone.into())),
            true,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let DataType::Timestamp(_, Some(zone_name)) = args.return_field.data_type().clone() else {
            return exec_err!("with_timezone: planned without a zone");
        };
        let zone_is_null = matches!(&args.args[1], ColumnarValue::Scalar(s) if s.is_null());
        let target = parse_zone(self.name(), &zone_name)?;
        let ts = timestamps(self.name(), &args.args[0], rows)?;
        let mut out = Vec::with_capacity(rows);
        for value in &ts.values {
            let Some(value) = value.filter(|_| !zone_is_null) else {
                out.push(None);
                continue;
            };
            let Some(utc) = to_naive(value, ts.unit) else {
                return exec_err!("with_timezone: timestamp {value} is out of range");
            };
            // A zoned input contributes its own wall-clock time.
            let wall = utc_to_local(utc, ts.zone.as_ref());
            let instant = local_to_utc(wall, Some(&target));
            match from_naive(instant, ts.unit) {
                Some(v) => out.push(Some(v)),
                None => return exec_err!("with_timezone: the result for {wall} is out of range"),
            }
        }
        Ok(ColumnarValue::Array(timestamp_array(
            out,
            ts.unit,
            Some(zone_name),
        )))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Reads a timestamp without zone as wall-clock time in `zone` and returns that timestamp with time zone (same precision). A time skipped by daylight saving moves forward by the gap; a repeated one takes the earlier instant. The zone must be a literal (it is part of the result's type). NULL timestamp or zone gives NULL; an unknown zone is an error. Matches Trino with_timezone.", "with_timezone(timestamp, zone)")
                .with_sql_example("> SELECT with_timezone(TIMESTAMP '2012-10-30 01:00', 'America/Los_Angeles');\n2012-10-30T01:00:00-07:00   -- Trino: 2012-10-30 01:00:00.000 America/Los_Angeles")
                .with_argument("timestamp", "TIMESTAMP without zone (a zoned one contributes its wall-clock time).")
                .with_argument("zone", "IANA zone name or offset such as '+05:30', as a literal.")
                .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{AsArray, TimestampMillisecondArray};
    use datafusion::arrow::datatypes::{TimeUnit, TimestampMillisecondType};
    use datafusion::common::ScalarValue;
    use datafusion::common::config::ConfigOptions;

    use super::*;

    fn run(values: Vec<Option<i64>>, zone: Option<&str>) -> Result<Vec<Option<i64>>> {
        let rows = values.len();
        let x = ColumnarValue::Array(Arc::new(TimestampMillisecondArray::from(values)));
        let z = ColumnarValue::Scalar(ScalarValue::Utf8(zone.map(str::to_string)));
        let out = WithTimezoneFunc::new().invoke_with_args(ScalarFunctionArgs {
            arg_fields: vec![
                Arc::new(Field::new("a", x.data_type(), true)),
                Arc::new(Field::new("z", DataType::Utf8, true)),
            ],
            args: vec![x, z],
            number_rows: rows,
            return_field: Arc::new(Field::new(
                "r",
                DataType::Timestamp(TimeUnit::Millisecond, Some(zone.unwrap_or("UTC").into())),
                true,
            )),
            config_options: Arc::new(ConfigOptions::default()),
        })?;
        Ok(out
            .to_array(rows)?
            .as_primitive::<TimestampMillisecondType>()
            .iter()
            .collect())
    }

    #[test]
    fn wall_clock_in_the_zone() -> Result<()> {
        // 2012-10-30 01:00 in Los Angeles (PDT, -07:00) is 08:00 UTC; day 15643.
        let wall = 15_643 * 86_400_000 + 3_600_000;
        assert_eq!(
            run(vec![Some(wall), None], Some("America/Los_Angeles"))?,
            vec![Some(wall + 7 * 3_600_000), None]
        );
        assert_eq!(run(vec![Some(0)], Some("+05:30"))?, vec![Some(-19_800_000)]);
        assert_eq!(run(vec![Some(0)], None)?, vec![None]);
        assert!(run(vec![Some(0)], Some("Atlantis/Capital")).is_err());
        Ok(())
    }
}
