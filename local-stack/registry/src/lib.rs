//! `tributary registry`: a Schema Registry speaking the Confluent REST API, for Avro, with its
//! state in PostgreSQL (schema `registry`). Enough of the API that the unmodified
//! `schema_registry_converter` client and Confluent's tools work against it: subjects and
//! versions, schemas by id, global and per-subject compatibility, and compatibility checks, with
//! Confluent's error codes and JSON error bodies.
//!
//! Writes (registering a schema version, setting or deleting a compatibility level) need HTTP
//! Basic authorization when `TRIBUTARY_REGISTRY_WRITE_PASSWORD` is set; reads stay open.
//!
//! It offers [`RegistryConfig`] (its command line) and [`start`]; inside are `compatibility`
//! (levels and the Avro check), `store` (PostgreSQL), `api` (routes) and `auth` (the write
//! credential). It exists for the local stack; production may use Confluent, Apicurio or
//! Karapace.

mod api;
mod auth;
mod compatibility;
mod store;

use clap::Args;
use secrecy::SecretString;
use std::net::SocketAddr;
use std::sync::Arc;
use tributary_base::config::SecretParser;
use tributary_base::Shutdown;

/// Configuration of `tributary registry`. `Debug` never shows the password (a [`SecretString`]).
#[derive(Debug, Clone, Args)]
pub struct RegistryConfig {
    /// Address to listen on.
    #[arg(
        long,
        env = "TRIBUTARY_REGISTRY_LISTEN",
        default_value = "127.0.0.1:8081"
    )]
    pub listen: SocketAddr,
    /// PostgreSQL schema holding the registry's tables.
    #[arg(
        long = "registry-schema",
        env = "TRIBUTARY_REGISTRY_SCHEMA",
        default_value = "registry"
    )]
    pub schema: String,
    /// User name of the write credential (HTTP Basic).
    #[arg(
        long = "registry-write-user",
        env = "TRIBUTARY_REGISTRY_WRITE_USER",
        default_value = "tributary"
    )]
    pub write_user: String,
    /// Password of the write credential, at least 32 bytes. Unset: writes are open (the local
    /// stack), with a warning at start. Components send it as the user info of their registry
    /// URL (`http://tributary:<password>@registry:8081`).
    #[arg(
        long = "registry-write-password",
        env = "TRIBUTARY_REGISTRY_WRITE_PASSWORD",
        value_parser = SecretParser::new("TRIBUTARY_REGISTRY_WRITE_PASSWORD"),
        hide_env_values = true
    )]
    pub write_password: Option<SecretString>,
}

/// Why the registry could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// PostgreSQL could not be reached or migrated.
    #[error(transparent)]
    Pool(#[from] tributary_postgres::PoolError),
    /// Migrations failed.
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The listen address could not be bound.
    #[error("cannot listen: {0}")]
    Bind(#[from] std::io::Error),
}

/// Starts the registry; returns the bound address and the serving task.
pub async fn start(
    config: &RegistryConfig,
    database_url: &str,
    shutdown: Shutdown,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), StartError> {
    let pool = tributary_postgres::connect(database_url, &config.schema, 8).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    let credential = match &config.write_password {
        Some(password) => Some(Arc::new(auth::WriteCredential::new(
            &config.write_user,
            password,
        ))),
        None => {
            tracing::warn!(
                "TRIBUTARY_REGISTRY_WRITE_PASSWORD is not set: anyone who reaches the registry can \
                 register schemas and change compatibility levels (set it outside a local stack)"
            );
            None
        }
    };
    let app = api::router(store::Store::new(pool), credential);
    Ok(tributary_http::serve::serve("schema-registry", config.listen, app, shutdown).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use secrecy::ExposeSecret;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        config: RegistryConfig,
    }

    #[test]
    fn the_write_password_is_optional_but_never_weak_and_never_shown() {
        let open = Cli::try_parse_from(["registry"]).expect("no password: writes open");
        assert!(open.config.write_password.is_none());
        assert_eq!(open.config.write_user, "tributary");
        for weak in ["", "short"] {
            let e = Cli::try_parse_from(["registry", "--registry-write-password", weak])
                .expect_err("refused");
            let message = e.to_string();
            assert!(
                message.contains("TRIBUTARY_REGISTRY_WRITE_PASSWORD"),
                "{message}"
            );
            assert!(!weak.is_empty() || message.contains("empty"), "{message}");
        }
        let password = "0123456789abcdef0123456789abcdef";
        let cli = Cli::try_parse_from(["registry", "--registry-write-password", password])
            .expect("strong");
        let stored = cli.config.write_password.as_ref().expect("password");
        assert_eq!(stored.expose_secret(), password);
        assert!(!format!("{cli:?}").contains(password));
    }
}
