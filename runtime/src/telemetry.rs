//! Tracing and metrics set-up, once per process.

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use tracing_subscriber::{fmt, EnvFilter};

static PROMETHEUS: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the tracing subscriber: JSON lines when `TRIBUTARY_LOG_FORMAT=json`, human-readable
/// otherwise; the filter comes from `RUST_LOG` (default `info`). Safe to call more than once.
pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("TRIBUTARY_LOG_FORMAT").is_ok_and(|v| v == "json");
    let result = if json {
        fmt().json().with_env_filter(filter).try_init()
    } else {
        fmt().with_env_filter(filter).with_target(false).try_init()
    };
    // A second call (tests, `tributary up`) finds a subscriber already installed: that is fine.
    drop(result);
}

/// The process-wide Prometheus recorder, installed on first use.
pub fn prometheus() -> Option<&'static PrometheusHandle> {
    PROMETHEUS
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                    10.0,
                ])
                .ok()?;
            match builder.install_recorder() {
                Ok(handle) => Some(handle),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        })
        .as_ref()
}

/// The metrics in the Prometheus text format.
pub fn render_metrics() -> String {
    prometheus().map(|h| h.render()).unwrap_or_default()
}
