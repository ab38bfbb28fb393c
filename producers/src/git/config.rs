//! Configuration of the git producer.

use clap::Args;
use std::path::PathBuf;

/// Configuration of the git producer.
#[derive(Clone, Args)]
pub struct GitConfig {
    /// Folder for the bare mirrors of remote repositories.
    #[arg(
        long = "mirrors",
        env = "TRIBUTARY_MIRRORS",
        default_value = ".tributary/mirrors"
    )]
    pub mirrors: PathBuf,
    /// Seconds between two polls of every registered repository (CHECK_INTERVAL).
    #[arg(long = "check-interval", env = "CHECK_INTERVAL", default_value_t = 60)]
    pub check_interval_secs: u64,
    /// Blob content above this many bytes is left out of `blobs` events (only the size is kept).
    #[arg(long = "max-blob-bytes", env = "TRIBUTARY_MAX_BLOB_BYTES", default_value_t = 1024 * 1024)]
    pub max_blob_bytes: usize,
    /// PostgreSQL schema of the producer's own state.
    #[arg(
        long = "sources-schema",
        env = "TRIBUTARY_SOURCES_SCHEMA",
        default_value = "sources"
    )]
    pub state_schema: String,
    /// User name for HTTPS fetches that need credentials.
    #[arg(
        long = "git-username",
        env = "TRIBUTARY_GIT_USERNAME",
        default_value = "x-access-token"
    )]
    pub git_username: String,
    /// Token or password for HTTPS fetches (empty: anonymous). Never logged.
    #[arg(
        long = "git-token",
        env = "TRIBUTARY_GIT_TOKEN",
        default_value = "",
        hide_env_values = true
    )]
    pub git_token: String,
}

impl std::fmt::Debug for GitConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitConfig")
            .field("mirrors", &self.mirrors)
            .field("check_interval_secs", &self.check_interval_secs)
            .field("max_blob_bytes", &self.max_blob_bytes)
            .field("state_schema", &self.state_schema)
            .field("git_username", &self.git_username)
            .field(
                "git_token",
                &if self.git_token.is_empty() { "" } else { "***" },
            )
            .finish()
    }
}

/// `url` with any password or token in it replaced by `***`, for logs and errors.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}{path}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_reach_a_log_line() {
        assert_eq!(
            redact_url("https://user:ghp_secret@github.com/o/r.git"),
            "https://***@github.com/o/r.git"
        );
        assert_eq!(
            redact_url("https://github.com/o/r.git"),
            "https://github.com/o/r.git"
        );
        assert_eq!(redact_url("/srv/repo"), "/srv/repo");
        let config = GitConfig {
            mirrors: ".m".into(),
            check_interval_secs: 1,
            max_blob_bytes: 1,
            state_schema: "s".into(),
            git_username: "bot".into(),
            git_token: "ghp_secret".into(),
        };
        assert!(!format!("{config:?}").contains("ghp_secret"));
    }
}
