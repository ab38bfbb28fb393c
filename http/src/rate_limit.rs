//! Rate limits keyed by client (a token's subject, a source address), through [`governor`]'s
//! keyed limiter (GCRA, equivalent to a token bucket per key): each key may send `burst`
//! requests at once, and one more each `1 / per_second` seconds; a request over it is refused
//! with how long until the next one would pass (`Retry-After`). Keys whose state is back to
//! that of a new key are forgotten in the limiter's housekeeping (`retain_recent`), so memory
//! follows the clients active within one refill, and no client's state is ever cut short.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::HttpError;

/// Checks between two housekeeping passes (forgetting keys back to a fresh state).
const HOUSEKEEPING_EVERY: u64 = 4096;

/// A sustained rate with a burst: `RATE[:BURST]` requests per second (`50:100`); the burst
/// defaults to the rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Tokens refilled per second.
    pub per_second: f64,
    /// Bucket size: requests allowed at once after a quiet period.
    pub burst: f64,
}

impl Rate {
    /// No practical limit: for tests and benchmarks that measure something else.
    pub const UNLIMITED: Rate = Rate {
        per_second: 1e9,
        burst: 1e9,
    };
}

/// Why a rate could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a rate is RATE[:BURST] requests per second, both positive numbers (got {0:?})")]
pub struct BadRate(pub String);

impl FromStr for Rate {
    type Err = BadRate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadRate(s.to_string());
        let (rate, burst) = match s.split_once(':') {
            Some((r, b)) => (r, Some(b)),
            None => (s, None),
        };
        let per_second: f64 = rate.trim().parse().map_err(|_| bad())?;
        let burst: f64 = match burst {
            Some(b) => b.trim().parse().map_err(|_| bad())?,
            None => per_second,
        };
        if !(per_second.is_finite() && burst.is_finite() && per_second > 0.0 && burst >= 1.0) {
            return Err(bad());
        }
        Ok(Self { per_second, burst })
    }
}

/// What a bucket said.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// Go ahead (one token taken).
    Allowed,
    /// Refused: a token is back after this long.
    Limited {
        /// Time until the next token.
        retry_after: Duration,
    },
}

type Limiter<C> =
    RateLimiter<String, DefaultKeyedStateStore<String>, C, NoOpMiddleware<<C as Clock>::Instant>>;

impl Rate {
    /// The limiter's quota: one request each `1 / per_second` (at least a nanosecond), `burst`
    /// (at least one, whole requests) at once.
    fn quota(self) -> Quota {
        let period = if self.per_second.is_finite() && self.per_second > 0.0 {
            Duration::try_from_secs_f64(1.0 / self.per_second).unwrap_or(Duration::MAX)
        } else {
            Duration::MAX
        };
        let burst = if self.burst.is_finite() && self.burst >= 1.0 {
            // Saturating: a burst past u32::MAX is no limit anyway.
            self.burst.min(f64::from(u32::MAX)) as u32
        } else {
            1
        };
        Quota::with_period(period.max(Duration::from_nanos(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
    }
}

/// Rate limits by key, every key at the same [`Rate`].
pub struct KeyedLimiter<C: Clock = DefaultClock> {
    limiter: Limiter<C>,
    clock: C,
    checks: AtomicU64,
}

impl<C: Clock> std::fmt::Debug for KeyedLimiter<C> {
    // Not the keys: they name clients.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyedLimiter")
            .field("keys", &self.limiter.len())
            .finish()
    }
}

impl KeyedLimiter {
    /// Every key starts with its whole burst.
    pub fn new(rate: Rate) -> Self {
        Self::with_clock(rate, DefaultClock::default())
    }
}

impl<C: Clock + Clone> KeyedLimiter<C> {
    /// The same on another clock (tests use governor's `FakeRelativeClock`).
    pub fn with_clock(rate: Rate, clock: C) -> Self {
        Self {
            limiter: RateLimiter::dashmap_with_clock(rate.quota(), clock.clone()),
            clock,
            checks: AtomicU64::new(0),
        }
    }

    /// Counts a request of `key`: allowed, or refused with the time until one would pass.
    pub fn check(&self, key: &str) -> Decision {
        if self.checks.fetch_add(1, Ordering::Relaxed) % HOUSEKEEPING_EVERY
            == HOUSEKEEPING_EVERY - 1
        {
            self.housekeeping();
        }
        match self.limiter.check_key(&key.to_string()) {
            Ok(()) => Decision::Allowed,
            Err(not_until) => Decision::Limited {
                retry_after: not_until.wait_time_from(self.clock.now()),
            },
        }
    }

    /// Forgets the keys whose state is back to a new key's, and gives their memory back.
    pub fn housekeeping(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }

    /// How many keys have a state (an estimate while checks run).
    pub fn len(&self) -> usize {
        self.limiter.len()
    }

    /// Whether no key has a state.
    pub fn is_empty(&self) -> bool {
        self.limiter.is_empty()
    }
}

/// The 429 answer: the error body and `Retry-After` in whole seconds (at least 1).
pub fn too_many_requests(retry_after: Duration) -> Response {
    let seconds = retry_after.as_secs_f64().ceil().max(1.0) as u64;
    let mut response = HttpError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("too many requests; retry after {seconds} s"),
    )
    .into_response();
    response
        .headers_mut()
        .insert("retry-after", HeaderValue::from(seconds));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    #[test]
    fn rates_parse_with_an_optional_burst() {
        assert_eq!(
            "50:100".parse::<Rate>(),
            Ok(Rate {
                per_second: 50.0,
                burst: 100.0
            })
        );
        assert_eq!(
            "0.5".parse::<Rate>().map(|r| r.burst),
            Err(BadRate("0.5".into()))
        );
        assert_eq!("2".parse::<Rate>().map(|r| r.burst), Ok(2.0));
        for bad in ["", "x", "0", "-1:5", "5:0", "inf", "1:NaN"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_key_spends_its_burst_then_refills_at_its_rate() {
        let clock = FakeRelativeClock::default();
        let limits = KeyedLimiter::with_clock(
            Rate {
                per_second: 2.0,
                burst: 3.0,
            },
            clock.clone(),
        );
        for _ in 0..3 {
            assert_eq!(limits.check("alice"), Decision::Allowed);
        }
        let Decision::Limited { retry_after } = limits.check("alice") else {
            panic!("the fourth request at once is limited");
        };
        assert_eq!(retry_after, Duration::from_millis(500));
        // Another key has its own allowance.
        assert_eq!(limits.check("bob"), Decision::Allowed);
        // Half a second later one request passes, and only one.
        clock.advance(Duration::from_millis(500));
        assert_eq!(limits.check("alice"), Decision::Allowed);
        assert!(matches!(limits.check("alice"), Decision::Limited { .. }));
        // A long pause gives the burst back, not more.
        clock.advance(Duration::from_secs(60));
        for _ in 0..3 {
            assert_eq!(limits.check("alice"), Decision::Allowed);
        }
        assert!(matches!(limits.check("alice"), Decision::Limited { .. }));
    }

    #[test]
    fn housekeeping_forgets_only_keys_back_to_a_fresh_state() {
        let clock = FakeRelativeClock::default();
        let limits = KeyedLimiter::with_clock(
            Rate {
                per_second: 1.0,
                burst: 2.0,
            },
            clock.clone(),
        );
        assert_eq!(limits.check("idle"), Decision::Allowed);
        clock.advance(Duration::from_secs(5));
        assert_eq!(limits.check("busy"), Decision::Allowed);
        assert_eq!(limits.check("busy"), Decision::Allowed);
        limits.housekeeping();
        assert_eq!(limits.len(), 1, "only the key still refilling is kept");
        // The kept key's state is intact: it is still out of requests.
        assert!(matches!(limits.check("busy"), Decision::Limited { .. }));
    }

    #[test]
    fn a_fractional_or_huge_rate_still_makes_a_quota() {
        let slow = KeyedLimiter::with_clock(
            Rate {
                per_second: 0.5,
                burst: 1.0,
            },
            FakeRelativeClock::default(),
        );
        assert_eq!(slow.check("k"), Decision::Allowed);
        assert_eq!(
            slow.check("k"),
            Decision::Limited {
                retry_after: Duration::from_secs(2)
            }
        );
        let unlimited = KeyedLimiter::new(Rate::UNLIMITED);
        for _ in 0..10_000 {
            assert_eq!(unlimited.check("k"), Decision::Allowed);
        }
    }

    #[test]
    fn the_answer_is_429_with_whole_seconds_to_wait() {
        let r = too_many_requests(Duration::from_millis(1200));
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()["retry-after"], "2");
        let r = too_many_requests(Duration::from_millis(10));
        assert_eq!(r.headers()["retry-after"], "1");
    }
}
