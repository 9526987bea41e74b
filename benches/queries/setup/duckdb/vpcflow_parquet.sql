-- Partition values stay strings, as Athena's PARTITIONED BY (year string, ...).
CREATE OR REPLACE VIEW vpcflow_parquet AS
SELECT * FROM read_parquet('{root}/vpcflow-parquet/**/*.parquet', hive_partitioning = true,
  hive_types = {'year': VARCHAR, 'month': VARCHAR, 'day': VARCHAR});
