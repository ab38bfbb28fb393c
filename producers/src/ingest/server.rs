//! The ingest routes: `POST /webhooks/github`, `GET /health`, `GET /metrics`.

use super::config::IngestConfig;
use super::signature::{self, SignatureError};
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use http_body_util::{BodyExt, Limited};
use rdkafka::producer::FutureProducer;
use secrecy::ExposeSecret;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;
use tributary_runtime::rate_limit::{self, Decision, TokenBuckets};
use tributary_runtime::recent::RecentSet;
use tributary_runtime::{kafka, Health, HttpError, Shutdown};
use tributary_schemas::{event_id, EventCodec, WebhookReceived};

/// Headers kept with the raw webhook (never the signature).
const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "user-agent",
    "x-github-event",
    "x-github-delivery",
    "x-github-hook-id",
    "x-github-hook-installation-target-id",
    "x-github-hook-installation-target-type",
];

/// GitHub's event names that get their own metrics label; anything else counts as `other`.
const KNOWN_EVENTS: &[&str] = &[
    "ping",
    "push",
    "pull_request",
    "pull_request_review",
    "pull_request_review_comment",
    "deployment",
    "deployment_status",
    "issues",
    "issue_comment",
    "release",
    "create",
    "delete",
    "check_run",
    "check_suite",
    "workflow_run",
    "workflow_job",
    "status",
    "fork",
    "star",
    "watch",
    "repository",
    "member",
    "label",
    "milestone",
    "commit_comment",
    "gollum",
    "public",
];

/// Shared state of the ingest server.
#[derive(Clone)]
pub struct IngestState {
    inner: Arc<Inner>,
}

struct Inner {
    config: IngestConfig,
    producer: FutureProducer,
    codec: EventCodec,
    topic: String,
    recent: RecentSet,
    limits: TokenBuckets,
    /// Permits for deliveries being received (`max_in_flight`).
    in_flight: Arc<tokio::sync::Semaphore>,
    /// The record budget (`TRIBUTARY_MAX_MESSAGE_BYTES`): a delivery whose record would be
    /// larger, even with its body compressed, is refused with 413 before anything is stored.
    max_record_bytes: usize,
}

impl IngestState {
    /// State writing to `topic` through `producer`, records at most `max_record_bytes` long.
    pub fn new(
        config: IngestConfig,
        producer: FutureProducer,
        codec: EventCodec,
        topic: String,
        max_record_bytes: usize,
    ) -> Self {
        let recent = RecentSet::new(config.dedupe_capacity);
        let in_flight = Arc::new(tokio::sync::Semaphore::new(config.max_in_flight.max(1)));
        Self {
            inner: Arc::new(Inner {
                config,
                producer,
                codec,
                topic,
                recent,
                limits: TokenBuckets::new(),
                in_flight,
                max_record_bytes,
            }),
        }
    }
}

/// A 413 or a 408 is answered without reading the rest of the body, so the connection cannot
/// carry another request: say so, or a client that reuses it sees its next request cut short
/// (and the server closes it, so a slow client holds nothing more).
async fn close_after_unread_body(mut response: Response) -> Response {
    if matches!(
        response.status(),
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
    ) {
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
    }
    response
}

/// The ingest router (with `/health` and `/metrics`).
pub fn router(state: IngestState, health: Health) -> Router {
    Router::new()
        .route("/webhooks/github", post(receive))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit_per_source,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit_in_flight,
        ))
        // The handler enforces the configured cap itself, to answer 413 as JSON.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::map_response(close_after_unread_body))
        .with_state(state)
        .merge(tributary_runtime::admin::router(health))
}

/// Binds `config.listen` and serves until shutdown; returns the bound address.
pub async fn start(
    state: IngestState,
    health: Health,
    shutdown: Shutdown,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let addr = state.inner.config.listen;
    tributary_runtime::serve::serve("ingest", addr, router(state, health), shutdown).await
}

/// The client a delivery is counted against: the peer, or with `trust_forwarded_for` the last
/// address in `X-Forwarded-For` (appended by the trusted proxy; earlier entries are the
/// client's own claims). A missing or unparsable header falls back to the peer.
fn source(config: &IngestConfig, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if config.trust_forwarded_for {
        let forwarded = header(headers, "x-forwarded-for")
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse::<std::net::IpAddr>().ok());
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

/// Refuses a delivery with 503 and `Retry-After` while `max_in_flight` others are being
/// received, before reading its body; the permit is held until the answer is ready.
async fn limit_in_flight(
    State(state): State<IngestState>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let Ok(_permit) = state.inner.in_flight.clone().try_acquire_owned() else {
        let event = header(request.headers(), "x-github-event").unwrap_or_default();
        count(event, "overloaded");
        tracing::warn!(
            max_in_flight = state.inner.config.max_in_flight,
            "delivery refused: too many deliveries in flight"
        );
        let mut response = HttpError {
            retry_after: Some(1),
            ..HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "too many deliveries in flight; retry shortly",
            )
        }
        .into_response();
        // Answered without reading the body: the connection cannot carry another request.
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return response;
    };
    next.run(request).await
}

/// Refuses a source over its rate with 429 and `Retry-After`, before reading the body.
async fn limit_per_source(
    State(state): State<IngestState>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let config = &state.inner.config;
    let source = source(config, request.headers(), peer);
    match state
        .inner
        .limits
        .take(&source, config.rate_per_source, Instant::now())
    {
        Decision::Allowed => next.run(request).await,
        Decision::Limited { retry_after } => {
            let event = header(request.headers(), "x-github-event").unwrap_or_default();
            count(event, "rate_limited");
            tracing::warn!(%source, "delivery refused: source over its rate limit");
            rate_limit::too_many_requests(retry_after)
        }
    }
}

fn event_label(event: &str) -> &'static str {
    KNOWN_EVENTS
        .iter()
        .find(|e| **e == event)
        .copied()
        .unwrap_or("other")
}

fn count(event: &str, outcome: &'static str) {
    metrics::counter!("tributary_webhooks_received_total", "event" => event_label(event), "outcome" => outcome)
        .increment(1);
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn valid_token(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

async fn receive(
    State(state): State<IngestState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, HttpError> {
    let started = Instant::now();
    let event = header(&headers, "x-github-event")
        .unwrap_or_default()
        .to_string();
    let delivery = header(&headers, "x-github-delivery")
        .unwrap_or_default()
        .to_string();
    let span = tracing::info_span!("webhook", delivery_id = %delivery, event = %event);
    let result = handle(&state, &headers, body, &event, &delivery)
        .instrument(span)
        .await;
    metrics::histogram!("tributary_ingest_latency_seconds", "event" => event_label(&event))
        .record(started.elapsed().as_secs_f64());
    result
}

async fn handle(
    state: &IngestState,
    headers: &HeaderMap,
    body: Body,
    event: &str,
    delivery: &str,
) -> Result<Response, HttpError> {
    let cfg = &state.inner.config;
    if event.is_empty() {
        count(event, "malformed");
        return Err(HttpError::bad_request(
            "missing_event",
            "missing X-GitHub-Event header",
        ));
    }
    if !valid_token(event, 64) {
        count(event, "malformed");
        return Err(HttpError::bad_request(
            "bad_event",
            "X-GitHub-Event is not an event name",
        ));
    }
    if delivery.is_empty() {
        count(event, "malformed");
        return Err(HttpError::bad_request(
            "missing_delivery",
            "missing X-GitHub-Delivery header",
        ));
    }
    if !valid_token(delivery, 128) {
        count(event, "malformed");
        return Err(HttpError::bad_request(
            "bad_delivery",
            "X-GitHub-Delivery is not a delivery id",
        ));
    }
    let too_large = || {
        count(event, "too_large");
        HttpError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("body exceeds the {} byte limit", cfg.max_body_bytes),
        )
    };
    let declared = header(headers, "content-length").and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > cfg.max_body_bytes) {
        return Err(too_large());
    }
    let body_timeout = Duration::from_millis(cfg.body_timeout_ms);
    let read = tokio::time::timeout(
        body_timeout,
        Limited::new(body, cfg.max_body_bytes).collect(),
    );
    let Ok(read) = read.await else {
        // Dropping the unfinished read releases what was buffered.
        count(event, "body_timeout");
        tracing::warn!(
            timeout_ms = cfg.body_timeout_ms,
            "delivery refused: its body was not received in time"
        );
        return Err(HttpError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            format!(
                "the body was not received within {} ms",
                cfg.body_timeout_ms
            ),
        ));
    };
    let bytes = match read {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => return Err(too_large()),
        Err(_) => {
            count(event, "malformed");
            return Err(HttpError::bad_request(
                "unreadable_body",
                "the request body could not be read",
            ));
        }
    };
    metrics::histogram!("tributary_webhook_payload_bytes").record(bytes.len() as f64);

    if let Err(e) = signature::verify(
        cfg.secret.expose_secret().as_bytes(),
        &bytes,
        header(headers, "x-hub-signature-256"),
    ) {
        count(event, "bad_signature");
        let code = match e {
            SignatureError::Missing => "missing_signature",
            SignatureError::Malformed => "malformed_signature",
            SignatureError::Mismatch => "bad_signature",
        };
        return Err(HttpError::new(
            StatusCode::UNAUTHORIZED,
            code,
            e.to_string(),
        ));
    }

    let content_type = header(headers, "content-type").unwrap_or("application/json");
    if let Err(message) = check_payload(content_type, &bytes) {
        count(event, "malformed");
        return Err(HttpError::bad_request("malformed_payload", message));
    }

    if state.inner.recent.contains(delivery) {
        count(event, "duplicate");
        tracing::info!("duplicate delivery; already stored");
        return Ok((
            StatusCode::OK,
            Json(json!({"status": "duplicate", "delivery_id": delivery})),
        )
            .into_response());
    }

    let kept: HashMap<String, String> = KEPT_HEADERS
        .iter()
        .filter_map(|h| header(headers, h).map(|v| (h.to_string(), v.to_string())))
        .collect();
    let body_sha256 = hex::encode(Sha256::digest(&bytes));
    // A large body travels compressed (JSON shrinks 10-20 times); off the async threads.
    let body = if bytes.len() > tributary_schemas::body::COMPRESS_ABOVE {
        let raw = bytes.clone();
        tokio::task::spawn_blocking(move || tributary_schemas::body::encode(&raw).into_owned())
            .await
            .map_err(HttpError::internal)?
    } else {
        bytes.to_vec()
    };
    let record = WebhookReceived {
        event_id: event_id::webhook(delivery),
        delivery_id: delivery.to_string(),
        event: event.to_string(),
        hook_id: header(headers, "x-github-hook-id").map(str::to_string),
        headers: kept,
        body_sha256,
        body,
        received_at: chrono::Utc::now().timestamp_millis(),
    };
    let payload = state
        .inner
        .codec
        .encode(&state.inner.topic, &record)
        .await
        .map_err(|e| {
            count(event, "unavailable");
            tracing::warn!(error = %e, "cannot encode webhook");
            HttpError::unavailable("the schema registry is unavailable; retry later", 5)
        })?;
    let too_large_for_log = |stored: usize| {
        count(event, "too_large");
        tracing::warn!(
            body = bytes.len(),
            record = stored,
            budget = state.inner.max_record_bytes,
            "delivery refused: its record would be over the record budget even compressed"
        );
        HttpError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large_for_log",
            format!(
                "the body ({} bytes) does not fit in one {}-byte record of the event log even \
                 compressed ({stored} bytes)",
                bytes.len(),
                state.inner.max_record_bytes
            ),
        )
    };
    if payload.len() + delivery.len() > state.inner.max_record_bytes {
        return Err(too_large_for_log(payload.len()));
    }
    let ack = tokio::time::timeout(
        Duration::from_millis(cfg.ack_timeout_ms),
        kafka::send(
            &state.inner.producer,
            &state.inner.topic,
            delivery.as_bytes(),
            &payload,
        ),
    )
    .await;
    let (partition, offset) = match ack {
        Ok(Ok(position)) => position,
        Ok(Err(e)) if kafka::is_message_too_large(&e) => {
            // The topic takes less than the budget says: never worth a retry.
            return Err(too_large_for_log(payload.len()));
        }
        Ok(Err(e)) => {
            count(event, "unavailable");
            tracing::warn!(error = %e, "broker did not acknowledge");
            return Err(HttpError::unavailable(
                "the event log is unavailable; retry later",
                5,
            ));
        }
        Err(_) => {
            count(event, "unavailable");
            tracing::warn!("broker acknowledgement timed out");
            return Err(HttpError::unavailable(
                "the event log is unavailable; retry later",
                5,
            ));
        }
    };
    state.inner.recent.insert(delivery);
    count(event, "accepted");
    tracing::info!(partition, offset, "webhook stored");
    let status = if event == "ping" {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Ok((
        status,
        Json(json!({
            "status": "accepted",
            "delivery_id": delivery,
            "event_id": record.event_id,
            "partition": partition,
            "offset": offset,
        })),
    )
        .into_response())
}

/// Checks that the body is a JSON object, as JSON or as GitHub's form encoding (`payload=`).
fn check_payload(content_type: &str, body: &[u8]) -> Result<(), String> {
    let json = json_payload(content_type, body)?;
    match serde_json::from_slice::<serde_json::Value>(&json) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        Ok(_) => Err("the payload is JSON but not an object".into()),
        Err(e) => Err(format!("the payload is not valid JSON: {e}")),
    }
}

/// The JSON document of a webhook body, decoding GitHub's form encoding when used.
pub fn json_payload(content_type: &str, body: &[u8]) -> Result<Vec<u8>, String> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let form: HashMap<String, String> = serde_urlencoded::from_bytes(body)
            .map_err(|e| format!("the form body could not be decoded: {e}"))?;
        return form
            .get("payload")
            .map(|p| p.as_bytes().to_vec())
            .ok_or_else(|| "the form body has no payload field".to_string());
    }
    Ok(body.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_checks() {
        assert!(check_payload("application/json", br#"{"a":1}"#).is_ok());
        assert!(check_payload("application/json", b"{").is_err());
        assert!(check_payload("application/json", b"[1]").is_err());
        assert!(check_payload("application/x-www-form-urlencoded", b"payload=%7B%7D").is_ok());
        assert!(check_payload("application/x-www-form-urlencoded", b"other=1").is_err());
    }

    #[test]
    fn labels_are_bounded() {
        assert_eq!(event_label("push"), "push");
        assert_eq!(event_label("made_up_event_x"), "other");
        assert!(valid_token("pull_request", 64));
        assert!(!valid_token("a b", 64));
        assert!(!valid_token("", 64));
    }
}
