//! What a documentation page reads besides the code model: the commit it is about, the imports
//! of its files and the text of its README.

use super::code::CURRENT_FILES;
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

/// Every (path, imported module) of `repo`'s files as of commit `at` (current files when
/// `None`), each import as the analyzer wrote it, in source order per file.
pub async fn imports(
    pool: &PgPool,
    repo: &str,
    at: Option<&str>,
) -> StoreResult<Vec<(String, String)>> {
    sqlx::query_as(&format!(
        "{CURRENT_FILES}
         SELECT cf.path, i.module
         FROM current_files cf JOIN imports i ON i.blob_id = cf.blob_id
         ORDER BY cf.path, i.idx"
    ))
    .bind(repo)
    .bind(at)
    .fetch_all(pool)
    .await
}

/// The text of README blob `blob_id` and whether it was cut, if the projection kept it.
pub async fn readme(pool: &PgPool, blob_id: &str) -> StoreResult<Option<(String, bool)>> {
    sqlx::query_as("SELECT text, truncated FROM readme_blobs WHERE blob_id = $1")
        .bind(blob_id)
        .fetch_optional(pool)
        .await
}
