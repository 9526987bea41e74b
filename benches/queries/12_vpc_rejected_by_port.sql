-- asks: which destination ports are rejected most, from how many sources (text logs, a full scan)?
-- table: vpcflow
-- full_scan: vpcflow
SELECT dstport, count(*) AS flows, count(DISTINCT srcaddr) AS sources
FROM vpcflow
WHERE action = 'REJECT'
GROUP BY dstport
ORDER BY flows DESC, dstport
LIMIT 20
