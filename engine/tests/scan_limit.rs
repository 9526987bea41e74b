//! The data-usage limit: a statement reading past it is cancelled, and the
//! error says how far it got; under it, nothing changes.

use futures::TryStreamExt;
use quarry_engine::{Engine, Error};

const SCAN: &str = "SELECT count(*), sum(bytes) FROM vpcflow";

async fn bytes_of_full_scan(engine: &Engine) -> u64 {
    let mut query = engine.sql(SCAN).await.expect("plan");
    while query.try_next().await.expect("scan").is_some() {}
    query.io().bytes_read
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_past_the_limit_is_cancelled_with_how_far_it_got() {
    let engine = Engine::builder()
        .demo(true)
        .target_partitions(1)
        .build()
        .await
        .expect("engine");
    // The first scan also fills the metadata caches; measure a later one.
    bytes_of_full_scan(&engine).await;
    let full = bytes_of_full_scan(&engine).await;
    assert!(full > 1000, "the demo scan reads something: {full}");

    let limit = full / 3;
    let limited = engine.with_max_bytes_scanned(Some(limit));
    assert_eq!(limited.max_bytes_scanned_limit(), Some(limit));
    let outcome = match limited.sql(SCAN).await {
        Ok(query) => query.try_collect::<Vec<_>>().await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome {
        Err(Error::ScanLimit {
            limit: l,
            bytes_read,
            objects_read,
        }) => {
            assert_eq!(l, limit);
            assert!(bytes_read > limit, "{bytes_read} <= {limit}");
            assert!(bytes_read <= full, "{bytes_read} > {full}");
            assert!(objects_read >= 1);
        }
        other => panic!("expected the limit error, got {other:?}"),
    }
    let message = Error::ScanLimit {
        limit: 10 * 1024 * 1024,
        bytes_read: 15 * 1024 * 1024,
        objects_read: 3,
    }
    .to_string();
    assert!(
        message.contains("limit of 10.0 MB") && message.contains("read 15.0 MB from 3 object"),
        "{message}"
    );

    // The original session keeps no limit, and a generous limit changes nothing.
    assert_eq!(bytes_of_full_scan(&engine).await, full);
    let roomy = engine.with_max_bytes_scanned(Some(full * 2));
    assert_eq!(bytes_of_full_scan(&roomy).await, full);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_builder_sets_the_limit_for_every_statement() {
    let engine = Engine::builder()
        .demo(true)
        .max_bytes_scanned(1)
        .build()
        .await
        .expect("engine");
    let result = match engine.sql(SCAN).await {
        Ok(query) => query.try_collect::<Vec<_>>().await.map(|_| ()),
        Err(e) => Err(e),
    };
    assert!(matches!(result, Err(Error::ScanLimit { .. })), "{result:?}");
    // Statements that read nothing are not affected.
    let rows = engine
        .sql("SELECT 1")
        .await
        .expect("plan")
        .collect()
        .await
        .expect("run");
    assert_eq!(rows[0].num_rows(), 1);
}
