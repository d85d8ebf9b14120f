//! An S3 target: a bucket of Amazon S3 or of an S3-compatible service (Cloudflare R2,
//! MinIO, Backblaze B2, ...), through the AWS SDK.
//!
//! Credentials come only from where AWS tools look for them: `AWS_ACCESS_KEY_ID` and
//! `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), `AWS_PROFILE` and the files
//! `~/.aws/credentials` and `~/.aws/config` (SSO and assumed roles included), web
//! identity tokens (GitHub Actions OIDC), and the instance or container role on AWS.
//! Every object gets its Content-Type and Cache-Control; with `gzip: true` text is
//! stored compressed with `Content-Encoding: gzip`; alias pages carry
//! `x-amz-website-redirect-location`, which S3 website hosting answers with a 301.

use std::time::Duration;

use aws_config::environment::region::EnvironmentVariableRegionProvider;
use aws_config::meta::region::RegionProviderChain;
use aws_config::profile::ProfileFileRegionProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_s3::config::{RequestChecksumCalculation, ResponseChecksumValidation};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use aws_sdk_s3::Client;

use super::manifest::{Manifest, MANIFEST_FILE};
use super::site::Upload;
use super::{DeployError, Target};
use crate::config::S3Target;

/// Uploads in flight at once.
const CONCURRENCY: usize = 16;

pub struct S3 {
    client: Client,
    runtime: tokio::runtime::Runtime,
    bucket: String,
    /// `""` or `folder/`.
    prefix: String,
    endpoint: String,
}

impl S3 {
    /// A client for the bucket of `config`. Nothing is sent yet.
    pub fn connect(config: &S3Target) -> Result<S3, DeployError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|err| {
                DeployError::Target(format!("cannot start the network runtime: {err}"))
            })?;
        let client = runtime.block_on(client(config));
        let prefix = config.prefix.trim_matches('/');
        Ok(S3 {
            client,
            runtime,
            bucket: config.bucket.clone(),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
            endpoint: config
                .endpoint
                .clone()
                .unwrap_or_else(|| "Amazon S3".to_string()),
        })
    }

    fn key(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// A failed request as a message that says what failed, why, and the SDK's words.
    fn failure<E>(&self, what: &str, err: &SdkError<E>) -> DeployError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let why = match (err, err.code()) {
            (_, Some(
                "AccessDenied" | "InvalidAccessKeyId" | "SignatureDoesNotMatch" | "ExpiredToken"
                | "InvalidToken" | "AuthorizationHeaderMalformed" | "Forbidden",
            )) => "the storage refused the credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) to a key allowed to write this bucket",
            (_, Some("NoSuchBucket")) => "the bucket does not exist",
            (SdkError::DispatchFailure(_) | SdkError::TimeoutError(_), _) => {
                "cannot reach the storage (a network error, a wrong endpoint, or no credentials found)"
            }
            _ => "the storage answered with an error",
        };
        // The service's own code and words; for a request that got no answer, the
        // chain of causes (connection refused, timeout, no credentials).
        let detail = match err.code() {
            Some(code) => format!("{code}: {}", err.message().unwrap_or_default()),
            None => causes(err),
        };
        DeployError::Target(format!(
            "{what} failed on {}: {why}\n  ({detail})",
            self.describe()
        ))
    }

    fn put_bytes(&self, path: &str, bytes: Vec<u8>) -> Result<(), DeployError> {
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(self.key(path))
            .content_type("application/json")
            .cache_control("no-cache")
            .body(ByteStream::from(bytes));
        self.runtime
            .block_on(request.send())
            .map(|_| ())
            .map_err(|err| self.failure(&format!("writing `{path}`"), &err))
    }
}

/// An error and its causes, each said once: `dispatch failure: io error: ... Connection
/// refused (os error 111)`.
fn causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    text
}

/// The SDK client: region from the configuration, `AWS_REGION` or the profile (never
/// from the instance metadata service, so nothing is asked of the network before the
/// first request), `us-east-1` otherwise.
async fn client(config: &S3Target) -> Client {
    let mut profile_region = ProfileFileRegionProvider::builder();
    if let Some(profile) = &config.profile {
        profile_region = profile_region.profile_name(profile);
    }
    let region = RegionProviderChain::first_try(config.region.clone().map(Region::new))
        .or_else(EnvironmentVariableRegionProvider::new())
        .or_else(profile_region.build())
        .or_else(Region::new("us-east-1"));
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(region)
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(10))
                .operation_attempt_timeout(Duration::from_secs(120))
                .build(),
        );
    if let Some(profile) = &config.profile {
        loader = loader.profile_name(profile);
    }
    let shared = loader.load().await;
    let mut builder = aws_sdk_s3::config::Builder::from(&shared)
        // Checksums only where S3 requires them: several S3-compatible services
        // reject the newer default ones.
        .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
        .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
    if let Some(endpoint) = &config.endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    builder = builder.force_path_style(config.path_style.unwrap_or(config.endpoint.is_some()));
    Client::from_conf(builder.build())
}

impl Target for S3 {
    fn describe(&self) -> String {
        match self.endpoint.as_str() {
            "Amazon S3" => format!("s3://{}/{}", self.bucket, self.prefix),
            endpoint => format!("s3://{}/{} at {endpoint}", self.bucket, self.prefix),
        }
    }

    fn read_manifest(&mut self) -> Result<Option<Manifest>, DeployError> {
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(self.key(MANIFEST_FILE));
        let result = self.runtime.block_on(async {
            let output = request.send().await?;
            Ok::<_, SdkError<_>>(output.body.collect().await.map(|b| b.into_bytes()))
        });
        match result {
            Ok(Ok(bytes)) => Ok(Manifest::from_json(&bytes)),
            Ok(Err(err)) => Err(DeployError::Target(format!(
                "reading the deploy manifest from {} failed: {err}",
                self.describe()
            ))),
            Err(SdkError::ServiceError(e)) if e.err().is_no_such_key() => Ok(None),
            Err(err) => Err(self.failure("reading the deploy manifest", &err)),
        }
    }

    fn holds_files(&mut self) -> Result<bool, DeployError> {
        let request = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(&self.prefix)
            .max_keys(1);
        let listed = self
            .runtime
            .block_on(request.send())
            .map_err(|err| self.failure("listing the bucket", &err))?;
        Ok(!listed.contents().is_empty())
    }

    fn put(&mut self, uploads: &[&Upload]) -> Result<u64, DeployError> {
        let mut total = 0;
        let mut in_flight = tokio::task::JoinSet::new();
        let mut first_error = None;
        for upload in uploads {
            let bytes = upload.bytes().map_err(|err| DeployError::Read {
                path: upload.path.clone().into(),
                source: err,
            })?;
            total += bytes.len() as u64;
            let request = self
                .client
                .put_object()
                .bucket(&self.bucket)
                .key(self.key(&upload.path))
                .content_type(upload.content_type)
                .cache_control(upload.cache_control)
                .set_content_encoding(upload.content_encoding.map(str::to_string))
                .set_website_redirect_location(upload.redirect.clone())
                .body(ByteStream::from(bytes));
            let path = upload.path.clone();
            in_flight.spawn_on(
                async move { (path, request.send().await) },
                self.runtime.handle(),
            );
            while in_flight.len() >= CONCURRENCY {
                if let Some(Ok((path, Err(err)))) = self.runtime.block_on(in_flight.join_next()) {
                    first_error
                        .get_or_insert_with(|| self.failure(&format!("uploading `{path}`"), &err));
                }
            }
            if first_error.is_some() {
                break;
            }
        }
        while let Some(joined) = self.runtime.block_on(in_flight.join_next()) {
            if let Ok((path, Err(err))) = joined {
                first_error
                    .get_or_insert_with(|| self.failure(&format!("uploading `{path}`"), &err));
            }
        }
        match first_error {
            Some(err) => Err(err),
            None => Ok(total),
        }
    }

    fn delete(&mut self, paths: &[String]) -> Result<(), DeployError> {
        for chunk in paths.chunks(1000) {
            let objects: Vec<ObjectIdentifier> = chunk
                .iter()
                .filter_map(|p| ObjectIdentifier::builder().key(self.key(p)).build().ok())
                .collect();
            let delete = Delete::builder()
                .set_objects(Some(objects))
                .quiet(true)
                .build()
                .map_err(|err| {
                    DeployError::Target(format!("cannot list files to delete: {err}"))
                })?;
            let request = self
                .client
                .delete_objects()
                .bucket(&self.bucket)
                .delete(delete);
            let output = self
                .runtime
                .block_on(request.send())
                .map_err(|err| self.failure("deleting removed files", &err))?;
            if let Some(error) = output.errors().first() {
                return Err(DeployError::Target(format!(
                    "deleting `{}` failed on {}: {} {}",
                    error.key().unwrap_or_default(),
                    self.describe(),
                    error.code().unwrap_or_default(),
                    error.message().unwrap_or_default()
                )));
            }
        }
        Ok(())
    }

    fn checkpoint(&mut self, manifest: &Manifest) -> Result<(), DeployError> {
        self.put_bytes(MANIFEST_FILE, manifest.to_json())
    }

    fn finish(&mut self, manifest: &Manifest) -> Result<(), DeployError> {
        self.put_bytes(MANIFEST_FILE, manifest.to_json())
    }
}
