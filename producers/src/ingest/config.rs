//! Configuration of `tributary ingest`.

use clap::Args;
use secrecy::SecretString;
use std::net::SocketAddr;
use tributary_base::config::SecretParser;

/// Configuration of the webhook ingest server.
#[derive(Debug, Clone, Args)]
pub struct IngestConfig {
    /// Address to listen on.
    #[arg(
        long,
        env = "TRIBUTARY_INGEST_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: SocketAddr,
    /// The webhook secret configured in GitHub; deliveries must be signed with it. At least
    /// 32 bytes: ingest refuses to start with a shorter one.
    #[arg(
        long = "webhook-secret",
        env = "TRIBUTARY_WEBHOOK_SECRET",
        hide_env_values = true,
        default_value = "",
        hide_default_value = true,
        value_parser = SecretParser::new("TRIBUTARY_WEBHOOK_SECRET")
    )]
    pub secret: SecretString,
    /// Largest accepted body, in bytes (GitHub caps payloads at 25 MB).
    #[arg(long, env = "TRIBUTARY_INGEST_MAX_BODY", default_value_t = 25 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// How long to wait for the broker's acknowledgement before answering 503, in milliseconds.
    #[arg(long, env = "TRIBUTARY_INGEST_ACK_TIMEOUT_MS", default_value_t = 5000)]
    pub ack_timeout_ms: u64,
    /// How many recent delivery ids to remember for deduplication.
    #[arg(
        long,
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
    pub rate_per_source: tributary_http::rate_limit::Rate,
    /// Take the source address from the last `X-Forwarded-For` entry (the one the proxy in front
    /// appended) instead of the connection's peer. Only behind a proxy that sets it.
    #[arg(long, env = "TRIBUTARY_INGEST_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Deliveries being received at once; more are refused with 503 and `Retry-After` before
    /// their body is read. With the body cap it bounds the memory bodies take
    /// (`max_in_flight × max_body_bytes`).
    #[arg(long, env = "TRIBUTARY_INGEST_MAX_IN_FLIGHT", default_value_t = 64)]
    pub max_in_flight: usize,
    /// How long a client may take to send its whole body, in milliseconds; past it the
    /// request is answered 408, the connection closed and what was read released.
    #[arg(
        long,
        env = "TRIBUTARY_INGEST_BODY_TIMEOUT_MS",
        default_value_t = 30_000
    )]
    pub body_timeout_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        ingest: IngestConfig,
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = "webhook-secret-that-is-long-enough-0123";
        let cli = Cli::try_parse_from(["t", "--webhook-secret", secret]).expect("parses");
        assert!(!format!("{:?}", cli.ingest).contains(secret));
    }

    #[test]
    fn an_empty_or_short_secret_is_refused() {
        for args in [&["t"][..], &["t", "--webhook-secret", "short"]] {
            let e = Cli::try_parse_from(args).err().map(|e| e.to_string());
            assert!(
                e.as_deref()
                    .is_some_and(|e| e.contains("TRIBUTARY_WEBHOOK_SECRET")),
                "{e:?}"
            );
        }
    }
}
