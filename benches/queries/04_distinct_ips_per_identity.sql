-- asks: which identities call from the most distinct source addresses?
-- table: cloudtrail
SELECT useridentity.arn AS who, count(DISTINCT sourceipaddress) AS ips, count(*) AS calls
FROM cloudtrail
WHERE useridentity.arn IS NOT NULL
GROUP BY useridentity.arn
ORDER BY ips DESC, calls DESC, who
LIMIT 25
