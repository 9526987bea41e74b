//! AWS WAF logs: JSON objects, one per line, with the columns of AWS's
//! Athena table for WAF logs (`CREATE EXTERNAL TABLE waf_logs`, which reads
//! them with the openx JSON SerDe).

use super::decode::Row;
use super::layout::{Columns, JsonLines, RecordLayout};
use super::tree::Node;

const MATCH_DETAILS: &str = "array<struct<conditiontype:string,sensitivitylevel:string,location:string,matcheddata:array<string>>>";

/// The columns of AWS's Athena WAF table, in its order.
pub(crate) const WAF_COLUMNS: Columns = &[
    ("timestamp", "bigint"),
    ("formatversion", "int"),
    ("webaclid", "string"),
    ("terminatingruleid", "string"),
    ("terminatingruletype", "string"),
    ("action", "string"),
    ("terminatingrulematchdetails", MATCH_DETAILS),
    ("httpsourcename", "string"),
    ("httpsourceid", "string"),
    (
        "rulegrouplist",
        "array<struct<rulegroupid:string,\
         terminatingrule:struct<ruleid:string,action:string,rulematchdetails:array<struct<conditiontype:string,sensitivitylevel:string,location:string,matcheddata:array<string>>>>,\
         nonterminatingmatchingrules:array<struct<ruleid:string,action:string,overriddenaction:string,\
         rulematchdetails:array<struct<conditiontype:string,sensitivitylevel:string,location:string,matcheddata:array<string>>>,\
         challengeresponse:struct<responsecode:string,solvetimestamp:string>,\
         captcharesponse:struct<responsecode:string,solvetimestamp:string>>>,\
         excludedrules:string>>",
    ),
    (
        "ratebasedrulelist",
        "array<struct<ratebasedruleid:string,limitkey:string,maxrateallowed:int>>",
    ),
    (
        "nonterminatingmatchingrules",
        "array<struct<ruleid:string,action:string,\
         rulematchdetails:array<struct<conditiontype:string,sensitivitylevel:string,location:string,matcheddata:array<string>>>,\
         challengeresponse:struct<responsecode:string,solvetimestamp:string>,\
         captcharesponse:struct<responsecode:string,solvetimestamp:string>>>",
    ),
    (
        "requestheadersinserted",
        "array<struct<name:string,value:string>>",
    ),
    ("responsecodesent", "string"),
    (
        "httprequest",
        "struct<clientip:string,country:string,headers:array<struct<name:string,value:string>>,\
         uri:string,args:string,httpversion:string,httpmethod:string,requestid:string,\
         fragment:string,scheme:string,host:string>",
    ),
    ("labels", "array<struct<name:string>>"),
    (
        "captcharesponse",
        "struct<responsecode:string,solvetimestamp:string,failurereason:string>",
    ),
    (
        "challengeresponse",
        "struct<responsecode:string,solvetimestamp:string,failurereason:string>",
    ),
    ("ja3fingerprint", "string"),
    ("ja4fingerprint", "string"),
    ("oversizefields", "string"),
    ("requestbodysize", "int"),
    ("requestbodysizeinspectedbywaf", "int"),
];

/// WAF logs.
#[derive(Debug, Default)]
pub(crate) struct Waf;

impl RecordLayout for Waf {
    fn name(&self) -> &'static str {
        "WAF"
    }

    fn implied_columns(&self) -> Option<Columns> {
        Some(WAF_COLUMNS)
    }

    fn rows<'n, 'a>(&self, doc: &'n Node<'a>, out: &mut Vec<Row<'n, 'a>>) -> Result<(), String> {
        JsonLines.rows(doc, out)
    }
}
