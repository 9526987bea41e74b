-- Over ct_raw, the runner's register_json of the gzipped {"Records":[...]}
-- files (one row per file, the schema inferred by DataFusion): unnest the
-- records and name columns as Athena's CloudTrail table does. Request and
-- response bodies stay structs here (DataFusion's JSON reader cannot keep an
-- object as text), so the DataFusion spelling of a query reads
-- requestparameters['bucketName'] where Athena says json_extract_scalar.
CREATE OR REPLACE VIEW cloudtrail AS
SELECT r['eventVersion'] AS eventversion,
       named_struct('type', r['userIdentity']['type'],
                    'principalid', r['userIdentity']['principalId'],
                    'arn', r['userIdentity']['arn'],
                    'accountid', r['userIdentity']['accountId'],
                    'invokedby', r['userIdentity']['invokedBy'],
                    'accesskeyid', r['userIdentity']['accessKeyId'],
                    'username', r['userIdentity']['userName']) AS useridentity,
       r['eventTime'] AS eventtime, r['eventSource'] AS eventsource, r['eventName'] AS eventname,
       r['awsRegion'] AS awsregion, r['sourceIPAddress'] AS sourceipaddress,
       r['userAgent'] AS useragent, r['errorCode'] AS errorcode, r['errorMessage'] AS errormessage,
       r['requestParameters'] AS requestparameters, r['responseElements'] AS responseelements,
       r['additionalEventData'] AS additionaleventdata, r['requestID'] AS requestid,
       r['eventID'] AS eventid, r['eventType'] AS eventtype, r['readOnly'] AS readonly,
       r['recipientAccountId'] AS recipientaccountid, r['eventCategory'] AS eventcategory
FROM (SELECT unnest("Records") AS r FROM ct_raw)
