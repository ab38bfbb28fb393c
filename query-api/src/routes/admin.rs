//! Operator routes (admin role): `GET /admin/dlq` lists the dead letters, `POST
//! /admin/dlq/redrive` sends the selected ones back to their source topics after a fix.

use crate::auth::Admin;
use crate::routes::{param, Params};
use crate::server::AppState;
use axum::extract::{Query, State};
use axum::Json;
use serde_json::{json, Value};
use tributary_runtime::redrive::{DeadLetterFilter, DeadLetterOps, RedriveError};
use tributary_runtime::HttpError;

fn ops(state: &AppState) -> Result<&DeadLetterOps, HttpError> {
    state
        .dead_letters
        .as_ref()
        .ok_or_else(|| HttpError::unavailable("dead-letter operations are not configured", 30))
}

fn failed(e: RedriveError) -> HttpError {
    tracing::warn!(error = %e, "dead-letter operation failed");
    HttpError::unavailable("the broker or the bookkeeping is unavailable", 5)
}

fn filter_of(q: &Params) -> DeadLetterFilter {
    let text = |k: &str| param(q, k).filter(|v| !v.is_empty()).map(str::to_string);
    DeadLetterFilter {
        id: text("id"),
        component: text("component"),
        topic: text("topic"),
        error: text("error"),
        again: param(q, "again") == Some("true"),
    }
}

/// `GET /admin/dlq?component=&topic=&error=&id=`: dead letters with their error, source
/// position, time and redrive state (all of them, redriven or not, unless filtered).
pub async fn list(
    State(state): State<AppState>,
    _admin: Admin,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let filter = DeadLetterFilter {
        again: true,
        ..filter_of(&q)
    };
    let items: Vec<_> = ops(&state)?
        .list()
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|l| filter.matches(l))
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// `POST /admin/dlq/redrive?component=&topic=&error=&id=&again=`: resends the selected dead
/// letters not yet redriven (`again=true`: those too).
pub async fn redrive(
    State(state): State<AppState>,
    _admin: Admin,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let sent = ops(&state)?.redrive(&filter_of(&q)).await.map_err(failed)?;
    Ok(Json(json!({ "redriven": sent.len(), "items": sent })))
}
