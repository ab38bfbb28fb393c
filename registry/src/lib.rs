//! `tributary registry`: a Schema Registry speaking the Confluent REST API, for Avro, with its
//! state in PostgreSQL (schema `registry`). Enough of the API that the unmodified
//! `schema_registry_converter` client and Confluent's tools work against it: subjects and
//! versions, schemas by id, global and per-subject compatibility, and compatibility checks, with
//! Confluent's error codes and JSON error bodies.
//!
//! Parts: [`compatibility`] (levels and the Avro check), [`store`] (PostgreSQL), [`api`] (routes).

pub mod api;
pub mod compatibility;
pub mod store;

use clap::Args;
use std::net::SocketAddr;
use tributary_runtime::Shutdown;

/// Configuration of `tributary registry`.
#[derive(Debug, Clone, Args)]
pub struct RegistryConfig {
    /// Address to listen on.
    #[arg(
        long = "listen",
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
}

/// Why the registry could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// PostgreSQL could not be reached or migrated.
    #[error(transparent)]
    Pool(#[from] tributary_runtime::postgres::PoolError),
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
    let pool = tributary_runtime::postgres::connect(database_url, &config.schema, 8).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    let app = api::router(store::Store::new(pool));
    Ok(tributary_runtime::serve::serve("schema-registry", config.listen, app, shutdown).await?)
}
