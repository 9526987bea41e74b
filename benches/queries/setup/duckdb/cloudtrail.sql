-- CloudTrail files are one JSON object each, {"Records":[...]}: read the
-- array with declared types (request and response bodies stay JSON text, as
-- in Athena's CloudTrail table), unnest it, and name columns as Athena does.
-- Objects up to 16 MB (a delivery file is one object; AWS keeps them smaller).
CREATE OR REPLACE VIEW cloudtrail AS
SELECT r.eventVersion AS eventversion,
       struct_pack(type := r.userIdentity.type, principalid := r.userIdentity.principalId,
                   arn := r.userIdentity.arn, accountid := r.userIdentity.accountId,
                   invokedby := r.userIdentity.invokedBy, accesskeyid := r.userIdentity.accessKeyId,
                   username := r.userIdentity.userName,
                   sessioncontext := r.userIdentity.sessionContext) AS useridentity,
       r.eventTime AS eventtime, r.eventSource AS eventsource, r.eventName AS eventname,
       r.awsRegion AS awsregion, r.sourceIPAddress AS sourceipaddress, r.userAgent AS useragent,
       r.errorCode AS errorcode, r.errorMessage AS errormessage,
       r.requestParameters AS requestparameters, r.responseElements AS responseelements,
       r.additionalEventData AS additionaleventdata, r.requestID AS requestid, r.eventID AS eventid,
       r.resources AS resources, r.eventType AS eventtype, r.readOnly AS readonly,
       r.recipientAccountId AS recipientaccountid, r.vpcEndpointId AS vpcendpointid,
       r.eventCategory AS eventcategory, r.tlsDetails AS tlsdetails
FROM (
  SELECT unnest(Records) AS r
  FROM read_json('{root}/cloudtrail/**/*.json.gz', format = 'auto', maximum_object_size = 16777216,
    columns = {Records: 'STRUCT(
      eventVersion VARCHAR,
      userIdentity STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR,
        invokedBy VARCHAR, accessKeyId VARCHAR, userName VARCHAR,
        sessionContext STRUCT(
          sessionIssuer STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR),
          attributes STRUCT(creationDate VARCHAR, mfaAuthenticated VARCHAR))),
      eventTime VARCHAR, eventSource VARCHAR, eventName VARCHAR, awsRegion VARCHAR,
      sourceIPAddress VARCHAR, userAgent VARCHAR, errorCode VARCHAR, errorMessage VARCHAR,
      requestParameters JSON, responseElements JSON, additionalEventData JSON,
      requestID VARCHAR, eventID VARCHAR, readOnly BOOLEAN,
      resources STRUCT(accountId VARCHAR, type VARCHAR, ARN VARCHAR)[],
      eventType VARCHAR, managementEvent BOOLEAN, recipientAccountId VARCHAR,
      vpcEndpointId VARCHAR, eventCategory VARCHAR,
      tlsDetails STRUCT(tlsVersion VARCHAR, cipherSuite VARCHAR, clientProvidedHostHeader VARCHAR))[]'})
);
