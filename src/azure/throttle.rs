//! A pause shared by every request of one client once the service throttles any of them.
//!
//! ARM answers a throttled request with 429 (or 503) and the time to wait, and refuses a
//! request sent before that time with a new one. A request that waits on its own while the
//! others keep firing therefore only prolongs the throttling. Instead, a throttled answer sets
//! a "not before" instant for the whole client, the latest one winning, and every request
//! waits for it before it is sent: the run pauses, then goes on.
//!
//! The instant is read from the injected clock, so tests neither wait nor depend on the time
//! of day. The lock is a plain mutex because it is only held to read or write one value,
//! never across a wait; the wait itself is the clock's (tokio's) sleep.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::retry::Clock;

/// The client-wide "not before" instant.
#[derive(Debug, Default)]
pub(crate) struct SharedBackoff {
    hold: Mutex<Option<Hold>>,
}

#[derive(Clone, Copy, Debug)]
struct Hold {
    until: SystemTime,
    /// The wait asked for; a hold never lasts longer, even if the wall clock jumps back.
    length: Duration,
}

/// What a throttled answer did to the pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pause {
    /// No pause was running: one starts now.
    Started,
    /// A pause was running and now ends later.
    Extended,
    /// A running pause already ends later.
    Unchanged,
}

impl SharedBackoff {
    /// Holds every request until `delay` after `now`, unless a later hold is set already.
    pub fn pause(&self, now: SystemTime, delay: Duration) -> Pause {
        let until = now + delay;
        let mut hold = self.hold.lock().unwrap_or_else(PoisonError::into_inner);
        let running = (*hold).filter(|h| remaining(h, now) > Duration::ZERO);
        match running {
            Some(h) if h.until >= until => Pause::Unchanged,
            _ => {
                *hold = Some(Hold { until, length: delay });
                if running.is_some() { Pause::Extended } else { Pause::Started }
            }
        }
    }

    /// How long requests must still wait at `now`.
    pub fn remaining(&self, now: SystemTime) -> Duration {
        let hold = *self.hold.lock().unwrap_or_else(PoisonError::into_inner);
        hold.map_or(Duration::ZERO, |h| remaining(&h, now))
    }

    /// Waits until no hold is running, looking again after each sleep because another
    /// throttled answer may have moved the instant later; how long it waited.
    pub async fn wait(&self, clock: &dyn Clock) -> Duration {
        let mut waited = Duration::ZERO;
        loop {
            let left = self.remaining(clock.now());
            if left.is_zero() {
                return waited;
            }
            clock.sleep(left).await;
            waited += left;
        }
    }
}

fn remaining(hold: &Hold, now: SystemTime) -> Duration {
    hold.until.duration_since(now).unwrap_or(Duration::ZERO).min(hold.length)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn the_latest_instant_wins() {
        let backoff = SharedBackoff::default();
        assert_eq!(backoff.remaining(at(100)), Duration::ZERO);
        assert_eq!(backoff.pause(at(100), Duration::from_secs(5)), Pause::Started);
        assert_eq!(backoff.pause(at(101), Duration::from_secs(2)), Pause::Unchanged);
        assert_eq!(backoff.remaining(at(102)), Duration::from_secs(3));
        assert_eq!(backoff.pause(at(102), Duration::from_secs(7)), Pause::Extended);
        assert_eq!(backoff.remaining(at(103)), Duration::from_secs(6));
        assert_eq!(backoff.remaining(at(109)), Duration::ZERO);
        assert_eq!(backoff.pause(at(200), Duration::from_secs(1)), Pause::Started);
    }

    #[test]
    fn a_clock_that_jumps_back_does_not_lengthen_the_hold() {
        let backoff = SharedBackoff::default();
        backoff.pause(at(1000), Duration::from_secs(2));
        assert_eq!(backoff.remaining(at(10)), Duration::from_secs(2));
    }
}
