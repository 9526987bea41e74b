-- DataFusion spelling of ../10_alb_p95_latency_by_path.sql (same question, DataFusion function names).
-- asks: what is the 95th-percentile target latency of each URL path?
-- table: alb
-- tolerance: 0.15 (approximate percentiles differ between engines' sketches)
SELECT regexp_replace(request_url, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*).*$', '\1') AS path,
       count(*) AS requests,
       approx_percentile_cont(target_processing_time, 0.95) AS p95
FROM alb
WHERE target_processing_time >= 0
GROUP BY 1
ORDER BY 1
