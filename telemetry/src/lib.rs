//! Tracing and metrics set-up, once per process:
//!
//! - [`init_tracing`]: the log subscriber (human-readable or JSON lines, `RUST_LOG`) and, when an
//!   OTLP endpoint is configured, span export; [`flush_traces`], [`shutdown_tracing`];
//! - [`prometheus`]: the process-wide Prometheus recorder every `metrics::` macro records into,
//!   and [`render_metrics`], its text format.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::SdkTracerProvider;
use std::sync::OnceLock;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

static PROMETHEUS: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
static TRACER_PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();

/// Why trace export could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("OpenTelemetry trace export: {0}")]
pub struct TraceExportError(String);

/// Installs the tracing subscriber: JSON lines when `TRIBUTARY_LOG_FORMAT=json`, human-readable
/// otherwise; the log filter comes from `RUST_LOG` (default `info`). When
/// `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, spans are also
/// exported over OTLP/HTTP (protobuf) in batches, as service `OTEL_SERVICE_NAME` (default
/// `tributary`), filtered by `TRIBUTARY_TRACE_FILTER` (default `info`, independent of the log
/// filter); call [`shutdown_tracing`] before exit to flush them. Safe to call more than once.
pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("TRIBUTARY_LOG_FORMAT").is_ok_and(|v| v == "json");
    let logs = if json {
        fmt::layer().json().with_filter(filter).boxed()
    } else {
        fmt::layer().with_target(false).with_filter(filter).boxed()
    };
    let trace_filter = || {
        EnvFilter::try_from_env("TRIBUTARY_TRACE_FILTER").unwrap_or_else(|_| EnvFilter::new("info"))
    };
    let (traces, export_error) = match otlp_configured().then(trace_provider) {
        None => (None, None),
        Some(Ok(provider)) => {
            let tracer = provider.tracer("tributary");
            let _ = TRACER_PROVIDER.set(provider);
            let layer = tracing_opentelemetry::layer()
                .with_tracer(tracer)
                .with_filter(trace_filter());
            (Some(layer), None)
        }
        Some(Err(e)) => (None, Some(e)),
    };
    let result = tracing_subscriber::registry()
        .with(logs)
        .with(traces)
        .try_init();
    if let Some(e) = export_error {
        tracing::warn!(error = %e, "traces are not exported");
    } else if result.is_ok() && TRACER_PROVIDER.get().is_some() {
        tracing::info!("exporting traces over OTLP");
    }
    // A second call (tests, `tributary up`) finds a subscriber already installed: that is fine.
    drop(result);
}

/// Whether an OTLP endpoint is configured in the environment.
fn otlp_configured() -> bool {
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    ]
    .iter()
    .any(|v| std::env::var(v).is_ok_and(|v| !v.is_empty()))
}

/// A tracer provider exporting to the configured endpoint (read by the exporter itself).
fn trace_provider() -> Result<SdkTracerProvider, TraceExportError> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .build()
        .map_err(|e| TraceExportError(e.to_string()))?;
    let mut resource = opentelemetry_sdk::Resource::builder();
    if std::env::var("OTEL_SERVICE_NAME").is_err() {
        resource = resource.with_service_name("tributary");
    }
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build())
}

/// Exports the spans not yet sent (blocking; call from a blocking context or at exit).
pub fn flush_traces() {
    if let Some(provider) = TRACER_PROVIDER.get() {
        if let Err(e) = provider.force_flush() {
            tracing::warn!(error = %e, "flushing traces failed");
        }
    }
}

/// Flushes and stops trace export; call once before the process exits.
pub fn shutdown_tracing() {
    if let Some(provider) = TRACER_PROVIDER.get() {
        if let Err(e) = provider.shutdown() {
            tracing::warn!(error = %e, "stopping trace export failed");
        }
    }
}

/// The process-wide Prometheus recorder, installed on first use.
pub fn prometheus() -> Option<&'static PrometheusHandle> {
    PROMETHEUS
        .get_or_init(|| {
            // Durations in seconds by default; sizes and counts get their own scales.
            let builder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                    10.0,
                ])
                .ok()?
                .set_buckets_for_metric(
                    Matcher::Suffix("_bytes".into()),
                    &[
                        256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0, 4194304.0,
                        16777216.0, 26214400.0,
                    ],
                )
                .ok()?
                .set_buckets_for_metric(
                    Matcher::Full("tributary_projection_batch_records".into()),
                    &[1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0],
                )
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
