//! The defaults of the `tributary` binary's settings, in one place.
//!
//! The flags the binary declares itself take their defaults from the constants here; the
//! configuration groups of the component crates (`IngestConfig`, `QueryApiConfig`, ...) declare
//! theirs on their flags, and [`of`] reads them from there, so `tributary up`, the tests and the
//! benches start components with the same settings as the CLI without copying them.

use clap::{Args, Command, FromArgMatches};
use std::path::PathBuf;

/// Where ingest listens (`tributary ingest --listen`, `tributary up --ingest-listen`).
pub const INGEST_LISTEN: &str = "127.0.0.1:8080";
/// The path ingest takes GitHub webhooks on.
pub const WEBHOOK_PATH: &str = "/webhooks/github";
/// Where `tributary webhook send` posts: ingest's default address and path.
pub const WEBHOOK_URL: &str = "http://127.0.0.1:8080/webhooks/github";
/// Where the query API listens (`tributary serve --listen`, `tributary up --api-listen`).
pub const API_LISTEN: &str = "127.0.0.1:3000";
/// The `iss` claim of the query API's tokens.
pub const JWT_ISSUER: &str = "tributary";
/// The `aud` claim of the query API's tokens.
pub const JWT_AUDIENCE: &str = "tributary-api";
/// Partitions per topic: the most instances of one processor that can share the work.
pub const PARTITIONS: i32 = 3;
/// Replicas per partition (3 on a production cluster).
pub const REPLICATION: i32 = 1;
/// Where the Bolt bridge takes Bolt 4.4 clients.
pub const BOLT_BRIDGE_LISTEN: &str = "127.0.0.1:7688";
/// The Bolt 5 graph server behind the bridge.
pub const BOLT_UPSTREAM: &str = "127.0.0.1:7687";

/// Where each long-running worker serves `/health` and `/metrics` (`--admin-listen`,
/// `TRIBUTARY_ADMIN_LISTEN`): one port each, so that they can share a host.
pub mod admin_listen {
    /// `tributary process normalizer`.
    pub const NORMALIZER: &str = "127.0.0.1:9101";
    /// `tributary project postgres`.
    pub const POSTGRES_PROJECTION: &str = "127.0.0.1:9102";
    /// `tributary produce git`.
    pub const GIT_POLLER: &str = "127.0.0.1:9103";
    /// `tributary process ast`.
    pub const AST_ANALYZER: &str = "127.0.0.1:9104";
    /// `tributary process fetcher`.
    pub const FETCHER: &str = "127.0.0.1:9105";
    /// `tributary project neo4j`.
    pub const GRAPH_PROJECTION: &str = "127.0.0.1:9106";
    /// `tributary process enrich`.
    pub const ENRICHER: &str = "127.0.0.1:9107";
}

/// The folder of the local stack's tools and data: `$TRIBUTARY_HOME`, else `$HOME/.tributary`
/// (as the scripts use it).
pub fn tributary_home() -> PathBuf {
    match std::env::var_os("TRIBUTARY_HOME") {
        Some(home) if !home.is_empty() => home.into(),
        _ => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".tributary"),
    }
}

/// A flag group's defaults could not be read.
#[derive(Debug, thiserror::Error)]
#[error("reading the defaults of a flag group")]
pub struct DefaultsError(#[source] clap::Error);

/// The flag group `T` with every flag at its declared default, the environment ignored: the
/// documented defaults of a component's configuration, from the one place they are declared.
/// Fails for a group with a flag that needs a value (see [`with`]).
pub fn of<T: Args + FromArgMatches>() -> Result<T, DefaultsError> {
    with(&[])
}

/// The flag group `T` as if `flags` were passed (`["--webhook-secret", secret]`), every other
/// flag at its declared default, the environment ignored.
pub fn with<T: Args + FromArgMatches>(flags: &[&str]) -> Result<T, DefaultsError> {
    parse(flags, false)
}

/// The flag group `T` as the binary would read it without arguments: each flag from its
/// environment variable, else its default.
pub fn from_env<T: Args + FromArgMatches>() -> Result<T, DefaultsError> {
    parse(&[], true)
}

fn parse<T: Args + FromArgMatches>(flags: &[&str], with_env: bool) -> Result<T, DefaultsError> {
    let mut command = T::augment_args(Command::new("defaults").no_binary_name(true));
    if !with_env {
        command = command.mut_args(|arg| arg.env(None::<&'static str>));
    }
    let matches = command.try_get_matches_from(flags).map_err(DefaultsError)?;
    T::from_arg_matches(&matches).map_err(DefaultsError)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use tributary_producers::ingest::IngestConfig;
    use tributary_projections::postgres::PostgresProjectionConfig;
    use tributary_query_api::QueryApiConfig;

    #[test]
    fn the_constants_agree_with_the_components_flags() {
        let secret = "a-webhook-secret-of-at-least-32-bytes";
        let ingest = with::<IngestConfig>(&["--webhook-secret", secret]).expect("ingest defaults");
        assert!(of::<IngestConfig>().is_err(), "ingest needs a secret");
        assert_eq!(
            ingest.listen,
            INGEST_LISTEN.parse::<SocketAddr>().expect("addr")
        );
        assert_eq!(WEBHOOK_URL, format!("http://{INGEST_LISTEN}{WEBHOOK_PATH}"));
        let api = of::<QueryApiConfig>().expect("query API defaults");
        assert_eq!(api.listen, API_LISTEN.parse::<SocketAddr>().expect("addr"));
        assert_eq!(api.jwt_issuer, JWT_ISSUER);
        assert_eq!(api.jwt_audience, JWT_AUDIENCE);
        let projection = of::<PostgresProjectionConfig>().expect("projection defaults");
        assert_eq!(projection.schema, api.read_schema);
    }

    #[test]
    fn defaults_ignore_the_environment() {
        // A variable no other test reads, so setting it races with nothing.
        #[derive(Debug, clap::Args)]
        struct Probe {
            #[arg(long, env = "TRIBUTARY_DEFAULTS_PROBE", default_value = "declared")]
            probe: String,
        }
        std::env::set_var("TRIBUTARY_DEFAULTS_PROBE", "from the environment");
        assert_eq!(of::<Probe>().expect("defaults").probe, "declared");
        assert_eq!(
            from_env::<Probe>().expect("environment").probe,
            "from the environment"
        );
    }
}
