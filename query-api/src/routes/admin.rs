//! Operator routes (admin role): `GET /admin/dlq` lists the dead letters, `POST
//! /admin/dlq/redrive` sends the selected ones back to their source topics after a fix.

use crate::auth::Admin;
use crate::openapi::{Denied, Unavailable};
use crate::routes::ApiQuery;
use crate::server::AppState;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use tributary_http::HttpError;
use tributary_runtime::redrive::{DeadLetterFilter, DeadLetterOps, ListedDeadLetter, RedriveError};
use utoipa::{IntoParams, ToSchema};

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

/// Which dead letters: `?id=&component=&topic=&error=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadLetterQuery {
    /// Only this dead letter
    pub id: Option<String>,
    /// Only from this component
    pub component: Option<String>,
    /// Only from this source topic
    pub topic: Option<String>,
    /// Only those whose error contains this text
    pub error: Option<String>,
}

/// `?again=` of a redrive.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgainQuery {
    /// Also redrive those already redriven
    #[param(value_type = Option<bool>)]
    pub again: Option<String>,
}

fn filter_of(q: &DeadLetterQuery, again: bool) -> DeadLetterFilter {
    let text = |v: &Option<String>| v.as_deref().filter(|v| !v.is_empty()).map(str::to_string);
    DeadLetterFilter {
        id: text(&q.id),
        component: text(&q.component),
        topic: text(&q.topic),
        error: text(&q.error),
        again,
    }
}

/// Dead letters.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadLetters {
    /// Each with its error, source position, time and redrive state.
    #[schema(value_type = Vec<Object>)]
    items: Vec<ListedDeadLetter>,
}

/// `GET /admin/dlq?component=&topic=&error=&id=`: dead letters with their error, source
/// position, time and redrive state (all of them, redriven or not, unless filtered).
#[utoipa::path(
    get, path = "/admin/dlq", tag = "admin",
    summary = "Dead letters with error, source position, time and redrive state (admin)",
    params(DeadLetterQuery),
    responses((status = 200, description = "OK", body = DeadLetters), Denied, Unavailable)
)]
pub async fn list(
    State(state): State<AppState>,
    _admin: Admin,
    ApiQuery(q): ApiQuery<DeadLetterQuery>,
) -> Result<Json<DeadLetters>, HttpError> {
    let filter = filter_of(&q, true);
    let items = ops(&state)?
        .list()
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|l| filter.matches(l))
        .collect();
    Ok(Json(DeadLetters { items }))
}

/// What a redrive sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct Redriven {
    /// How many.
    redriven: usize,
    /// Which.
    #[schema(value_type = Vec<Object>)]
    items: Vec<ListedDeadLetter>,
}

/// `POST /admin/dlq/redrive?component=&topic=&error=&id=&again=`: resends the selected dead
/// letters not yet redriven (`again=true`: those too).
#[utoipa::path(
    post, path = "/admin/dlq/redrive", tag = "admin",
    summary = "Send the selected dead letters back to their source topics (admin)",
    params(DeadLetterQuery, AgainQuery),
    responses((status = 200, description = "OK", body = Redriven), Denied, Unavailable)
)]
pub async fn redrive(
    State(state): State<AppState>,
    _admin: Admin,
    ApiQuery(q): ApiQuery<DeadLetterQuery>,
    ApiQuery(again): ApiQuery<AgainQuery>,
) -> Result<Json<Redriven>, HttpError> {
    let filter = filter_of(&q, again.again.as_deref() == Some("true"));
    let items = ops(&state)?.redrive(&filter).await.map_err(failed)?;
    Ok(Json(Redriven {
        redriven: items.len(),
        items,
    }))
}
