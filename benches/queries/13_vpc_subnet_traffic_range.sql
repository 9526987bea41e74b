-- asks: how much did the web subnet send to the app subnet on 3-5 November (prunes day partitions)?
-- table: vpcflow_parquet
SELECT day, count(*) AS flows, sum(bytes) AS bytes
FROM vpcflow_parquet
WHERE year = '2026' AND month = '11' AND day BETWEEN '03' AND '05'
  AND srcaddr LIKE '10.0.1.%' AND dstaddr LIKE '10.0.2.%'
GROUP BY day
ORDER BY day
