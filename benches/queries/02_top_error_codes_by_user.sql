-- asks: which identities hit which errors most (denied, throttled, missing)?
-- table: cloudtrail
SELECT useridentity.arn AS who, errorcode, count(*) AS errors
FROM cloudtrail
WHERE errorcode IS NOT NULL AND useridentity.arn IS NOT NULL
GROUP BY useridentity.arn, errorcode
ORDER BY errors DESC, who, errorcode
LIMIT 20
