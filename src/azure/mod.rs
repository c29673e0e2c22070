//! A small client for the Azure Resource Manager (ARM) REST API of Microsoft Sentinel.
//!
//! Modelled on the Azure SDK for Rust but kept to what sentinelctl needs: a
//! [`SentinelClient`] holds the ARM endpoint, the addressed [`Workspace`] and a pipeline that
//! adds a bearer token and an `x-ms-client-request-id`, bounds the requests in flight,
//! retries throttled and transient failures honouring `Retry-After`, and pauses every request
//! while the service throttles. Operations live next to
//! their resource: alert rules, Sentinel metadata (ownership links) and saved searches
//! (hunting queries). The api-version of each operation comes from one table
//! ([`api_version`]). Authentication is chosen in [`auth`]; nothing here prints.

pub mod alert_rules;
pub mod api_version;
pub mod args;
pub mod auth;
pub mod cloud;
pub mod error;
mod limiter;
pub mod metadata;
mod pager;
mod pipeline;
pub mod retry;
pub mod saved_searches;
pub mod tables;
mod throttle;
pub mod workspace;

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, Url};
use serde_json::Value;

use limiter::Limiter;

pub use auth::Credential;
pub use cloud::Cloud;
pub use error::{Error, Result};
pub use pipeline::Stats;
pub use retry::{Clock, RetryOptions};
pub use workspace::Workspace;

/// Default number of requests in flight (`--concurrency`).
pub const DEFAULT_CONCURRENCY: usize = 8;

/// How the client behaves; every field has a sensible default.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// ARM base URL, e.g. `https://management.azure.com` or the emulator's URL.
    pub endpoint: Url,
    /// Most requests in flight at once.
    pub concurrency: usize,
    pub retry: RetryOptions,
    /// Time allowed for one attempt (connect, send, read the body).
    pub attempt_timeout: Duration,
    pub clock: Arc<dyn Clock>,
}

impl ClientOptions {
    /// Defaults for `endpoint`.
    pub fn new(endpoint: Url) -> Self {
        Self {
            endpoint,
            concurrency: DEFAULT_CONCURRENCY,
            retry: RetryOptions::default(),
            attempt_timeout: Duration::from_secs(100),
            clock: retry::system_clock(),
        }
    }
}

/// The Sentinel resources of one workspace.
#[derive(Clone, Debug)]
pub struct SentinelClient {
    endpoint: Url,
    workspace: Workspace,
    pipeline: Arc<pipeline::Pipeline>,
}

impl SentinelClient {
    /// A client for `workspace`; `credential` is `None` only for the emulator.
    pub fn new(
        workspace: Workspace,
        credential: Option<Credential>,
        options: ClientOptions,
    ) -> Result<Self> {
        if credential.is_none() && !cloud::is_loopback(&options.endpoint) {
            return Err(Error::Config(format!(
                "refusing to call {} without authentication: --auth none is only for a loopback endpoint",
                options.endpoint
            )));
        }
        let http = reqwest::Client::builder()
            .timeout(options.attempt_timeout)
            // ARM never redirects; following one could carry the token elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("sentinelctl/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("failed to build the HTTP client: {e}")))?;
        let pipeline = pipeline::Pipeline {
            http,
            auth: credential,
            retry: options.retry,
            clock: options.clock,
            limiter: Limiter::new(options.concurrency),
            stats: Arc::new(Stats::default()),
            backoff: throttle::SharedBackoff::default(),
        };
        Ok(Self { endpoint: options.endpoint, workspace, pipeline: Arc::new(pipeline) })
    }

    /// The addressed workspace.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// Traffic counters since the client was made.
    pub fn stats(&self) -> &Stats {
        &self.pipeline.stats
    }

    fn url(&self, path: &str, api_version: &str) -> Result<Url> {
        let mut url = self
            .endpoint
            .join(path)
            .map_err(|e| Error::Config(format!("invalid resource path {path}: {e}")))?;
        url.query_pairs_mut().append_pair("api-version", api_version);
        Ok(url)
    }

    /// `GET` one resource; `None` when ARM answers 404.
    pub(crate) async fn get_json(&self, path: &str, api_version: &str) -> Result<Option<Value>> {
        let url = self.url(path, api_version)?;
        match self.pipeline.send(Method::GET, url, None).await {
            Ok(response) => parse_json(&response.body, path).map(Some),
            Err(error) if error.status() == Some(404) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// `PUT` one resource; the stored resource and whether it was created (201).
    pub(crate) async fn put_json(
        &self,
        path: &str,
        api_version: &str,
        body: &Value,
    ) -> Result<(Value, bool)> {
        let url = self.url(path, api_version)?;
        let response = self.pipeline.send(Method::PUT, url, Some(body)).await?;
        Ok((parse_json(&response.body, path)?, response.status == 201))
    }

    /// `DELETE` one resource; whether it existed (200) or not (204).
    pub(crate) async fn delete(&self, path: &str, api_version: &str) -> Result<bool> {
        let url = self.url(path, api_version)?;
        let response = self.pipeline.send(Method::DELETE, url, None).await?;
        Ok(response.status != 204)
    }
}

fn parse_json(body: &[u8], path: &str) -> Result<Value> {
    serde_json::from_slice(body)
        .map_err(|e| Error::DataConversion { path: path.to_owned(), message: e.to_string() })
}

/// Percent-encodes one path segment (a rule id, a saved-search id) so it cannot change the path.
pub(crate) fn segment(name: &str) -> String {
    url::form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>().replace('+', "%20")
}
