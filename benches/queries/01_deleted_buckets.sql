-- asks: who deleted a bucket, when, from where, and did it work?
-- table: cloudtrail
SELECT eventtime,
       useridentity.arn AS who,
       sourceipaddress,
       json_extract_scalar(requestparameters, '$.bucketName') AS bucket,
       errorcode
FROM cloudtrail
WHERE eventname = 'DeleteBucket'
ORDER BY eventtime, who, bucket
