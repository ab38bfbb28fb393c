//! The four DORA metrics, computed from the DORA read model (`dora_deployments`,
//! `dora_changes`) and incidents, for one window, environment and optionally one team.
//!
//! - **Deployment frequency**: successful deployments in the window, and per day.
//! - **Lead time for changes**: for each change shipped by a deployment in the window, from the
//!   change's first commit to the deployment's success (median, mean, 90th percentile). The
//!   first deployment of an environment is the baseline and ships no counted change.
//! - **Change failure rate**: deployments in the window followed by at least one incident (an
//!   issue labeled as incident, linked to the last successful deployment before it opened) over
//!   all deployments in the window.
//! - **Time to restore**: for incidents opened in the window, from opening to closing.
//!
//! A team is a set of author emails and path prefixes ([`Teams`]): its changes are those it
//! authored or that touch its paths, its deployments those that ship one of its changes, its
//! incidents those linked to its deployments.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Which authors and paths make up each team.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Teams(pub BTreeMap<String, Team>);

/// One team: its members' commit emails and the path prefixes it owns.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Commit author emails (compared case-insensitively).
    #[serde(default)]
    pub authors: Vec<String>,
    /// Path prefixes, such as `billing/`.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// Why the team mapping could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TeamsError {
    /// The file could not be read.
    #[error("reading the team mapping {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a valid mapping.
    #[error("the team mapping {path} is not valid: {source}")]
    Parse {
        /// The file.
        path: String,
        /// The cause.
        source: serde_json::Error,
    },
}

impl Teams {
    /// Loads a JSON mapping `{"team": {"authors": [emails], "paths": [prefixes]}}`.
    pub fn load(path: &Path) -> Result<Self, TeamsError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| TeamsError::Read {
            path: shown.clone(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| TeamsError::Parse {
            path: shown,
            source,
        })
    }

    /// A team by name.
    pub fn get(&self, name: &str) -> Option<&Team> {
        self.0.get(name)
    }
}

impl Team {
    /// Whether a change belongs to this team.
    pub fn owns(&self, change: &Change) -> bool {
        self.authors
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&change.author_email))
            || change.paths.iter().any(|p| {
                self.paths
                    .iter()
                    .any(|prefix| p.starts_with(prefix.as_str()))
            })
    }
}

/// A successful deployment.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// GitHub deployment id.
    pub id: i64,
    /// When it first succeeded.
    pub deployed_at: DateTime<Utc>,
    /// The first of its environment: ships no counted change.
    pub baseline: bool,
    /// Whether its changes are known (every commit between it and the previous one projected).
    pub complete: bool,
}

/// A change shipped by a deployment.
#[derive(Debug, Clone)]
pub struct Change {
    /// The deployment that shipped it.
    pub deployment_id: i64,
    /// Author email of the commit.
    pub author_email: String,
    /// When the change's first commit was authored.
    pub first_commit_at: DateTime<Utc>,
    /// Paths the commit touched.
    pub paths: Vec<String>,
}

/// An incident.
#[derive(Debug, Clone)]
pub struct Incident {
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// When it was closed, if it was.
    pub closed_at: Option<DateTime<Utc>>,
    /// The last successful deployment before it opened.
    pub deployment_id: Option<i64>,
}

/// The facts of a window: deployments in it, the changes of those and of the deployments
/// incidents are linked to, and incidents opened in it or later.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Successful deployments in the window.
    pub deployments: Vec<Deployment>,
    /// Their changes, and those of deployments incidents link to.
    pub changes: Vec<Change>,
    /// Incidents opened at or after the window's start.
    pub incidents: Vec<Incident>,
}

/// Summary statistics of durations, in seconds.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Durations {
    /// How many.
    pub count: usize,
    /// Median (the mean of the two middle values for an even count).
    pub median_seconds: f64,
    /// Mean.
    pub mean_seconds: f64,
    /// 90th percentile (nearest rank).
    pub p90_seconds: f64,
}

impl Durations {
    /// Statistics of `seconds`, or `None` when empty.
    pub fn of(mut seconds: Vec<f64>) -> Option<Self> {
        if seconds.is_empty() {
            return None;
        }
        seconds.sort_by(f64::total_cmp);
        let n = seconds.len();
        let median = if n % 2 == 1 {
            seconds[n / 2]
        } else {
            (seconds[n / 2 - 1] + seconds[n / 2]) / 2.0
        };
        let rank = ((0.9 * n as f64).ceil() as usize).clamp(1, n);
        Some(Self {
            count: n,
            median_seconds: median,
            mean_seconds: seconds.iter().sum::<f64>() / n as f64,
            p90_seconds: seconds[rank - 1],
        })
    }
}

/// The four metrics for one window.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    /// Successful deployments in the window.
    pub deployments: usize,
    /// Deployments per day of the window.
    pub deployments_per_day: f64,
    /// Lead time for changes, over the changes shipped in the window.
    pub lead_time: Option<Durations>,
    /// Deployments in the window followed by an incident.
    pub failed_deployments: usize,
    /// `failed_deployments / deployments`; `None` without deployments.
    pub change_failure_rate: Option<f64>,
    /// Incidents opened in the window.
    pub incidents: usize,
    /// Time to restore, over the incidents opened in the window and closed.
    pub time_to_restore: Option<Durations>,
    /// Deployments in the window whose changes are not all known yet (not in lead time).
    pub pending_deployments: usize,
}

/// Computes the report of `facts` over `[from, to)`, for `team` when given.
pub fn report(
    facts: &Facts,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    team: Option<&Team>,
) -> Report {
    let in_team = |c: &&Change| team.is_none_or(|t| t.owns(c));
    let team_deployments: HashSet<i64> = facts
        .changes
        .iter()
        .filter(in_team)
        .map(|c| c.deployment_id)
        .collect();
    let counted = |id: i64| team.is_none() || team_deployments.contains(&id);
    let deployments: Vec<&Deployment> = facts
        .deployments
        .iter()
        .filter(|d| d.deployed_at >= from && d.deployed_at < to && counted(d.id))
        .collect();
    let ids: HashSet<i64> = deployments.iter().map(|d| d.id).collect();

    let shipped_at: BTreeMap<i64, DateTime<Utc>> = deployments
        .iter()
        .filter(|d| d.complete && !d.baseline)
        .map(|d| (d.id, d.deployed_at))
        .collect();
    let lead_times: Vec<f64> = facts
        .changes
        .iter()
        .filter(in_team)
        .filter_map(|c| {
            let at = shipped_at.get(&c.deployment_id)?;
            Some(seconds(*at - c.first_commit_at))
        })
        .collect();

    let failed: HashSet<i64> = facts
        .incidents
        .iter()
        .filter_map(|i| i.deployment_id)
        .filter(|id| ids.contains(id))
        .collect();
    let opened: Vec<&Incident> = facts
        .incidents
        .iter()
        .filter(|i| i.opened_at >= from && i.opened_at < to)
        .filter(|i| {
            team.is_none()
                || i.deployment_id
                    .is_some_and(|id| team_deployments.contains(&id))
        })
        .collect();
    let restore: Vec<f64> = opened
        .iter()
        .filter_map(|i| Some(seconds(i.closed_at? - i.opened_at)))
        .collect();

    let days = seconds(to - from) / 86_400.0;
    Report {
        deployments: deployments.len(),
        deployments_per_day: if days > 0.0 {
            deployments.len() as f64 / days
        } else {
            0.0
        },
        lead_time: Durations::of(lead_times),
        failed_deployments: failed.len(),
        change_failure_rate: (!deployments.is_empty())
            .then(|| failed.len() as f64 / deployments.len() as f64),
        incidents: opened.len(),
        time_to_restore: Durations::of(restore),
        pending_deployments: deployments.iter().filter(|d| !d.complete).count(),
    }
}

fn seconds(d: chrono::TimeDelta) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap() + chrono::TimeDelta::hours(hour as i64)
    }

    fn change(deployment_id: i64, email: &str, hour: u32, path: &str) -> Change {
        Change {
            deployment_id,
            author_email: email.into(),
            first_commit_at: at(hour),
            paths: vec![path.into()],
        }
    }

    #[test]
    fn durations_take_the_middle_and_the_nearest_rank() {
        let d = Durations::of(vec![4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(d.median_seconds, 2.5);
        assert_eq!(d.mean_seconds, 2.5);
        assert_eq!(d.p90_seconds, 4.0);
        assert_eq!(
            Durations::of(vec![5.0, 1.0, 3.0]).unwrap().median_seconds,
            3.0
        );
        assert!(Durations::of(vec![]).is_none());
    }

    #[test]
    fn a_team_sees_only_its_changes_deployments_and_incidents() {
        let facts = Facts {
            deployments: vec![
                Deployment {
                    id: 1,
                    deployed_at: at(10),
                    baseline: false,
                    complete: true,
                },
                Deployment {
                    id: 2,
                    deployed_at: at(20),
                    baseline: false,
                    complete: true,
                },
            ],
            changes: vec![
                change(1, "pay@x", 8, "billing/a.rs"),
                change(2, "web@x", 14, "web/b.ts"),
                change(2, "other@x", 18, "billing/c.rs"),
            ],
            incidents: vec![Incident {
                opened_at: at(21),
                closed_at: Some(at(23)),
                deployment_id: Some(2),
            }],
        };
        let team = Team {
            authors: vec!["PAY@x".into()],
            paths: vec!["billing/".into()],
        };
        let all = report(&facts, at(0), at(24), None);
        assert_eq!(all.deployments, 2);
        assert_eq!(all.lead_time.unwrap().count, 3);
        assert_eq!(all.failed_deployments, 1);
        assert_eq!(all.change_failure_rate, Some(0.5));
        let pay = report(&facts, at(0), at(24), Some(&team));
        // Both deployments ship a billing change; the web change is not the team's.
        assert_eq!(pay.deployments, 2);
        assert_eq!(pay.lead_time.unwrap().median_seconds, 2.0 * 3600.0);
        assert_eq!(pay.time_to_restore.unwrap().median_seconds, 2.0 * 3600.0);
        let web = Team {
            authors: vec!["web@x".into()],
            paths: vec![],
        };
        let web = report(&facts, at(0), at(24), Some(&web));
        assert_eq!(web.deployments, 1);
        assert_eq!(web.change_failure_rate, Some(1.0));
    }

    #[test]
    fn teams_file_is_a_map_of_authors_and_paths() {
        let teams: Teams =
            serde_json::from_str(r#"{"pay": {"authors": ["a@x"], "paths": ["billing/"]}}"#)
                .unwrap();
        assert_eq!(
            teams.get("pay").unwrap().paths,
            vec!["billing/".to_string()]
        );
        assert!(serde_json::from_str::<Teams>(r#"{"pay": {"owners": []}}"#).is_err());
    }
}
