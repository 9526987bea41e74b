-- asks: how many events and errors does each service produce (a full scan)?
-- table: cloudtrail
-- full_scan: cloudtrail
SELECT eventsource, count(*) AS events, count(errorcode) AS errors
FROM cloudtrail
GROUP BY eventsource
ORDER BY eventsource
