//! `GET /events/stream?repo=&types=`: Server-Sent Events of what the projection commits:
//! commits, analyses, enrichments, pushes and activity, filtered by repository and type.
//! Streams are capped per token subject and in all ([`StreamSlots`]), and end when their token
//! expires.

use crate::auth::BrowserReader;
use crate::openapi::{Denied, Error, Unavailable};
use crate::params;
use crate::routes::ApiQuery;
use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use tributary_http::HttpError;
use tributary_schemas::live::LiveEvent;
use utoipa::IntoParams;

/// Event types a client may ask for.
const TYPES: [&str; 5] = LiveEvent::TYPES;

/// `?repo=&types=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// owner/name
    pub repo: Option<String>,
    /// Comma-separated event types
    pub types: Option<String>,
}

/// `GET /events/stream`. At most `sse_max_per_subject` streams per token subject (429 past
/// it) and `sse_max_streams` in all (503 past it); a stream ends, with a last `expired` event,
/// when its token expires.
#[utoipa::path(
    get, path = "/events/stream", tag = "live",
    summary = "Server-Sent Events of what is projected: commit, analysis, enrichment, push, activity",
    description = "Capped per token subject (429 too_many_streams) and in all (503 streams_full, with Retry-After). A client that falls behind gets a `lagged` event with the count it missed; when the token expires the stream sends an `expired` event and ends.",
    params(
        StreamQuery,
        ("access_token" = Option<String>, Query,
            description = "The bearer token, for EventSource clients"),
    ),
    responses(
        (status = 200, description = "OK", content_type = "text/event-stream", body = String),
        Denied, (status = 429, response = Error), Unavailable,
    )
)]
pub async fn stream(
    State(state): State<AppState>,
    BrowserReader(claims): BrowserReader,
    ApiQuery(q): ApiQuery<StreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, HttpError> {
    let repo = params::repository(q.repo.as_deref())?.map(str::to_string);
    let types: BTreeSet<String> = match q.types.as_deref() {
        None => TYPES.iter().map(|t| t.to_string()).collect(),
        Some(list) => {
            let mut wanted = BTreeSet::new();
            for t in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                if !TYPES.contains(&t) {
                    return Err(HttpError::bad_request(
                        "bad_parameter",
                        format!("unknown event type {t:?}; use {}", TYPES.join(", ")),
                    ));
                }
                wanted.insert(t.to_string());
            }
            wanted
        }
    };
    let feed = state
        .live
        .as_ref()
        .ok_or_else(|| HttpError::unavailable("the live feed is not running", 30))?;
    let config = &state.config;
    let slot = state
        .streams
        .take(
            &claims.sub,
            config.sse_max_per_subject,
            config.sse_max_streams,
        )
        .map_err(|refusal| refusal.into_http(config))?;
    let receiver = feed.subscribe();
    // The token's expiry, as a deadline of this process's clock.
    let left =
        u64::try_from(claims.exp.saturating_sub(chrono::Utc::now().timestamp())).unwrap_or(0);
    let expiry = Box::pin(tokio::time::sleep(Duration::from_secs(left)));
    let live = Live {
        receiver,
        repo,
        types,
        expiry,
        exp: claims.exp,
        ended: false,
        _slot: slot,
    };
    let events = stream::unfold(live, |mut live| async move {
        let event = live.next().await?;
        Some((Ok(event), live))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Whether `event` is of repository `repo` (any when `None`) and one of `types`.
fn wanted(repo: Option<&str>, types: &BTreeSet<String>, event: &LiveEvent) -> bool {
    repo.is_none_or(|r| event.repository() == r) && types.contains(event.kind())
}

/// One client's stream: its subscription, filters, token expiry and slot.
struct Live {
    receiver: broadcast::Receiver<Arc<LiveEvent>>,
    repo: Option<String>,
    types: BTreeSet<String>,
    expiry: Pin<Box<tokio::time::Sleep>>,
    /// The token's `exp`.
    exp: i64,
    ended: bool,
    _slot: StreamSlot,
}

impl Live {
    /// Whether the client asked for `event`.
    fn wants(&self, event: &LiveEvent) -> bool {
        wanted(self.repo.as_deref(), &self.types, event)
    }

    /// The next event to send, or `None` when the stream is over.
    async fn next(&mut self) -> Option<Event> {
        if self.ended {
            return None;
        }
        loop {
            let received = tokio::select! {
                biased;
                _ = &mut self.expiry => {
                    self.ended = true;
                    tracing::info!("event stream ended: its token expired");
                    return Some(
                        Event::default()
                            .event("expired")
                            .data(format!("{{\"reason\":\"token expired\",\"exp\":{}}}", self.exp)),
                    );
                }
                received = self.receiver.recv() => received,
            };
            match received {
                Ok(event) => {
                    if !self.wants(&event) {
                        continue;
                    }
                    let data = match serde_json::to_string(&*event) {
                        Ok(data) => data,
                        Err(error) => {
                            tracing::warn!(%error, "live event not serializable; skipped");
                            continue;
                        }
                    };
                    return Some(
                        Event::default()
                            .event(event.kind())
                            .id(event.event_id())
                            .data(data),
                    );
                }
                Err(RecvError::Lagged(missed)) => {
                    return Some(
                        Event::default()
                            .event("lagged")
                            .data(format!("{{\"missed\":{missed}}}")),
                    );
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

/// The open streams, counted per token subject and in all.
#[derive(Debug, Default)]
pub struct StreamSlots {
    open: Mutex<OpenStreams>,
}

#[derive(Debug, Default)]
struct OpenStreams {
    total: usize,
    by_subject: HashMap<String, usize>,
}

/// Why a stream was not opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamRefusal {
    /// The subject holds `sse_max_per_subject` streams.
    Subject,
    /// `sse_max_streams` are open.
    Total,
}

impl StreamRefusal {
    fn into_http(self, config: &crate::config::QueryApiConfig) -> HttpError {
        match self {
            Self::Subject => {
                metrics::counter!("tributary_api_refused_total", "reason" => "streams_per_subject")
                    .increment(1);
                tracing::warn!(
                    max = config.sse_max_per_subject,
                    "event stream refused: its subject holds the most streams allowed"
                );
                HttpError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_streams",
                    format!(
                        "this token's subject already has {} event streams open; close one",
                        config.sse_max_per_subject
                    ),
                )
            }
            Self::Total => {
                metrics::counter!("tributary_api_refused_total", "reason" => "streams_full")
                    .increment(1);
                tracing::warn!(
                    max = config.sse_max_streams,
                    "event stream refused: the most streams allowed are open"
                );
                HttpError {
                    code: "streams_full",
                    ..HttpError::unavailable(
                        format!(
                            "{} event streams are open, the most this server holds; retry later",
                            config.sse_max_streams
                        ),
                        5,
                    )
                }
            }
        }
    }
}

impl StreamSlots {
    /// A slot for one more stream of `subject`, if neither cap is reached.
    pub fn take(
        self: &Arc<Self>,
        subject: &str,
        per_subject: usize,
        total: usize,
    ) -> Result<StreamSlot, StreamRefusal> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.total >= total {
            return Err(StreamRefusal::Total);
        }
        let mine = open.by_subject.entry(subject.to_string()).or_default();
        if *mine >= per_subject {
            return Err(StreamRefusal::Subject);
        }
        *mine += 1;
        open.total += 1;
        metrics::gauge!("tributary_api_stream_clients").increment(1.0);
        Ok(StreamSlot {
            slots: Arc::clone(self),
            subject: subject.to_string(),
        })
    }

    /// Streams open now (all subjects).
    #[cfg(test)]
    fn open(&self) -> usize {
        self.open.lock().map(|o| o.total).unwrap_or_default()
    }
}

/// One open stream; its slot is given back when the stream is dropped.
#[derive(Debug)]
pub struct StreamSlot {
    slots: Arc<StreamSlots>,
    subject: String,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|e| e.into_inner());
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_subject.get_mut(&self.subject) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.by_subject.remove(&self.subject);
            }
        }
        metrics::gauge!("tributary_api_stream_clients").decrement(1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_filtered_by_repository_and_type() {
        let event: LiveEvent = serde_json::from_str(
            r#"{"type":"enrichment","repository":"octo/a","sha":"s","category":"fix",
                "risk":10,"offline":true,"model":"offline","event_id":"e"}"#,
        )
        .expect("an announcement");
        let all: BTreeSet<String> = TYPES.iter().map(|t| t.to_string()).collect();
        let commits = BTreeSet::from(["commit".to_string()]);
        assert!(wanted(None, &all, &event));
        assert!(wanted(Some("octo/a"), &all, &event));
        assert!(!wanted(Some("octo/b"), &all, &event));
        assert!(!wanted(None, &commits, &event));
    }

    #[test]
    fn slots_are_capped_per_subject_and_in_all_and_given_back() {
        let slots = Arc::new(StreamSlots::default());
        let a1 = slots.take("a", 2, 3).expect("a 1");
        let _a2 = slots.take("a", 2, 3).expect("a 2");
        assert_eq!(slots.take("a", 2, 3).err(), Some(StreamRefusal::Subject));
        let _b1 = slots.take("b", 2, 3).expect("b 1");
        assert_eq!(slots.take("b", 2, 3).err(), Some(StreamRefusal::Total));
        drop(a1);
        assert_eq!(slots.open(), 2);
        let _b2 = slots.take("b", 2, 3).expect("b 2 after a's slot came back");
    }
}
