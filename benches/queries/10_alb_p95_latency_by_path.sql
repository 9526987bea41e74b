-- asks: what is the 95th-percentile target latency of each URL path?
-- table: alb
-- tolerance: 0.15 (approximate percentiles differ between engines' sketches)
SELECT url_extract_path(request_url) AS path,
       count(*) AS requests,
       approx_percentile(target_processing_time, 0.95) AS p95
FROM alb
WHERE target_processing_time >= 0
GROUP BY 1
ORDER BY 1
