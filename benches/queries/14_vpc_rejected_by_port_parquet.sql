-- asks: query 12 again, over the Parquet copy of the same flows
-- table: vpcflow_parquet
SELECT dstport, count(*) AS flows, count(DISTINCT srcaddr) AS sources
FROM vpcflow_parquet
WHERE action = 'REJECT'
GROUP BY dstport
ORDER BY flows DESC, dstport
LIMIT 20
