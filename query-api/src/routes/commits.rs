//! `GET /repos/{owner}/{name}/commits` (filters and cursor pagination) and `GET /commits/{sha}`.

use crate::auth::Reader;
use crate::params::{self, Cursor};
use crate::routes::repos::repository_path;
use crate::routes::{param, Page, Params};
use crate::server::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use tributary_runtime::HttpError;

/// A commit in a listing.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct CommitSummary {
    repository: String,
    sha: String,
    parents: Vec<String>,
    author_name: String,
    author_email: String,
    authored_at: DateTime<Utc>,
    committer_name: String,
    committed_at: DateTime<Utc>,
    message: String,
    additions: i32,
    deletions: i32,
    files_changed: i32,
    /// The producer cut the commit's file list at its cap (`TRIBUTARY_MAX_COMMIT_FILES`):
    /// `files` lists the first part, `files_changed` counts them all.
    files_truncated: bool,
}

/// A changed file.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct FileRow {
    path: String,
    old_path: Option<String>,
    status: String,
    additions: i32,
    deletions: i32,
    binary: bool,
    blob_id: Option<String>,
    language: Option<String>,
}

const COLUMNS: &str =
    "c.repository, c.sha, c.parents, c.author_name, c.author_email, c.authored_at,
    c.committer_name, c.committed_at, c.message, c.additions, c.deletions, c.files_changed,
    c.files_truncated";

/// `GET /repos/{owner}/{name}/commits?author=&since=&until=&path=&limit=&cursor=`
pub async fn list(
    State(state): State<AppState>,
    _reader: Reader,
    Path((owner, name)): Path<(String, String)>,
    Query(q): Query<Params>,
) -> Result<Json<Page<CommitSummary>>, HttpError> {
    let repo = repository_path(&owner, &name)?;
    let limit = params::limit(param(&q, "limit"))?;
    let author = params::text("author", param(&q, "author"))?;
    let path = params::text("path", param(&q, "path"))?;
    let since = params::time("since", param(&q, "since"))?;
    let until = params::time("until", param(&q, "until"))?;
    let cursor = param(&q, "cursor").map(Cursor::decode).transpose()?;
    // One static statement; absent filters are NULL parameters.
    let sql = format!(
        "SELECT {COLUMNS} FROM commits c
         WHERE c.repository = $1
           AND ($2::text IS NULL OR lower(c.author_email) = lower($2) OR lower(c.author_name) = lower($2))
           AND ($3::timestamptz IS NULL OR c.committed_at >= $3)
           AND ($4::timestamptz IS NULL OR c.committed_at < $4)
           AND ($5::text IS NULL OR EXISTS (
                 SELECT 1 FROM commit_files f
                 WHERE f.repository = c.repository AND f.sha = c.sha
                   AND (f.path = $5 OR f.old_path = $5 OR starts_with(f.path, rtrim($5, '/') || '/'))))
           AND ($6::timestamptz IS NULL OR (c.committed_at, c.sha) < ($6, $7))
         ORDER BY c.committed_at DESC, c.sha DESC
         LIMIT $8"
    );
    let rows: Vec<CommitSummary> = sqlx::query_as(&sql)
        .bind(&repo)
        .bind(author)
        .bind(since)
        .bind(until)
        .bind(path)
        .bind(cursor.as_ref().map(|c| c.at))
        .bind(cursor.as_ref().map(|c| c.sha.clone()))
        .bind(limit + 1)
        .fetch_all(&state.pool)
        .await
        .map_err(HttpError::internal)?;
    let mut rows = rows;
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|c| {
            Cursor {
                at: c.committed_at,
                sha: c.sha.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    Ok(Json(Page {
        items: rows,
        next_cursor: next,
    }))
}

/// A commit named by a sha or unique prefix.
#[derive(Debug, Clone)]
pub struct FoundCommit {
    /// The full sha.
    pub sha: String,
    /// The first repository holding it (by name).
    pub repository: String,
    /// Every repository holding it.
    pub repositories: Vec<String>,
}

/// The commit a sha or unique prefix names (within `repository` only, when given). 404 when
/// none, 400 when the prefix is ambiguous.
pub async fn find_commit(
    state: &AppState,
    raw: &str,
    repository: Option<&str>,
) -> Result<FoundCommit, HttpError> {
    let sha = params::sha(raw)?;
    let found: Vec<(String, String)> = sqlx::query_as(
        "SELECT sha, repository FROM commits
         WHERE starts_with(sha, $1) AND ($2::text IS NULL OR repository = $2)
         ORDER BY sha, repository LIMIT 20",
    )
    .bind(&sha)
    .bind(repository)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    let Some((full, first)) = found.first().cloned() else {
        return Err(HttpError::not_found(format!("commit {sha} not found")));
    };
    if found.iter().any(|(s, _)| *s != full) {
        return Err(HttpError::bad_request(
            "ambiguous_sha",
            format!("{sha} matches several commits; give more digits"),
        ));
    }
    Ok(FoundCommit {
        sha: full,
        repository: first,
        repositories: found.into_iter().map(|(_, r)| r).collect(),
    })
}

/// `GET /commits/{sha}`: a commit (by full sha or unique prefix) with its files.
pub async fn get(
    State(state): State<AppState>,
    _reader: Reader,
    Path(raw): Path<String>,
) -> Result<Json<Value>, HttpError> {
    let found = find_commit(&state, &raw, None).await?;
    let commit: CommitSummary = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM commits c WHERE c.repository = $1 AND c.sha = $2"
    ))
    .bind(&found.repository)
    .bind(&found.sha)
    .fetch_one(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    let files: Vec<FileRow> = sqlx::query_as(
        "SELECT path, old_path, status, additions, deletions, is_binary AS binary, blob_id, language
         FROM commit_files WHERE repository = $1 AND sha = $2 ORDER BY path",
    )
    .bind(&commit.repository)
    .bind(&commit.sha)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    let enrichment = enrichment_of(&state, &commit.repository, &commit.sha).await?;
    let mut body = serde_json::to_value(&commit).map_err(HttpError::internal)?;
    body["files"] = json!(files);
    body["repositories"] = json!(found.repositories);
    body["enrichment"] = enrichment.unwrap_or(Value::Null);
    Ok(Json(body))
}

/// A commit's enrichment, as stored.
#[derive(Debug, sqlx::FromRow, Serialize)]
struct EnrichmentRow {
    category: String,
    summary: String,
    risk: i32,
    risk_reasons: Value,
    model: String,
    prompt_version: String,
    offline: bool,
    fallback_reason: Option<String>,
}

/// A commit's enrichment as JSON, if the enricher has made one.
pub async fn enrichment_of(
    state: &AppState,
    repository: &str,
    sha: &str,
) -> Result<Option<Value>, HttpError> {
    let row: Option<EnrichmentRow> = sqlx::query_as(
        "SELECT category, summary, risk, risk_reasons, model, prompt_version, offline,
                fallback_reason
         FROM commit_enrichments WHERE repository = $1 AND sha = $2",
    )
    .bind(repository)
    .bind(sha)
    .fetch_optional(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    row.map(|r| serde_json::to_value(r).map_err(HttpError::internal))
        .transpose()
}

/// One group of `/repos/{owner}/{name}/stats`.
#[derive(Debug, sqlx::FromRow)]
struct Breakdown {
    key: Option<String>,
    commits: i64,
    additions: i64,
    deletions: i64,
    average_risk: Option<f64>,
    offline: i64,
    by_model: i64,
}

/// The repository's commits in the window grouped by `key` and sorted by `order` (SQL over
/// commit `c` and enrichment `e`, from this module's constants only).
async fn breakdown(
    state: &AppState,
    repo: &str,
    window: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    (key, order): (&str, &str),
) -> Result<Vec<Breakdown>, HttpError> {
    sqlx::query_as(&format!(
        "SELECT {key} AS key, count(*) AS commits,
                COALESCE(sum(c.additions), 0)::bigint AS additions,
                COALESCE(sum(c.deletions), 0)::bigint AS deletions,
                avg(e.risk)::float8 AS average_risk,
                count(*) FILTER (WHERE e.offline) AS offline,
                count(*) FILTER (WHERE NOT e.offline) AS by_model
         FROM commits c
         LEFT JOIN commit_enrichments e ON e.repository = c.repository AND e.sha = c.sha
         WHERE c.repository = $1
           AND ($2::timestamptz IS NULL OR c.committed_at >= $2)
           AND ($3::timestamptz IS NULL OR c.committed_at < $3)
         GROUP BY 1 ORDER BY {order}"
    ))
    .bind(repo)
    .bind(window.0)
    .bind(window.1)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)
}

/// `GET /repos/{owner}/{name}/stats?since=&until=`: the repository's activity broken down by
/// the enricher's category and by risk band (low 0-29, medium 30-59, high 60-100).
pub async fn repo_stats(
    State(state): State<AppState>,
    _reader: Reader,
    Path((owner, name)): Path<(String, String)>,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let repo = repository_path(&owner, &name)?;
    let window = (
        params::time("since", param(&q, "since"))?,
        params::time("until", param(&q, "until"))?,
    );
    let by_category = breakdown(&state, &repo, window, ("e.category", "2 DESC, 1")).await?;
    let by_risk = breakdown(
        &state,
        &repo,
        window,
        (
            "CASE WHEN e.risk IS NULL THEN NULL WHEN e.risk < 30 THEN 'low'
                  WHEN e.risk < 60 THEN 'medium' ELSE 'high' END",
            "1",
        ),
    )
    .await?;
    let total: i64 = by_category.iter().map(|r| r.commits).sum();
    if total == 0 {
        return Err(HttpError::not_found(format!(
            "no commits of {repo} in that window"
        )));
    }
    let offline: i64 = by_category.iter().map(|r| r.offline).sum();
    let by_model: i64 = by_category.iter().map(|r| r.by_model).sum();
    let rows = |rows: &[Breakdown], key: &str| -> Vec<Value> {
        rows.iter()
            .map(|r| {
                json!({
                    key: r.key.as_deref().unwrap_or("unenriched"), "commits": r.commits,
                    "additions": r.additions, "deletions": r.deletions,
                    "average_risk": r.average_risk.map(|r| (r * 10.0).round() / 10.0),
                })
            })
            .collect()
    };
    Ok(Json(json!({
        "repository": repo,
        "total_commits": total,
        "enriched": { "by_model": by_model, "offline": offline, "pending": total - by_model - offline },
        "by_category": rows(&by_category, "category"),
        "by_risk": rows(&by_risk, "risk"),
    })))
}
