//! `GET /events/stream?repo=&types=`: Server-Sent Events of what the projection commits:
//! commits, analyses, enrichments, pushes and activity, filtered by repository and type.

use crate::auth::BrowserReader;
use crate::params;
use crate::routes::{param, Params};
use crate::server::AppState;
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream};
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tributary_runtime::HttpError;

/// Event types a client may ask for.
pub const TYPES: &[&str] = &["commit", "analysis", "enrichment", "push", "activity"];

/// `GET /events/stream`.
pub async fn stream(
    State(state): State<AppState>,
    _reader: BrowserReader,
    Query(q): Query<Params>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, HttpError> {
    let repo = params::repository(param(&q, "repo"))?.map(str::to_string);
    let types: BTreeSet<String> = match param(&q, "types") {
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
    let receiver = feed.subscribe();
    metrics::gauge!("tributary_api_stream_clients").increment(1.0);
    let events = stream::unfold(
        (receiver, repo, types, ClientGuard),
        |(mut receiver, repo, types, guard)| async move {
            loop {
                match receiver.recv().await {
                    Ok(event) => {
                        let kind = event["type"].as_str().unwrap_or_default();
                        let same_repo = repo
                            .as_deref()
                            .is_none_or(|r| event["repository"].as_str() == Some(r));
                        if !same_repo || !types.contains(kind) {
                            continue;
                        }
                        let sse = Event::default()
                            .event(kind)
                            .id(event["event_id"].as_str().unwrap_or_default())
                            .data(event.to_string());
                        return Some((Ok(sse), (receiver, repo, types, guard)));
                    }
                    Err(RecvError::Lagged(missed)) => {
                        let sse = Event::default()
                            .event("lagged")
                            .data(format!("{{\"missed\":{missed}}}"));
                        return Some((Ok(sse), (receiver, repo, types, guard)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        },
    );
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Counts a connected client for as long as its stream lives.
struct ClientGuard;

impl Drop for ClientGuard {
    fn drop(&mut self) {
        metrics::gauge!("tributary_api_stream_clients").decrement(1.0);
    }
}
