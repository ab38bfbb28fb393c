//! OpenTelemetry trace export: with `OTEL_EXPORTER_OTLP_ENDPOINT` set, the spans of a real
//! webhook delivery (through the real ingest, broker and registry) reach an OTLP/HTTP collector
//! on loopback, carrying the delivery id and the service name.

use crate::common::*;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the collector received: (path, content type, body).
type Received = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;

async fn collect(
    State(received): State<Received>,
    headers: HeaderMap,
    body: Bytes,
) -> &'static str {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    received
        .lock()
        .expect("lock")
        .push(("/v1/traces".into(), content_type, body.to_vec()));
    ""
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn spans_of_a_delivery_are_exported_over_otlp() {
    // The tracing subscriber is the process's, and set up from the environment this test sets.
    if own_process(module_path!(), "spans_of_a_delivery_are_exported_over_otlp").await {
        return;
    }
    let received: Received = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let collector = listener.local_addr().expect("addr");
    let app = Router::new()
        .route("/v1/traces", post(collect))
        .with_state(received.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    // Alone in its process: nothing else reads the environment concurrently.
    std::env::set_var("OTEL_EXPORTER_OTLP_ENDPOINT", format!("http://{collector}"));
    std::env::remove_var("OTEL_SERVICE_NAME");

    let env = TestEnv::new("otel").await;
    let ingest = env.start_ingest(1024 * 1024).await;
    let delivery = uuid::Uuid::new_v4().to_string();
    let body = std::fs::read(fixtures_dir().join("ping.payload.json")).expect("fixture");
    let answer = tributary::webhook_client::send(
        &env.http,
        &format!("http://{ingest}/webhooks/github"),
        WEBHOOK_SECRET.as_bytes(),
        "ping",
        &delivery,
        body,
    )
    .await
    .expect("sent");
    assert!((200..300).contains(&answer.status), "{}", answer.body);

    // The batch exporter sends on flush (blocking client: off the async workers).
    tokio::task::spawn_blocking(tributary_telemetry::flush_traces)
        .await
        .expect("flushed");
    wait_until(
        Duration::from_secs(20),
        "the delivery's span at the collector",
        || {
            let received = received.clone();
            let delivery = delivery.clone();
            async move {
                received
                    .lock()
                    .expect("lock")
                    .iter()
                    .any(|(_, _, body)| contains(body, &delivery))
            }
        },
    )
    .await;
    let received = received.lock().expect("lock");
    let (_, content_type, body) = received
        .iter()
        .find(|(_, _, body)| contains(body, &delivery))
        .expect("span with the delivery id");
    assert_eq!(content_type, "application/x-protobuf");
    assert!(
        contains(body, "webhook"),
        "the ingest span is named webhook"
    );
    assert!(contains(body, "service.name") && contains(body, "tributary"));
}
