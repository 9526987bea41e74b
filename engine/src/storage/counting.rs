//! Counting what a query asks of storage.
//!
//! Only DataFusion's Parquet source reports bytes scanned, so the count is
//! taken one level down, at the object store, where every format's reads
//! pass. Each query gets its own [`IoStats`]; the engine wraps the session's
//! store registry in a [`CountingRegistry`] for that query alone, so
//! concurrent queries do not mix their figures.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use bytes::Bytes;
use datafusion::error::Result;
use datafusion::execution::object_store::ObjectStoreRegistry;
use futures::stream::{BoxStream, StreamExt};
use object_store::path::Path;
use object_store::{
    CopyOptions, GetOptions, GetResult, GetResultPayload, ListResult, MultipartUpload, ObjectMeta,
    ObjectStore, PutMultipartOptions, PutOptions, PutPayload, PutResult, RenameOptions,
};
use url::Url;

/// What one query asked of storage, counted as the requests happen.
///
/// It also holds the query's data-usage limit: counting is the one place
/// every read passes, so it is where a read past the limit is refused.
#[derive(Debug)]
pub struct IoStats {
    /// Bytes the query may read; `u64::MAX` means no limit.
    limit: AtomicU64,
    limit_reached: AtomicBool,
    bytes_read: AtomicU64,
    get_requests: AtomicU64,
    list_requests: AtomicU64,
    objects_listed: AtomicU64,
    objects_read: Mutex<BTreeSet<String>>,
}

impl Default for IoStats {
    fn default() -> Self {
        Self {
            limit: AtomicU64::new(u64::MAX),
            limit_reached: AtomicBool::new(false),
            bytes_read: AtomicU64::new(0),
            get_requests: AtomicU64::new(0),
            list_requests: AtomicU64::new(0),
            objects_listed: AtomicU64::new(0),
            objects_read: Mutex::new(BTreeSet::new()),
        }
    }
}

/// A copy of [`IoStats`] at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IoSnapshot {
    /// Bytes of object content received from storage (after any range).
    pub bytes_read: u64,
    /// GET requests (whole objects, ranges, and HEADs).
    pub get_requests: u64,
    /// LIST requests.
    pub list_requests: u64,
    /// Objects returned by LIST requests.
    pub objects_listed: u64,
    /// Every object whose content or metadata was fetched, as `store/key`.
    pub objects_read: BTreeSet<String>,
}

impl IoStats {
    /// Counters for a query that may read at most `max_bytes` (None: no limit).
    pub fn with_limit(max_bytes: Option<u64>) -> Self {
        let stats = Self::default();
        stats
            .limit
            .store(max_bytes.unwrap_or(u64::MAX), Ordering::Relaxed);
        stats
    }

    /// The data-usage limit, if any.
    pub fn limit(&self) -> Option<u64> {
        match self.limit.load(Ordering::Relaxed) {
            u64::MAX => None,
            n => Some(n),
        }
    }

    /// Whether a read was refused because the limit was passed.
    pub fn limit_reached(&self) -> bool {
        self.limit_reached.load(Ordering::Relaxed)
    }

    /// Refuses more reading once the bytes read pass the limit.
    fn check_limit(&self) -> object_store::Result<()> {
        match self.limit() {
            Some(limit) if self.bytes_read.load(Ordering::Relaxed) > limit => {
                self.limit_reached.store(true, Ordering::Relaxed);
                Err(object_store::Error::Generic {
                    store: "quarry",
                    source: Box::new(LimitReached { limit }),
                })
            }
            _ => Ok(()),
        }
    }

    /// A copy of the counters now.
    pub fn snapshot(&self) -> IoSnapshot {
        IoSnapshot {
            bytes_read: self.bytes_read.load(Ordering::Relaxed),
            get_requests: self.get_requests.load(Ordering::Relaxed),
            list_requests: self.list_requests.load(Ordering::Relaxed),
            objects_listed: self.objects_listed.load(Ordering::Relaxed),
            objects_read: self
                .objects_read
                .lock()
                .map(|s| s.clone())
                .unwrap_or_default(),
        }
    }

    fn read_object(&self, store: &str, location: &Path) {
        self.get_requests.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut set) = self.objects_read.lock() {
            set.insert(format!("{store}/{location}"));
        }
    }

    fn add_bytes(&self, n: u64) {
        self.bytes_read.fetch_add(n, Ordering::Relaxed);
    }
}

/// The error a read past the data-usage limit fails with, deep inside
/// whatever reader made it; the engine reports it from [`IoStats`] instead.
#[derive(Debug)]
struct LimitReached {
    limit: u64,
}

impl fmt::Display for LimitReached {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "data-usage limit of {} bytes reached", self.limit)
    }
}

impl std::error::Error for LimitReached {}

/// A store that counts the requests made through it into one [`IoStats`].
#[derive(Debug)]
pub struct CountingStore {
    inner: Arc<dyn ObjectStore>,
    /// How objects of this store are named in [`IoSnapshot::objects_read`].
    name: String,
    stats: Arc<IoStats>,
}

impl CountingStore {
    /// Wraps `inner`, naming its objects with the prefix `name`
    /// (for example `s3://bucket`).
    pub fn new(inner: Arc<dyn ObjectStore>, name: String, stats: Arc<IoStats>) -> Self {
        Self { inner, name, stats }
    }
}

impl fmt::Display for CountingStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

#[async_trait]
impl ObjectStore for CountingStore {
    async fn put_opts(
        &self,
        location: &Path,
        payload: PutPayload,
        opts: PutOptions,
    ) -> object_store::Result<PutResult> {
        self.inner.put_opts(location, payload, opts).await
    }

    async fn put_multipart_opts(
        &self,
        location: &Path,
        opts: PutMultipartOptions,
    ) -> object_store::Result<Box<dyn MultipartUpload>> {
        self.inner.put_multipart_opts(location, opts).await
    }

    async fn get_opts(
        &self,
        location: &Path,
        options: GetOptions,
    ) -> object_store::Result<GetResult> {
        self.stats.check_limit()?;
        self.stats.read_object(&self.name, location);
        let head = options.head;
        let mut result = self.inner.get_opts(location, options).await?;
        if head {
            return Ok(result);
        }
        result.payload = match result.payload {
            GetResultPayload::Stream(s) => {
                let stats = Arc::clone(&self.stats);
                GetResultPayload::Stream(
                    s.map(move |chunk| -> object_store::Result<Bytes> {
                        let bytes = chunk?;
                        stats.add_bytes(bytes.len() as u64);
                        stats.check_limit()?;
                        Ok(bytes)
                    })
                    .boxed(),
                )
            }
            // A local file is read by the caller; its range is what it asked for.
            #[allow(unreachable_patterns)]
            other => {
                self.stats.add_bytes(result.range.end - result.range.start);
                self.stats.check_limit()?;
                other
            }
        };
        Ok(result)
    }

    async fn get_ranges(
        &self,
        location: &Path,
        ranges: &[Range<u64>],
    ) -> object_store::Result<Vec<Bytes>> {
        self.stats.check_limit()?;
        self.stats.read_object(&self.name, location);
        let parts = self.inner.get_ranges(location, ranges).await?;
        self.stats
            .add_bytes(parts.iter().map(|b| b.len() as u64).sum());
        self.stats.check_limit()?;
        Ok(parts)
    }

    fn delete_stream(
        &self,
        locations: BoxStream<'static, object_store::Result<Path>>,
    ) -> BoxStream<'static, object_store::Result<Path>> {
        self.inner.delete_stream(locations)
    }

    fn list(&self, prefix: Option<&Path>) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        self.stats.list_requests.fetch_add(1, Ordering::Relaxed);
        let stats = Arc::clone(&self.stats);
        self.inner
            .list(prefix)
            .inspect(move |meta| {
                if meta.is_ok() {
                    stats.objects_listed.fetch_add(1, Ordering::Relaxed);
                }
            })
            .boxed()
    }

    fn list_with_offset(
        &self,
        prefix: Option<&Path>,
        offset: &Path,
    ) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        self.stats.list_requests.fetch_add(1, Ordering::Relaxed);
        let stats = Arc::clone(&self.stats);
        self.inner
            .list_with_offset(prefix, offset)
            .inspect(move |meta| {
                if meta.is_ok() {
                    stats.objects_listed.fetch_add(1, Ordering::Relaxed);
                }
            })
            .boxed()
    }

    async fn list_with_delimiter(&self, prefix: Option<&Path>) -> object_store::Result<ListResult> {
        self.stats.list_requests.fetch_add(1, Ordering::Relaxed);
        let result = self.inner.list_with_delimiter(prefix).await?;
        self.stats
            .objects_listed
            .fetch_add(result.objects.len() as u64, Ordering::Relaxed);
        Ok(result)
    }

    async fn copy_opts(
        &self,
        from: &Path,
        to: &Path,
        options: CopyOptions,
    ) -> object_store::Result<()> {
        self.inner.copy_opts(from, to, options).await
    }

    async fn rename_opts(
        &self,
        from: &Path,
        to: &Path,
        options: RenameOptions,
    ) -> object_store::Result<()> {
        self.inner.rename_opts(from, to, options).await
    }
}

/// A registry that hands out the stores of another, each wrapped to count
/// into one query's [`IoStats`].
#[derive(Debug)]
pub struct CountingRegistry {
    inner: Arc<dyn ObjectStoreRegistry>,
    stats: Arc<IoStats>,
}

impl CountingRegistry {
    /// Counts every store of `inner` into `stats`.
    pub fn new(inner: Arc<dyn ObjectStoreRegistry>, stats: Arc<IoStats>) -> Self {
        Self { inner, stats }
    }
}

impl ObjectStoreRegistry for CountingRegistry {
    fn register_store(
        &self,
        url: &Url,
        store: Arc<dyn ObjectStore>,
    ) -> Option<Arc<dyn ObjectStore>> {
        self.inner.register_store(url, store)
    }

    fn get_store(&self, url: &Url) -> Result<Arc<dyn ObjectStore>> {
        let store = self.inner.get_store(url)?;
        let name = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
        Ok(Arc::new(CountingStore::new(
            store,
            name,
            Arc::clone(&self.stats),
        )))
    }
}
