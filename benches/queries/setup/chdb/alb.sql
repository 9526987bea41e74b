-- ALB lines: space-separated fields with CSV quoting (CustomSeparated; the
-- CSV format refuses a space delimiter); '-' reads as NULL.
CREATE VIEW IF NOT EXISTS alb AS
SELECT type, time, elb,
       splitByChar(':', client)[1] AS client_ip,
       toInt32(splitByChar(':', client)[2]) AS client_port,
       if(target IS NULL, NULL, splitByChar(':', assumeNotNull(target))[1]) AS target_ip,
       request_processing_time, target_processing_time, response_processing_time,
       elb_status_code, target_status_code, received_bytes, sent_bytes,
       splitByChar(' ', request)[1] AS request_verb,
       splitByChar(' ', request)[2] AS request_url,
       splitByChar(' ', request)[3] AS request_proto,
       user_agent, trace_id, domain_name, conn_trace_id
FROM {source:alb/**/*.log.gz:CustomSeparated:type String, time String, elb String, client String, target Nullable(String), request_processing_time Float64, target_processing_time Float64, response_processing_time Float64, elb_status_code Int32, target_status_code Nullable(String), received_bytes Int64, sent_bytes Int64, request String, user_agent String, ssl_cipher Nullable(String), ssl_protocol Nullable(String), target_group_arn String, trace_id String, domain_name Nullable(String), chosen_cert_arn Nullable(String), matched_rule_priority String, request_creation_time String, actions_executed String, redirect_url Nullable(String), lambda_error_reason Nullable(String), target_port_list Nullable(String), target_status_code_list Nullable(String), classification Nullable(String), classification_reason Nullable(String), conn_trace_id String, transformed_host Nullable(String), transformed_uri Nullable(String), request_transform_status Nullable(String)}
SETTINGS format_custom_escaping_rule = 'CSV', format_custom_field_delimiter = ' ', format_csv_null_representation = '-'
