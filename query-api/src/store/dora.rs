//! The DORA read model (`dora_deployments`, `dora_changes`) and incidents, as the facts
//! [`crate::dora::report`] computes the metrics from.

use super::StoreResult;
use crate::dora::{Change, Deployment, Facts, Incident};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// An incident as read: opened, closed, the deployment it follows.
type IncidentRow = (DateTime<Utc>, Option<DateTime<Utc>>, Option<i64>);

/// The facts of the window `[from, to)` (of `repo`, or all) in environment `env`; an incident
/// is an issue labeled `incident_label`, of the environment its `environment:<name>` label
/// names (`default_env` without one).
pub async fn facts(
    pool: &PgPool,
    repo: Option<&str>,
    env: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    (incident_label, default_env): (&str, &str),
) -> StoreResult<Facts> {
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
    .fetch_all(pool)
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
    .bind(incident_label)
    .bind(from)
    .bind(default_env)
    .fetch_all(pool)
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
    .fetch_all(pool)
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
