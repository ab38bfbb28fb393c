//! Repository activity from webhooks: `GET /repos/{owner}/{name}/{pushes|pulls|deployments|issues|releases}`.
//! Each is a newest-first listing of one table, with `limit`.

use crate::auth::Reader;
use crate::params;
use crate::routes::repos::repository_path;
use crate::routes::{param, Params};
use crate::server::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde_json::{json, Value};
use tributary_runtime::HttpError;

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

/// Lists one kind of activity.
pub async fn list(
    kind: Activity,
    state: AppState,
    owner: String,
    name: String,
    q: Params,
) -> Result<Json<Value>, HttpError> {
    let repo = repository_path(&owner, &name)?;
    let limit = params::limit(param(&q, "limit"))?;
    let items: Vec<Value> = sqlx::query_scalar(kind.sql())
        .bind(&repo)
        .bind(limit)
        .fetch_all(&state.pool)
        .await
        .map_err(HttpError::internal)?;
    Ok(Json(json!({ "items": items })))
}

macro_rules! activity_handler {
    ($fn:ident, $kind:expr, $doc:literal) => {
        #[doc = $doc]
        pub async fn $fn(
            State(state): State<AppState>,
            _reader: Reader,
            Path((owner, name)): Path<(String, String)>,
            Query(q): Query<Params>,
        ) -> Result<Json<Value>, HttpError> {
            list($kind, state, owner, name, q).await
        }
    };
}

activity_handler!(
    pushes,
    Activity::Pushes,
    "`GET /repos/{owner}/{name}/pushes`"
);
activity_handler!(pulls, Activity::Pulls, "`GET /repos/{owner}/{name}/pulls`");
activity_handler!(
    deployments,
    Activity::Deployments,
    "`GET /repos/{owner}/{name}/deployments`"
);
activity_handler!(
    issues,
    Activity::Issues,
    "`GET /repos/{owner}/{name}/issues`"
);
activity_handler!(
    releases,
    Activity::Releases,
    "`GET /repos/{owner}/{name}/releases`"
);
