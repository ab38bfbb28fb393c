//! The router, its state, request metrics, and start-up.

use crate::auth::{HasVerifier, Verifier};
use crate::config::QueryApiConfig;
use crate::limits::{self, RoleLimits};
use crate::openapi;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::ServiceBuilder;
use tributary_http::HttpError;
use tributary_runtime::{KafkaArgs, Shutdown};

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// The read model (search path: the read schema).
    pub(crate) pool: PgPool,
    /// Token verification.
    pub verifier: Verifier,
    /// Configuration.
    pub(crate) config: Arc<QueryApiConfig>,
    /// The broker, for `/health/all`.
    pub(crate) kafka: KafkaArgs,
    /// The registry, for `/health/all`.
    pub(crate) registry_url: String,
    /// HTTP client for health checks.
    pub(crate) http: reqwest::Client,
    /// The code graph, when configured (graph routes answer 503 without it).
    pub(crate) graph: Option<neo4rs::Graph>,
    /// Dead-letter operations, when configured (`/admin/dlq` answers 503 without them).
    pub(crate) dead_letters: Option<tributary_runtime::redrive::DeadLetterOps>,
    /// The live feed behind `/events/stream`, when started (503 without it).
    pub(crate) live: Option<crate::live::LiveFeed>,
    /// Teams, for `/metrics/dora?team=` (none unless loaded with [`AppState::with_teams`]).
    pub(crate) teams: Arc<crate::dora::Teams>,
    /// Rate limits by role and token subject.
    pub(crate) limits: Arc<RoleLimits>,
    /// Permits for requests in flight (`max_concurrent_requests`).
    pub(crate) in_flight: Arc<tokio::sync::Semaphore>,
    /// Open `/events/stream` streams, per subject and in all.
    pub(crate) streams: Arc<crate::routes::stream::StreamSlots>,
    /// The last health checks, refreshed in the background.
    pub(crate) health: crate::routes::health::HealthCache,
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
        let limits = Arc::new(RoleLimits::new(&config));
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
            limits,
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

/// Every route, with the request limits ([`crate::limits`]) around all but the probes and
/// scrapes, and request metrics around all. The routes and the OpenAPI document come from the
/// same registrations ([`crate::openapi`]).
pub fn router(state: AppState) -> Router {
    // Install the recorder before the first request is measured.
    tributary_telemetry::prometheus();
    let deadline = Duration::from_millis(state.config.request_timeout_ms);
    let limits = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(limits::overloaded))
        .load_shed()
        .layer(GlobalConcurrencyLimitLayer::with_semaphore(
            state.in_flight.clone(),
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            limits::enforce,
        ))
        .layer(HandleErrorLayer::new(limits::timed_out))
        .timeout(deadline);
    let (router, _document) = openapi::exempt()
        .merge(openapi::limited().layer(limits))
        .split_for_parts();
    router
        .fallback(not_found)
        .layer(middleware::from_fn(record_request))
        .with_state(state)
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
    tributary_http::serve::serve("query-api", listen, router(state), shutdown).await
}
