//! What a documentation page reads besides the code model: the commit it is about, the imports
//! of its files and the text of its README.

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

/// The imports of each of `blob_ids` (a commit's files, as its file tree has them): (blob id,
/// imported module), each import as the analyzer wrote it, in source order per blob.
pub async fn imports(pool: &PgPool, blob_ids: &[&str]) -> StoreResult<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT blob_id, module FROM imports WHERE blob_id = ANY($1) ORDER BY blob_id, idx",
    )
    .bind(blob_ids)
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
