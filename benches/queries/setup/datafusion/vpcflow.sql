-- Over vpcflow_raw, the runner's register_csv of the gzipped text (header
-- line, space separated, every field text): '-' becomes NULL, then typed.
CREATE OR REPLACE VIEW vpcflow AS
SELECT CAST(version AS INT) AS version, account_id, interface_id,
       nullif(srcaddr, '-') AS srcaddr, nullif(dstaddr, '-') AS dstaddr,
       CAST(nullif(srcport, '-') AS INT) AS srcport, CAST(nullif(dstport, '-') AS INT) AS dstport,
       CAST(nullif(protocol, '-') AS INT) AS protocol,
       CAST(nullif(packets, '-') AS BIGINT) AS packets, CAST(nullif(bytes, '-') AS BIGINT) AS bytes,
       CAST(start AS BIGINT) AS start, CAST("end" AS BIGINT) AS "end",
       nullif(action, '-') AS action, log_status
FROM vpcflow_raw
