-- DataFusion spelling of ../03_calls_per_hour.sql (same question, DataFusion function names).
-- asks: how many AssumeRole calls were made in each hour?
-- table: cloudtrail
SELECT date_trunc('hour', to_timestamp(eventtime)) AS hour, count(*) AS calls
FROM cloudtrail
WHERE eventname = 'AssumeRole'
GROUP BY 1
ORDER BY 1
