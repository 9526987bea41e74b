CREATE EXTERNAL TABLE cloudtrail STORED AS cloudtrail LOCATION '{root}/cloudtrail/';
