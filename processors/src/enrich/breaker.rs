//! A circuit breaker: after `failures` consecutive failures the circuit opens and calls fail
//! fast for `cooldown`; then one trial call is let through (half-open): its success closes
//! the circuit, its failure opens it again.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The breaker's state, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls go through.
    Closed,
    /// Calls fail fast.
    Open,
    /// One trial call is out.
    HalfOpen,
}

#[derive(Debug)]
struct Inner {
    consecutive_failures: u32,
    open_until: Option<Instant>,
    trial_out: bool,
}

/// A circuit breaker shared by every call to one endpoint.
#[derive(Debug)]
pub struct CircuitBreaker {
    failures: u32,
    cooldown: Duration,
    inner: Mutex<Inner>,
}

impl CircuitBreaker {
    /// Opens after `failures` consecutive failures, for `cooldown`.
    pub fn new(failures: u32, cooldown: Duration) -> Self {
        Self {
            failures: failures.max(1),
            cooldown,
            inner: Mutex::new(Inner {
                consecutive_failures: 0,
                open_until: None,
                trial_out: false,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a call may go out now (a half-open circuit lets exactly one through).
    pub fn allow(&self) -> bool {
        let mut inner = self.lock();
        match inner.open_until {
            None => true,
            Some(until) if Instant::now() < until => false,
            Some(_) if inner.trial_out => false,
            Some(_) => {
                inner.trial_out = true;
                true
            }
        }
    }

    /// Records a successful call: the circuit closes.
    pub fn success(&self) {
        let mut inner = self.lock();
        inner.consecutive_failures = 0;
        inner.open_until = None;
        inner.trial_out = false;
    }

    /// Records a failed call: the circuit opens at the threshold, or again after a failed trial.
    pub fn failure(&self) {
        let mut inner = self.lock();
        inner.consecutive_failures += 1;
        if inner.trial_out || inner.consecutive_failures >= self.failures {
            if inner.open_until.is_none() || inner.trial_out {
                tracing::warn!(
                    failures = inner.consecutive_failures,
                    cooldown_ms = self.cooldown.as_millis() as u64,
                    "model endpoint circuit opened"
                );
            }
            inner.open_until = Some(Instant::now() + self.cooldown);
            inner.trial_out = false;
        }
    }

    /// The current state.
    pub fn state(&self) -> BreakerState {
        let inner = self.lock();
        match inner.open_until {
            None => BreakerState::Closed,
            Some(_) if inner.trial_out => BreakerState::HalfOpen,
            Some(until) if Instant::now() < until => BreakerState::Open,
            Some(_) => BreakerState::HalfOpen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_at_the_threshold_and_closes_after_a_good_trial() {
        let b = CircuitBreaker::new(3, Duration::from_millis(50));
        for _ in 0..2 {
            assert!(b.allow());
            b.failure();
        }
        assert_eq!(b.state(), BreakerState::Closed);
        assert!(b.allow());
        b.failure();
        assert_eq!(b.state(), BreakerState::Open);
        assert!(!b.allow());
        std::thread::sleep(Duration::from_millis(60));
        assert!(b.allow(), "one trial after the cool-down");
        assert!(!b.allow(), "only one");
        b.failure();
        assert_eq!(
            b.state(),
            BreakerState::Open,
            "a failed trial opens it again"
        );
        std::thread::sleep(Duration::from_millis(60));
        assert!(b.allow());
        b.success();
        assert_eq!(b.state(), BreakerState::Closed);
        assert!(b.allow() && b.allow());
    }
}
