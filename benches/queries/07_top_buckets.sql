-- asks: which buckets are touched most, by how many different S3 APIs (a nested requestparameters field)?
-- table: cloudtrail
SELECT json_extract_scalar(requestparameters, '$.bucketName') AS bucket,
       count(*) AS calls,
       count(DISTINCT eventname) AS apis
FROM cloudtrail
WHERE eventsource = 's3.amazonaws.com'
  AND json_extract_scalar(requestparameters, '$.bucketName') IS NOT NULL
GROUP BY 1
ORDER BY calls DESC, bucket
