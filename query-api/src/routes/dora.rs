//! `GET /metrics/dora?repo=&env=&team=&from=&to=`: the four DORA metrics of a window (see
//! [`crate::dora`]). `env` defaults to `production`, the window to the last 30 days; without
//! `repo` every repository counts.
//!
//! An incident is an issue carrying the configured incident label; it belongs to the
//! environment named by an `environment:<name>` label, `production` without one, and is linked
//! to the last successful deployment of its repository and environment before it opened.

use crate::auth::Reader;
use crate::dora::{self, Durations};
use crate::openapi::Denied;
use crate::params;
use crate::routes::ApiQuery;
use crate::server::AppState;
use axum::extract::State;
use axum::Json;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use tributary_http::HttpError;
use utoipa::{IntoParams, ToSchema};

/// The environment when `env` is absent, and of incidents without an `environment:` label.
pub const DEFAULT_ENVIRONMENT: &str = "production";

/// The window when `from` is absent: this long before `to`.
const DEFAULT_WINDOW_DAYS: i64 = 30;

/// `?repo=&env=&team=&from=&to=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DoraQuery {
    /// owner/name; every repository when absent
    pub repo: Option<String>,
    /// environment (default production)
    pub env: Option<String>,
    /// a team of the team mapping (TRIBUTARY_TEAMS_FILE)
    pub team: Option<String>,
    /// window start, RFC 3339 or YYYY-MM-DD (default: 30 days before `to`)
    pub from: Option<String>,
    /// window end, exclusive (default: now)
    pub to: Option<String>,
}

/// Deployment frequency.
#[derive(Debug, Serialize, ToSchema)]
pub struct Frequency {
    /// Successful deployments in the window.
    deployments: usize,
    /// Per day of the window.
    per_day: f64,
}

/// Change failure rate.
#[derive(Debug, Serialize, ToSchema)]
pub struct FailureRate {
    /// Deployments in the window.
    deployments: usize,
    /// Those followed by an incident.
    failed: usize,
    /// `failed / deployments`; null without deployments.
    rate: Option<f64>,
}

/// Time to restore.
#[derive(Debug, Serialize, ToSchema)]
pub struct Restore {
    /// Incidents opened in the window.
    incidents: usize,
    /// Those closed.
    restored: usize,
    /// Their durations, when any was closed.
    durations: Option<Durations>,
}

/// The four DORA metrics of a window.
#[derive(Debug, Serialize, ToSchema)]
pub struct DoraMetrics {
    /// The repository, or null for all.
    repository: Option<String>,
    /// The environment.
    environment: String,
    /// The team, if asked for.
    team: Option<String>,
    /// Window start.
    from: DateTime<Utc>,
    /// Window end.
    to: DateTime<Utc>,
    /// Deployment frequency.
    deployment_frequency: Frequency,
    /// Lead time for changes, when any change was shipped.
    lead_time_for_changes: Option<Durations>,
    /// Change failure rate.
    change_failure_rate: FailureRate,
    /// Time to restore.
    time_to_restore: Restore,
    /// Deployments whose changes are not all known yet (not in lead time).
    pending_deployments: usize,
}

/// `GET /metrics/dora`
#[utoipa::path(
    get, path = "/metrics/dora", tag = "dora",
    summary = "DORA metrics: deployment frequency, lead time for changes, change failure rate, time to restore",
    params(DoraQuery),
    responses((status = 200, description = "OK", body = DoraMetrics), Denied)
)]
pub async fn metrics(
    State(state): State<AppState>,
    _reader: Reader,
    ApiQuery(q): ApiQuery<DoraQuery>,
) -> Result<Json<DoraMetrics>, HttpError> {
    let repo = q
        .repo
        .as_deref()
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
    let env = match q.env.as_deref() {
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
    let team = match q.team.as_deref() {
        None => None,
        Some(name) => Some(state.teams.get(name).ok_or_else(|| {
            HttpError::bad_request("bad_parameter", "team is not in the team mapping")
        })?),
    };
    let to = params::time("to", q.to.as_deref())?.unwrap_or_else(Utc::now);
    let from = params::time("from", q.from.as_deref())?
        .unwrap_or(to - TimeDelta::days(DEFAULT_WINDOW_DAYS));
    if from >= to {
        return Err(HttpError::bad_request(
            "bad_parameter",
            "from must be before to",
        ));
    }
    let facts = crate::store::dora::facts(
        &state.pool,
        repo.as_deref(),
        &env,
        from,
        to,
        (&state.config.incident_label, DEFAULT_ENVIRONMENT),
    )
    .await
    .map_err(HttpError::internal)?;
    let r = dora::report(&facts, from, to, team);
    Ok(Json(DoraMetrics {
        repository: repo,
        environment: env,
        team: q.team,
        from,
        to,
        deployment_frequency: Frequency {
            deployments: r.deployments,
            per_day: r.deployments_per_day,
        },
        lead_time_for_changes: r.lead_time,
        change_failure_rate: FailureRate {
            deployments: r.deployments,
            failed: r.failed_deployments,
            rate: r.change_failure_rate,
        },
        time_to_restore: Restore {
            incidents: r.incidents,
            restored: r.time_to_restore.map_or(0, |d| d.count),
            durations: r.time_to_restore,
        },
        pending_deployments: r.pending_deployments,
    }))
}
