//! CloudTrail log files: one JSON object `{"Records":[...]}` per file, one
//! row per record, read as Athena's `CloudTrailSerde` reads them.
//!
//! The columns are those of AWS's Athena table for CloudTrail (the
//! `CREATE EXTERNAL TABLE cloudtrail_logs` statement of the Athena guide):
//! record keys match the lower-case columns case-insensitively, and the
//! free-form objects (`requestparameters`, `responseelements`,
//! `additionaleventdata`, `serviceeventdetails`, ...) are `string` columns
//! holding the object's JSON text, so `json_extract_scalar` reads them.
//! Digest files (`CloudTrail-Digest/`, which have no `Records`) hold no rows.

use super::decode::Row;
use super::layout::{Columns, RecordLayout};
use super::shape::Shape;
use super::tree::Node;

/// The columns of AWS's Athena CloudTrail table, in its order.
pub(crate) const CLOUDTRAIL_COLUMNS: Columns = &[
    ("eventversion", "string"),
    (
        "useridentity",
        "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,\
         accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,\
         sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,\
         sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,\
         ec2roledelivery:string,\
         webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>",
    ),
    ("eventtime", "string"),
    ("eventsource", "string"),
    ("eventname", "string"),
    ("awsregion", "string"),
    ("sourceipaddress", "string"),
    ("useragent", "string"),
    ("errorcode", "string"),
    ("errormessage", "string"),
    ("requestparameters", "string"),
    ("responseelements", "string"),
    ("additionaleventdata", "string"),
    ("requestid", "string"),
    ("eventid", "string"),
    (
        "resources",
        "array<struct<arn:string,accountid:string,type:string>>",
    ),
    ("eventtype", "string"),
    ("apiversion", "string"),
    ("readonly", "string"),
    ("recipientaccountid", "string"),
    ("serviceeventdetails", "string"),
    ("sharedeventid", "string"),
    ("vpcendpointid", "string"),
    ("vpcendpointaccountid", "string"),
    ("eventcategory", "string"),
    (
        "addendum",
        "struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>",
    ),
    ("sessioncredentialfromconsole", "string"),
    ("edgedevicedetails", "string"),
    (
        "tlsdetails",
        "struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>",
    ),
];

/// `{"Records":[...]}` files.
#[derive(Debug, Default)]
pub(crate) struct CloudTrail;

impl RecordLayout for CloudTrail {
    fn name(&self) -> &'static str {
        "CloudTrail"
    }

    fn files_named_by_cloudtrail(&self) -> bool {
        true
    }

    fn values_are_in_text(&self) -> bool {
        true
    }

    fn document_shape(&self, record: Shape) -> Shape {
        Shape::Members(vec![
            ("records".into(), record),
            ("digeststarttime".into(), Shape::Whole),
        ])
    }

    fn implied_columns(&self) -> Option<Columns> {
        Some(CLOUDTRAIL_COLUMNS)
    }

    fn rows<'n, 'a>(&self, doc: &'n Node<'a>, out: &mut Vec<Row<'n, 'a>>) -> Result<(), String> {
        let Node::Object(..) = doc else {
            return Err(format!(
                "expected a CloudTrail log file ({{\"Records\":[...]}}), found a JSON {}",
                doc.kind()
            ));
        };
        match doc.get("Records") {
            Some(Node::Array(records, _)) => {
                for (i, record) in records.iter().enumerate() {
                    match record {
                        Node::Object(..) => out.push(Row::of(record)),
                        other => {
                            return Err(format!(
                                "Records[{i}] is a JSON {}, not an object",
                                other.kind()
                            ));
                        }
                    }
                }
                Ok(())
            }
            // A digest file shares the trail's prefix and holds no events.
            None if doc.get("digestStartTime").is_some() => Ok(()),
            Some(other) => Err(format!(
                "\"Records\" is a JSON {}, not an array",
                other.kind()
            )),
            None => Err("no \"Records\" array: not a CloudTrail log file".into()),
        }
    }
}
