//! The router, its state, request metrics, and start-up.

use crate::auth::{HasVerifier, Verifier};
use crate::config::QueryApiConfig;
use crate::routes::{
    activity, admin, code, commits, docs, dora, graph, health, people, repos, stream,
};
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tributary_runtime::{HttpError, KafkaArgs, Shutdown};

/// The OpenAPI document of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// The read model (search path: the read schema).
    pub pool: PgPool,
    /// Token verification.
    pub verifier: Verifier,
    /// Configuration.
    pub config: Arc<QueryApiConfig>,
    /// The broker, for `/health/all`.
    pub kafka: KafkaArgs,
    /// The registry, for `/health/all`.
    pub registry_url: String,
    /// HTTP client for health checks.
    pub http: reqwest::Client,
    /// The code graph, when configured (graph routes answer 503 without it).
    pub graph: Option<neo4rs::Graph>,
    /// Dead-letter operations, when configured (`/admin/dlq` answers 503 without them).
    pub dead_letters: Option<tributary_runtime::redrive::DeadLetterOps>,
    /// The live feed behind `/events/stream`, when started (503 without it).
    pub live: Option<crate::live::LiveFeed>,
    /// Teams, for `/metrics/dora?team=` (none unless loaded with [`AppState::with_teams`]).
    pub teams: Arc<crate::dora::Teams>,
    /// Rate-limit buckets by role and token subject.
    pub limits: Arc<tributary_runtime::rate_limit::TokenBuckets>,
    /// Permits for requests in flight.
    pub in_flight: Arc<tokio::sync::Semaphore>,
    /// Open `/events/stream` streams, per subject and in all.
    pub streams: Arc<crate::routes::stream::StreamSlots>,
    /// The last health checks, refreshed in the background.
    pub health: crate::routes::health::HealthCache,
}

impl HasVerifier for AppState {
    fn verifier(&self) -> &Verifier {
        &self.verifier
    }
}

impl AppState {
    /// State over a read-model pool.
    pub fn new(
        pool: PgPool,
        config: QueryApiConfig,
        kafka: KafkaArgs,
        registry_url: String,
    ) -> Self {
        let verifier = Verifier::new(
            config.jwt_secret.expose_bytes(),
            &config.jwt_issuer,
            &config.jwt_audience,
        );
        let in_flight = Arc::new(tokio::sync::Semaphore::new(
            config.max_concurrent_requests.max(1),
        ));
        let health = crate::routes::health::HealthCache::start(
            pool.clone(),
            Duration::from_millis(config.health_interval_ms.max(1)),
        );
        Self {
            pool,
            verifier,
            config: Arc::new(config),
            kafka,
            registry_url,
            http: reqwest::Client::new(),
            graph: None,
            dead_letters: None,
            live: None,
            teams: Arc::default(),
            limits: Arc::default(),
            in_flight,
            streams: Arc::default(),
            health,
        }
    }

    /// The same state with the live feed of the read model, listening until `shutdown`.
    pub fn with_live_feed(mut self, shutdown: Shutdown) -> Self {
        self.live = Some(crate::live::LiveFeed::start(
            self.pool.clone(),
            &self.config.read_schema,
            shutdown,
        ));
        self
    }

    /// The same state with dead-letter operations.
    pub fn with_dead_letters(mut self, ops: tributary_runtime::redrive::DeadLetterOps) -> Self {
        self.dead_letters = Some(ops);
        self
    }

    /// The same state with a team mapping.
    pub fn with_teams(mut self, teams: crate::dora::Teams) -> Self {
        self.teams = Arc::new(teams);
        self
    }

    /// The same state with the code graph.
    pub fn with_graph(mut self, graph: neo4rs::Graph) -> Self {
        self.graph = Some(graph);
        self
    }
}

/// Every route.
pub fn router(state: AppState) -> Router {
    // Install the recorder before the first request is measured.
    tributary_runtime::telemetry::prometheus();
    Router::new()
        .route("/health", get(health::own))
        .route("/health/all", get(health::all))
        .route("/metrics", get(tributary_runtime::admin::metrics_handler))
        .route("/openapi.json", get(openapi))
        .route("/repos", get(repos::list))
        .route("/repos/{owner}/{name}", get(repos::get))
        .route("/repos/{owner}/{name}/commits", get(commits::list))
        .route("/repos/{owner}/{name}/pushes", get(activity::pushes))
        .route("/repos/{owner}/{name}/pulls", get(activity::pulls))
        .route(
            "/repos/{owner}/{name}/deployments",
            get(activity::deployments),
        )
        .route("/repos/{owner}/{name}/issues", get(activity::issues))
        .route("/repos/{owner}/{name}/releases", get(activity::releases))
        .route("/repos/{owner}/{name}/files", get(code::files))
        .route("/repos/{owner}/{name}/symbols", get(code::symbols))
        .route("/repos/{owner}/{name}/hotspots", get(code::hotspots))
        .route("/repos/{owner}/{name}/stats", get(commits::repo_stats))
        .route("/commits/{sha}", get(commits::get))
        .route("/commits/{sha}/symbols", get(code::commit_symbols))
        .route("/commits/{sha}/impact", get(graph::impact))
        .route("/symbols/{id}/callers", get(graph::callers))
        .route("/symbols/{id}/callees", get(graph::callees))
        .route(
            "/repos/{owner}/{name}/dependencies",
            get(graph::dependencies),
        )
        .route("/admin/dlq", get(admin::list))
        .route("/admin/dlq/redrive", axum::routing::post(admin::redrive))
        .route("/contributors", get(people::contributors))
        .route("/stats", get(people::stats))
        .route("/events/stream", get(stream::stream))
        .route("/docs/{owner}/{name}", get(docs::docs))
        .route("/metrics/dora", get(dora::metrics))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::limits::enforce,
        ))
        .layer(middleware::from_fn(record_request))
        .with_state(state)
}

async fn openapi() -> impl IntoResponse {
    ([("content-type", "application/json")], OPENAPI)
}

async fn not_found() -> HttpError {
    HttpError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route; see /openapi.json",
    )
}

/// Records `tributary_api_request_seconds{route, status}`: the route template, never the raw
/// path, so label values stay bounded.
async fn record_request(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    metrics::histogram!(
        "tributary_api_request_seconds",
        "route" => route,
        "status" => response.status().as_u16().to_string()
    )
    .record(started.elapsed().as_secs_f64());
    response
}

/// Binds and serves until shutdown; returns the bound address.
pub async fn start(
    state: AppState,
    listen: SocketAddr,
    shutdown: Shutdown,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    tributary_runtime::serve::serve("query-api", listen, router(state), shutdown).await
}
