-- asks: what is the one event with this request ID (a support ticket quotes it)?
-- table: cloudtrail
SELECT eventtime, eventsource, eventname, useridentity.arn AS who, sourceipaddress
FROM cloudtrail
WHERE requestid = '5f0e8c2a-3b7d-4e61-9a4f-2c8d1e7b6a90'
