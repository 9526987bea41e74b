-- VPC flow text (version 2): space-separated with a header line, '-' for
-- absent values (NODATA/SKIPDATA records).
CREATE OR REPLACE VIEW vpcflow AS
SELECT * FROM read_csv('{root}/vpcflow/**/*.log.gz', delim = ' ', header = true, nullstr = '-',
  auto_detect = false, columns = {
    version: 'INTEGER', account_id: 'VARCHAR', interface_id: 'VARCHAR', srcaddr: 'VARCHAR',
    dstaddr: 'VARCHAR', srcport: 'INTEGER', dstport: 'INTEGER', protocol: 'INTEGER',
    packets: 'BIGINT', bytes: 'BIGINT', start: 'BIGINT', "end": 'BIGINT', action: 'VARCHAR',
    log_status: 'VARCHAR'});
