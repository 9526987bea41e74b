//! The built-in demo data (testdata/demo/, embedded at build time), served as
//! an in-memory object store so it reads through the same path as S3.

use std::sync::Arc;

use bytes::Bytes;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// Where the demo tables live.
pub(crate) const DEMO_URL: &str = "demo://testdata/";

/// A store holding every demo file under its path in testdata/demo/.
pub(crate) async fn demo_store() -> object_store::Result<Arc<dyn ObjectStore>> {
    let store = InMemory::new();
    for (path, contents) in DEMO_FILES {
        let payload = PutPayload::from(Bytes::from_static(contents));
        store.put(&Path::from(*path), payload).await?;
    }
    Ok(Arc::new(store))
}
