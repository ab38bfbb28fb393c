//! `GET /health` (this process) and `GET /health/all` (every dependency and component).
//!
//! Neither queries anything per request: `/health` answers from the last database check, which
//! a background task repeats every `health_interval_ms` ([`HealthCache`]); `/health/all`
//! re-checks the broker, the registry and the components at most that often (a [`moka`] cache
//! whose one entry lives that long), one caller at a time, and every other caller gets that
//! answer. A probe storm costs nothing downstream, and `/health` stays fast when the database
//! or the pool is stuck (it then says so).

use crate::auth::Reader;
use crate::openapi::{Denied, Error};
use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use moka::future::Cache;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::ClientConfig;
use serde::Serialize;
use sqlx::PgPool;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use utoipa::ToSchema;

/// One checked part.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Check {
    /// What was checked.
    name: String,
    /// `ok` or `down`.
    #[schema(value_type = String)]
    status: &'static str,
    /// Why it is down.
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

impl Check {
    fn new(name: &str, result: Result<(), String>) -> Self {
        match result {
            Ok(()) => Self {
                name: name.into(),
                status: "ok",
                detail: None,
            },
            Err(detail) => Self {
                name: name.into(),
                status: "down",
                detail: Some(detail),
            },
        }
    }
}

/// A health report: `ok` when every check is, else `degraded` (and 503).
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    /// `ok` or `degraded`.
    #[schema(value_type = String)]
    status: &'static str,
    /// Each part checked.
    checks: Vec<Check>,
}

/// The last health checks of this process, refreshed in the background. Cheap to clone; the
/// refreshing task ends once every clone is dropped.
#[derive(Clone)]
pub struct HealthCache {
    inner: Arc<CacheInner>,
}

struct CacheInner {
    pool: PgPool,
    interval: Duration,
    postgres: watch::Sender<Option<Checked>>,
    started: AtomicBool,
    /// The last `/health/all` checks, kept one interval.
    all: Cache<(), Arc<Vec<Check>>>,
}

/// One database check and when it finished.
#[derive(Debug, Clone)]
struct Checked {
    at: Instant,
    result: Result<(), String>,
}

impl std::fmt::Debug for HealthCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HealthCache")
            .field("interval", &self.inner.interval)
            .finish_non_exhaustive()
    }
}

impl HealthCache {
    /// A cache of `pool`'s health, checked every `interval` (starting now when called inside
    /// a Tokio runtime, else at the first `/health`).
    pub fn start(pool: PgPool, interval: Duration) -> Self {
        let cache = Self {
            inner: Arc::new(CacheInner {
                pool,
                interval,
                postgres: watch::Sender::new(None),
                started: AtomicBool::new(false),
                all: Cache::builder()
                    .max_capacity(1)
                    .time_to_live(interval.max(Duration::from_millis(1)))
                    .build(),
            }),
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            cache.ensure_refreshing();
        }
        cache
    }

    fn ensure_refreshing(&self) {
        if self.inner.started.swap(true, Ordering::SeqCst) {
            return;
        }
        tokio::spawn(refresh(Arc::downgrade(&self.inner)));
    }

    /// The database's health from the last check: waits for the first one, and reports a
    /// check that stopped answering (stuck pool or database) as down.
    async fn postgres(&self) -> Result<(), String> {
        self.ensure_refreshing();
        let interval = self.inner.interval;
        let mut receiver = self.inner.postgres.subscribe();
        let first = tokio::time::timeout(
            check_timeout(interval) + interval,
            receiver.wait_for(Option::is_some),
        )
        .await;
        let checked = match first {
            Ok(Ok(checked)) => checked.clone(),
            _ => None,
        };
        let Some(checked) = checked else {
            return Err("not checked yet".to_string());
        };
        let age = checked.at.elapsed();
        if age > 2 * interval + check_timeout(interval) {
            return Err(format!(
                "the database check has not answered for {} s",
                age.as_secs()
            ));
        }
        checked.result
    }
}

/// How long one database check may take.
fn check_timeout(interval: Duration) -> Duration {
    interval.max(Duration::from_secs(1))
}

/// Checks the database every interval while the cache is alive.
async fn refresh(cache: Weak<CacheInner>) {
    loop {
        let Some(inner) = cache.upgrade() else {
            return;
        };
        let interval = inner.interval;
        let result = match tokio::time::timeout(
            check_timeout(interval),
            check_postgres(&inner.pool),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err("no answer within the check's time".to_string()),
        };
        if let Err(detail) = &result {
            tracing::warn!(detail, "health check: the database is down");
        }
        inner.postgres.send_replace(Some(Checked {
            at: Instant::now(),
            result,
        }));
        drop(inner);
        tokio::time::sleep(interval).await;
    }
}

/// `GET /health`: this process answers and its database did at the last check.
#[utoipa::path(
    get, path = "/health", tag = "ops",
    summary = "Health of the query API and its database, from the last background check (every TRIBUTARY_API_HEALTH_INTERVAL_MS)",
    responses(
        (status = 200, description = "OK", body = Report),
        (status = 400, response = Error),
        (status = 503, description = "Degraded", body = Report),
    )
)]
pub async fn own(State(state): State<AppState>) -> (StatusCode, Json<Report>) {
    let db = Check::new("postgres", state.health.postgres().await);
    respond(vec![Check::new("query-api", Ok(())), db])
}

/// `GET /health/all`: PostgreSQL, the broker, the registry, and each configured component,
/// checked at most once per interval (concurrent callers share one check).
#[utoipa::path(
    get, path = "/health/all", tag = "ops",
    summary = "Health of every dependency and component",
    responses(
        (status = 200, description = "OK", body = Report),
        Denied,
        (status = 503, description = "Degraded", body = Report),
    )
)]
pub async fn all(State(state): State<AppState>, _reader: Reader) -> (StatusCode, Json<Report>) {
    let checks = state
        .health
        .inner
        .all
        .get_with((), async { Arc::new(check_all(&state).await) })
        .await;
    respond(checks.as_ref().clone())
}

async fn check_all(state: &AppState) -> Vec<Check> {
    let subjects = format!("{}/subjects", state.registry_url.trim_end_matches('/'));
    let (pg, kafka, registry) = tokio::join!(
        state.health.postgres(),
        check_kafka(state),
        check_http(state, "schema-registry", &subjects),
    );
    let mut checks = vec![
        Check::new("query-api", Ok(())),
        Check::new("postgres", pg),
        Check::new("kafka", kafka),
        Check::new("schema-registry", registry),
    ];
    for component in state.config.components.iter() {
        let (name, url) = component
            .split_once('=')
            .unwrap_or((component.as_str(), ""));
        let result = if url.is_empty() {
            Err("no URL configured (use name=url)".to_string())
        } else {
            check_http(
                state,
                "component",
                &format!("{}/health", url.trim_end_matches('/')),
            )
            .await
        };
        checks.push(Check::new(name, result));
    }
    checks
}

fn respond(checks: Vec<Check>) -> (StatusCode, Json<Report>) {
    let ok = checks.iter().all(|c| c.status == "ok");
    let code = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        code,
        Json(Report {
            status: if ok { "ok" } else { "degraded" },
            checks,
        }),
    )
}

/// Counts a check that reached a dependency (`tributary_api_health_checks_total{check}`).
fn count_check(check: &'static str) {
    metrics::counter!("tributary_api_health_checks_total", "check" => check).increment(1);
}

async fn check_postgres(pool: &PgPool) -> Result<(), String> {
    count_check("postgres");
    crate::store::ping(pool)
        .await
        .map_err(|_| "not reachable".to_string())
}

async fn check_kafka(state: &AppState) -> Result<(), String> {
    count_check("kafka");
    let brokers = state.kafka.brokers.clone();
    tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = ClientConfig::new()
            .set("bootstrap.servers", &brokers)
            .create()
            .map_err(|e| e.to_string())?;
        consumer
            .fetch_metadata(None, Duration::from_secs(3))
            .map(|_| ())
            .map_err(|_| "no metadata from the broker".to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

async fn check_http(state: &AppState, check: &'static str, url: &str) -> Result<(), String> {
    count_check(check);
    match state
        .http
        .get(url)
        .timeout(Duration::from_secs(3))
        .send()
        .await
    {
        Ok(r) if r.status().is_success() => Ok(()),
        Ok(r) => Err(format!("answered {}", r.status().as_u16())),
        Err(_) => Err("not reachable".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_database_that_does_not_answer_is_reported_down_from_the_cache() {
        // Nothing listens on port 1: every check fails at once.
        let pool = sqlx::postgres::PgPoolOptions::new()
            .acquire_timeout(Duration::from_millis(200))
            .connect_lazy("postgres://nobody@127.0.0.1:1/none")
            .expect("lazy pool");
        let cache = HealthCache::start(pool, Duration::from_millis(100));
        assert_eq!(cache.postgres().await, Err("not reachable".to_string()));
        // Answers come from the cache: many at once, no waiting on the database.
        let started = Instant::now();
        for _ in 0..100 {
            assert!(cache.postgres().await.is_err());
        }
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
