//! `GET /repos/{owner}/{name}/commits` (filters and cursor pagination), `GET /commits/{sha}`
//! and `GET /repos/{owner}/{name}/stats`.

use crate::auth::Reader;
use crate::openapi::{Denied, NotFound};
use crate::params::{self, Cursor};
use crate::routes::{ApiQuery, Page, RepoPath, ShaPath, WindowQuery};
use crate::server::AppState;
use crate::store::commits::{
    self, Breakdown, CommitFilter, CommitSummary, Enrichment, FileRow, GroupBy,
};
use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use tributary_http::HttpError;
use utoipa::{IntoParams, ToSchema};

/// The filters of `GET /repos/{owner}/{name}/commits`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommitQuery {
    /// Author email or name (case-insensitive, exact)
    pub author: Option<String>,
    /// Inclusive lower bound: RFC 3339 time or YYYY-MM-DD
    pub since: Option<String>,
    /// Exclusive upper bound: RFC 3339 time or YYYY-MM-DD
    pub until: Option<String>,
    /// A file path, or a folder (every path below it)
    pub path: Option<String>,
    /// Page size, 1-500 (default 50)
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    /// next_cursor of the previous page
    pub cursor: Option<String>,
}

/// `GET /repos/{owner}/{name}/commits?author=&since=&until=&path=&limit=&cursor=`
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/commits", tag = "read",
    summary = "Commits, newest first, with filters and cursor pagination",
    params(RepoPath, CommitQuery),
    responses((status = 200, description = "OK", body = Page<CommitSummary>), Denied)
)]
pub async fn list(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<CommitQuery>,
) -> Result<Json<Page<CommitSummary>>, HttpError> {
    let repo = path.full_name()?;
    let limit = params::limit(q.limit.as_deref())?;
    let filter = CommitFilter {
        author: params::text("author", q.author.as_deref())?,
        path: params::text("path", q.path.as_deref())?,
        since: params::time("since", q.since.as_deref())?,
        until: params::time("until", q.until.as_deref())?,
        after: q
            .cursor
            .as_deref()
            .map(Cursor::decode)
            .transpose()?
            .map(|c| (c.at, c.sha)),
    };
    let mut rows = commits::list(&state.pool, &repo, &filter, limit + 1)
        .await
        .map_err(HttpError::internal)?;
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
    let found = commits::by_prefix(&state.pool, &sha, repository)
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

/// A commit with its files, the repositories holding it and its enrichment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitDetail {
    /// The commit.
    #[serde(flatten)]
    commit: CommitSummary,
    /// Its changed files, by path.
    files: Vec<FileRow>,
    /// Every repository holding it.
    repositories: Vec<String>,
    /// Its enrichment, once the enricher has made one.
    enrichment: Option<Enrichment>,
}

/// `GET /commits/{sha}`: a commit (by full sha or unique prefix) with its files.
#[utoipa::path(
    get, path = "/commits/{sha}", tag = "read",
    summary = "A commit by sha or unique prefix, with its changed files",
    description = "The body includes `enrichment` (category, summary, risk, risk_reasons, model, prompt_version, offline, fallback_reason) once the enricher has made one, else null.",
    params(ShaPath),
    responses((status = 200, description = "OK", body = CommitDetail), Denied, NotFound)
)]
pub async fn get(
    State(state): State<AppState>,
    _reader: Reader,
    Path(ShaPath { sha: raw }): Path<ShaPath>,
) -> Result<Json<CommitDetail>, HttpError> {
    let found = find_commit(&state, &raw, None).await?;
    let pool = &state.pool;
    let commit = commits::get(pool, &found.repository, &found.sha)
        .await
        .map_err(HttpError::internal)?;
    let files = commits::files(pool, &commit.repository, &commit.sha)
        .await
        .map_err(HttpError::internal)?;
    let enrichment = commits::enrichment(pool, &commit.repository, &commit.sha)
        .await
        .map_err(HttpError::internal)?;
    Ok(Json(CommitDetail {
        commit,
        files,
        repositories: found.repositories,
        enrichment,
    }))
}

/// How the enricher has covered the commits of a window.
#[derive(Debug, Serialize, ToSchema)]
pub struct Coverage {
    /// Enriched by a model.
    by_model: i64,
    /// Enriched by the offline classifier.
    offline: i64,
    /// Not enriched yet.
    pending: i64,
}

/// One group of a breakdown, keyed by `category` or `risk` (`unenriched` for commits without
/// an enrichment).
#[derive(Debug, Serialize, ToSchema)]
pub struct Group {
    /// The category.
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    /// The risk band: `low`, `medium`, `high`.
    #[serde(skip_serializing_if = "Option::is_none")]
    risk: Option<String>,
    /// Commits.
    commits: i64,
    /// Lines added.
    additions: i64,
    /// Lines deleted.
    deletions: i64,
    /// Mean risk, to one decimal.
    average_risk: Option<f64>,
}

/// `GET /repos/{owner}/{name}/stats`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepoStats {
    /// `owner/name`.
    repository: String,
    /// Commits in the window.
    total_commits: i64,
    /// How they are enriched.
    enriched: Coverage,
    /// By category, most commits first.
    by_category: Vec<Group>,
    /// By risk band.
    by_risk: Vec<Group>,
}

fn groups(rows: &[Breakdown], group: GroupBy) -> Vec<Group> {
    rows.iter()
        .map(|r| {
            let key = Some(r.key.as_deref().unwrap_or("unenriched").to_string());
            let (category, risk) = match group {
                GroupBy::Category => (key, None),
                GroupBy::RiskBand => (None, key),
            };
            Group {
                category,
                risk,
                commits: r.commits,
                additions: r.additions,
                deletions: r.deletions,
                average_risk: r.average_risk.map(|r| (r * 10.0).round() / 10.0),
            }
        })
        .collect()
}

/// `GET /repos/{owner}/{name}/stats?since=&until=`: the repository's activity broken down by
/// the enricher's category and by risk band (low 0-29, medium 30-59, high 60-100).
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/stats", tag = "enrichment",
    summary = "Activity by enrichment category and risk band",
    params(RepoPath, WindowQuery),
    responses((status = 200, description = "OK", body = RepoStats), Denied, NotFound)
)]
pub async fn repo_stats(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<WindowQuery>,
) -> Result<Json<RepoStats>, HttpError> {
    let repo = path.full_name()?;
    let window = (
        params::time("since", q.since.as_deref())?,
        params::time("until", q.until.as_deref())?,
    );
    let by_category = commits::breakdown(&state.pool, &repo, window, GroupBy::Category)
        .await
        .map_err(HttpError::internal)?;
    let by_risk = commits::breakdown(&state.pool, &repo, window, GroupBy::RiskBand)
        .await
        .map_err(HttpError::internal)?;
    let total: i64 = by_category.iter().map(|r| r.commits).sum();
    if total == 0 {
        return Err(HttpError::not_found(format!(
            "no commits of {repo} in that window"
        )));
    }
    let offline: i64 = by_category.iter().map(|r| r.offline).sum();
    let by_model: i64 = by_category.iter().map(|r| r.by_model).sum();
    Ok(Json(RepoStats {
        repository: repo,
        total_commits: total,
        enriched: Coverage {
            by_model,
            offline,
            pending: total - by_model - offline,
        },
        by_category: groups(&by_category, GroupBy::Category),
        by_risk: groups(&by_risk, GroupBy::RiskBand),
    }))
}
