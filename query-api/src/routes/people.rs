//! `GET /contributors` and `GET /stats` (commits per day and per author).

use crate::auth::Reader;
use crate::params;
use crate::routes::{param, Params};
use crate::server::AppState;
use axum::extract::{Query, State};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use tributary_runtime::HttpError;

/// A contributor of a repository.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Contributor {
    repository: String,
    email: String,
    name: String,
    commits: i32,
    first_commit_at: DateTime<Utc>,
    last_commit_at: DateTime<Utc>,
}

/// `GET /contributors?repo=&limit=`, most commits first.
pub async fn contributors(
    State(state): State<AppState>,
    _reader: Reader,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let repo = params::repository(param(&q, "repo"))?;
    let limit = params::limit(param(&q, "limit"))?;
    let rows: Vec<Contributor> = sqlx::query_as(
        "SELECT repository, email, name, commits, first_commit_at, last_commit_at
         FROM contributors WHERE ($1::text IS NULL OR repository = $1)
         ORDER BY commits DESC, email, repository LIMIT $2",
    )
    .bind(repo)
    .bind(limit)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    Ok(Json(json!({ "items": rows })))
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct PerDay {
    day: NaiveDate,
    commits: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct PerAuthor {
    email: String,
    name: String,
    commits: i64,
    additions: i64,
    deletions: i64,
}

/// `GET /stats?repo=&since=&until=`: commits per day (UTC) and per author.
pub async fn stats(
    State(state): State<AppState>,
    _reader: Reader,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let repo = params::repository(param(&q, "repo"))?;
    let since = params::time("since", param(&q, "since"))?;
    let until = params::time("until", param(&q, "until"))?;
    const FILTER: &str = "($1::text IS NULL OR repository = $1)
        AND ($2::timestamptz IS NULL OR committed_at >= $2)
        AND ($3::timestamptz IS NULL OR committed_at < $3)";
    let per_day: Vec<PerDay> = sqlx::query_as(&format!(
        "SELECT (committed_at AT TIME ZONE 'UTC')::date AS day, count(*) AS commits
         FROM commits WHERE {FILTER} GROUP BY 1 ORDER BY 1"
    ))
    .bind(repo)
    .bind(since)
    .bind(until)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    let per_author: Vec<PerAuthor> = sqlx::query_as(&format!(
        "SELECT lower(author_email) AS email, max(author_name) AS name, count(*) AS commits,
                COALESCE(sum(additions), 0)::bigint AS additions,
                COALESCE(sum(deletions), 0)::bigint AS deletions
         FROM commits WHERE {FILTER} GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 1000"
    ))
    .bind(repo)
    .bind(since)
    .bind(until)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    let total: i64 = per_day.iter().map(|d| d.commits).sum();
    Ok(Json(json!({
        "total_commits": total,
        "authors": per_author.len(),
        "commits_per_day": per_day,
        "commits_per_author": per_author,
    })))
}
