//! The AWS side of S3 access: the standard credential chain and its settings.
//!
//! `object_store`'s own S3 builder reads environment variables, web identity,
//! ECS and IMDS, but not `~/.aws` profiles or SSO; `aws-config` reads all of
//! them. So the settings come from `aws-config` and its credential provider is
//! handed to `object_store` as a [`CredentialProvider`]: each request asks the
//! provider, and refreshing temporary credentials stays with the SDK, which
//! caches them until they are about to expire.

use std::sync::Arc;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_config::meta::region::RegionProviderChain;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_types::SdkConfig;
use aws_types::region::Region;
use object_store::CredentialProvider;
use object_store::aws::AwsCredential;

use super::StorageOptions;

/// Loads the AWS SDK configuration the way the AWS CLI would: environment,
/// then the shared config and credentials files (with `options.profile`), SSO,
/// web identity, container and instance metadata.
pub(crate) async fn load_sdk_config(options: &StorageOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    } else {
        let chain = RegionProviderChain::default_provider();
        loader = loader.region(chain);
    }
    if options.anonymous {
        loader = loader.no_credentials();
    }
    loader.load().await
}

/// Bridges an `aws-config` credential provider into `object_store`.
#[derive(Debug)]
pub(crate) struct SdkCredentials {
    provider: SharedCredentialsProvider,
    profile: Option<String>,
}

impl SdkCredentials {
    pub(crate) fn new(provider: SharedCredentialsProvider, profile: Option<String>) -> Self {
        Self { provider, profile }
    }
}

#[async_trait]
impl CredentialProvider for SdkCredentials {
    type Credential = AwsCredential;

    async fn get_credential(&self) -> object_store::Result<Arc<AwsCredential>> {
        let creds = self.provider.provide_credentials().await.map_err(|e| {
            let profile = match &self.profile {
                Some(p) => format!(" (profile '{p}')"),
                None => String::new(),
            };
            object_store::Error::Generic {
                store: "S3",
                source: format!(
                    "no usable AWS credentials{profile}: {e}; set AWS_PROFILE or \
                     AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws sso login`, \
                     or use --no-sign-request for a public bucket"
                )
                .into(),
            }
        })?;
        Ok(Arc::new(AwsCredential {
            key_id: creds.access_key_id().to_string(),
            secret_key: creds.secret_access_key().to_string(),
            token: creds.session_token().map(str::to_string),
        }))
    }
}
