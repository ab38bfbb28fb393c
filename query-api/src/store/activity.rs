//! Repository activity from webhooks: one newest-first listing per table.

use super::StoreResult;
use serde_json::Value;
use sqlx::PgPool;

/// A kind of activity and the statement that lists it (constant text; only values are bound).
#[derive(Debug, Clone, Copy)]
pub enum Activity {
    /// Pushes.
    Pushes,
    /// Pull requests.
    Pulls,
    /// Deployments with their latest state.
    Deployments,
    /// Issues.
    Issues,
    /// Releases.
    Releases,
}

impl Activity {
    fn sql(self) -> &'static str {
        match self {
            Activity::Pushes => "SELECT to_jsonb(t) FROM pushes t WHERE repository = $1 ORDER BY pushed_at DESC, delivery_id LIMIT $2",
            Activity::Pulls => "SELECT to_jsonb(t) FROM pull_requests t WHERE repository = $1 ORDER BY updated_at DESC, number DESC LIMIT $2",
            Activity::Deployments => "SELECT to_jsonb(t) FROM deployments t WHERE repository = $1 ORDER BY created_at DESC, deployment_id DESC LIMIT $2",
            Activity::Issues => "SELECT to_jsonb(t) FROM issues t WHERE repository = $1 ORDER BY updated_at DESC, number DESC LIMIT $2",
            Activity::Releases => "SELECT to_jsonb(t) FROM releases t WHERE repository = $1 ORDER BY created_at DESC, release_id DESC LIMIT $2",
        }
    }
}

/// The newest `limit` rows of one kind of `repo`'s activity, each as its row's JSON.
pub async fn list(
    pool: &PgPool,
    kind: Activity,
    repo: &str,
    limit: i64,
) -> StoreResult<Vec<Value>> {
    sqlx::query_scalar(kind.sql())
        .bind(repo)
        .bind(limit)
        .fetch_all(pool)
        .await
}
