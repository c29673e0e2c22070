//! Sends one ARM call: token, request ids, bounded concurrency, retries, error mapping.
//!
//! The steps run in azure_core's order: per call (client request id, concurrency permit), then
//! retry, then per try (bearer token, logging), then the transport. The concurrency permit is
//! held only while a request is on the wire, not while waiting to retry, so a throttled call
//! does not stop the others from using the slot; the number of requests in flight never
//! exceeds the limit. A throttled answer (429, or 503 with a retry time) pauses every request
//! of the client until its retry time has passed ([`SharedBackoff`]), because the service
//! refuses whatever is sent before then, and halves the limit until requests succeed again
//! ([`Limiter`]). Logs carry the method, the path and the request ids,
//! never a header value or a body, so a token cannot reach them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};

use super::auth::Credential;
use super::error::{ArmError, Error, Result, parse_error_body};
use super::limiter::{Limiter, Slot};
use super::retry::{self, Clock, RetryOptions};
use super::throttle::{Pause, SharedBackoff};

/// Counters of one client's traffic, for summaries ("N throttled retries") and tests.
#[derive(Debug, Default)]
pub struct Stats {
    /// Calls made (each may take several attempts).
    pub calls: AtomicU64,
    /// Requests put on the wire.
    pub attempts: AtomicU64,
    /// Attempts answered 429.
    pub throttled: AtomicU64,
    /// Attempts that were retried, for any reason.
    pub retries: AtomicU64,
}

impl Stats {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// A final answer (2xx, 3xx) from ARM.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub body: Bytes,
}

#[derive(Debug)]
pub(crate) struct Pipeline {
    pub http: reqwest::Client,
    /// `None` sends no `Authorization` header (the emulator).
    pub auth: Option<Credential>,
    pub retry: RetryOptions,
    pub clock: Arc<dyn Clock>,
    pub limiter: Limiter,
    pub stats: Arc<Stats>,
    pub backoff: SharedBackoff,
}

/// What one attempt led to.
enum Outcome<'a> {
    Done(RawResponse),
    /// `slot` is the attempt's concurrency permit, given back only once a throttled answer
    /// has paused the client, so a request queued for the slot cannot slip out before.
    Retry {
        error: Error,
        delay: Option<Duration>,
        slot: Option<Slot<'a>>,
    },
    Fail(Error),
}

impl Pipeline {
    /// Sends `method url` with an optional JSON body until it succeeds, fails for good or the
    /// retry budget runs out.
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
    ) -> Result<RawResponse> {
        self.stats.calls.fetch_add(1, Ordering::Relaxed);

        // One id for every attempt of the call, so the server side can tie retries together.
        let client_request_id = uuid::Uuid::new_v4().to_string();
        let body = match body {
            Some(value) => Some(Bytes::from(serde_json::to_vec(value).map_err(|e| {
                Error::DataConversion { path: url.path().to_owned(), message: e.to_string() }
            })?)),
            None => None,
        };
        let started = Instant::now();
        // Time spent queued for a slot or held by a pause other requests started: the run's
        // throttling, not this call's, so it does not use up this call's budget.
        let mut queued = Duration::ZERO;
        // Retries counted against `max_retries`; `attempts` counts every one.
        let mut retry_number = 0;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let outcome =
                self.attempt(&method, &url, body.clone(), &client_request_id, &mut queued).await;
            let (error, server_delay, slot) = match outcome {
                Outcome::Done(response) => return Ok(response),
                Outcome::Fail(error) => return Err(error),
                Outcome::Retry { error, delay, slot } => (error, delay, slot),
            };

            let (wait, collateral) =
                self.retry_wait(&method, &url, &error, server_delay, retry_number);
            drop(slot);
            let spent = started.elapsed().saturating_sub(queued);
            // A request refused inside a pause another answer started was on its way before
            // anyone knew: that refusal is the run's, so it does not use up this request's
            // retries (its own time budget still bounds it).
            let counted = if collateral { retry_number } else { retry_number + 1 };
            if counted > self.retry.max_retries || spent + wait > self.retry.max_total {
                return Err(Error::RetriesExhausted {
                    attempts,
                    elapsed: started.elapsed(),
                    last: Box::new(error),
                });
            }
            tracing::debug!(%method, path = url.path(), attempts, delay_ms = wait.as_millis() as u64, %error, "retrying");
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            self.clock.sleep(wait).await;
            retry_number = counted;
        }
    }

    /// How long to wait before retrying: the server's delay as is, else our own backoff, and
    /// never before the client-wide pause ends. A throttled answer starts or extends that
    /// pause first; it is collateral when a pause was running already.
    fn retry_wait(
        &self,
        method: &Method,
        url: &Url,
        error: &Error,
        server_delay: Option<Duration>,
        retry_number: u32,
    ) -> (Duration, bool) {
        let delay = server_delay
            .unwrap_or_else(|| retry::backoff(&self.retry, retry_number, retry::random_unit()));
        let now = self.clock.now();
        let mut collateral = false;
        if pauses_everyone(error.status(), server_delay) {
            let pause = self.backoff.pause(now, delay);
            if pause == Pause::Started {
                // One cut per pause: the requests throttled with it are the same signal.
                self.limiter.throttled();
            }
            collateral = pause != Pause::Started;
            log_pause(pause, method, url, error.status(), delay);
        }
        (delay.max(self.backoff.remaining(now)), collateral)
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        body: Option<Bytes>,
        client_request_id: &str,
        queued: &mut Duration,
    ) -> Outcome<'_> {
        let path = url.path().to_owned();
        let token = match &self.auth {
            Some(auth) => match auth.inner.get_token(&[auth.scope.as_str()], None).await {
                Ok(token) => Some(token.token),
                Err(error) => {
                    return Outcome::Fail(Error::Credential {
                        credential: auth.choice.describe().to_owned(),
                        message: auth.redact(&error.to_string()),
                    });
                }
            },
            None => None,
        };

        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header(ACCEPT, "application/json")
            .header("x-ms-client-request-id", client_request_id)
            .header("x-ms-return-client-request-id", "true");
        if let Some(token) = &token {
            // A token that is not a valid header value would only produce a confusing 401.
            let Ok(mut value) = HeaderValue::from_str(&format!("Bearer {}", token.secret())) else {
                return Outcome::Fail(Error::Credential {
                    credential: self.auth.as_ref().map_or("", |a| a.choice.describe()).to_owned(),
                    message: "the access token contains characters not allowed in a header".into(),
                });
            };
            // Marked sensitive so no `Debug` of the request can show it.
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }

        // The permit covers the request and reading its body: that is a request in flight.
        let queuing = Instant::now();
        let Some(permit) = self.limiter.acquire().await else {
            return Outcome::Fail(Error::Config("the client was shut down".into()));
        };
        // Looked at with the permit held, so a pause that began while this request queued
        // for a slot still holds it back.
        let held = self.backoff.wait(self.clock.as_ref()).await;
        *queued += queuing.elapsed();
        if !held.is_zero() {
            tracing::debug!(%method, path, held_ms = held.as_millis() as u64, "held by the throttling pause");
        }
        self.stats.attempts.fetch_add(1, Ordering::Relaxed);
        tracing::trace!(%method, path, client_request_id, "sending");
        let connection_error = |e: reqwest::Error| Error::Connection {
            method: method.to_string(),
            path: path.clone(),
            message: describe(e),
        };
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                return Outcome::Retry { error: connection_error(e), delay: None, slot: None };
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => {
                return Outcome::Retry { error: connection_error(e), delay: None, slot: None };
            }
        };

        let request_id = header(&headers, "x-ms-request-id");
        tracing::debug!(%method, path, status, request_id, client_request_id, "answered");
        if status < 400 {
            self.limiter.succeeded();
            return Outcome::Done(RawResponse { status, body });
        }
        let (code, message) = parse_error_body(status, &body);
        let error = Error::Arm(Box::new(ArmError {
            method: method.to_string(),
            path,
            status,
            code,
            message,
            request_id,
            client_request_id: client_request_id.to_owned(),
        }));
        if status == 429 {
            self.stats.throttled.fetch_add(1, Ordering::Relaxed);
        }
        if retry::is_retryable_status(status) {
            let delay = retry::server_delay(&headers, self.clock.now());
            Outcome::Retry { error, delay, slot: Some(permit) }
        } else {
            Outcome::Fail(error)
        }
    }
}

/// Whether an answer asks the whole client to wait: any 429, and a 503 that says how long.
fn pauses_everyone(status: Option<u16>, server_delay: Option<Duration>) -> bool {
    match status {
        Some(429) => true,
        Some(503) => server_delay.is_some(),
        _ => false,
    }
}

/// Says when the run pauses for throttling (`info`, once per pause) or pauses longer.
fn log_pause(pause: Pause, method: &Method, url: &Url, status: Option<u16>, delay: Duration) {
    let (path, delay_ms) = (url.path(), delay.as_millis() as u64);
    match pause {
        Pause::Started => {
            tracing::info!(%method, path, status, delay_ms, "throttled: pausing every request")
        }
        Pause::Extended => {
            tracing::debug!(%method, path, status, delay_ms, "throttled again: pausing longer")
        }
        Pause::Unchanged => {}
    }
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("none").to_owned()
}

/// reqwest's error with its causes, without the URL (which `Display` of reqwest adds and
/// which we already report as a path).
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
