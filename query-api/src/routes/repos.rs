//! `GET /repos`, `GET /repos/{owner}/{name}`.

use crate::auth::Reader;
use crate::openapi::{Denied, NotFound};
use crate::params;
use crate::routes::{ApiQuery, Items, LimitQuery, RepoPath};
use crate::server::AppState;
use crate::store::repos::{self, RepositorySummary};
use axum::extract::{Path, State};
use axum::Json;
use tributary_http::HttpError;

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

impl RepoPath {
    /// The checked `owner/name`.
    pub fn full_name(&self) -> Result<String, HttpError> {
        repository_path(&self.owner, &self.name)
    }
}

/// `GET /repos`
#[utoipa::path(
    get, path = "/repos", tag = "read",
    summary = "Repositories with commit and contributor counts",
    params(LimitQuery),
    responses((status = 200, description = "OK", body = Items<RepositorySummary>), Denied)
)]
pub async fn list(
    State(state): State<AppState>,
    _reader: Reader,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> Result<Json<Items<RepositorySummary>>, HttpError> {
    let limit = params::limit(q.limit.as_deref())?;
    let items = repos::list(&state.pool, limit)
        .await
        .map_err(HttpError::internal)?;
    Ok(Json(Items { items }))
}

/// `GET /repos/{owner}/{name}`
#[utoipa::path(
    get, path = "/repos/{owner}/{name}", tag = "read",
    summary = "One repository",
    params(RepoPath),
    responses((status = 200, description = "OK", body = RepositorySummary), Denied, NotFound)
)]
pub async fn get(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
) -> Result<Json<RepositorySummary>, HttpError> {
    let full = path.full_name()?;
    repos::get(&state.pool, &full)
        .await
        .map_err(HttpError::internal)?
        .map(Json)
        .ok_or_else(|| HttpError::not_found(format!("repository {full} not found")))
}
