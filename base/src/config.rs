//! Settings shared by every component, as `clap` argument groups that also read the
//! environment, so a component's command line is the union of the groups it needs: where the
//! registry, PostgreSQL and the graph server are, and how a shared secret is read (never
//! echoed, never short). The Kafka settings live with the Kafka clients (`tributary-runtime`).

use clap::Args;
use secrecy::SecretString;
use std::ffi::OsStr;

/// The fewest bytes a shared secret (the webhook signature secret, a JWT HMAC secret) may have:
/// the size of an HMAC-SHA256 output. A shorter secret can be guessed offline from one signed
/// message.
pub const MIN_SECRET_BYTES: usize = 32;

/// Why a configured secret is refused at start-up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakSecret {
    /// Empty or unset.
    #[error(
        "{variable} is empty: set it to a random secret of at least {MIN_SECRET_BYTES} bytes \
         (e.g. `openssl rand -hex 32`)"
    )]
    Empty {
        /// The environment variable that holds it.
        variable: &'static str,
    },
    /// Shorter than [`MIN_SECRET_BYTES`].
    #[error(
        "{variable} is {len} bytes long: it must be at least {MIN_SECRET_BYTES} bytes \
         (e.g. `openssl rand -hex 32`)"
    )]
    Short {
        /// The environment variable that holds it.
        variable: &'static str,
        /// Its length (never its value).
        len: usize,
    },
}

/// `value` as a secret, if it is long enough to be one; `variable` names it in the refusal.
pub fn strong_secret(variable: &'static str, value: &str) -> Result<SecretString, WeakSecret> {
    match value.len() {
        0 => Err(WeakSecret::Empty { variable }),
        len if len < MIN_SECRET_BYTES => Err(WeakSecret::Short { variable, len }),
        _ => Ok(SecretString::from(value)),
    }
}

/// A `clap` value parser of a shared secret: refuses an empty or short one with a message
/// naming its variable and the minimum, and never echoes the value (clap's own parsers print
/// the refused value).
#[derive(Debug, Clone, Copy)]
pub struct SecretParser {
    variable: &'static str,
}

impl SecretParser {
    /// The parser of the secret read from `variable` (or its flag).
    pub const fn new(variable: &'static str) -> Self {
        Self { variable }
    }
}

impl clap::builder::TypedValueParser for SecretParser {
    type Value = SecretString;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<SecretString, clap::Error> {
        let refuse = |message: String| {
            tracing::error!(variable = self.variable, "{message}");
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("{message}\n"),
            )
            .with_cmd(cmd)
        };
        let value = value
            .to_str()
            .ok_or_else(|| refuse(format!("{} is not UTF-8", self.variable)))?;
        strong_secret(self.variable, value).map_err(|e| refuse(e.to_string()))
    }
}

/// `url` with its password (or token) replaced by `***`: the user info of the authority, a
/// `password=` query parameter, and the user of git's scp-like `user@host:path`, for `Debug`,
/// logs and errors.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return match url.split_once('@') {
            Some((user, host)) if !user.is_empty() && !user.contains('/') => {
                format!("***@{host}")
            }
            _ => url.to_string(),
        };
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("***@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => pair.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// Where the Schema Registry is.
#[derive(Clone, Args)]
pub struct RegistryArgs {
    /// Base URL of a Confluent-compatible Schema Registry. When the registry requires a write
    /// credential, it goes in the user info (`http://user:password@host:8081`); the password is
    /// sent as HTTP Basic authorization and never logged.
    #[arg(
        long,
        env = "TRIBUTARY_REGISTRY_URL",
        default_value = "http://127.0.0.1:8081",
        hide_env_values = true
    )]
    pub registry_url: String,
}

impl std::fmt::Debug for RegistryArgs {
    // The URL may carry the registry's write password: printed redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryArgs")
            .field("registry_url", &redact_url(&self.registry_url))
            .finish()
    }
}

/// Where PostgreSQL is.
#[derive(Clone, Args)]
pub struct PostgresArgs {
    /// PostgreSQL connection URL (its password is never logged).
    #[arg(
        long,
        env = "TRIBUTARY_DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/tributary",
        hide_env_values = true
    )]
    pub database_url: String,
}

impl std::fmt::Debug for PostgresArgs {
    // The URL may carry a password: printed redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresArgs")
            .field("database_url", &redact_url(&self.database_url))
            .finish()
    }
}

/// Where the graph server is (Bolt 4.4: Neo4j 5 directly, or the Bolt bridge in front of a
/// 5.x-only server). `Debug` never shows the password.
#[derive(Debug, Clone, Args)]
pub struct GraphArgs {
    /// Bolt URI of the graph server.
    #[arg(
        long,
        env = "TRIBUTARY_GRAPH_URI",
        default_value = "bolt://127.0.0.1:7688"
    )]
    pub graph_uri: String,
    /// Graph user.
    #[arg(long, env = "TRIBUTARY_GRAPH_USER", default_value = "neo4j")]
    pub graph_user: String,
    /// Graph password (never logged).
    #[arg(
        long,
        env = "TRIBUTARY_GRAPH_PASSWORD",
        default_value = "",
        hide_env_values = true
    )]
    pub graph_password: SecretString,
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn secrets_shorter_than_the_minimum_are_refused_by_name_without_their_value() {
        #[derive(clap::Parser)]
        struct Cli {
            #[arg(long, value_parser = SecretParser::new("TRIBUTARY_TEST_SECRET"))]
            secret: SecretString,
        }
        let parse = |value: &str| {
            <Cli as clap::Parser>::try_parse_from(["t", "--secret", value]).map(|c| c.secret)
        };
        let long = "k".repeat(MIN_SECRET_BYTES);
        assert_eq!(
            parse(&long).map(|s| s.expose_secret().to_string()).ok(),
            Some(long.clone())
        );
        let empty = parse("").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            empty.contains("TRIBUTARY_TEST_SECRET is empty") && empty.contains("32 bytes"),
            "{empty}"
        );
        let short = parse("hunter2-short")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            short.contains("TRIBUTARY_TEST_SECRET is 13 bytes long") && short.contains("32"),
            "{short}"
        );
        assert!(!short.contains("hunter2"), "{short}");
    }

    #[test]
    fn config_debug_never_shows_a_password() {
        let postgres = PostgresArgs {
            database_url: "postgres://app:pg-pass-1@db:5432/t?sslmode=require&password=pg-pass-2"
                .into(),
        };
        let shown = format!("{postgres:?}");
        assert!(
            !shown.contains("pg-pass-1") && !shown.contains("pg-pass-2"),
            "{shown}"
        );
        assert!(shown.contains("postgres://app:***@db:5432/t?sslmode=require&password=***"));
        let graph = GraphArgs {
            graph_uri: "bolt://g:7687".into(),
            graph_user: "neo4j".into(),
            graph_password: "graph-pass-1".into(),
        };
        let shown = format!("{graph:?}");
        assert!(!shown.contains("graph-pass-1") && shown.contains("bolt://g:7687"));
    }

    #[test]
    fn urls_keep_everything_but_the_password() {
        assert_eq!(
            redact_url("https://x-access-token:ghp_abc@github.com/o/r.git"),
            "https://x-access-token:***@github.com/o/r.git"
        );
        assert_eq!(
            redact_url("https://ghp_abc@github.com/o/r"),
            "https://***@github.com/o/r"
        );
        // A user info without a colon may be a token: hidden too.
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1:5432/tributary"),
            "postgres://***@127.0.0.1:5432/tributary"
        );
        assert_eq!(
            redact_url("postgres://127.0.0.1/t?user=a&password=b"),
            "postgres://127.0.0.1/t?user=a&password=***"
        );
        assert_eq!(redact_url("/srv/repo"), "/srv/repo");
        assert_eq!(redact_url("tok@github.com:o/r"), "***@github.com:o/r");
        assert_eq!(redact_url("/srv/a@b/repo"), "/srv/a@b/repo");
    }
}
