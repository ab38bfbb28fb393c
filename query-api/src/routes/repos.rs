//! `GET /repos`, `GET /repos/{owner}/{name}`.

use crate::auth::Reader;
use crate::params;
use crate::routes::{param, Params};
use crate::server::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use tributary_runtime::HttpError;

/// A repository with its totals.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct RepositorySummary {
    full_name: String,
    owner: String,
    name: String,
    first_seen_at: DateTime<Utc>,
    last_activity_at: DateTime<Utc>,
    commits: i64,
    contributors: i64,
}

const SUMMARY: &str = "SELECT r.full_name, r.owner, r.name, r.first_seen_at, r.last_activity_at,
        (SELECT count(*) FROM commits c WHERE c.repository = r.full_name) AS commits,
        (SELECT count(*) FROM contributors p WHERE p.repository = r.full_name) AS contributors
    FROM repositories r";

/// Checks `owner/name` from the path.
pub fn repository_path(owner: &str, name: &str) -> Result<String, HttpError> {
    let full = format!("{owner}/{name}");
    if params::is_repository(&full) {
        Ok(full)
    } else {
        Err(HttpError::bad_request(
            "bad_parameter",
            "repository must be owner/name",
        ))
    }
}

/// `GET /repos`
pub async fn list(
    State(state): State<AppState>,
    _reader: Reader,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let limit = params::limit(param(&q, "limit"))?;
    let rows: Vec<RepositorySummary> =
        sqlx::query_as(&format!("{SUMMARY} ORDER BY r.full_name LIMIT $1"))
            .bind(limit)
            .fetch_all(&state.pool)
            .await
            .map_err(HttpError::internal)?;
    Ok(Json(json!({ "items": rows })))
}

/// `GET /repos/{owner}/{name}`
pub async fn get(
    State(state): State<AppState>,
    _reader: Reader,
    Path((owner, name)): Path<(String, String)>,
) -> Result<Json<RepositorySummary>, HttpError> {
    let full = repository_path(&owner, &name)?;
    sqlx::query_as(&format!("{SUMMARY} WHERE r.full_name = $1"))
        .bind(&full)
        .fetch_optional(&state.pool)
        .await
        .map_err(HttpError::internal)?
        .map(Json)
        .ok_or_else(|| HttpError::not_found(format!("repository {full} not found")))
}
