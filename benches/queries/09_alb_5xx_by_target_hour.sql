-- asks: which targets returned or caused 5xx responses, hour by hour?
-- table: alb
SELECT target_ip, date_trunc('hour', from_iso8601_timestamp(time)) AS hour, count(*) AS errors
FROM alb
WHERE elb_status_code >= 500
GROUP BY 1, 2
ORDER BY errors DESC, hour, target_ip
