//! Fault injection: throttling, transient errors, latency and dropped connections on demand.
//!
//! Faults are counted over ARM calls only (not the control and token endpoints), so "every
//! 5th call" means the 5th, 10th, … resource request. They are set at start-up by flags or at
//! any time with `PUT /_emulator/faults`; `GET /_emulator/stats` reports what happened,
//! including the most requests that were ever in flight at once (the load test's evidence).
//!
//! An injected 429 opens a throttle window from the moment it is answered until its retry
//! time has passed. Calls that arrive inside it are counted (`callsInThrottleWindow`): a
//! client that honours a 429 for the whole run sends none beyond those already on their way.
//! With `throttleWindow` they are also refused, as the service refuses requests sent before
//! the time it gave, each with the time still to wait.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// Which faults to inject. JSON field names are camelCase, e.g.
/// `{"throttleEvery": 5, "retryAfterSecs": 1}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Faults {
    /// Answer every Nth ARM call with 429 Too Many Requests.
    pub throttle_every: Option<u64>,
    /// `Retry-After` seconds sent with a 429.
    pub retry_after_secs: u64,
    /// If set, a 429 also carries `x-ms-retry-after-ms` with this value (more precise, and
    /// preferred by clients that know it).
    pub retry_after_ms: Option<u64>,
    /// Answer every Nth ARM call with a transient server error.
    pub error_every: Option<u64>,
    /// The status of those errors: 500, 502, 503 or 504 (default 503).
    pub error_status: Option<u16>,
    /// Added to every ARM call, in milliseconds.
    pub latency_ms: u64,
    /// Drop the connection mid-answer on every Nth ARM call.
    pub drop_every: Option<u64>,
    /// After an injected 429, answer 429 to every ARM call until its retry time has passed,
    /// each with the time still to wait (as the service does).
    pub throttle_window: bool,
}

/// What to do with one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    /// `opens_window`: the throttle window this 429 opens when it is answered, if any.
    Throttle {
        retry_after_secs: u64,
        retry_after_ms: Option<u64>,
        opens_window: Option<Duration>,
    },
    Error(u16),
    Drop,
}

/// Counters reported by `GET /_emulator/stats`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmulatorStats {
    pub calls: u64,
    pub max_in_flight: u64,
    pub throttled: u64,
    pub errors: u64,
    pub dropped: u64,
    /// Calls that carried `Authorization: Bearer …`.
    pub authorized: u64,
    /// PUT and DELETE calls served (not faulted): what a no-op deploy must leave at zero.
    #[serde(default)]
    pub writes: u64,
    /// Calls that arrived while a throttle window was open (refused with `throttleWindow`).
    #[serde(default)]
    pub calls_in_throttle_window: u64,
}

/// From when to when calls are throttled after an injected 429.
#[derive(Clone, Copy, Debug)]
struct Window {
    opens: Instant,
    closes: Instant,
}

#[derive(Debug, Default)]
pub(crate) struct FaultState {
    faults: RwLock<Faults>,
    calls: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
    throttled: AtomicU64,
    errors: AtomicU64,
    dropped: AtomicU64,
    authorized: AtomicU64,
    writes: AtomicU64,
    window: Mutex<Option<Window>>,
    in_window: AtomicU64,
}

/// Decrements the in-flight count when a call ends, however it ends.
pub(crate) struct InFlight<'a>(&'a AtomicU64);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl FaultState {
    pub fn new(faults: Faults) -> Self {
        Self { faults: RwLock::new(faults), ..Self::default() }
    }

    pub fn faults(&self) -> Faults {
        self.faults.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Replaces the faults, restarts the call count (so "every Nth" counts from now) and
    /// closes any throttle window.
    pub fn set(&self, faults: Faults) {
        *self.faults.write().unwrap_or_else(std::sync::PoisonError::into_inner) = faults;
        self.calls.store(0, Ordering::SeqCst);
        *self.window.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// Registers a call: its in-flight guard, the latency to add and the fault to inject.
    pub fn begin(&self, authorized: bool) -> (InFlight<'_>, u64, Fault) {
        let arrived = Instant::now();
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        if authorized {
            self.authorized.fetch_add(1, Ordering::Relaxed);
        }
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let faults = self.faults();
        let fault = match self.time_left_in_window(arrived) {
            Some(left) if faults.throttle_window => {
                self.throttled.fetch_add(1, Ordering::Relaxed);
                window_throttle(&faults, left)
            }
            _ => self.nth_call_fault(&faults, n),
        };
        (InFlight(&self.in_flight), faults.latency_ms, fault)
    }

    /// The fault "every Nth call" settings give call `n`; a 429 opens a throttle window.
    fn nth_call_fault(&self, faults: &Faults, n: u64) -> Fault {
        let hits =
            |every: Option<u64>| every.is_some_and(|every| every > 0 && n.is_multiple_of(every));
        if hits(faults.throttle_every) {
            self.throttled.fetch_add(1, Ordering::Relaxed);
            let retry = faults
                .retry_after_ms
                .map_or(Duration::from_secs(faults.retry_after_secs), Duration::from_millis);
            Fault::Throttle {
                retry_after_secs: faults.retry_after_secs,
                retry_after_ms: faults.retry_after_ms,
                opens_window: Some(retry),
            }
        } else if hits(faults.error_every) {
            self.errors.fetch_add(1, Ordering::Relaxed);
            Fault::Error(
                faults.error_status.filter(|s| matches!(s, 500 | 502 | 503 | 504)).unwrap_or(503),
            )
        } else if hits(faults.drop_every) {
            self.dropped.fetch_add(1, Ordering::Relaxed);
            Fault::Drop
        } else {
            Fault::None
        }
    }

    /// Throttles from now, as a 429 is answered, for `retry`; a window that overlaps the
    /// open one extends it.
    pub fn open_window(&self, retry: Duration) {
        let opens = Instant::now();
        let closes = opens + retry;
        let mut window = self.window.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *window = match *window {
            Some(open) if opens <= open.closes => {
                Some(Window { opens: open.opens, closes: open.closes.max(closes) })
            }
            _ => Some(Window { opens, closes }),
        };
    }

    /// How long the throttle window still lasts for a call arriving at `at`, counting the
    /// call if it is inside.
    fn time_left_in_window(&self, at: Instant) -> Option<Duration> {
        let window = *self.window.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let window = window.filter(|w| w.opens <= at && at < w.closes)?;
        self.in_window.fetch_add(1, Ordering::Relaxed);
        Some(window.closes - at)
    }

    /// Counts a served write.
    pub fn record_write(&self) {
        self.writes.fetch_add(1, Ordering::Relaxed);
    }

    pub fn stats(&self) -> EmulatorStats {
        let get = |c: &AtomicU64| c.load(Ordering::SeqCst);
        EmulatorStats {
            calls: get(&self.calls),
            max_in_flight: get(&self.max_in_flight),
            throttled: get(&self.throttled),
            errors: get(&self.errors),
            dropped: get(&self.dropped),
            authorized: get(&self.authorized),
            writes: get(&self.writes),
            calls_in_throttle_window: get(&self.in_window),
        }
    }
}

/// The 429 for a call inside a throttle window: the time still to wait, in whole seconds
/// (rounded up) and, when the faults send it, in milliseconds.
fn window_throttle(faults: &Faults, left: Duration) -> Fault {
    let millis = u64::try_from(left.as_millis()).unwrap_or(u64::MAX);
    Fault::Throttle {
        retry_after_secs: millis.div_ceil(1000),
        retry_after_ms: faults.retry_after_ms.map(|_| millis),
        opens_window: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nth_call_and_precedence() {
        let state = FaultState::new(Faults {
            throttle_every: Some(2),
            error_every: Some(3),
            ..Faults::default()
        });
        let faults: Vec<Fault> = (0..6).map(|_| state.begin(false).2).collect();
        assert_eq!(faults[0], Fault::None);
        assert!(matches!(faults[1], Fault::Throttle { .. }));
        assert_eq!(faults[2], Fault::Error(503));
        assert!(matches!(faults[5], Fault::Throttle { .. }), "throttling wins over errors");
        let stats = state.stats();
        assert_eq!((stats.calls, stats.throttled, stats.errors, stats.max_in_flight), (6, 3, 1, 1));
    }

    #[test]
    fn a_throttle_window_counts_and_with_the_option_refuses_early_calls() {
        let state = FaultState::new(Faults::default());
        assert_eq!(state.begin(false).2, Fault::None);
        state.open_window(Duration::from_secs(60));
        assert_eq!(state.begin(false).2, Fault::None, "counted, but served without the option");
        assert_eq!(state.stats().calls_in_throttle_window, 1);

        let faults = Faults {
            throttle_every: Some(1),
            retry_after_secs: 60,
            throttle_window: true,
            ..Faults::default()
        };
        state.set(faults);
        let Fault::Throttle { opens_window: Some(window), .. } = state.begin(false).2 else {
            panic!("an every-Nth 429 opens a window");
        };
        state.open_window(window);
        let Fault::Throttle { retry_after_secs, .. } = state.begin(false).2 else {
            panic!("a call inside the window is refused");
        };
        assert!(
            (59..=60).contains(&retry_after_secs),
            "the time still to wait: {retry_after_secs}"
        );
        assert_eq!(state.stats().calls_in_throttle_window, 2);
    }

    #[test]
    fn in_flight_is_tracked() {
        let state = FaultState::new(Faults::default());
        let a = state.begin(true);
        let b = state.begin(false);
        drop((a, b));
        let _c = state.begin(false);
        assert_eq!(state.stats().max_in_flight, 2);
        assert_eq!(state.stats().authorized, 1);
    }
}
