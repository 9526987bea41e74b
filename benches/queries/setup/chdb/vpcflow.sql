-- VPC flow text: space-separated (CustomSeparated with CSV rules; the CSV
-- format refuses a space delimiter), read as text so the header line can be
-- dropped, then typed; '-' reads as NULL.
CREATE VIEW IF NOT EXISTS vpcflow AS
SELECT toInt32(version) AS version, account_id, interface_id, srcaddr, dstaddr,
       toInt32OrNull(srcport) AS srcport, toInt32OrNull(dstport) AS dstport,
       toInt32OrNull(protocol) AS protocol, toInt64OrNull(packets) AS packets,
       toInt64OrNull(bytes) AS bytes, toInt64(start) AS start, toInt64(`end`) AS `end`,
       action, log_status
FROM (SELECT * FROM {source:vpcflow/**/*.log.gz:CustomSeparated:version String, account_id String, interface_id String, srcaddr Nullable(String), dstaddr Nullable(String), srcport Nullable(String), dstport Nullable(String), protocol Nullable(String), packets Nullable(String), bytes Nullable(String), start String, `end` String, action Nullable(String), log_status String}
WHERE version != 'version')
SETTINGS format_custom_escaping_rule = 'CSV', format_custom_field_delimiter = ' ', format_csv_null_representation = '-'
