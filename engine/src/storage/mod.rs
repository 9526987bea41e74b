//! Where table data lives: object stores for `s3://` buckets, local paths and
//! the built-in demo data, and the counting of what queries read.

mod aws;
mod counting;
mod demo;
mod s3;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use datafusion::error::{DataFusionError, Result};
use datafusion::execution::object_store::ObjectStoreRegistry;
use object_store::ObjectStore;
use object_store::local::LocalFileSystem;
use url::Url;

pub use counting::{CountingRegistry, IoSnapshot, IoStats};
pub(crate) use demo::{DEMO_URL, demo_store};
use s3::{LazyS3Store, S3Connector};

/// How to reach S3 (or an S3-compatible store), on top of the standard AWS
/// configuration. Every field left unset means "as the AWS CLI would".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StorageOptions {
    /// Named profile from `~/.aws/config` and `~/.aws/credentials`
    /// (otherwise `AWS_PROFILE`, otherwise `default`).
    pub profile: Option<String>,
    /// Region used for requests; otherwise `AWS_REGION`, the profile's region,
    /// or the bucket's own region, discovered with one request.
    pub region: Option<String>,
    /// Endpoint URL of an S3-compatible store. A plain `http://` endpoint
    /// also turns on plain HTTP; any custom endpoint uses path-style
    /// addressing.
    pub endpoint: Option<String>,
    /// Address buckets by path (`endpoint/bucket/key`) on AWS's endpoint too.
    pub path_style: bool,
    /// Allow plain HTTP.
    pub allow_http: bool,
    /// Send unsigned requests (public buckets): no credentials are looked up.
    pub anonymous: bool,
    /// Credentials given by the caller (a pipeline with its own secret
    /// store); otherwise the standard AWS credential chain is used.
    pub credentials: Option<StaticCredentials>,
}

/// An access key given directly rather than found by the credential chain.
#[derive(Clone, PartialEq, Eq)]
pub struct StaticCredentials {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key. Never printed: `Debug` shows it redacted.
    pub secret_access_key: String,
    /// The session token of temporary credentials.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for StaticCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl StorageOptions {
    /// Options as the AWS CLI reads them from the environment, for the one
    /// setting `aws-config` leaves to each service: the S3 endpoint
    /// (`AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`, unless
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true). Profile, region and
    /// credentials are read by `aws-config` itself when a bucket is first used.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`StorageOptions::from_env`] over any source of variables.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let ignore_endpoints = var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let endpoint = if ignore_endpoints {
            None
        } else {
            var("AWS_ENDPOINT_URL_S3").or_else(|| var("AWS_ENDPOINT_URL"))
        };
        Self {
            endpoint,
            ..Self::default()
        }
    }

    /// Where S3 requests get their credentials, in the order the AWS
    /// credential chain tries them, for error messages: never a key itself.
    pub fn credential_source(&self) -> String {
        self.credential_source_with(|name| std::env::var(name).ok())
    }

    fn credential_source_with(&self, var: impl Fn(&str) -> Option<String>) -> String {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if self.anonymous {
            return "none, requests are unsigned (--no-sign-request)".into();
        }
        if self.credentials.is_some() {
            return "the access key given to the engine".into();
        }
        if var("AWS_ACCESS_KEY_ID").is_some() {
            return "the environment (AWS_ACCESS_KEY_ID)".into();
        }
        let profile = self
            .profile
            .clone()
            .or_else(|| var("AWS_PROFILE"))
            .unwrap_or_else(|| "default".into());
        format!(
            "profile '{profile}' (~/.aws/config, ~/.aws/credentials, SSO), \
             else web identity, container or instance role"
        )
    }
}

/// The engine's object store registry: one store per bucket or scheme,
/// created on first use.
#[derive(Debug)]
pub(crate) struct StoreRegistry {
    stores: RwLock<HashMap<String, Arc<dyn ObjectStore>>>,
    s3: Arc<S3Connector>,
}

impl StoreRegistry {
    pub(crate) fn new(options: StorageOptions) -> Self {
        Self {
            stores: RwLock::new(HashMap::new()),
            s3: Arc::new(S3Connector::new(options)),
        }
    }

    fn create(&self, url: &Url) -> Result<Arc<dyn ObjectStore>> {
        match url.scheme() {
            "s3" | "s3a" => {
                let bucket = url.host_str().filter(|b| !b.is_empty()).ok_or_else(|| {
                    DataFusionError::Plan(format!(
                        "'{url}' names no bucket; write s3://bucket/prefix/"
                    ))
                })?;
                Ok(Arc::new(LazyS3Store::new(bucket, Arc::clone(&self.s3))))
            }
            "file" => Ok(Arc::new(LocalFileSystem::new())),
            other => Err(DataFusionError::Plan(format!(
                "no object store for '{other}://' locations; Quarry reads s3:// (and \
                 S3-compatible stores via --endpoint-url) and local paths"
            ))),
        }
    }
}

fn store_key(url: &Url) -> String {
    format!(
        "{}://{}",
        url.scheme(),
        &url[url::Position::BeforeHost..url::Position::AfterPort]
    )
}

impl ObjectStoreRegistry for StoreRegistry {
    fn register_store(
        &self,
        url: &Url,
        store: Arc<dyn ObjectStore>,
    ) -> Option<Arc<dyn ObjectStore>> {
        let mut stores = self.stores.write().unwrap_or_else(|e| e.into_inner());
        stores.insert(store_key(url), store)
    }

    fn get_store(&self, url: &Url) -> Result<Arc<dyn ObjectStore>> {
        let key = store_key(url);
        if let Some(store) = self
            .stores
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(Arc::clone(store));
        }
        let mut stores = self.stores.write().unwrap_or_else(|e| e.into_inner());
        if let Some(store) = stores.get(&key) {
            return Ok(Arc::clone(store));
        }
        let store = self.create(url)?;
        stores.insert(key, Arc::clone(&store));
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test url")
    }

    #[test]
    fn the_credential_source_follows_the_chain_and_names_no_key() {
        let none = |_: &str| None;
        let keys = |name: &str| (name == "AWS_ACCESS_KEY_ID").then(|| "AKIAEXAMPLE".to_string());
        let anonymous = StorageOptions {
            anonymous: true,
            ..StorageOptions::default()
        };
        assert!(anonymous.credential_source_with(keys).contains("unsigned"));
        let from_env = StorageOptions::default().credential_source_with(keys);
        assert_eq!(from_env, "the environment (AWS_ACCESS_KEY_ID)");
        assert!(!from_env.contains("AKIAEXAMPLE"));
        let profiled = StorageOptions {
            profile: Some("prod".into()),
            ..StorageOptions::default()
        };
        assert!(
            profiled
                .credential_source_with(none)
                .starts_with("profile 'prod'")
        );
        assert!(
            StorageOptions::default()
                .credential_source_with(|n| (n == "AWS_PROFILE").then(|| "audit".to_string()))
                .starts_with("profile 'audit'")
        );
        assert!(
            StorageOptions::default()
                .credential_source_with(none)
                .starts_with("profile 'default'")
        );
    }

    #[test]
    fn one_store_per_bucket() {
        let registry = StoreRegistry::new(StorageOptions::default());
        let a1 = registry.get_store(&url("s3://logs-a/x/")).expect("store");
        let a2 = registry
            .get_store(&url("s3://logs-a/y/z.gz"))
            .expect("store");
        let b = registry.get_store(&url("s3://logs-b/")).expect("store");
        assert!(Arc::ptr_eq(&a1, &a2));
        assert!(!Arc::ptr_eq(&a1, &b));
        assert_eq!(b.to_string(), "s3://logs-b");
    }

    #[test]
    fn unknown_scheme_is_a_clear_error() {
        let registry = StoreRegistry::new(StorageOptions::default());
        let err = registry
            .get_store(&url("gs://bucket/x"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no object store for 'gs://' locations"),
            "{err}"
        );
    }

    #[test]
    fn s3_endpoint_variable_wins_over_the_global_one() {
        fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        }
        let both = [
            ("AWS_ENDPOINT_URL", "http://global:1"),
            ("AWS_ENDPOINT_URL_S3", "http://s3only:2"),
        ];
        assert_eq!(
            StorageOptions::from_vars(vars(&both)).endpoint.as_deref(),
            Some("http://s3only:2")
        );
        let global = [("AWS_ENDPOINT_URL", "http://global:1")];
        assert_eq!(
            StorageOptions::from_vars(vars(&global)).endpoint.as_deref(),
            Some("http://global:1")
        );
        let ignored = [
            ("AWS_ENDPOINT_URL", "http://global:1"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"),
        ];
        assert_eq!(StorageOptions::from_vars(vars(&ignored)).endpoint, None);
        let blank = [("AWS_ENDPOINT_URL_S3", " ")];
        assert_eq!(StorageOptions::from_vars(vars(&blank)).endpoint, None);
    }

    #[test]
    fn secrets_are_not_in_debug_output() {
        let options = StorageOptions {
            credentials: Some(StaticCredentials {
                access_key_id: "AKIDEXAMPLE".into(),
                secret_access_key: "wJalrXUtnFEMI/K7MDENG".into(),
                session_token: Some("FwoGZXIvYXdzEJr".into()),
            }),
            ..StorageOptions::default()
        };
        let text = format!("{options:?}");
        assert!(text.contains("AKIDEXAMPLE"), "{text}");
        assert!(!text.contains("wJalrXUtnFEMI"), "{text}");
        assert!(!text.contains("FwoGZXIvYXdzEJr"), "{text}");
    }

    #[test]
    fn registered_store_wins() {
        let registry = StoreRegistry::new(StorageOptions::default());
        let mem: Arc<dyn ObjectStore> = Arc::new(object_store::memory::InMemory::new());
        registry.register_store(&url("s3://pinned"), Arc::clone(&mem));
        let got = registry.get_store(&url("s3://pinned/a/b")).expect("store");
        assert!(Arc::ptr_eq(&got, &mem));
    }
}
