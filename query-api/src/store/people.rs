//! Contributors and commit statistics.

use super::StoreResult;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;

/// A contributor of a repository.
#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct Contributor {
    /// `owner/name`.
    repository: String,
    /// Commit email.
    email: String,
    /// Name.
    name: String,
    /// Commits.
    commits: i32,
    /// First commit's time.
    first_commit_at: DateTime<Utc>,
    /// Last commit's time.
    last_commit_at: DateTime<Utc>,
}

/// Commits of one day (UTC).
#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct PerDay {
    /// The day.
    day: NaiveDate,
    /// Commits.
    pub commits: i64,
}

/// Commits of one author (by lower-cased email).
#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct PerAuthor {
    /// Email, lower-cased.
    email: String,
    /// A name used with it.
    name: String,
    /// Commits.
    commits: i64,
    /// Lines added.
    additions: i64,
    /// Lines deleted.
    deletions: i64,
}

/// Which commits a statistic counts: all repositories or one, and a time window.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window<'a> {
    /// Only this repository.
    pub repo: Option<&'a str>,
    /// Committed at or after.
    pub since: Option<DateTime<Utc>>,
    /// Committed before.
    pub until: Option<DateTime<Utc>>,
}

/// The first `limit` contributors (of `repo`, or all), most commits first.
pub async fn contributors(
    pool: &PgPool,
    repo: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<Contributor>> {
    sqlx::query_as(
        "SELECT repository, email, name, commits, first_commit_at, last_commit_at
         FROM contributors WHERE ($1::text IS NULL OR repository = $1)
         ORDER BY commits DESC, email, repository LIMIT $2",
    )
    .bind(repo)
    .bind(limit)
    .fetch_all(pool)
    .await
}

const FILTER: &str = "($1::text IS NULL OR repository = $1)
    AND ($2::timestamptz IS NULL OR committed_at >= $2)
    AND ($3::timestamptz IS NULL OR committed_at < $3)";

/// Commits per day (UTC) in the window, by day.
pub async fn per_day(pool: &PgPool, window: Window<'_>) -> StoreResult<Vec<PerDay>> {
    sqlx::query_as(&format!(
        "SELECT (committed_at AT TIME ZONE 'UTC')::date AS day, count(*) AS commits
         FROM commits WHERE {FILTER} GROUP BY 1 ORDER BY 1"
    ))
    .bind(window.repo)
    .bind(window.since)
    .bind(window.until)
    .fetch_all(pool)
    .await
}

/// Commits per author in the window, most first (at most 1000 authors).
pub async fn per_author(pool: &PgPool, window: Window<'_>) -> StoreResult<Vec<PerAuthor>> {
    sqlx::query_as(&format!(
        "SELECT lower(author_email) AS email, max(author_name) AS name, count(*) AS commits,
                COALESCE(sum(additions), 0)::bigint AS additions,
                COALESCE(sum(deletions), 0)::bigint AS deletions
         FROM commits WHERE {FILTER} GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 1000"
    ))
    .bind(window.repo)
    .bind(window.since)
    .bind(window.until)
    .fetch_all(pool)
    .await
}
