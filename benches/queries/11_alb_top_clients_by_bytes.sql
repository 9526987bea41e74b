-- asks: which client addresses downloaded the most bytes (a full scan)?
-- table: alb
-- full_scan: alb
SELECT client_ip, sum(sent_bytes) AS bytes, count(*) AS requests
FROM alb
GROUP BY client_ip
ORDER BY bytes DESC, client_ip
LIMIT 10
