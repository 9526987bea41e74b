-- Over alb_raw, the runner's register_csv of the gzipped lines (space
-- separated, '"' quoting, every field text): split and type the fields as
-- Athena's RegexSerDe table does; '-' (no target) becomes NULL.
CREATE OR REPLACE VIEW alb AS
SELECT type, time, elb,
       split_part(client, ':', 1) AS client_ip,
       CAST(split_part(client, ':', 2) AS INT) AS client_port,
       CASE WHEN target = '-' THEN NULL ELSE split_part(target, ':', 1) END AS target_ip,
       CASE WHEN target = '-' THEN NULL ELSE CAST(split_part(target, ':', 2) AS INT) END AS target_port,
       CAST(request_processing_time AS DOUBLE) AS request_processing_time,
       CAST(target_processing_time AS DOUBLE) AS target_processing_time,
       CAST(response_processing_time AS DOUBLE) AS response_processing_time,
       CAST(elb_status_code AS INT) AS elb_status_code, target_status_code,
       CAST(received_bytes AS BIGINT) AS received_bytes, CAST(sent_bytes AS BIGINT) AS sent_bytes,
       split_part(request, ' ', 1) AS request_verb,
       split_part(request, ' ', 2) AS request_url,
       split_part(request, ' ', 3) AS request_proto,
       user_agent, ssl_cipher, ssl_protocol, target_group_arn, trace_id, domain_name,
       chosen_cert_arn, matched_rule_priority, request_creation_time, actions_executed,
       redirect_url, lambda_error_reason, target_port_list, target_status_code_list,
       classification, classification_reason, conn_trace_id
FROM alb_raw
