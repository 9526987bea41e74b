-- ALB lines are space-separated with "quoted" fields: read them as CSV and
-- split client:port, target:port and the request line as Athena's
-- RegexSerDe table does; '-' (no target) becomes NULL.
CREATE OR REPLACE VIEW alb AS
SELECT type, time, elb,
       split_part(client, ':', 1) AS client_ip,
       CAST(split_part(client, ':', 2) AS INTEGER) AS client_port,
       CASE WHEN target = '-' THEN NULL ELSE split_part(target, ':', 1) END AS target_ip,
       TRY_CAST(split_part(target, ':', 2) AS INTEGER) AS target_port,
       request_processing_time, target_processing_time, response_processing_time,
       elb_status_code, target_status_code, received_bytes, sent_bytes,
       split_part(request, ' ', 1) AS request_verb,
       split_part(request, ' ', 2) AS request_url,
       split_part(request, ' ', 3) AS request_proto,
       user_agent, ssl_cipher, ssl_protocol, target_group_arn, trace_id, domain_name,
       chosen_cert_arn, matched_rule_priority, request_creation_time, actions_executed,
       redirect_url, lambda_error_reason, target_port_list, target_status_code_list,
       classification, classification_reason, conn_trace_id
FROM read_csv('{root}/alb/**/*.log.gz', delim = ' ', quote = '"', escape = '"', header = false,
  auto_detect = false, columns = {
    type: 'VARCHAR', time: 'VARCHAR', elb: 'VARCHAR', client: 'VARCHAR', target: 'VARCHAR',
    request_processing_time: 'DOUBLE', target_processing_time: 'DOUBLE',
    response_processing_time: 'DOUBLE', elb_status_code: 'INTEGER', target_status_code: 'VARCHAR',
    received_bytes: 'BIGINT', sent_bytes: 'BIGINT', request: 'VARCHAR', user_agent: 'VARCHAR',
    ssl_cipher: 'VARCHAR', ssl_protocol: 'VARCHAR', target_group_arn: 'VARCHAR',
    trace_id: 'VARCHAR', domain_name: 'VARCHAR', chosen_cert_arn: 'VARCHAR',
    matched_rule_priority: 'VARCHAR', request_creation_time: 'VARCHAR',
    actions_executed: 'VARCHAR', redirect_url: 'VARCHAR', lambda_error_reason: 'VARCHAR',
    target_port_list: 'VARCHAR', target_status_code_list: 'VARCHAR', classification: 'VARCHAR',
    classification_reason: 'VARCHAR', conn_trace_id: 'VARCHAR', transformed_host: 'VARCHAR',
    transformed_uri: 'VARCHAR', request_transform_status: 'VARCHAR'});
