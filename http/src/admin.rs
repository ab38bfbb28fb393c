//! The admin endpoint every worker serves: `GET /health` and `GET /metrics`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use std::net::SocketAddr;
use tributary_base::{Health, Shutdown};

/// Routes for `/health` and `/metrics`, to serve alone or merge into a component's own router.
pub fn router(health: Health) -> Router {
    tributary_telemetry::prometheus();
    Router::new()
        .route("/health", get(health_handler))
        .route("/metrics", get(metrics_handler))
        .with_state(health)
}

async fn health_handler(State(health): State<Health>) -> impl IntoResponse {
    let report = health.report();
    let code = if report.status == "ok" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(report))
}

/// `GET /metrics`: the process's metrics in the Prometheus text format.
pub async fn metrics_handler() -> impl IntoResponse {
    tributary_telemetry::prometheus();
    (
        [("content-type", "text/plain; version=0.0.4")],
        tributary_telemetry::render_metrics(),
    )
}

/// Serves the admin routes on `addr` until shutdown. Returns the bound address.
pub async fn serve(
    addr: SocketAddr,
    health: Health,
    shutdown: Shutdown,
) -> std::io::Result<SocketAddr> {
    let (local, _task) = crate::serve::serve("admin", addr, router(health), shutdown).await?;
    Ok(local)
}
