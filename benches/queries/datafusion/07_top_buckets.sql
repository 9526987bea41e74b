-- DataFusion spelling of ../07_top_buckets.sql (same question, DataFusion function names).
-- asks: which buckets are touched most, by how many different S3 APIs (a nested requestparameters field)?
-- table: cloudtrail
SELECT requestparameters['bucketName'] AS bucket,
       count(*) AS calls,
       count(DISTINCT eventname) AS apis
FROM cloudtrail
WHERE eventsource = 's3.amazonaws.com'
  AND requestparameters['bucketName'] IS NOT NULL
GROUP BY 1
ORDER BY calls DESC, bucket
