//! When and how long to wait before retrying a call.
//!
//! The policy follows azure_core's: retry transport failures and 408, 429, 500, 502, 503 and
//! 504; wait what the server asks for (`x-ms-retry-after-ms`, `retry-after-ms`, then
//! `Retry-After` as seconds or an HTTP date) or else back off exponentially with jitter; stop
//! after a number of retries or a total time, whichever comes first. The clock and the sleep
//! are injected so tests neither wait nor depend on the time of day.
//!
//! See: <https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling>

use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// Limits of the retry loop. The defaults are azure_core's, except `max_retries` (5, as the
/// throttling case for bulk deploys asks: a rule that is still throttled after five retries
/// fails on its own instead of holding up the run).
#[derive(Clone, Debug)]
pub struct RetryOptions {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff when the server gives no delay; doubles on each retry.
    pub initial_delay: Duration,
    /// Longest single backoff we choose ourselves (a server's `Retry-After` may be longer).
    pub max_delay: Duration,
    /// Time budget for one call: its own attempts and waits, not the time it queued for a
    /// slot or was held by a pause another request started. No retry starts past it.
    pub max_total: Duration,
}

impl Default for RetryOptions {
    fn default() -> Self {
        Self {
            max_retries: 5,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(30),
            max_total: Duration::from_secs(60),
        }
    }
}

/// Statuses worth retrying: the request may succeed unchanged a moment later.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The delay the server asked for, if any. Millisecond headers win because they are more
/// precise; an HTTP date in the past means "now".
pub fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    for name in ["x-ms-retry-after-ms", "retry-after-ms"] {
        if let Some(ms) = header_str(headers, name).and_then(|v| v.trim().parse::<u64>().ok()) {
            return Some(Duration::from_millis(ms));
        }
    }
    let value = header_str(headers, "retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Exponential backoff for retry number `retry` (0-based), capped, with ±20 % jitter so that
/// many clients throttled together do not come back together.
pub fn backoff(options: &RetryOptions, retry: u32, jitter: f64) -> Duration {
    let factor = 2u32.saturating_pow(retry);
    let base = options.initial_delay.saturating_mul(factor).min(options.max_delay);
    base.mul_f64(0.8 + 0.4 * jitter.clamp(0.0, 1.0))
}

/// A random number in `[0, 1)` from the standard library's randomly seeded hasher; good
/// enough for jitter and saves a dependency.
pub fn random_unit() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// A future that completes after a delay, boxed so the sleep can be injected.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The time source and the sleep of the retry loop.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> SystemTime;
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// The real clock and tokio's sleep.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// The clock used unless a test injects another.
pub fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn retry_after_seconds_date_and_milliseconds() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            server_delay(&headers(&[("retry-after", "7")]), now),
            Some(Duration::from_secs(7))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(12));
        assert_eq!(
            server_delay(&headers(&[("retry-after", &date)]), now),
            Some(Duration::from_secs(12))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(server_delay(&headers(&[("retry-after", &past)]), now), Some(Duration::ZERO));
        let both = headers(&[("retry-after", "7"), ("x-ms-retry-after-ms", "250")]);
        assert_eq!(server_delay(&both, now), Some(Duration::from_millis(250)));
        assert_eq!(server_delay(&headers(&[("retry-after", "soon")]), now), None);
        assert_eq!(server_delay(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let options = RetryOptions::default();
        assert_eq!(backoff(&options, 0, 0.5), Duration::from_millis(200));
        assert_eq!(backoff(&options, 3, 0.5), Duration::from_millis(1600));
        assert_eq!(backoff(&options, 20, 0.5), Duration::from_secs(30));
        assert_eq!(backoff(&options, 0, 0.0), Duration::from_millis(160));
        assert_eq!(backoff(&options, 0, 1.0), Duration::from_millis(240));
    }

    #[test]
    fn random_unit_is_in_range_and_varies() {
        let samples: Vec<f64> = (0..32).map(|_| random_unit()).collect();
        assert!(samples.iter().all(|x| (0.0..1.0).contains(x)));
        assert!(samples.iter().any(|x| (x - samples[0]).abs() > f64::EPSILON));
    }

    #[test]
    fn retryable_statuses() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(status));
        }
        for status in [400, 401, 403, 404, 409, 412, 501] {
            assert!(!is_retryable_status(status));
        }
    }
}
