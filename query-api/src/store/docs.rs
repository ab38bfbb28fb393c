//! The commit a documentation page is about.

use super::StoreResult;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// (sha, committed_at, subject) of commit `at` of `repo`, or of its newest commit when `None`.
pub async fn head(
    pool: &PgPool,
    repo: &str,
    at: Option<&str>,
) -> StoreResult<Option<(String, DateTime<Utc>, String)>> {
    sqlx::query_as(
        "SELECT sha, committed_at, split_part(message, E'\\n', 1) FROM commits
         WHERE repository = $1 AND ($2::text IS NULL OR sha = $2)
         ORDER BY committed_at DESC, seq DESC LIMIT 1",
    )
    .bind(repo)
    .bind(at)
    .fetch_optional(pool)
    .await
}
