//! Repository activity from webhooks: `GET /repos/{owner}/{name}/{pushes|pulls|deployments|issues|releases}`.
//! Each is a newest-first listing of one table, with `limit`; each item is its row as stored.

use crate::auth::Reader;
use crate::openapi::Denied;
use crate::params;
use crate::routes::{ApiQuery, LimitQuery, RepoPath, Rows};
use crate::server::AppState;
use crate::store::activity::{self, Activity};
use axum::extract::{Path, State};
use axum::Json;
use tributary_http::HttpError;

/// Lists one kind of activity.
async fn list(
    kind: Activity,
    state: AppState,
    path: RepoPath,
    q: LimitQuery,
) -> Result<Json<Rows>, HttpError> {
    let repo = path.full_name()?;
    let limit = params::limit(q.limit.as_deref())?;
    let items = activity::list(&state.pool, kind, &repo, limit)
        .await
        .map_err(HttpError::internal)?;
    Ok(Json(Rows { items }))
}

/// `GET /repos/{owner}/{name}/pushes`
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/pushes", tag = "read",
    summary = "Pushes, newest first",
    params(RepoPath, LimitQuery),
    responses((status = 200, description = "OK", body = Rows), Denied)
)]
pub async fn pushes(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> Result<Json<Rows>, HttpError> {
    list(Activity::Pushes, state, path, q).await
}

/// `GET /repos/{owner}/{name}/pulls`
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/pulls", tag = "read",
    summary = "Pull requests, most recently updated first",
    params(RepoPath, LimitQuery),
    responses((status = 200, description = "OK", body = Rows), Denied)
)]
pub async fn pulls(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> Result<Json<Rows>, HttpError> {
    list(Activity::Pulls, state, path, q).await
}

/// `GET /repos/{owner}/{name}/deployments`
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/deployments", tag = "read",
    summary = "Deployments with their latest state",
    params(RepoPath, LimitQuery),
    responses((status = 200, description = "OK", body = Rows), Denied)
)]
pub async fn deployments(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> Result<Json<Rows>, HttpError> {
    list(Activity::Deployments, state, path, q).await
}

/// `GET /repos/{owner}/{name}/issues`
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/issues", tag = "read",
    summary = "Issues, most recently updated first",
    params(RepoPath, LimitQuery),
    responses((status = 200, description = "OK", body = Rows), Denied)
)]
pub async fn issues(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> Result<Json<Rows>, HttpError> {
    list(Activity::Issues, state, path, q).await
}

/// `GET /repos/{owner}/{name}/releases`
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/releases", tag = "read",
    summary = "Releases",
    params(RepoPath, LimitQuery),
    responses((status = 200, description = "OK", body = Rows), Denied)
)]
pub async fn releases(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> Result<Json<Rows>, HttpError> {
    list(Activity::Releases, state, path, q).await
}
