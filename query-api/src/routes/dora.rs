//! `GET /metrics/dora?repo=&env=&team=&from=&to=`: the four DORA metrics of a window (see
//! [`crate::dora`]). `env` defaults to `production`, the window to the last 30 days; without
//! `repo` every repository counts.
//!
//! An incident is an issue carrying the configured incident label; it belongs to the
//! environment named by an `environment:<name>` label, `production` without one, and is linked
//! to the last successful deployment of its repository and environment before it opened.

use crate::auth::Reader;
use crate::dora::{self, Change, Deployment, Facts, Incident};
use crate::params;
use crate::routes::{param, Params};
use crate::server::AppState;
use axum::extract::{Query, State};
use axum::Json;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{json, Value};
use tributary_runtime::HttpError;

/// The environment when `env` is absent, and of incidents without an `environment:` label.
pub const DEFAULT_ENVIRONMENT: &str = "production";

/// The window when `from` is absent: this long before `to`.
const DEFAULT_WINDOW_DAYS: i64 = 30;

/// `GET /metrics/dora`
pub async fn metrics(
    State(state): State<AppState>,
    _reader: Reader,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let repo = param(&q, "repo")
        .map(|r| {
            if params::is_repository(r) {
                Ok(r.to_string())
            } else {
                Err(HttpError::bad_request(
                    "bad_parameter",
                    "repo must be owner/name",
                ))
            }
        })
        .transpose()?;
    let env = match param(&q, "env") {
        None => DEFAULT_ENVIRONMENT.to_string(),
        Some(e) if !e.is_empty() && e.len() <= 255 && !e.chars().any(char::is_control) => {
            e.to_string()
        }
        Some(_) => {
            return Err(HttpError::bad_request(
                "bad_parameter",
                "env must be 1 to 255 printable characters",
            ))
        }
    };
    let team = match param(&q, "team") {
        None => None,
        Some(name) => Some(state.teams.get(name).ok_or_else(|| {
            HttpError::bad_request("bad_parameter", "team is not in the team mapping")
        })?),
    };
    let to = params::time("to", param(&q, "to"))?.unwrap_or_else(Utc::now);
    let from = params::time("from", param(&q, "from"))?
        .unwrap_or(to - TimeDelta::days(DEFAULT_WINDOW_DAYS));
    if from >= to {
        return Err(HttpError::bad_request(
            "bad_parameter",
            "from must be before to",
        ));
    }
    let facts = load(&state, repo.as_deref(), &env, from, to)
        .await
        .map_err(HttpError::internal)?;
    let r = dora::report(&facts, from, to, team);
    Ok(Json(json!({
        "repository": repo,
        "environment": env,
        "team": param(&q, "team"),
        "from": from,
        "to": to,
        "deployment_frequency": {
            "deployments": r.deployments,
            "per_day": r.deployments_per_day,
        },
        "lead_time_for_changes": r.lead_time,
        "change_failure_rate": {
            "deployments": r.deployments,
            "failed": r.failed_deployments,
            "rate": r.change_failure_rate,
        },
        "time_to_restore": {
            "incidents": r.incidents,
            "restored": r.time_to_restore.map_or(0, |d| d.count),
            "durations": r.time_to_restore,
        },
        "pending_deployments": r.pending_deployments,
    })))
}

/// An incident as read: opened, closed, the deployment it follows.
type IncidentRow = (DateTime<Utc>, Option<DateTime<Utc>>, Option<i64>);

/// Reads the facts of the window from the read model.
async fn load(
    state: &AppState,
    repo: Option<&str>,
    env: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Facts, sqlx::Error> {
    let deployments: Vec<(i64, DateTime<Utc>, bool, bool)> = sqlx::query_as(
        "SELECT deployment_id, deployed_at, previous_deployment_id IS NULL, changes_complete
         FROM dora_deployments
         WHERE ($1::text IS NULL OR repository = $1) AND environment = $2
           AND deployed_at >= $3 AND deployed_at < $4",
    )
    .bind(repo)
    .bind(env)
    .bind(from)
    .bind(to)
    .fetch_all(&state.pool)
    .await?;
    let incidents: Vec<IncidentRow> = sqlx::query_as(
        "SELECT i.created_at, i.closed_at,
           (SELECT d.deployment_id FROM dora_deployments d
            WHERE d.repository = i.repository AND d.environment = $2
              AND d.deployed_at <= i.created_at
            ORDER BY d.deployed_at DESC, d.deployment_id DESC LIMIT 1)
         FROM issues i
         WHERE ($1::text IS NULL OR i.repository = $1) AND $3 = ANY (i.labels)
           AND i.created_at >= $4
           AND coalesce((SELECT substr(l, 13) FROM unnest(i.labels) AS l
                         WHERE l LIKE 'environment:%' LIMIT 1), $5) = $2",
    )
    .bind(repo)
    .bind(env)
    .bind(&state.config.incident_label)
    .bind(from)
    .bind(DEFAULT_ENVIRONMENT)
    .fetch_all(&state.pool)
    .await?;
    let mut ids: Vec<i64> = deployments.iter().map(|d| d.0).collect();
    ids.extend(incidents.iter().filter_map(|i| i.2));
    let changes: Vec<(i64, String, DateTime<Utc>, Vec<String>)> = sqlx::query_as(
        "SELECT c.deployment_id, c.author_email, c.first_commit_at,
           coalesce(array_agg(f.path) FILTER (WHERE f.path IS NOT NULL), '{}')
         FROM dora_changes c
         LEFT JOIN commit_files f ON f.repository = c.repository AND f.sha = c.sha
         WHERE c.deployment_id = ANY ($1)
         GROUP BY c.deployment_id, c.sha, c.author_email, c.first_commit_at",
    )
    .bind(&ids)
    .fetch_all(&state.pool)
    .await?;
    Ok(Facts {
        deployments: deployments
            .into_iter()
            .map(|(id, deployed_at, baseline, complete)| Deployment {
                id,
                deployed_at,
                baseline,
                complete,
            })
            .collect(),
        changes: changes
            .into_iter()
            .map(
                |(deployment_id, author_email, first_commit_at, paths)| Change {
                    deployment_id,
                    author_email,
                    first_commit_at,
                    paths,
                },
            )
            .collect(),
        incidents: incidents
            .into_iter()
            .map(|(opened_at, closed_at, deployment_id)| Incident {
                opened_at,
                closed_at,
                deployment_id,
            })
            .collect(),
    })
}
