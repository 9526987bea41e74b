//! End-to-end tests: the real `quarry` binary and the engine as a library,
//! against local files and a real S3 server (moto) on 127.0.0.1.
//!
//! One test binary rather than one per file: each links all of DataFusion,
//! and a binary per file cost CI minutes of linking and gigabytes of disk.

mod common;

mod cli;
mod formats;
mod pty;
mod s3_aws_ddl;
mod s3_cloudtrail_ddl;
mod s3_partitions;
mod s3_reads;
