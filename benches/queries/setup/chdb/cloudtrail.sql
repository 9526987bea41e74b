-- Each CloudTrail object is one line: split its Records array and extract
-- the fields by name (NULL when absent), request/response bodies as JSON text.
CREATE VIEW IF NOT EXISTS cloudtrail AS
SELECT JSONExtract(r, 'eventVersion', 'Nullable(String)') AS eventversion,
       CAST(tuple(JSONExtract(r, 'userIdentity', 'type', 'Nullable(String)'),
                  JSONExtract(r, 'userIdentity', 'principalId', 'Nullable(String)'),
                  JSONExtract(r, 'userIdentity', 'arn', 'Nullable(String)'),
                  JSONExtract(r, 'userIdentity', 'accountId', 'Nullable(String)'),
                  JSONExtract(r, 'userIdentity', 'invokedBy', 'Nullable(String)'),
                  JSONExtract(r, 'userIdentity', 'userName', 'Nullable(String)')),
            'Tuple(type Nullable(String), principalid Nullable(String), arn Nullable(String), accountid Nullable(String), invokedby Nullable(String), username Nullable(String))') AS useridentity,
       JSONExtract(r, 'eventTime', 'Nullable(String)') AS eventtime,
       JSONExtract(r, 'eventSource', 'Nullable(String)') AS eventsource,
       JSONExtract(r, 'eventName', 'Nullable(String)') AS eventname,
       JSONExtract(r, 'awsRegion', 'Nullable(String)') AS awsregion,
       JSONExtract(r, 'sourceIPAddress', 'Nullable(String)') AS sourceipaddress,
       JSONExtract(r, 'errorCode', 'Nullable(String)') AS errorcode,
       JSONExtract(r, 'errorMessage', 'Nullable(String)') AS errormessage,
       JSONExtractRaw(r, 'requestParameters') AS requestparameters,
       JSONExtractRaw(r, 'additionalEventData') AS additionaleventdata,
       JSONExtract(r, 'requestID', 'Nullable(String)') AS requestid,
       JSONExtract(r, 'eventID', 'Nullable(String)') AS eventid
FROM (SELECT arrayJoin(JSONExtractArrayRaw(line, 'Records')) AS r
      FROM {source:cloudtrail/**/*.json.gz:LineAsString:line String})
