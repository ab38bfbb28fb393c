//! Component assembly. Each `start_*` returns once the component is running, with its address
//! (for servers) and its task.

use anyhow::Context as _;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::task::JoinHandle;
use tributary_base::config::GraphArgs;
use tributary_graph::GraphStore;
use tributary_http::admin;
use tributary_postgres::PgStore;
use tributary_processors::fetcher::PushFetcher;
use tributary_producers::git::SourceState;
use tributary_producers::git::{GitConfig, GitProducer};
use tributary_producers::ingest::{IngestConfig, IngestState};
use tributary_projections::neo4j::{GraphProjection, GraphProjectionConfig};
use tributary_projections::postgres::{PostgresProjection, PostgresProjectionConfig};
use tributary_query_api::{AppState, QueryApiConfig};
use tributary_registry::RegistryConfig;
use tributary_runtime::{kafka, processor, projection, Health, KafkaArgs, Shutdown};
use tributary_schemas::EventCodec;

/// Where the shared infrastructure is.
#[derive(Clone)]
pub struct Infra {
    /// Broker and topic prefix.
    pub kafka: KafkaArgs,
    /// Schema Registry base URL.
    pub registry_url: String,
    /// PostgreSQL URL.
    pub database_url: String,
}

impl std::fmt::Debug for Infra {
    // The registry and database URLs may carry passwords.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use tributary_base::config::redact_url;
        f.debug_struct("Infra")
            .field("kafka", &self.kafka)
            .field("registry_url", &redact_url(&self.registry_url))
            .field("database_url", &redact_url(&self.database_url))
            .finish()
    }
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
        infra.kafka.max_message_bytes,
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
    tributary_runtime::budget::check(
        "a push event's commit list",
        "TRIBUTARY_MAX_MESSAGE_BYTES",
        tributary_processors::normalizer::MAX_PUSHED_COMMITS_BYTES,
        infra.kafka.max_message_bytes,
    )?;
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
    tributary_runtime::budget::check(
        "the largest analysis event",
        "TRIBUTARY_MAX_MESSAGE_BYTES",
        tributary_processors::ast::MAX_ANALYSIS_BYTES,
        infra.kafka.max_message_bytes,
    )?;
    let analyzer =
        tributary_processors::ast::AstAnalyzer::new(infra.codec()?, infra.kafka.topics());
    start_processor(analyzer, infra, admin_listen, shutdown).await
}

/// Starts the commit enricher (`commits` → `enrichment`).
pub async fn start_enricher(
    config: &tributary_processors::enrich::EnrichConfig,
    infra: &Infra,
    admin_listen: Option<SocketAddr>,
    shutdown: Shutdown,
) -> anyhow::Result<Task> {
    let enricher =
        tributary_processors::enrich::Enricher::new(infra.codec()?, infra.kafka.topics(), config)?;
    tracing::info!(?config, "enricher configured");
    start_processor(enricher, infra, admin_listen, shutdown).await
}

/// What a projection loop needs on `infra`: codec, a producer for dead letters, and the rest.
pub fn projection_context(
    infra: &Infra,
    health: Health,
    shutdown: Shutdown,
    max_batch: usize,
) -> anyhow::Result<projection::Context> {
    Ok(projection::Context {
        kafka: infra.kafka.clone(),
        codec: infra.codec()?,
        producer: kafka::producer(&infra.kafka, Duration::from_secs(30))?,
        health,
        shutdown,
        max_batch: max_batch.max(1),
    })
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
    let pool = tributary_postgres::connect(&infra.database_url, &config.schema, 4).await?;
    tributary_projections::postgres::migrate(&pool)
        .await
        .context("migrating the read model")?;
    let ctx = projection_context(infra, health, shutdown, config.max_batch)?;
    Ok(tokio::spawn(async move {
        projection::run(PostgresProjection, PgStore::new(pool), ctx)
            .await
            .map_err(Into::into)
    }))
}

/// Starts the graph projection (creating its constraints and indexes first).
pub async fn start_graph_projection(
    config: &GraphProjectionConfig,
    graph: &GraphArgs,
    infra: &Infra,
    admin_listen: Option<SocketAddr>,
    shutdown: Shutdown,
) -> anyhow::Result<Task> {
    let health = Health::new("projection-neo4j");
    admin_endpoint(admin_listen, &health, &shutdown).await?;
    let store = GraphStore::new(tributary_graph::connect(graph, 4)?);
    tributary_projections::neo4j::prepare(&store)
        .await
        .context("creating the graph's constraints and indexes")?;
    let ctx = projection_context(infra, health, shutdown, config.max_batch)?;
    Ok(tokio::spawn(async move {
        projection::run(GraphProjection, store, ctx)
            .await
            .map_err(Into::into)
    }))
}

/// Builds the git producer.
pub async fn git_producer(config: &GitConfig, infra: &Infra) -> anyhow::Result<GitProducer> {
    use tributary_runtime::budget;
    budget::check(
        "the blob content cap",
        "TRIBUTARY_MAX_BLOB_BYTES",
        config.max_blob_bytes,
        infra.kafka.max_message_bytes,
    )?;
    budget::check(
        "the largest commit event (file list and message caps)",
        "TRIBUTARY_MAX_COMMIT_FILES",
        tributary_producers::git::MAX_COMMIT_EVENT_BYTES,
        infra.kafka.max_message_bytes,
    )?;
    let state = SourceState::connect(&infra.database_url, &config.state_schema).await?;
    Ok(GitProducer::new(
        config.clone(),
        state,
        kafka::producer(&infra.kafka, Duration::from_secs(60))?,
        infra.codec()?,
        infra.kafka.topics(),
    ))
}

/// Starts the push fetcher over `producer` (shared with the poller in one process).
pub async fn start_fetcher(
    producer: GitProducer,
    infra: &Infra,
    admin_listen: Option<SocketAddr>,
    shutdown: Shutdown,
) -> anyhow::Result<Task> {
    let fetcher = PushFetcher::new(producer, infra.codec()?, infra.kafka.topics());
    start_processor(fetcher, infra, admin_listen, shutdown).await
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
    graph: Option<&GraphArgs>,
    shutdown: Shutdown,
) -> anyhow::Result<SocketAddr> {
    if config.jwt_secret.is_empty() && config.jwt_keys_file.is_none() {
        anyhow::bail!(
            "no token can be verified: set TRIBUTARY_JWT_SECRET or TRIBUTARY_JWT_KEYS_FILE"
        );
    }
    let pool = tributary_postgres::connect(&infra.database_url, &config.read_schema, 16).await?;
    // Serving before the projection ever ran is fine: the tables exist from the start.
    tributary_projections::postgres::migrate(&pool)
        .await
        .context("migrating the read model")?;
    let listen = config.listen;
    let keys_file = config.jwt_keys_file.clone();
    let teams = match &config.teams_file {
        Some(path) => tributary_query_api::dora::Teams::load(path)?,
        None => Default::default(),
    };
    let mut state = AppState::new(
        pool,
        config,
        infra.kafka.clone(),
        infra.registry_url.clone(),
    );
    if let Some(graph) = graph {
        state = state.with_graph(tributary_graph::connect(graph, 16)?);
    }
    if let Some(path) = keys_file {
        state
            .verifier
            .watch_keys_file(path, Duration::from_secs(1), shutdown.clone())?;
    }
    state = state.with_teams(teams).with_live_feed(shutdown.clone());
    state = state.with_dead_letters(
        tributary_runtime::redrive::DeadLetterOps::connect(
            infra.kafka.clone(),
            infra.codec()?,
            &infra.database_url,
        )
        .await
        .context("dead-letter bookkeeping")?,
    );
    let (addr, _task) = tributary_query_api::start(state, listen, shutdown).await?;
    Ok(addr)
}
