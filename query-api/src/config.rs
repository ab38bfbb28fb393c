//! Configuration of `tributary serve`.

use clap::builder::TypedValueParser;
use clap::Args;
use secrecy::{ExposeSecret, SecretString};
use std::ffi::OsStr;
use std::net::SocketAddr;
use tributary_base::config::SecretParser;

/// The HS256 secret of tokens without a key id: none (empty: such tokens are refused), or at
/// least [`tributary_base::config::MIN_SECRET_BYTES`] bytes (the command line refuses a
/// shorter one). `Debug` never shows it.
#[derive(Debug, Clone, Default)]
pub struct JwtSecret(Option<SecretString>);

impl JwtSecret {
    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The secret's bytes (empty when none).
    pub fn expose_bytes(&self) -> &[u8] {
        self.0
            .as_ref()
            .map(|s| s.expose_secret().as_bytes())
            .unwrap_or_default()
    }
}

impl From<&str> for JwtSecret {
    fn from(s: &str) -> Self {
        Self((!s.is_empty()).then(|| SecretString::from(s)))
    }
}

impl From<String> for JwtSecret {
    fn from(s: String) -> Self {
        Self((!s.is_empty()).then(|| SecretString::from(s)))
    }
}

/// Parses `--jwt-secret`: empty is none, anything else must pass [`SecretParser`].
#[derive(Debug, Clone, Copy)]
struct JwtSecretParser;

impl TypedValueParser for JwtSecretParser {
    type Value = JwtSecret;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<JwtSecret, clap::Error> {
        if value.is_empty() {
            return Ok(JwtSecret(None));
        }
        SecretParser::new("TRIBUTARY_JWT_SECRET")
            .parse_ref(cmd, arg, value)
            .map(|s| JwtSecret(Some(s)))
    }
}

/// Configuration of the query API.
#[derive(Debug, Clone, Args)]
pub struct QueryApiConfig {
    /// Address to listen on.
    #[arg(long, env = "TRIBUTARY_API_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// HMAC secret of the HS256 tokens without a key id (`kid`) the API accepts, at least 32
    /// bytes; empty: such tokens are refused (every key then comes from `--jwt-keys-file`).
    #[arg(
        long,
        env = "TRIBUTARY_JWT_SECRET",
        hide_env_values = true,
        default_value = "",
        hide_default_value = true,
        value_parser = JwtSecretParser
    )]
    pub jwt_secret: JwtSecret,
    /// JSON file of verification keys by `kid` (HS256 secrets, RS256 public keys), reloaded when
    /// it changes: rotate keys by adding the new one, then removing the old one.
    #[arg(long, env = "TRIBUTARY_JWT_KEYS_FILE")]
    pub jwt_keys_file: Option<std::path::PathBuf>,
    /// Required `iss` claim.
    #[arg(long, env = "TRIBUTARY_JWT_ISSUER", default_value = "tributary")]
    pub jwt_issuer: String,
    /// Required `aud` claim.
    #[arg(long, env = "TRIBUTARY_JWT_AUDIENCE", default_value = "tributary-api")]
    pub jwt_audience: String,
    /// PostgreSQL schema of the read model.
    #[arg(long, env = "TRIBUTARY_READ_SCHEMA", default_value = "read_model")]
    pub read_schema: String,
    /// Components whose `/health` `/health/all` reports, as `name=url` (repeatable, or comma
    /// separated in the environment).
    #[arg(
        long = "component",
        env = "TRIBUTARY_COMPONENTS",
        value_delimiter = ','
    )]
    pub components: Vec<String>,
    /// JSON file mapping each team to its authors' emails and path prefixes
    /// (`{"payments": {"authors": ["a@example.com"], "paths": ["billing/"]}}`), for
    /// `/metrics/dora?team=`.
    #[arg(long, env = "TRIBUTARY_TEAMS_FILE")]
    pub teams_file: Option<std::path::PathBuf>,
    /// The issue label that marks an incident.
    #[arg(long, env = "TRIBUTARY_INCIDENT_LABEL", default_value = "incident")]
    pub incident_label: String,
    /// Requests per token subject with the `reader` role, `RATE[:BURST]` per second.
    #[arg(
        long,
        env = "TRIBUTARY_API_READER_RATE_LIMIT",
        default_value = "500:1000"
    )]
    pub reader_rate_limit: tributary_http::rate_limit::Rate,
    /// Requests per token subject with the `admin` role, `RATE[:BURST]` per second.
    #[arg(
        long,
        env = "TRIBUTARY_API_ADMIN_RATE_LIMIT",
        default_value = "100:200"
    )]
    pub admin_rate_limit: tributary_http::rate_limit::Rate,
    /// Requests in flight at once; more are refused with 503.
    #[arg(long, env = "TRIBUTARY_API_MAX_CONCURRENT", default_value_t = 512)]
    pub max_concurrent_requests: usize,
    /// Deadline of one request in milliseconds (until its response starts; streams then go on).
    #[arg(
        long,
        env = "TRIBUTARY_API_REQUEST_TIMEOUT_MS",
        default_value_t = 30_000
    )]
    pub request_timeout_ms: u64,
    /// `/events/stream` streams one token subject may hold open at once; past it: 429.
    #[arg(long, env = "TRIBUTARY_SSE_MAX_PER_SUBJECT", default_value_t = 8)]
    pub sse_max_per_subject: usize,
    /// `/events/stream` streams open at once over all subjects; past it: 503 with
    /// `Retry-After`.
    #[arg(long, env = "TRIBUTARY_SSE_MAX_STREAMS", default_value_t = 512)]
    pub sse_max_streams: usize,
    /// How often `/health` re-checks the database in the background, in milliseconds; `/health`
    /// answers from the last check (and `/health/all` re-checks at most this often).
    #[arg(
        long,
        env = "TRIBUTARY_API_HEALTH_INTERVAL_MS",
        default_value_t = 2_000
    )]
    pub health_interval_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        api: QueryApiConfig,
    }

    #[test]
    fn debug_never_shows_the_secret_and_a_short_one_is_refused() {
        let secret = "jwt-secret-that-is-long-enough-0123456";
        let cli = Cli::try_parse_from(["t", "--jwt-secret", secret]).expect("parses");
        assert_eq!(cli.api.jwt_secret.expose_bytes(), secret.as_bytes());
        assert!(!format!("{:?}", cli.api).contains(secret));
        let none = Cli::try_parse_from(["t", "--jwt-secret", ""]).expect("parses");
        assert!(none.api.jwt_secret.is_empty());
        let short = Cli::try_parse_from(["t", "--jwt-secret", "hunter2"])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            short.contains("TRIBUTARY_JWT_SECRET is 7 bytes long") && !short.contains("hunter2"),
            "{short}"
        );
    }
}
