//! Component assembly. Each `start_*` returns once the component is running, with its address
//! (for servers) and its task.

use anyhow::Context as _;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::task::JoinHandle;
use tributary_producers::git::state::SourceState;
use tributary_producers::git::{GitConfig, GitProducer};
use tributary_producers::ingest::{IngestConfig, IngestState};
use tributary_projections::postgres::{PostgresProjection, PostgresProjectionConfig};
use tributary_query_api::{AppState, QueryApiConfig};
use tributary_registry::RegistryConfig;
use tributary_runtime::{admin, kafka, processor, projection, Health, KafkaArgs, Shutdown};
use tributary_schemas::EventCodec;

/// Where the shared infrastructure is.
#[derive(Debug, Clone)]
pub struct Infra {
    /// Broker and topic prefix.
    pub kafka: KafkaArgs,
    /// Schema Registry base URL.
    pub registry_url: String,
    /// PostgreSQL URL.
    pub database_url: String,
}

impl Infra {
    /// The registry codec.
    pub fn codec(&self) -> anyhow::Result<EventCodec> {
        EventCodec::new(&self.registry_url).context("schema registry client")
    }
}

/// A running component's task; resolves when it stops.
pub type Task = JoinHandle<anyhow::Result<()>>;

/// Starts the Schema Registry.
pub async fn start_registry(
    config: &RegistryConfig,
    database_url: &str,
    shutdown: Shutdown,
) -> anyhow::Result<SocketAddr> {
    let (addr, _task) = tributary_registry::start(config, database_url, shutdown)
        .await
        .context("starting the schema registry")?;
    Ok(addr)
}

/// Starts the webhook ingest server.
pub async fn start_ingest(
    config: IngestConfig,
    infra: &Infra,
    shutdown: Shutdown,
) -> anyhow::Result<SocketAddr> {
    let producer = kafka::producer(&infra.kafka, Duration::from_millis(config.ack_timeout_ms))?;
    let state = IngestState::new(
        config,
        producer,
        infra.codec()?,
        infra.kafka.topics().webhooks_raw(),
    );
    let (addr, _task) =
        tributary_producers::ingest::start(state, Health::new("ingest"), shutdown).await?;
    Ok(addr)
}

/// Serves `/health` and `/metrics` of a worker on `listen`, if given.
async fn admin_endpoint(
    listen: Option<SocketAddr>,
    health: &Health,
    shutdown: &Shutdown,
) -> anyhow::Result<Option<SocketAddr>> {
    match listen {
        Some(addr) => Ok(Some(
            admin::serve(addr, health.clone(), shutdown.clone())
                .await
                .with_context(|| format!("admin endpoint on {addr}"))?,
        )),
        None => Ok(None),
    }
}

/// Starts a stateless processor in the shared loop.
async fn start_processor<P: processor::Processor>(
    processor: P,
    infra: &Infra,
    admin_listen: Option<SocketAddr>,
    shutdown: Shutdown,
) -> anyhow::Result<Task> {
    let health = Health::new(processor.name());
    admin_endpoint(admin_listen, &health, &shutdown).await?;
    let ctx = processor::Context {
        kafka: infra.kafka.clone(),
        codec: infra.codec()?,
        producer: kafka::producer(&infra.kafka, Duration::from_secs(30))?,
        health,
        shutdown,
    };
    Ok(tokio::spawn(async move {
        processor::run(processor, ctx).await.map_err(Into::into)
    }))
}

/// Starts the normalizer (`webhooks.raw` → `pushes`, `activity`).
pub async fn start_normalizer(
    infra: &Infra,
    admin_listen: Option<SocketAddr>,
    shutdown: Shutdown,
) -> anyhow::Result<Task> {
    let normalizer =
        tributary_processors::normalizer::Normalizer::new(infra.codec()?, infra.kafka.topics());
    start_processor(normalizer, infra, admin_listen, shutdown).await
}

/// Starts the AST analyzer (`blobs` → `analysis`).
pub async fn start_ast_analyzer(
    infra: &Infra,
    admin_listen: Option<SocketAddr>,
    shutdown: Shutdown,
) -> anyhow::Result<Task> {
    let analyzer =
        tributary_processors::ast::AstAnalyzer::new(infra.codec()?, infra.kafka.topics());
    start_processor(analyzer, infra, admin_listen, shutdown).await
}

/// Starts the PostgreSQL projection (migrating its schema first).
pub async fn start_postgres_projection(
    config: &PostgresProjectionConfig,
    infra: &Infra,
    admin_listen: Option<SocketAddr>,
    shutdown: Shutdown,
) -> anyhow::Result<Task> {
    let health = Health::new("projection-postgres");
    admin_endpoint(admin_listen, &health, &shutdown).await?;
    let pool = tributary_runtime::postgres::connect(&infra.database_url, &config.schema, 4).await?;
    tributary_projections::postgres::migrate(&pool)
        .await
        .context("migrating the read model")?;
    let ctx = projection::Context {
        kafka: infra.kafka.clone(),
        codec: infra.codec()?,
        producer: kafka::producer(&infra.kafka, Duration::from_secs(30))?,
        pool,
        health,
        shutdown,
        max_batch: config.max_batch.max(1),
    };
    Ok(tokio::spawn(async move {
        projection::run(PostgresProjection, ctx)
            .await
            .map_err(Into::into)
    }))
}

/// Builds the git producer.
pub async fn git_producer(config: &GitConfig, infra: &Infra) -> anyhow::Result<GitProducer> {
    let state = SourceState::connect(&infra.database_url, &config.state_schema).await?;
    Ok(GitProducer::new(
        config.clone(),
        state,
        kafka::producer(&infra.kafka, Duration::from_secs(60))?,
        infra.codec()?,
        infra.kafka.topics(),
    ))
}

/// Starts the git poller.
pub async fn start_git_poller(
    config: &GitConfig,
    infra: &Infra,
    admin_listen: Option<SocketAddr>,
    shutdown: Shutdown,
) -> anyhow::Result<Task> {
    let health = Health::new("git-producer");
    admin_endpoint(admin_listen, &health, &shutdown).await?;
    let producer = git_producer(config, infra).await?;
    Ok(tokio::spawn(async move {
        producer.poll_forever(health, shutdown).await;
        Ok(())
    }))
}

/// Starts the query API.
pub async fn start_query_api(
    config: QueryApiConfig,
    infra: &Infra,
    shutdown: Shutdown,
) -> anyhow::Result<SocketAddr> {
    let pool =
        tributary_runtime::postgres::connect(&infra.database_url, &config.read_schema, 16).await?;
    // Serving before the projection ever ran is fine: the tables exist from the start.
    tributary_projections::postgres::migrate(&pool)
        .await
        .context("migrating the read model")?;
    let listen = config.listen;
    let state = AppState::new(
        pool,
        config,
        infra.kafka.clone(),
        infra.registry_url.clone(),
    );
    let (addr, _task) = tributary_query_api::start(state, listen, shutdown).await?;
    Ok(addr)
}
