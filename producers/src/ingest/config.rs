//! Configuration of `tributary ingest`.

use clap::Args;
use std::net::SocketAddr;

/// Configuration of the webhook ingest server.
#[derive(Clone, Args)]
pub struct IngestConfig {
    /// Address to listen on.
    #[arg(
        long = "listen",
        env = "TRIBUTARY_INGEST_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: SocketAddr,
    /// The webhook secret configured in GitHub; deliveries must be signed with it.
    #[arg(
        long = "webhook-secret",
        env = "TRIBUTARY_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub secret: String,
    /// Largest accepted body, in bytes (GitHub caps payloads at 25 MB).
    #[arg(long = "max-body-bytes", env = "TRIBUTARY_INGEST_MAX_BODY", default_value_t = 25 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// How long to wait for the broker's acknowledgement before answering 503, in milliseconds.
    #[arg(
        long = "ack-timeout-ms",
        env = "TRIBUTARY_INGEST_ACK_TIMEOUT_MS",
        default_value_t = 5000
    )]
    pub ack_timeout_ms: u64,
    /// How many recent delivery ids to remember for deduplication.
    #[arg(
        long = "dedupe-capacity",
        env = "TRIBUTARY_INGEST_DEDUPE_CAPACITY",
        default_value_t = 100_000
    )]
    pub dedupe_capacity: usize,
    /// Deliveries allowed per source address, `RATE[:BURST]` per second (GitHub sends from a
    /// few shared addresses: keep it generous). Over it: 429 with `Retry-After`.
    #[arg(
        long = "rate-limit-per-source",
        env = "TRIBUTARY_INGEST_RATE_LIMIT",
        default_value = "1000:2000"
    )]
    pub rate_per_source: tributary_runtime::rate_limit::Rate,
    /// Take the source address from the last `X-Forwarded-For` entry (the one the proxy in front
    /// appended) instead of the connection's peer. Only behind a proxy that sets it.
    #[arg(
        long = "trust-forwarded-for",
        env = "TRIBUTARY_INGEST_TRUST_FORWARDED_FOR"
    )]
    pub trust_forwarded_for: bool,
}

impl std::fmt::Debug for IngestConfig {
    // The secret never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IngestConfig")
            .field("listen", &self.listen)
            .field("secret", &"<redacted>")
            .field("max_body_bytes", &self.max_body_bytes)
            .field("ack_timeout_ms", &self.ack_timeout_ms)
            .field("dedupe_capacity", &self.dedupe_capacity)
            .field("rate_per_source", &self.rate_per_source)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .finish()
    }
}
