//! Configuration of the git producer.

use clap::Args;
use secrecy::{ExposeSecret, SecretString};
use std::path::PathBuf;

/// The default allow-list of hosts fetched from (`TRIBUTARY_GIT_ALLOWED_HOSTS`).
pub const DEFAULT_ALLOWED_HOSTS: &str = "github.com";

/// Configuration of the git producer. `Debug` never shows the token (a [`SecretString`]).
#[derive(Clone, Debug, Args)]
pub struct GitConfig {
    /// Folder for the bare mirrors of remote repositories.
    #[arg(long, env = "TRIBUTARY_MIRRORS", default_value = ".tributary/mirrors")]
    pub mirrors: PathBuf,
    /// Seconds between two polls of every registered repository (CHECK_INTERVAL).
    #[arg(long = "check-interval", env = "CHECK_INTERVAL", default_value_t = 60)]
    pub check_interval_secs: u64,
    /// Blob content above this many bytes is left out of `blobs` events (only the size is kept).
    #[arg(long, env = "TRIBUTARY_MAX_BLOB_BYTES", default_value_t = 1024 * 1024)]
    pub max_blob_bytes: usize,
    /// A commit's list of changed files is cut after this many entries; the commit event says
    /// how many there were in all (`files_total`), and the read model shows the cut.
    #[arg(long, env = "TRIBUTARY_MAX_COMMIT_FILES", default_value_t = 10_000)]
    pub max_commit_files: usize,
    /// PostgreSQL schema of the producer's own state.
    #[arg(
        long = "sources-schema",
        env = "TRIBUTARY_SOURCES_SCHEMA",
        default_value = "sources"
    )]
    pub state_schema: String,
    /// User name for HTTPS fetches that need credentials.
    #[arg(long, env = "TRIBUTARY_GIT_USERNAME", default_value = "x-access-token")]
    pub git_username: String,
    /// Token or password for HTTPS fetches (empty: anonymous), sent only to
    /// `--git-credentials-host` over HTTPS. Never logged.
    #[arg(
        long,
        env = "TRIBUTARY_GIT_TOKEN",
        default_value = "",
        hide_env_values = true,
        hide_default_value = true,
        value_parser = parse_secret
    )]
    pub git_token: SecretString,
    /// The only host (`host` or `host:port`) the token is sent to, and only over HTTPS.
    #[arg(
        long = "git-credentials-host",
        env = "TRIBUTARY_GIT_CREDENTIALS_HOST",
        default_value = "github.com",
        value_parser = parse_host
    )]
    pub credentials_host: String,
    /// Hosts remote repositories are fetched from, comma separated (`host` or `host:port`, exact
    /// match, case-insensitive), always over HTTPS. Local paths and `file://` are only for
    /// repositories an operator registered with `repos add`.
    #[arg(
        long = "git-allowed-hosts",
        env = "TRIBUTARY_GIT_ALLOWED_HOSTS",
        default_value = DEFAULT_ALLOWED_HOSTS,
        value_delimiter = ',',
        value_parser = parse_host
    )]
    pub allowed_hosts: Vec<String>,
    /// Seconds one fetch may take (connecting, each read, and the whole transfer); past it the
    /// fetch fails as transient and is retried within the consume loop's retry bound.
    #[arg(
        long = "git-fetch-timeout",
        env = "TRIBUTARY_GIT_FETCH_TIMEOUT_SECS",
        default_value_t = 600
    )]
    pub fetch_timeout_secs: u64,
    /// Bytes one fetch may receive; past it the fetch is aborted and the push dead-lettered.
    #[arg(
        long = "git-fetch-max-bytes",
        env = "TRIBUTARY_GIT_FETCH_MAX_BYTES",
        default_value_t = 2 * 1024 * 1024 * 1024
    )]
    pub fetch_max_bytes: u64,
    /// Pushes fetched at once by the push fetcher (different repositories in parallel; one
    /// repository's syncs stay one at a time).
    #[arg(long, env = "TRIBUTARY_FETCH_CONCURRENCY", default_value_t = 4)]
    pub fetch_concurrency: usize,
}

fn parse_secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value))
}

fn parse_host(value: &str) -> Result<String, super::policy::PolicyError> {
    super::policy::parse_host_entry(value)
}

impl GitConfig {
    /// Whether a token is configured.
    pub fn has_token(&self) -> bool {
        !self.git_token.expose_secret().is_empty()
    }
}

impl Default for GitConfig {
    /// The documented defaults (the same as the flags'), without reading the environment.
    fn default() -> Self {
        Self {
            mirrors: ".tributary/mirrors".into(),
            check_interval_secs: 60,
            max_blob_bytes: 1024 * 1024,
            max_commit_files: 10_000,
            state_schema: "sources".into(),
            git_username: "x-access-token".into(),
            git_token: SecretString::from(""),
            credentials_host: "github.com".into(),
            allowed_hosts: vec![DEFAULT_ALLOWED_HOSTS.into()],
            fetch_timeout_secs: 600,
            fetch_max_bytes: 2 * 1024 * 1024 * 1024,
            fetch_concurrency: 4,
        }
    }
}

/// URLs with credentials, redacted for logs and errors (the one function for it).
pub use tributary_base::config::redact_url;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_reach_a_log_line() {
        assert_eq!(
            redact_url("https://user:ghp_secret@github.com/o/r.git"),
            "https://user:***@github.com/o/r.git"
        );
        assert_eq!(
            redact_url("https://github.com/o/r.git"),
            "https://github.com/o/r.git"
        );
        assert_eq!(redact_url("/srv/repo"), "/srv/repo");
        assert_eq!(redact_url("tok@github.com:o/r"), "***@github.com:o/r");
        assert_eq!(redact_url("https://u:p@h/o/r@x"), "https://u:***@h/o/r@x");
        let config = GitConfig {
            git_username: "bot".into(),
            git_token: "ghp_secret".into(),
            ..GitConfig::default()
        };
        assert!(config.has_token());
        assert!(!format!("{config:?}").contains("ghp_secret"));
    }
}
