-- asks: how many AssumeRole calls were made in each hour?
-- table: cloudtrail
SELECT date_trunc('hour', from_iso8601_timestamp(eventtime)) AS hour, count(*) AS calls
FROM cloudtrail
WHERE eventname = 'AssumeRole'
GROUP BY 1
ORDER BY 1
