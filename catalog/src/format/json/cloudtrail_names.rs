//! Skipping CloudTrail files by their names, before they are fetched.
//!
//! CloudTrail names each file
//! `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`: the
//! region whose events it holds and the minute it was delivered (AWS
//! CloudTrail User Guide, "Finding your CloudTrail log files"). A file
//! cannot hold an event from after its delivery, so every `eventtime` in
//! it is at most `YYYY-MM-DDTHH:mm:59Z`; and all of its records have that
//! `awsregion`. (Both hold for every record of the 55 real files in
//! ../shared/realdata: the latest event is 10 minutes before its file's
//! minute at most, and no region differs.) So a WHERE clause such as
//! `eventtime >= '2023-07-10T12:00:00Z'` or `awsregion = 'eu-west-1'`
//! drops files by name. Only conditions that can rule a file out are used,
//! and the filter is still applied to every row read: an object whose name
//! is not CloudTrail's is always read.

use std::sync::Arc;

use datafusion::common::ScalarValue;
use datafusion::logical_expr::Operator;
use datafusion::physical_expr::expressions::{BinaryExpr, Column, InListExpr, Literal};
use datafusion::physical_expr::split_conjunction;
use datafusion::physical_plan::PhysicalExpr;

/// What a query's filters say about the files worth opening.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NameFilter {
    /// Events must be at or after this time (`inclusive`) or after it.
    earliest: Option<(String, bool)>,
    /// Events must be in one of these regions.
    regions: Option<Vec<String>>,
}

impl NameFilter {
    /// The filter the conjuncts of `filters` imply, or `None` when none of
    /// them can rule out a file.
    pub(crate) fn from_filters(filters: &[Arc<dyn PhysicalExpr>]) -> Option<Self> {
        let mut filter = NameFilter::default();
        for conjunct in filters.iter().flat_map(split_conjunction) {
            filter.add(conjunct.as_ref());
        }
        (filter != NameFilter::default()).then_some(filter)
    }

    fn add(&mut self, expr: &dyn PhysicalExpr) {
        if let Some(binary) = expr.downcast_ref::<BinaryExpr>() {
            let (column, op, value) = match (column_name(binary.left()), text(binary.right())) {
                (Some(c), Some(v)) => (c, *binary.op(), v),
                _ => match (text(binary.left()), column_name(binary.right())) {
                    // 'x' <= eventtime is eventtime >= 'x'.
                    (Some(v), Some(c)) => match binary.op().swap() {
                        Some(op) => (c, op, v),
                        None => return,
                    },
                    _ => return,
                },
            };
            match (column.as_str(), op) {
                ("eventtime", Operator::GtEq | Operator::Eq) => self.after(value, true),
                ("eventtime", Operator::Gt) => self.after(value, false),
                ("awsregion", Operator::Eq) => self.only_regions(vec![value]),
                _ => {}
            }
        } else if let Some(list) = expr.downcast_ref::<InListExpr>() {
            if list.negated() || column_name(list.expr()).as_deref() != Some("awsregion") {
                return;
            }
            let values: Option<Vec<String>> = list.list().iter().map(text).collect();
            if let Some(values) = values {
                self.only_regions(values);
            }
        }
    }

    fn after(&mut self, value: String, inclusive: bool) {
        let tighter = match &self.earliest {
            None => true,
            Some((before, before_inclusive)) => {
                value > *before || (value == *before && *before_inclusive && !inclusive)
            }
        };
        if tighter {
            self.earliest = Some((value, inclusive));
        }
    }

    fn only_regions(&mut self, values: Vec<String>) {
        self.regions = Some(match self.regions.take() {
            None => values,
            Some(before) => before.into_iter().filter(|r| values.contains(r)).collect(),
        });
    }

    /// Whether the file named `name` (the last part of its key) may hold
    /// a row the filters keep.
    pub(crate) fn may_hold(&self, name: &str) -> bool {
        let Some((region, latest)) = parse_name(name) else {
            return true;
        };
        if let Some(regions) = &self.regions
            && !regions.iter().any(|r| *r == region)
        {
            return false;
        }
        match &self.earliest {
            Some((after, true)) => latest >= *after,
            Some((after, false)) => latest > *after,
            None => true,
        }
    }
}

/// The region and the latest possible `eventtime` of a CloudTrail file
/// name, or `None` for any other name (digest files included).
fn parse_name(name: &str) -> Option<(&str, String)> {
    let mut parts = name.split('_');
    let _account = parts.next()?;
    if parts.next()? != "CloudTrail" {
        return None;
    }
    let region = parts.next()?;
    let stamp = parts.next()?;
    parts.next()?;
    let b = stamp.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 14 || b[8] != b'T' || b[13] != b'Z' || !digits(0..8) || !digits(9..13) {
        return None;
    }
    let latest = format!(
        "{}-{}-{}T{}:{}:59Z",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13]
    );
    Some((region, latest))
}

fn column_name(expr: &Arc<dyn PhysicalExpr>) -> Option<String> {
    expr.downcast_ref::<Column>()
        .map(|c| c.name().to_ascii_lowercase())
}

fn text(expr: &Arc<dyn PhysicalExpr>) -> Option<String> {
    match expr.downcast_ref::<Literal>()?.value() {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Some(s.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::physical_expr::expressions::{col, in_list, lit};

    const FILE: &str = "218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json";

    fn schema() -> Schema {
        Schema::new(vec![
            Field::new("eventtime", DataType::Utf8, true),
            Field::new("awsregion", DataType::Utf8, true),
            Field::new("eventname", DataType::Utf8, true),
        ])
    }

    fn cmp(column: &str, op: Operator, value: &str) -> Arc<dyn PhysicalExpr> {
        Arc::new(BinaryExpr::new(
            col(column, &schema()).unwrap(),
            op,
            lit(value),
        ))
    }

    #[test]
    fn names_give_region_and_the_last_second_of_the_minute() {
        assert_eq!(
            parse_name(FILE),
            Some(("us-east-1", "2023-07-10T11:45:59Z".to_string()))
        );
        assert_eq!(parse_name("clo_cloudtrail.log"), None);
        assert_eq!(
            parse_name("123_CloudTrail-Digest_us-east-1_trail_us-east-1_20230710T120000Z.json.gz"),
            None
        );
        assert_eq!(
            parse_name("1_CloudTrail_us-east-1_2023071T1145Z_x.json"),
            None
        );
    }

    #[test]
    fn a_later_lower_bound_skips_the_file() {
        let at = |v: &str, op| NameFilter::from_filters(&[cmp("eventtime", op, v)]).unwrap();
        assert!(!at("2023-07-10T12:00:00Z", Operator::GtEq).may_hold(FILE));
        // Events of 11:45:59 may be in a file delivered at 11:45.
        assert!(at("2023-07-10T11:45:59Z", Operator::GtEq).may_hold(FILE));
        assert!(!at("2023-07-10T11:45:59Z", Operator::Gt).may_hold(FILE));
        assert!(at("2023-07-10", Operator::Gt).may_hold(FILE));
        assert!(!at("2023-07-11", Operator::Eq).may_hold(FILE));
    }

    #[test]
    fn an_upper_bound_never_skips() {
        // Events are delivered after they happen: any file may hold early ones.
        let f = NameFilter::from_filters(&[cmp("eventtime", Operator::Lt, "2000-01-01")]);
        assert_eq!(f, None);
    }

    #[test]
    fn regions_by_equality_and_in_list() {
        let eq = NameFilter::from_filters(&[cmp("awsregion", Operator::Eq, "eu-west-1")]).unwrap();
        assert!(!eq.may_hold(FILE));
        let list = in_list(
            col("awsregion", &schema()).unwrap(),
            vec![lit("eu-west-1"), lit("us-east-1")],
            &false,
            &schema(),
        )
        .unwrap();
        assert!(NameFilter::from_filters(&[list]).unwrap().may_hold(FILE));
    }

    #[test]
    fn swapped_operands_and_conjunctions() {
        let swapped = Arc::new(BinaryExpr::new(
            lit("2023-07-11"),
            Operator::LtEq,
            col("eventtime", &schema()).unwrap(),
        ));
        let both: Arc<dyn PhysicalExpr> = Arc::new(BinaryExpr::new(
            swapped,
            Operator::And,
            cmp("eventname", Operator::Eq, "GetObject"),
        ));
        assert!(!NameFilter::from_filters(&[both]).unwrap().may_hold(FILE));
        // Other names are always read.
        let f = NameFilter::from_filters(&[cmp("eventtime", Operator::GtEq, "2099")]).unwrap();
        assert!(f.may_hold("clo_cloudtrail.log"));
    }

    #[test]
    fn other_columns_and_disjunctions_prune_nothing() {
        let either: Arc<dyn PhysicalExpr> = Arc::new(BinaryExpr::new(
            cmp("eventtime", Operator::GtEq, "2099"),
            Operator::Or,
            cmp("eventname", Operator::Eq, "x"),
        ));
        assert_eq!(NameFilter::from_filters(&[either]), None);
    }
}
