//! Route 53 Resolver query logs: JSON objects, one per line, with the
//! columns of AWS's Athena table for them (`CREATE EXTERNAL TABLE
//! r53_rlogs`, read with the openx JSON SerDe). Struct field names are
//! lower-cased (AWS writes `Rdata`), as Athena shows them.

use super::decode::Row;
use super::layout::{Columns, JsonLines, RecordLayout};
use super::tree::Node;

/// The columns of AWS's Athena Route 53 Resolver table, in its order.
pub(crate) const ROUTE53_RESOLVER_COLUMNS: Columns = &[
    ("version", "string"),
    ("account_id", "string"),
    ("region", "string"),
    ("vpc_id", "string"),
    ("query_timestamp", "string"),
    ("query_name", "string"),
    ("query_type", "string"),
    ("query_class", "string"),
    ("rcode", "string"),
    (
        "answers",
        "array<struct<rdata:string,type:string,class:string>>",
    ),
    ("srcaddr", "string"),
    ("srcport", "int"),
    ("transport", "string"),
    ("srcids", "struct<instance:string,resolver_endpoint:string>"),
    ("firewall_rule_action", "string"),
    ("firewall_rule_group_id", "string"),
    ("firewall_domain_list_id", "string"),
];

/// Route 53 Resolver query logs.
#[derive(Debug, Default)]
pub(crate) struct Route53Resolver;

impl RecordLayout for Route53Resolver {
    fn name(&self) -> &'static str {
        "Route 53 Resolver"
    }

    fn implied_columns(&self) -> Option<Columns> {
        Some(ROUTE53_RESOLVER_COLUMNS)
    }

    fn rows<'n, 'a>(&self, doc: &'n Node<'a>, out: &mut Vec<Row<'n, 'a>>) -> Result<(), String> {
        JsonLines.rows(doc, out)
    }
}
