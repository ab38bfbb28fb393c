//! Configuration of `tributary serve`.

use clap::Args;
use std::net::SocketAddr;

/// Configuration of the query API.
#[derive(Clone, Args)]
pub struct QueryApiConfig {
    /// Address to listen on.
    #[arg(
        long = "listen",
        env = "TRIBUTARY_API_LISTEN",
        default_value = "127.0.0.1:3000"
    )]
    pub listen: SocketAddr,
    /// HMAC secret of the HS256 tokens without a key id (`kid`) the API accepts; empty: such
    /// tokens are refused (every key then comes from `--jwt-keys-file`).
    #[arg(
        long = "jwt-secret",
        env = "TRIBUTARY_JWT_SECRET",
        hide_env_values = true,
        default_value = ""
    )]
    pub jwt_secret: String,
    /// JSON file of verification keys by `kid` (HS256 secrets, RS256 public keys), reloaded when
    /// it changes: rotate keys by adding the new one, then removing the old one.
    #[arg(long = "jwt-keys-file", env = "TRIBUTARY_JWT_KEYS_FILE")]
    pub jwt_keys_file: Option<std::path::PathBuf>,
    /// Required `iss` claim.
    #[arg(
        long = "jwt-issuer",
        env = "TRIBUTARY_JWT_ISSUER",
        default_value = "tributary"
    )]
    pub jwt_issuer: String,
    /// Required `aud` claim.
    #[arg(
        long = "jwt-audience",
        env = "TRIBUTARY_JWT_AUDIENCE",
        default_value = "tributary-api"
    )]
    pub jwt_audience: String,
    /// PostgreSQL schema of the read model.
    #[arg(
        long = "read-schema",
        env = "TRIBUTARY_READ_SCHEMA",
        default_value = "read_model"
    )]
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
    #[arg(long = "teams-file", env = "TRIBUTARY_TEAMS_FILE")]
    pub teams_file: Option<std::path::PathBuf>,
    /// The issue label that marks an incident.
    #[arg(
        long = "incident-label",
        env = "TRIBUTARY_INCIDENT_LABEL",
        default_value = "incident"
    )]
    pub incident_label: String,
    /// Requests per token subject with the `reader` role, `RATE[:BURST]` per second.
    #[arg(
        long = "reader-rate-limit",
        env = "TRIBUTARY_API_READER_RATE_LIMIT",
        default_value = "500:1000"
    )]
    pub reader_rate_limit: tributary_runtime::rate_limit::Rate,
    /// Requests per token subject with the `admin` role, `RATE[:BURST]` per second.
    #[arg(
        long = "admin-rate-limit",
        env = "TRIBUTARY_API_ADMIN_RATE_LIMIT",
        default_value = "100:200"
    )]
    pub admin_rate_limit: tributary_runtime::rate_limit::Rate,
    /// Requests in flight at once; more are refused with 503.
    #[arg(
        long = "max-concurrent-requests",
        env = "TRIBUTARY_API_MAX_CONCURRENT",
        default_value_t = 512
    )]
    pub max_concurrent_requests: usize,
    /// Deadline of one request in milliseconds (until its response starts; streams then go on).
    #[arg(
        long = "request-timeout-ms",
        env = "TRIBUTARY_API_REQUEST_TIMEOUT_MS",
        default_value_t = 30_000
    )]
    pub request_timeout_ms: u64,
}

impl std::fmt::Debug for QueryApiConfig {
    // The secret never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryApiConfig")
            .field("listen", &self.listen)
            .field("jwt_secret", &"<redacted>")
            .field("jwt_keys_file", &self.jwt_keys_file)
            .field("jwt_issuer", &self.jwt_issuer)
            .field("jwt_audience", &self.jwt_audience)
            .field("read_schema", &self.read_schema)
            .field("components", &self.components)
            .field("teams_file", &self.teams_file)
            .field("incident_label", &self.incident_label)
            .field("reader_rate_limit", &self.reader_rate_limit)
            .field("admin_rate_limit", &self.admin_rate_limit)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .field("request_timeout_ms", &self.request_timeout_ms)
            .finish()
    }
}
