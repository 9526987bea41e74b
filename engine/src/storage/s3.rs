//! `s3://` object stores, built on first use.
//!
//! DataFusion asks its registry for a store synchronously, but building an S3
//! store means loading the AWS configuration and perhaps asking S3 which region
//! a bucket lives in. So the registry hands out a [`LazyS3Store`] at once and
//! the real store is built, once, by its first request.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use aws_types::SdkConfig;
use bytes::Bytes;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3Builder, resolve_bucket_region};
use object_store::path::Path;
use object_store::{
    ClientOptions, CopyOptions, GetOptions, GetResult, ListResult, MultipartUpload, ObjectMeta,
    ObjectStore, PutMultipartOptions, PutOptions, PutPayload, PutResult, RenameOptions,
};
use tokio::sync::OnceCell;

use super::StorageOptions;
use super::aws::{SdkCredentials, load_sdk_config};

/// Where S3 requests go when no endpoint is configured and the bucket's
/// region cannot be discovered: AWS's own default.
const DEFAULT_REGION: &str = "us-east-1";

/// Builds S3 stores from one set of options, sharing one loaded AWS config.
#[derive(Debug)]
pub(crate) struct S3Connector {
    options: StorageOptions,
    sdk: OnceCell<SdkConfig>,
}

impl S3Connector {
    pub(crate) fn new(options: StorageOptions) -> Self {
        Self {
            options,
            sdk: OnceCell::new(),
        }
    }

    /// The endpoint in force: the explicit option first, then what the AWS
    /// configuration says (`AWS_ENDPOINT_URL`, a profile's `endpoint_url`).
    fn endpoint(&self, sdk: &SdkConfig) -> Option<String> {
        self.options
            .endpoint
            .clone()
            .or_else(|| sdk.endpoint_url().map(str::to_string))
    }

    async fn connect(&self, bucket: &str) -> object_store::Result<Arc<dyn ObjectStore>> {
        let sdk = self
            .sdk
            .get_or_init(|| load_sdk_config(&self.options))
            .await;
        let configured_region = sdk.region().map(|r| r.to_string());
        let mut builder = AmazonS3Builder::new().with_bucket_name(bucket);
        let region = match self.endpoint(sdk) {
            Some(endpoint) => {
                // S3-compatible servers (MinIO, moto, Ceph, s3s) are addressed
                // by path; a plain-http endpoint was asked for explicitly.
                let plain_http = endpoint.starts_with("http://");
                builder = builder
                    .with_endpoint(endpoint)
                    .with_allow_http(plain_http || self.options.allow_http)
                    .with_virtual_hosted_style_request(false);
                configured_region.unwrap_or_else(|| DEFAULT_REGION.to_string())
            }
            None => {
                builder = builder
                    .with_virtual_hosted_style_request(!self.options.path_style)
                    .with_allow_http(self.options.allow_http);
                discover_region(bucket, configured_region).await
            }
        };
        builder = builder.with_region(region);
        if self.options.anonymous {
            builder = builder.with_skip_signature(true);
        } else if let Some(creds) = &self.options.credentials {
            builder = builder
                .with_access_key_id(&creds.access_key_id)
                .with_secret_access_key(&creds.secret_access_key);
            if let Some(token) = &creds.session_token {
                builder = builder.with_token(token);
            }
        } else if let Some(provider) = sdk.credentials_provider() {
            builder = builder.with_credentials(Arc::new(SdkCredentials::new(
                provider,
                self.options.profile.clone(),
            )));
        } else {
            builder = builder.with_skip_signature(true);
        }
        Ok(Arc::new(builder.build()?))
    }
}

/// Asks S3 where `bucket` lives (one unauthenticated HEAD, as the AWS CLI and
/// datafusion-cli do); if S3 cannot be reached, falls back to the configured
/// region so that requests can still go out and fail with S3's own message.
async fn discover_region(bucket: &str, configured: Option<String>) -> String {
    let client = ClientOptions::new()
        .with_connect_timeout(Duration::from_secs(3))
        .with_timeout(Duration::from_secs(5));
    match resolve_bucket_region(bucket, &client).await {
        Ok(region) => region,
        Err(e) => {
            let fallback = configured.unwrap_or_else(|| DEFAULT_REGION.to_string());
            log::debug!("region of bucket {bucket} not discovered ({e}); using {fallback}");
            fallback
        }
    }
}

/// An S3 store for one bucket that builds itself on its first request.
#[derive(Clone)]
pub(crate) struct LazyS3Store {
    inner: Arc<LazyInner>,
}

struct LazyInner {
    bucket: String,
    connector: Arc<S3Connector>,
    store: OnceCell<Arc<dyn ObjectStore>>,
}

impl LazyS3Store {
    pub(crate) fn new(bucket: &str, connector: Arc<S3Connector>) -> Self {
        Self {
            inner: Arc::new(LazyInner {
                bucket: bucket.to_string(),
                connector,
                store: OnceCell::new(),
            }),
        }
    }

    /// S3 reports the key alone; people need the bucket too.
    fn qualify(&self, e: object_store::Error) -> object_store::Error {
        use object_store::Error as E;
        let full = |path: String| format!("s3://{}/{path}", self.inner.bucket);
        match e {
            E::NotFound { path, source } => E::NotFound {
                path: full(path),
                source,
            },
            E::PermissionDenied { path, source } => E::PermissionDenied {
                path: full(path),
                source,
            },
            E::Unauthenticated { path, source } => E::Unauthenticated {
                path: full(path),
                source,
            },
            other => other,
        }
    }

    async fn store(&self) -> object_store::Result<&Arc<dyn ObjectStore>> {
        self.inner
            .store
            .get_or_try_init(|| self.inner.connector.connect(&self.inner.bucket))
            .await
    }
}

impl fmt::Debug for LazyS3Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LazyS3Store({})", self.inner.bucket)
    }
}

impl fmt::Display for LazyS3Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3://{}", self.inner.bucket)
    }
}

#[async_trait]
impl ObjectStore for LazyS3Store {
    async fn put_opts(
        &self,
        location: &Path,
        payload: PutPayload,
        opts: PutOptions,
    ) -> object_store::Result<PutResult> {
        self.store().await?.put_opts(location, payload, opts).await
    }

    async fn put_multipart_opts(
        &self,
        location: &Path,
        opts: PutMultipartOptions,
    ) -> object_store::Result<Box<dyn MultipartUpload>> {
        self.store().await?.put_multipart_opts(location, opts).await
    }

    async fn get_opts(
        &self,
        location: &Path,
        options: GetOptions,
    ) -> object_store::Result<GetResult> {
        self.store().await?.get_opts(location, options).await
    }

    async fn get_ranges(
        &self,
        location: &Path,
        ranges: &[Range<u64>],
    ) -> object_store::Result<Vec<Bytes>> {
        self.store()
            .await?
            .get_ranges(location, ranges)
            .await
            .map_err(|e| self.qualify(e))
    }

    fn delete_stream(
        &self,
        locations: BoxStream<'static, object_store::Result<Path>>,
    ) -> BoxStream<'static, object_store::Result<Path>> {
        let this = self.clone();
        stream::once(async move { this.store().await.map(|s| s.delete_stream(locations)) })
            .try_flatten()
            .boxed()
    }

    fn list(&self, prefix: Option<&Path>) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        let this = self.clone();
        let prefix = prefix.cloned();
        let qualifier = self.clone();
        stream::once(async move { this.store().await.map(|s| s.list(prefix.as_ref())) })
            .try_flatten()
            .map_err(move |e| qualifier.qualify(e))
            .boxed()
    }

    fn list_with_offset(
        &self,
        prefix: Option<&Path>,
        offset: &Path,
    ) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        let this = self.clone();
        let prefix = prefix.cloned();
        let offset = offset.clone();
        stream::once(async move {
            this.store()
                .await
                .map(|s| s.list_with_offset(prefix.as_ref(), &offset))
        })
        .try_flatten()
        .boxed()
    }

    async fn list_with_delimiter(&self, prefix: Option<&Path>) -> object_store::Result<ListResult> {
        self.store()
            .await?
            .list_with_delimiter(prefix)
            .await
            .map_err(|e| self.qualify(e))
    }

    async fn copy_opts(
        &self,
        from: &Path,
        to: &Path,
        options: CopyOptions,
    ) -> object_store::Result<()> {
        self.store().await?.copy_opts(from, to, options).await
    }

    async fn rename_opts(
        &self,
        from: &Path,
        to: &Path,
        options: RenameOptions,
    ) -> object_store::Result<()> {
        self.store().await?.rename_opts(from, to, options).await
    }
}
