CREATE EXTERNAL TABLE vpcflow STORED AS vpcflow LOCATION '{root}/vpcflow/';
