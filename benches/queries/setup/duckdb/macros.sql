-- The Athena (Trino) functions the suite uses, as DuckDB macros, so DuckDB
-- runs the suite's text unchanged.
CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p);
CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMP);
CREATE OR REPLACE MACRO url_extract_path(u) AS regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)', 1);
CREATE OR REPLACE MACRO approx_percentile(x, p) AS approx_quantile(x, p);
