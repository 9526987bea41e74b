-- Partition values from the object's path, as strings.
CREATE VIEW IF NOT EXISTS vpcflow_parquet AS
SELECT *, extract(_path, 'year=([0-9]+)') AS year, extract(_path, 'month=([0-9]+)') AS month,
       extract(_path, 'day=([0-9]+)') AS day
FROM {source:vpcflow-parquet/**/*.parquet:Parquet:}
SETTINGS use_hive_partitioning = 0
