-- DataFusion spelling of ../09_alb_5xx_by_target_hour.sql (same question, DataFusion function names).
-- asks: which targets returned or caused 5xx responses, hour by hour?
-- table: alb
SELECT target_ip, date_trunc('hour', to_timestamp(time)) AS hour, count(*) AS errors
FROM alb
WHERE elb_status_code >= 500
GROUP BY 1, 2
ORDER BY errors DESC, hour, target_ip
