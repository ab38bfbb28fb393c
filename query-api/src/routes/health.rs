//! `GET /health` (this process) and `GET /health/all` (every dependency and component).

use crate::auth::Reader;
use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::ClientConfig;
use serde::Serialize;
use std::time::Duration;

/// One checked part.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    name: String,
    status: &'static str,
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

/// The report of `/health/all`.
#[derive(Debug, Serialize)]
pub struct Report {
    status: &'static str,
    checks: Vec<Check>,
}

/// `GET /health`: this process answers and its database does.
pub async fn own(State(state): State<AppState>) -> (StatusCode, Json<Report>) {
    let db = Check::new("postgres", check_postgres(&state).await);
    respond(vec![Check::new("query-api", Ok(())), db])
}

/// `GET /health/all`: PostgreSQL, the broker, the registry, and each configured component.
pub async fn all(State(state): State<AppState>, _reader: Reader) -> (StatusCode, Json<Report>) {
    let subjects = format!("{}/subjects", state.registry_url.trim_end_matches('/'));
    let (pg, kafka, registry) = tokio::join!(
        check_postgres(&state),
        check_kafka(&state),
        check_http(&state, &subjects),
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
            check_http(&state, &format!("{}/health", url.trim_end_matches('/'))).await
        };
        checks.push(Check::new(name, result));
    }
    respond(checks)
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

async fn check_postgres(state: &AppState) -> Result<(), String> {
    sqlx::query("SELECT 1")
        .execute(&state.pool)
        .await
        .map(|_| ())
        .map_err(|_| "not reachable".to_string())
}

async fn check_kafka(state: &AppState) -> Result<(), String> {
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

async fn check_http(state: &AppState, url: &str) -> Result<(), String> {
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
