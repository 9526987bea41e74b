-- The Athena (Trino) functions the suite uses, as ClickHouse SQL functions,
-- so chDB runs the suite's text unchanged (approx_percentile excepted: a
-- parametric aggregate cannot be wrapped; see queries/chdb/).
CREATE FUNCTION IF NOT EXISTS json_extract_scalar AS (j, p) -> JSONExtract(ifNull(j, ''), replaceRegexpOne(p, '^\\$\\.', ''), 'Nullable(String)');
CREATE FUNCTION IF NOT EXISTS from_iso8601_timestamp AS (s) -> parseDateTime64BestEffort(s, 6, 'UTC');
CREATE FUNCTION IF NOT EXISTS url_extract_path AS (u) -> path(u);
