-- asks: who signed in to the console without MFA, how often, from how many addresses?
-- table: cloudtrail
SELECT useridentity.type AS identity_type,
       coalesce(useridentity.username, useridentity.arn) AS who,
       count(*) AS logins,
       count(DISTINCT sourceipaddress) AS ips
FROM cloudtrail
WHERE eventname = 'ConsoleLogin'
  AND json_extract_scalar(additionaleventdata, '$.MFAUsed') = 'No'
GROUP BY 1, 2
ORDER BY logins DESC, who
