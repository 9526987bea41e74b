//! Trino's date and time functions.
//!
//! # How Trino's types map to Arrow
//!
//! - `timestamp(p)` (no zone) is `Timestamp(unit, None)`; the functions that
//!   create one (`date_parse`) give `timestamp(3)`, that is
//!   `Timestamp(Millisecond, None)`, as Trino does. Other units (a
//!   `TIMESTAMP '...'` literal is nanoseconds in DataFusion) are accepted and
//!   kept by `date_trunc`, `date_add` and `with_timezone`.
//! - `timestamp(p) with time zone` is `Timestamp(unit, Some(zone))`: the value
//!   is the UTC instant and the zone only changes how it is shown and which
//!   wall clock calendar operations use. Trino keeps a zone per *value*;
//!   Arrow keeps one per *column*. So functions whose zone comes from the data
//!   (`from_iso8601_timestamp('...+01:00')`, `parse_datetime` with `Z`) return
//!   the correct instant in a UTC column; comparisons, `to_unixtime`,
//!   `date_diff` and ordering agree with Trino, and only the displayed zone
//!   (and wall-clock fields such as `hour()`) differ for non-UTC input. A
//!   zone given as a literal (`from_unixtime(x, 'Asia/Kolkata')`,
//!   `with_timezone`) becomes the column's zone, as in Trino.
//! - A timestamp without zone, where Trino wants one, is read as UTC: that
//!   is Athena's session zone.
//! - Dates are `Date32`.
//!
//! # Replaced DataFusion built-ins
//!
//! `date_trunc` (DataFusion also accepts `microsecond` and turns dates into
//! timestamps), `date_format` (an alias of `to_char` there, with chrono's
//! specifiers: its `%M` is the minute, MySQL's is the month name),
//! `from_unixtime` (whole seconds, no zone) and `to_unixtime` (BIGINT, and it
//! parses text) all differ from Trino; `register_all` replaces them by name.
//!
//! # `AT TIME ZONE`
//!
//! DataFusion plans `x AT TIME ZONE 'zone'` itself, as a cast to
//! `Timestamp(Nanosecond, Some(zone))`. For a timestamp *with* zone that is
//! Trino's meaning (same instant, shown in the new zone). For a timestamp
//! *without* zone the cast reads it as wall-clock time in the new zone,
//! whereas Trino reads it in the session zone (UTC) first; write
//! `with_timezone(x, 'UTC') AT TIME ZONE 'zone'` for Trino's answer. Only a
//! literal zone is accepted.
//!
//! Format patterns (`date_parse`, `parse_datetime`, `date_format`,
//! `format_datetime`) compile once per call when they are literals, and once
//! per distinct pattern otherwise.

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

mod common;
pub mod date_add;
pub mod date_diff;
pub mod date_format;
pub mod date_parse;
pub mod date_trunc;
pub mod format_datetime;
pub mod from_iso8601_date;
pub mod from_iso8601_timestamp;
pub mod from_unixtime;
mod iso8601;
mod joda;
mod mysql;
mod parse;
pub mod parse_datetime;
mod pattern;
pub mod to_unixtime;
pub mod with_timezone;

/// Every date and time function.
pub fn functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::new_from_impl(date_add::DateAddFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(date_diff::DateDiffFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(date_format::DateFormatFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(date_parse::DateParseFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(date_trunc::DateTruncFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            format_datetime::FormatDatetimeFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            from_iso8601_date::FromIso8601DateFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            from_iso8601_timestamp::FromIso8601TimestampFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            from_unixtime::FromUnixtimeFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(
            parse_datetime::ParseDatetimeFunc::new(),
        )),
        Arc::new(ScalarUDF::new_from_impl(to_unixtime::ToUnixtimeFunc::new())),
        Arc::new(ScalarUDF::new_from_impl(
            with_timezone::WithTimezoneFunc::new(),
        )),
    ]
}
