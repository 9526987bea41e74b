-- DataFusion spelling of ../01_deleted_buckets.sql (same question, DataFusion function names).
-- asks: who deleted a bucket, when, from where, and did it work?
-- table: cloudtrail
SELECT eventtime,
       useridentity.arn AS who,
       sourceipaddress,
       requestparameters['bucketName'] AS bucket,
       errorcode
FROM cloudtrail
WHERE eventname = 'DeleteBucket'
ORDER BY eventtime, who, bucket
