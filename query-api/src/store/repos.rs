//! Repositories with their totals.

use super::StoreResult;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;

/// A repository with its totals.
#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct RepositorySummary {
    /// `owner/name`.
    full_name: String,
    /// Owner.
    owner: String,
    /// Name.
    name: String,
    /// When Tributary first saw it.
    first_seen_at: DateTime<Utc>,
    /// Its latest activity.
    last_activity_at: DateTime<Utc>,
    /// Commits projected.
    commits: i64,
    /// Distinct contributors.
    contributors: i64,
}

const SUMMARY: &str = "SELECT r.full_name, r.owner, r.name, r.first_seen_at, r.last_activity_at,
        (SELECT count(*) FROM commits c WHERE c.repository = r.full_name) AS commits,
        (SELECT count(*) FROM contributors p WHERE p.repository = r.full_name) AS contributors
    FROM repositories r";

/// The first `limit` repositories by name.
pub async fn list(pool: &PgPool, limit: i64) -> StoreResult<Vec<RepositorySummary>> {
    sqlx::query_as(&format!("{SUMMARY} ORDER BY r.full_name LIMIT $1"))
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// Repository `full_name`, if known.
pub async fn get(pool: &PgPool, full_name: &str) -> StoreResult<Option<RepositorySummary>> {
    sqlx::query_as(&format!("{SUMMARY} WHERE r.full_name = $1"))
        .bind(full_name)
        .fetch_optional(pool)
        .await
}
