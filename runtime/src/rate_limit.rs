//! Token-bucket rate limits keyed by client (a token's subject, a source address): each key has
//! a bucket of `burst` tokens refilled at `per_second`; a request takes one token or is refused
//! with how long until one is back (`Retry-After`).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::HttpError;

/// Most keys remembered; past it, full (idle) buckets are forgotten first.
const MAX_KEYS: usize = 100_000;

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

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets by key.
#[derive(Debug, Default)]
pub struct TokenBuckets {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl TokenBuckets {
    /// Empty: every key starts with a full bucket.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes a token from `key`'s bucket at `rate`, as of `now`.
    pub fn take(&self, key: &str, rate: Rate, now: Instant) -> Decision {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_KEYS && !buckets.contains_key(key) {
            // Forget buckets that have refilled: they are indistinguishable from new ones.
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate.per_second
                    < rate.burst
            });
            if buckets.len() >= MAX_KEYS {
                buckets.clear();
            }
        }
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: rate.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate.per_second).min(rate.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Decision::Allowed
        } else {
            let wait = (1.0 - bucket.tokens) / rate.per_second;
            Decision::Limited {
                retry_after: Duration::from_secs_f64(wait),
            }
        }
    }

    /// How many keys have a bucket.
    pub fn len(&self) -> usize {
        self.buckets.lock().map(|b| b.len()).unwrap_or_default()
    }

    /// Whether no key has a bucket.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
    fn a_bucket_empties_then_refills_at_its_rate() {
        let buckets = TokenBuckets::new();
        let rate = Rate {
            per_second: 2.0,
            burst: 3.0,
        };
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(buckets.take("alice", rate, t0), Decision::Allowed);
        }
        let Decision::Limited { retry_after } = buckets.take("alice", rate, t0) else {
            panic!("the fourth request at once is limited");
        };
        assert!(
            (retry_after.as_secs_f64() - 0.5).abs() < 1e-9,
            "{retry_after:?}"
        );
        // Another key has its own bucket.
        assert_eq!(buckets.take("bob", rate, t0), Decision::Allowed);
        // Half a second later one token is back, and only one.
        let t1 = t0 + Duration::from_millis(500);
        assert_eq!(buckets.take("alice", rate, t1), Decision::Allowed);
        assert!(matches!(
            buckets.take("alice", rate, t1),
            Decision::Limited { .. }
        ));
        // A long pause refills up to the burst, not beyond.
        let t2 = t1 + Duration::from_secs(60);
        for _ in 0..3 {
            assert_eq!(buckets.take("alice", rate, t2), Decision::Allowed);
        }
        assert!(matches!(
            buckets.take("alice", rate, t2),
            Decision::Limited { .. }
        ));
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
