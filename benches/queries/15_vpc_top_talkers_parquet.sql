-- asks: which addresses sent the most accepted bytes (a full Parquet scan)?
-- table: vpcflow_parquet
-- full_scan: vpcflow_parquet
SELECT srcaddr, sum(bytes) AS bytes, sum(packets) AS packets
FROM vpcflow_parquet
WHERE action = 'ACCEPT'
GROUP BY srcaddr
ORDER BY bytes DESC, srcaddr
LIMIT 10
