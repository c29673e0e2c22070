//! How many requests one client keeps in flight: at most `--concurrency`, fewer while the
//! service throttles.
//!
//! A pause after a throttled answer ([`super::throttle`]) stops requests from piling into the
//! throttling window, but when it ends, a full burst goes out at once and may well be
//! throttled again, and the requests refused with it use up their retries. So the limit
//! follows the service the way TCP congestion control does: a throttled answer halves it (not
//! below one), and as many successes in a row as the limit allows raise it by one again, up to
//! `--concurrency`.
//!
//! The limit is a semaphore's permits. A cut takes the permits that are free at once and owes
//! the rest, which the requests holding them give up as they finish instead of returning.

use std::sync::{Mutex, PoisonError};

use tokio::sync::{Semaphore, SemaphorePermit};

#[derive(Debug)]
pub(crate) struct Limiter {
    permits: Semaphore,
    max: usize,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    limit: usize,
    /// Permits still to take back from requests in flight after a cut.
    owed: usize,
    successes: usize,
}

/// A request's place in flight; gives its permit back (or up, when owed) when dropped.
#[derive(Debug)]
pub(crate) struct Slot<'a> {
    permit: Option<SemaphorePermit<'a>>,
    limiter: &'a Limiter,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let Some(permit) = self.permit.take() else { return };
        let mut state = self.limiter.lock();
        if state.owed > 0 {
            state.owed -= 1;
            permit.forget();
        }
    }
}

impl Limiter {
    pub fn new(max: usize) -> Self {
        let max = max.max(1);
        let state = State { limit: max, owed: 0, successes: 0 };
        Self { permits: Semaphore::new(max), max, state: Mutex::new(state) }
    }

    /// Waits for a place in flight; `None` once the limiter is closed.
    pub async fn acquire(&self) -> Option<Slot<'_>> {
        let permit = self.permits.acquire().await.ok()?;
        Some(Slot { permit: Some(permit), limiter: self })
    }

    /// The service throttled a request: halve the limit.
    pub fn throttled(&self) {
        let mut state = self.lock();
        let cut = state.limit - (state.limit / 2).max(1);
        if cut == 0 {
            return;
        }
        state.limit -= cut;
        state.successes = 0;
        let taken = self.permits.forget_permits(cut);
        state.owed += cut - taken;
        tracing::debug!(limit = state.limit, "fewer requests in flight while throttled");
    }

    /// A request succeeded: after as many successes as the limit, raise it by one.
    pub fn succeeded(&self) {
        let mut state = self.lock();
        if state.limit == self.max {
            return;
        }
        state.successes += 1;
        if state.successes < state.limit {
            return;
        }
        state.successes = 0;
        state.limit += 1;
        if state.owed > 0 {
            state.owed -= 1;
        } else {
            self.permits.add_permits(1);
        }
    }

    /// The current limit.
    #[cfg(test)]
    pub fn limit(&self) -> usize {
        self.lock().limit
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_throttled_answer_halves_the_limit_and_successes_raise_it_again() {
        let limiter = Limiter::new(8);
        limiter.throttled();
        assert_eq!(limiter.limit(), 4);
        assert_eq!(limiter.permits.available_permits(), 4);
        limiter.throttled();
        limiter.throttled();
        limiter.throttled();
        assert_eq!(limiter.limit(), 1, "never below one");
        for _ in 0..(1 + 2 + 3) {
            limiter.succeeded();
        }
        assert_eq!(limiter.limit(), 4);
        assert_eq!(limiter.permits.available_permits(), 4);
        for _ in 0..100 {
            limiter.succeeded();
        }
        assert_eq!(limiter.limit(), 8, "never above the maximum");
        assert_eq!(limiter.permits.available_permits(), 8);
    }

    #[tokio::test]
    async fn permits_in_flight_during_a_cut_are_given_up_when_they_finish() {
        let limiter = Limiter::new(4);
        let mut slots = Vec::new();
        for _ in 0..4 {
            slots.push(limiter.acquire().await.expect("open"));
        }
        limiter.throttled();
        assert_eq!(limiter.limit(), 2);
        drop(slots);
        assert_eq!(limiter.permits.available_permits(), 2, "two given up, two returned");
    }
}
