//! `GET /contributors` and `GET /stats` (commits per day and per author).

use crate::auth::Reader;
use crate::openapi::Denied;
use crate::params;
use crate::routes::{ApiQuery, Items};
use crate::server::AppState;
use crate::store::people::{self, Contributor, PerAuthor, PerDay, Window};
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use tributary_http::HttpError;
use utoipa::{IntoParams, ToSchema};

/// `GET /contributors?repo=&limit=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContributorsQuery {
    /// Restrict to one repository, owner/name
    pub repo: Option<String>,
    /// Page size, 1-500 (default 50)
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// `GET /contributors?repo=&limit=`, most commits first.
#[utoipa::path(
    get, path = "/contributors", tag = "read",
    summary = "Contributors, most commits first",
    params(ContributorsQuery),
    responses((status = 200, description = "OK", body = Items<Contributor>), Denied)
)]
pub async fn contributors(
    State(state): State<AppState>,
    _reader: Reader,
    ApiQuery(q): ApiQuery<ContributorsQuery>,
) -> Result<Json<Items<Contributor>>, HttpError> {
    let repo = params::repository(q.repo.as_deref())?;
    let limit = params::limit(q.limit.as_deref())?;
    let items = people::contributors(&state.pool, repo, limit)
        .await
        .map_err(HttpError::internal)?;
    Ok(Json(Items { items }))
}

/// `GET /stats?repo=&since=&until=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Restrict to one repository, owner/name
    pub repo: Option<String>,
    /// Inclusive lower bound: RFC 3339 time or YYYY-MM-DD
    pub since: Option<String>,
    /// Exclusive upper bound: RFC 3339 time or YYYY-MM-DD
    pub until: Option<String>,
}

/// Commits per day and per author.
#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    /// Commits counted.
    total_commits: i64,
    /// Distinct authors.
    authors: usize,
    /// Per day (UTC), by day.
    commits_per_day: Vec<PerDay>,
    /// Per author, most commits first (at most 1000).
    commits_per_author: Vec<PerAuthor>,
}

/// `GET /stats?repo=&since=&until=`: commits per day (UTC) and per author.
#[utoipa::path(
    get, path = "/stats", tag = "read",
    summary = "Commits per day and per author",
    params(StatsQuery),
    responses((status = 200, description = "OK", body = Stats), Denied)
)]
pub async fn stats(
    State(state): State<AppState>,
    _reader: Reader,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> Result<Json<Stats>, HttpError> {
    let window = Window {
        repo: params::repository(q.repo.as_deref())?,
        since: params::time("since", q.since.as_deref())?,
        until: params::time("until", q.until.as_deref())?,
    };
    let per_day = people::per_day(&state.pool, window)
        .await
        .map_err(HttpError::internal)?;
    let per_author = people::per_author(&state.pool, window)
        .await
        .map_err(HttpError::internal)?;
    Ok(Json(Stats {
        total_commits: per_day.iter().map(|d| d.commits).sum(),
        authors: per_author.len(),
        commits_per_day: per_day,
        commits_per_author: per_author,
    }))
}
