//! Capped exponential backoff for transient failures, and the bound on how long a record is
//! retried ([`RetryPolicy`]) before it is dead-lettered so that the records behind it flow.

use std::time::{Duration, Instant};

/// How long a consume loop retries one record that fails transiently (network, broker,
/// database) before it gives up on it: the record goes to the dead-letter topic with the last
/// error and the number of attempts, the partition moves on, and `dlq redrive` brings the record
/// back once the cause is fixed. Both bounds apply: whichever is reached first ends the retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Args)]
pub struct RetryPolicy {
    /// Attempts of one record before it is dead-lettered (the first try included).
    #[arg(
        long = "retry-max-attempts",
        env = "TRIBUTARY_RETRY_MAX_ATTEMPTS",
        default_value_t = 10
    )]
    pub max_attempts: u32,
    /// Seconds one record may be retried before it is dead-lettered.
    #[arg(
        long = "retry-max-seconds",
        env = "TRIBUTARY_RETRY_MAX_SECONDS",
        default_value_t = 300
    )]
    pub max_seconds: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            max_seconds: 300,
        }
    }
}

impl RetryPolicy {
    /// Whether a record first tried at `started`, having failed `attempts` times, is out of
    /// retries.
    pub fn exhausted(&self, attempts: u32, started: Instant) -> bool {
        attempts >= self.max_attempts.max(1)
            || started.elapsed() >= Duration::from_secs(self.max_seconds)
    }
}

/// Capped exponential backoff with a little jitter.
#[derive(Debug, Clone)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    attempt: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new(Duration::from_millis(100), Duration::from_secs(10))
    }
}

impl Backoff {
    /// Starts at `initial`, doubles on each failure, never waits longer than `max`.
    pub fn new(initial: Duration, max: Duration) -> Self {
        Self {
            initial,
            max,
            attempt: 0,
        }
    }

    /// How many failures so far.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// The next delay (and counts one more failure).
    pub fn next_delay(&mut self) -> Duration {
        let exp = self.attempt.min(16);
        self.attempt = self.attempt.saturating_add(1);
        let base = self.initial.saturating_mul(1u32 << exp).min(self.max);
        // Up to 10% jitter so that restarted workers do not retry in lockstep.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let jitter = base.mul_f64(f64::from(nanos % 100) / 1000.0);
        (base + jitter).min(self.max)
    }

    /// Sleeps for the next delay.
    pub async fn wait(&mut self) {
        tokio::time::sleep(self.next_delay()).await;
    }

    /// Starts over after a success.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_then_caps() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        let first = b.next_delay();
        assert!(first >= Duration::from_millis(100) && first < Duration::from_millis(111));
        let second = b.next_delay();
        assert!(second >= Duration::from_millis(200));
        for _ in 0..20 {
            assert!(b.next_delay() <= Duration::from_secs(1));
        }
        b.reset();
        assert_eq!(b.attempts(), 0);
    }
}
