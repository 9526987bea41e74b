CREATE EXTERNAL TABLE vpcflow_parquet STORED AS PARQUET LOCATION '{root}/vpcflow-parquet/';
