//! The DORA read model: successful deployments in order per environment, and the changes each
//! one shipped, found by git ancestry.
//!
//! A deployment counts from its first `success` status. Its changes are the commits reachable
//! from its sha and not from the previous successful deployment's in the same environment (so
//! merges, fast-forwards and rebases are all right). A change that is the merge commit of a
//! merged pull request starts at the pull request's first commit: the commits reachable from the
//! pull request's head and not from the change's first parent. That is what makes a squash merge
//! right: the squashed commit is new, but the branch it came from is still in the history.
//!
//! Derived inside the projection's transaction after the facts of a batch are written
//! ([`refresh`]); a deployment whose history is not all projected yet stays incomplete and is
//! completed by a later batch, so the order in which webhooks and commits arrive does not matter.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use std::collections::{BTreeMap, HashMap, HashSet};
use tributary_runtime::RecordError;

/// Most commits followed from a pull request's head before giving up on its first commit.
const MAX_BRANCH_COMMITS: usize = 10_000;

/// One projected commit, as far as ancestry and lead time need it.
#[derive(Debug, Clone)]
struct Commit {
    authored_at: DateTime<Utc>,
    author_email: String,
    parents: Vec<String>,
}

/// Every sha reachable from a tip, with `None` for those not projected (yet).
type Ancestry = HashMap<String, Option<Commit>>;

/// A successful deployment, as [`refresh`] orders them.
#[derive(Debug)]
struct Success {
    id: i64,
    environment: String,
    sha: String,
    deployed_at: DateTime<Utc>,
}

/// A change of a deployment, ready to be written.
#[derive(Debug)]
struct Change {
    sha: String,
    author_email: String,
    first_commit_at: DateTime<Utc>,
    pull_request: Option<i64>,
}

/// A merged pull request is (re)projected: deployments that shipped its merge commit recompute
/// when their change started.
pub async fn pull_request_merged(
    conn: &mut PgConnection,
    repository: &str,
    merge_commit_sha: &str,
) -> Result<(), RecordError> {
    sqlx::query(
        "UPDATE dora_deployments SET changes_complete = false
         WHERE deployment_id IN
           (SELECT deployment_id FROM dora_changes WHERE repository = $1 AND sha = $2)",
    )
    .bind(repository)
    .bind(merge_commit_sha)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Brings a repository's DORA rows up to date with its projected facts: orders its successful
/// deployments per environment, then derives the changes of every deployment not complete yet.
pub async fn refresh(conn: &mut PgConnection, repository: &str) -> Result<(), RecordError> {
    if !order_deployments(conn, repository).await? {
        // No successful deployment: nothing to derive (the usual case of a commit batch).
        return Ok(());
    }
    let pending: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT d.deployment_id, d.sha, p.sha
         FROM dora_deployments d
         LEFT JOIN dora_deployments p ON p.deployment_id = d.previous_deployment_id
         WHERE d.repository = $1 AND NOT d.changes_complete
         ORDER BY d.deployed_at",
    )
    .bind(repository)
    .fetch_all(&mut *conn)
    .await?;
    for (id, sha, previous_sha) in pending {
        let Some(changes) = changes(conn, repository, &sha, previous_sha.as_deref()).await? else {
            tracing::debug!(deployment = id, "deployment history not all projected yet");
            continue;
        };
        write_changes(conn, repository, id, &changes).await?;
    }
    Ok(())
}

/// Writes `dora_deployments` from the successful deployments: each with the one before it in
/// its environment. A row whose order changed (a deployment arrived late) is recomputed.
/// Returns whether the repository has any successful deployment.
async fn order_deployments(conn: &mut PgConnection, repository: &str) -> Result<bool, RecordError> {
    let successes: Vec<(i64, String, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT d.deployment_id, d.environment, d.sha, min(s.created_at)
         FROM deployments d JOIN deployment_statuses s ON s.deployment_id = d.deployment_id
         WHERE d.repository = $1 AND s.state = 'success'
         GROUP BY d.deployment_id, d.environment, d.sha",
    )
    .bind(repository)
    .fetch_all(&mut *conn)
    .await?;
    let successes: Vec<Success> = successes
        .into_iter()
        .map(|(id, environment, sha, deployed_at)| Success {
            id,
            environment,
            sha,
            deployed_at,
        })
        .collect();
    if successes.is_empty() {
        return Ok(false);
    }
    let previous = previous_in_environment(&successes);
    sqlx::query(
        "INSERT INTO dora_deployments (deployment_id, repository, environment, sha, deployed_at,
            previous_deployment_id)
         SELECT id, $1, environment, sha, deployed_at, previous
         FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[])
           AS t(id, environment, sha, deployed_at, previous)
         ON CONFLICT (deployment_id) DO UPDATE SET
           deployed_at = EXCLUDED.deployed_at,
           previous_deployment_id = EXCLUDED.previous_deployment_id,
           changes_complete = false
         WHERE dora_deployments.deployed_at <> EXCLUDED.deployed_at
            OR dora_deployments.previous_deployment_id IS DISTINCT FROM EXCLUDED.previous_deployment_id",
    )
    .bind(repository)
    .bind(successes.iter().map(|s| s.id).collect::<Vec<_>>())
    .bind(successes.iter().map(|s| s.environment.clone()).collect::<Vec<_>>())
    .bind(successes.iter().map(|s| s.sha.clone()).collect::<Vec<_>>())
    .bind(successes.iter().map(|s| s.deployed_at).collect::<Vec<_>>())
    .bind(successes.iter().map(|s| previous.get(&s.id).copied()).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// The deployment before each one in its environment, by time (then id).
fn previous_in_environment(successes: &[Success]) -> HashMap<i64, i64> {
    let mut by_env: BTreeMap<&str, Vec<&Success>> = BTreeMap::new();
    for s in successes {
        by_env.entry(&s.environment).or_default().push(s);
    }
    let mut previous = HashMap::new();
    for list in by_env.values_mut() {
        list.sort_by_key(|s| (s.deployed_at, s.id));
        for pair in list.windows(2) {
            previous.insert(pair[1].id, pair[0].id);
        }
    }
    previous
}

/// The changes a deployment of `sha` shipped after one of `previous_sha`, or `None` while a
/// commit of either history is not projected. The first deployment (no previous) is the
/// baseline: no changes.
async fn changes(
    conn: &mut PgConnection,
    repository: &str,
    sha: &str,
    previous_sha: Option<&str>,
) -> Result<Option<Vec<Change>>, RecordError> {
    let shipped = ancestry(conn, repository, sha).await?;
    if shipped.values().any(Option::is_none) {
        return Ok(None);
    }
    let Some(previous_sha) = previous_sha else {
        return Ok(Some(Vec::new()));
    };
    let before = ancestry(conn, repository, previous_sha).await?;
    if before.values().any(Option::is_none) {
        return Ok(None);
    }
    let new: Vec<(&String, &Commit)> = shipped
        .iter()
        .filter(|(sha, _)| !before.contains_key(*sha))
        .filter_map(|(sha, c)| c.as_ref().map(|c| (sha, c)))
        .collect();
    let merged = merged_pull_requests(conn, repository, &new).await?;
    let mut changes = Vec::with_capacity(new.len());
    for (sha, commit) in new {
        let mut change = Change {
            sha: sha.clone(),
            author_email: commit.author_email.clone(),
            first_commit_at: commit.authored_at,
            pull_request: None,
        };
        if let Some(pr) = merged.get(sha) {
            change.pull_request = Some(pr.number);
            let base = commit
                .parents
                .first()
                .map(|p| reachable_in(&shipped, p))
                .unwrap_or_default();
            match branch_start(conn, repository, &pr.head_sha, &base).await? {
                Some(start) => change.first_commit_at = change.first_commit_at.min(start),
                // The branch was never fetched: the pull request's opening is the best start known.
                None => change.first_commit_at = change.first_commit_at.min(pr.created_at),
            }
        }
        changes.push(change);
    }
    changes.sort_by(|a, b| a.sha.cmp(&b.sha));
    Ok(Some(changes))
}

/// A walked sha, with author time, email and parents when it is projected.
type AncestryRow = (
    String,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<Vec<String>>,
);

/// Every sha reachable from `tip` (in one recursive query), with its commit when projected.
async fn ancestry(
    conn: &mut PgConnection,
    repository: &str,
    tip: &str,
) -> Result<Ancestry, RecordError> {
    let rows: Vec<AncestryRow> = sqlx::query_as(
        "WITH RECURSIVE walk(sha) AS (
                 SELECT $2::text
                 UNION
                 SELECT p.parent FROM walk
                 JOIN commits c ON c.repository = $1 AND c.sha = walk.sha
                 CROSS JOIN LATERAL unnest(c.parents) AS p(parent)
             )
             SELECT w.sha, c.authored_at, c.author_email, c.parents
             FROM walk w LEFT JOIN commits c ON c.repository = $1 AND c.sha = w.sha",
    )
    .bind(repository)
    .bind(tip)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(sha, at, email, parents)| {
            let commit = match (at, email, parents) {
                (Some(authored_at), Some(author_email), Some(parents)) => Some(Commit {
                    authored_at,
                    author_email,
                    parents,
                }),
                _ => None,
            };
            (sha, commit)
        })
        .collect())
}

/// The shas reachable from `tip` within an ancestry already loaded.
fn reachable_in(ancestry: &Ancestry, tip: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack = vec![tip.to_string()];
    while let Some(sha) = stack.pop() {
        if !seen.insert(sha.clone()) {
            continue;
        }
        if let Some(Some(c)) = ancestry.get(&sha) {
            stack.extend(c.parents.iter().cloned());
        }
    }
    seen
}

/// A merged pull request, as lead time needs it.
#[derive(Debug)]
struct MergedPullRequest {
    number: i64,
    head_sha: String,
    created_at: DateTime<Utc>,
}

/// The merged pull requests whose merge commit is one of `commits`, by that commit.
async fn merged_pull_requests(
    conn: &mut PgConnection,
    repository: &str,
    commits: &[(&String, &Commit)],
) -> Result<HashMap<String, MergedPullRequest>, RecordError> {
    let shas: Vec<&str> = commits.iter().map(|(sha, _)| sha.as_str()).collect();
    let rows: Vec<(String, i64, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT merge_commit_sha, number, head_sha, created_at FROM pull_requests
         WHERE repository = $1 AND merged AND merge_commit_sha = ANY($2)",
    )
    .bind(repository)
    .bind(&shas)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(sha, number, head_sha, created_at)| {
            let pr = MergedPullRequest {
                number,
                head_sha,
                created_at,
            };
            (sha, pr)
        })
        .collect())
}

/// The earliest author time of the commits reachable from a pull request's head and not from
/// `base`, walked a layer per query (branches are short); `None` when the head is not projected.
async fn branch_start(
    conn: &mut PgConnection,
    repository: &str,
    head: &str,
    base: &HashSet<String>,
) -> Result<Option<DateTime<Utc>>, RecordError> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut frontier = vec![head.to_string()];
    let mut start: Option<DateTime<Utc>> = None;
    while !frontier.is_empty() && seen.len() < MAX_BRANCH_COMMITS {
        frontier.retain(|sha| !base.contains(sha) && seen.insert(sha.clone()));
        if frontier.is_empty() {
            break;
        }
        let rows: Vec<(DateTime<Utc>, Vec<String>)> = sqlx::query_as(
            "SELECT authored_at, parents FROM commits WHERE repository = $1 AND sha = ANY($2)",
        )
        .bind(repository)
        .bind(&frontier)
        .fetch_all(&mut *conn)
        .await?;
        frontier = Vec::new();
        for (authored_at, parents) in rows {
            start = Some(start.map_or(authored_at, |s| s.min(authored_at)));
            frontier.extend(parents);
        }
    }
    Ok(start)
}

/// Replaces a deployment's changes and marks it complete.
async fn write_changes(
    conn: &mut PgConnection,
    repository: &str,
    deployment_id: i64,
    changes: &[Change],
) -> Result<(), RecordError> {
    sqlx::query("DELETE FROM dora_changes WHERE deployment_id = $1")
        .bind(deployment_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO dora_changes (deployment_id, repository, sha, author_email, first_commit_at,
            pull_request)
         SELECT $1, $2, sha, email, first_at, pr
         FROM UNNEST($3::text[], $4::text[], $5::timestamptz[], $6::bigint[])
           AS t(sha, email, first_at, pr)",
    )
    .bind(deployment_id)
    .bind(repository)
    .bind(changes.iter().map(|c| c.sha.clone()).collect::<Vec<_>>())
    .bind(
        changes
            .iter()
            .map(|c| c.author_email.clone())
            .collect::<Vec<_>>(),
    )
    .bind(
        changes
            .iter()
            .map(|c| c.first_commit_at)
            .collect::<Vec<_>>(),
    )
    .bind(changes.iter().map(|c| c.pull_request).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE dora_deployments SET changes_complete = true WHERE deployment_id = $1")
        .bind(deployment_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn success(id: i64, env: &str, minute: u32) -> Success {
        Success {
            id,
            environment: env.to_string(),
            sha: format!("s{id}"),
            deployed_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, minute, 0).unwrap(),
        }
    }

    #[test]
    fn previous_deployment_is_the_one_before_in_the_same_environment() {
        let list = [
            success(3, "production", 30),
            success(1, "production", 10),
            success(2, "staging", 20),
            success(4, "staging", 40),
        ];
        let previous = previous_in_environment(&list);
        assert_eq!(previous.get(&3), Some(&1));
        assert_eq!(previous.get(&4), Some(&2));
        assert_eq!(previous.get(&1), None);
        assert_eq!(previous.len(), 2);
    }

    #[test]
    fn reachable_follows_every_parent() {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let commit = |parents: &[&str]| {
            Some(Commit {
                authored_at: at,
                author_email: "a@x".into(),
                parents: parents.iter().map(|p| p.to_string()).collect(),
            })
        };
        let ancestry: Ancestry = [
            ("m".to_string(), commit(&["a", "b"])),
            ("a".to_string(), commit(&["root"])),
            ("b".to_string(), commit(&["root"])),
            ("root".to_string(), commit(&[])),
            ("other".to_string(), commit(&[])),
        ]
        .into_iter()
        .collect();
        let got = reachable_in(&ancestry, "a");
        assert_eq!(got, HashSet::from(["a".to_string(), "root".to_string()]));
        assert_eq!(reachable_in(&ancestry, "m").len(), 4);
    }
}
