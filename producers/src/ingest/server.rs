//! The ingest routes: `POST /webhooks/github`, `GET /health`, `GET /metrics`.
//!
//! Around the webhook route, outermost first: the refusals' answer shape ([`answer_refusals`]),
//! the cap on deliveries in flight ([`tower`]'s global concurrency limit, shedding load past it:
//! 503 `overloaded`), the rate per source ([`limit_per_source`]: 429) and the body cap
//! ([`tower_http`]'s request body limit: 413). The handler bounds the time the whole body may
//! take to arrive (408 `body_timeout`): a deadline on the body, not on the request (which also
//! waits for the broker), and not an idle timeout between chunks (which a client sending one
//! byte a second would never hit).

use super::config::IngestConfig;
use super::signature::{self, SignatureError};
use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use http_body_util::BodyExt;
use rdkafka::producer::FutureProducer;
use secrecy::ExposeSecret;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::{BoxError, ServiceBuilder};
use tower_http::limit::RequestBodyLimitLayer;
use tracing::Instrument;
use tributary_http::rate_limit::{self, Decision, KeyedLimiter};
use tributary_http::HttpError;
use tributary_runtime::recent::RecentSet;
use tributary_runtime::{kafka, Health, Shutdown};
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
    /// The rate per source address.
    limits: KeyedLimiter,
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
        let limits = KeyedLimiter::new(config.rate_per_source);
        Self {
            inner: Arc::new(Inner {
                config,
                producer,
                codec,
                topic,
                recent,
                limits,
                in_flight,
                max_record_bytes,
            }),
        }
    }
}

/// The 413 of a body over the cap, as JSON.
fn too_large(max_body_bytes: usize) -> HttpError {
    HttpError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("body exceeds the {max_body_bytes} byte limit"),
    )
}

/// Gives every refusal the API's shape and says when the connection must close.
///
/// A body declared over the cap is refused by the body-limit layer before any handler runs,
/// in plain text: it is answered here as JSON (and counted). A 413 or a 408 answered
/// without reading the rest of the body leaves the connection unable to carry another
/// request: say so, or a client that reuses it sees its next request cut short (and the server
/// closes it, so a slow client holds nothing more).
async fn answer_refusals(
    State(state): State<IngestState>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let event = header(request.headers(), "x-github-event")
        .unwrap_or_default()
        .to_string();
    let mut response = next.run(request).await;
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !json {
        count(&event, "too_large");
        response = too_large(state.inner.config.max_body_bytes).into_response();
    }
    if matches!(
        response.status(),
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
    ) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The answer when `max_in_flight` deliveries are being received: 503 `overloaded` with
/// `Retry-After`, before the body is read.
fn overloaded(max_in_flight: usize, headers: &HeaderMap, error: BoxError) -> Response {
    if !error.is::<tower::load_shed::error::Overloaded>() {
        return HttpError::internal(error).into_response();
    }
    count(
        header(headers, "x-github-event").unwrap_or_default(),
        "overloaded",
    );
    tracing::warn!(
        max_in_flight,
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
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// The ingest router (with `/health` and `/metrics`).
pub fn router(state: IngestState, health: Health) -> Router {
    let config = &state.inner.config;
    let max_in_flight = config.max_in_flight;
    let limits = ServiceBuilder::new()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            answer_refusals,
        ))
        .layer(HandleErrorLayer::new(
            move |headers: HeaderMap, error: BoxError| async move {
                overloaded(max_in_flight, &headers, error)
            },
        ))
        .load_shed()
        .layer(GlobalConcurrencyLimitLayer::with_semaphore(
            state.inner.in_flight.clone(),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit_per_source,
        ))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        // The body limit above replaces axum's default one (the handler reads the raw body).
        .layer(DefaultBodyLimit::disable());
    Router::new()
        .route("/webhooks/github", post(receive))
        .layer(limits)
        .with_state(state)
        .merge(tributary_http::admin::router(health))
}

/// Binds `config.listen` and serves until shutdown; returns the bound address.
pub async fn start(
    state: IngestState,
    health: Health,
    shutdown: Shutdown,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let addr = state.inner.config.listen;
    tributary_http::serve::serve("ingest", addr, router(state, health), shutdown).await
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
    match state.inner.limits.check(&source) {
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
    let body_timeout = Duration::from_millis(cfg.body_timeout_ms);
    // The body-limit layer cuts the body at the cap (and refused one declared over it).
    let Ok(read) = tokio::time::timeout(body_timeout, body.collect()).await else {
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
        Err(e) if over_the_cap(&e) => {
            count(event, "too_large");
            return Err(too_large(cfg.max_body_bytes));
        }
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

/// Whether reading a body failed because it went over the body limit (the limit's error,
/// wrapped by the body types between it and the handler).
fn over_the_cap(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(e) = cause {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
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
    use axum::http::Request as HttpRequest;
    use tower::ServiceExt;

    /// Ingest with nothing behind it (no broker, no registry): for the refusals that come
    /// before a delivery is stored.
    fn ingest(tune: impl FnOnce(&mut IngestConfig)) -> Router {
        let mut config = IngestConfig {
            listen: "127.0.0.1:0".parse().expect("addr"),
            secret: "webhook-secret-that-is-long-enough-0123".into(),
            max_body_bytes: 64,
            ack_timeout_ms: 100,
            dedupe_capacity: 10,
            rate_per_source: rate_limit::Rate::UNLIMITED,
            trust_forwarded_for: false,
            max_in_flight: 4,
            body_timeout_ms: 30_000,
        };
        tune(&mut config);
        let producer: FutureProducer = rdkafka::ClientConfig::new()
            .set("bootstrap.servers", "127.0.0.1:1")
            .create()
            .expect("producer");
        let codec = EventCodec::new("http://127.0.0.1:1").expect("codec");
        let state = IngestState::new(config, producer, codec, "t".into(), 1 << 20);
        router(state, Health::new("ingest"))
    }

    fn delivery(body: Body, length: Option<usize>) -> HttpRequest<Body> {
        let mut b = HttpRequest::post("/webhooks/github")
            .header("content-type", "application/json")
            .header("x-github-event", "push")
            .header("x-github-delivery", "d-1");
        if let Some(n) = length {
            b = b.header("content-length", n);
        }
        b.body(body).expect("request")
    }

    async fn answer(router: Router, request: HttpRequest<Body>) -> (StatusCode, HeaderMap, String) {
        let response = router.oneshot(request).await.expect("answer");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("body").to_bytes();
        (
            parts.status,
            parts.headers,
            String::from_utf8_lossy(&body).into_owned(),
        )
    }

    /// A body that sends `first` and then nothing, ever.
    fn stalled(first: &'static [u8]) -> Body {
        let chunk = futures::stream::once(async move {
            Ok::<_, std::io::Error>(bytes::Bytes::from_static(first))
        });
        Body::from_stream(futures::StreamExt::chain(chunk, futures::stream::pending()))
    }

    #[tokio::test]
    async fn bodies_over_the_cap_are_refused_as_json_declared_or_not() {
        let (status, headers, body) = answer(
            ingest(|_| {}),
            delivery(Body::from(vec![b' '; 65]), Some(65)),
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(body.contains("\"payload_too_large\""), "{body}");
        assert_eq!(headers["connection"], "close");
        // Streamed without a length: cut when it passes the cap.
        let chunks = futures::stream::iter(
            (0..10).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"0123456789"))),
        );
        let (status, _, body) =
            answer(ingest(|_| {}), delivery(Body::from_stream(chunks), None)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(body.contains("\"payload_too_large\""), "{body}");
    }

    #[tokio::test]
    async fn a_body_that_does_not_arrive_in_time_is_cut_off() {
        let router = ingest(|c| c.body_timeout_ms = 100);
        let (status, headers, body) = answer(router, delivery(stalled(b"{"), Some(10))).await;
        assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
        assert!(body.contains("\"body_timeout\""), "{body}");
        assert_eq!(headers["connection"], "close");
    }

    #[tokio::test]
    async fn deliveries_past_the_cap_in_flight_are_shed_until_one_is_done() {
        let router = ingest(|c| {
            c.max_in_flight = 1;
            c.body_timeout_ms = 300;
        });
        let held = tokio::spawn(answer(router.clone(), delivery(stalled(b"{"), Some(10))));
        tokio::time::sleep(Duration::from_millis(50)).await;
        let (status, headers, body) =
            answer(router.clone(), delivery(Body::from("{}"), Some(2))).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert!(body.contains("\"overloaded\""), "{body}");
        assert_eq!(headers["retry-after"], "1");
        assert_eq!(headers["connection"], "close");
        // The held one ends (its body deadline); the next is let in (and refused for what it is).
        assert_eq!(held.await.expect("held").0, StatusCode::REQUEST_TIMEOUT);
        let (status, _, _) = answer(router, delivery(Body::from("{}"), Some(2))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    #[tokio::test]
    async fn a_source_over_its_rate_is_refused_with_retry_after() {
        let router = ingest(|c| {
            c.rate_per_source = rate_limit::Rate {
                per_second: 0.5,
                burst: 1.0,
            }
        });
        let (status, _, _) = answer(router.clone(), delivery(Body::from("{}"), Some(2))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, headers, body) = answer(router, delivery(Body::from("{}"), Some(2))).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(body.contains("\"rate_limited\""), "{body}");
        assert_eq!(headers["retry-after"], "2");
    }

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
