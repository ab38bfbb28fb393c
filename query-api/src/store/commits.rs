//! Commits, their files and enrichments, and per-repository breakdowns.

use super::StoreResult;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;
use utoipa::ToSchema;

/// A commit in a listing.
#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct CommitSummary {
    /// `owner/name`.
    pub repository: String,
    /// Full sha.
    pub sha: String,
    /// Parent shas.
    parents: Vec<String>,
    /// Author name.
    author_name: String,
    /// Author email.
    author_email: String,
    /// Author time.
    authored_at: DateTime<Utc>,
    /// Committer name.
    committer_name: String,
    /// Commit time.
    pub committed_at: DateTime<Utc>,
    /// Message.
    message: String,
    /// Lines added.
    additions: i32,
    /// Lines deleted.
    deletions: i32,
    /// Files changed.
    files_changed: i32,
    /// The producer cut the commit's file list at its cap (`TRIBUTARY_MAX_COMMIT_FILES`):
    /// `files` lists the first part, `files_changed` counts them all.
    files_truncated: bool,
}

/// A changed file.
#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct FileRow {
    /// Path.
    path: String,
    /// Path before a rename.
    old_path: Option<String>,
    /// `added`, `modified`, `deleted`, `renamed`, ...
    status: String,
    /// Lines added.
    additions: i32,
    /// Lines deleted.
    deletions: i32,
    /// Whether git saw it as binary.
    binary: bool,
    /// Its blob, unless deleted.
    blob_id: Option<String>,
    /// Its language, if detected.
    language: Option<String>,
}

/// A commit's enrichment, as stored.
#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct Enrichment {
    /// Category (`feature`, `fix`, ...).
    category: String,
    /// One-line summary.
    summary: String,
    /// Risk, 0 to 100.
    risk: i32,
    /// Why that risk.
    #[schema(value_type = Vec<String>)]
    risk_reasons: Value,
    /// The model, or the offline classifier.
    model: String,
    /// Prompt version.
    prompt_version: String,
    /// Whether the offline classifier answered.
    offline: bool,
    /// Why the model did not answer, when it did not.
    fallback_reason: Option<String>,
}

const COLUMNS: &str =
    "c.repository, c.sha, c.parents, c.author_name, c.author_email, c.authored_at,
    c.committer_name, c.committed_at, c.message, c.additions, c.deletions, c.files_changed,
    c.files_truncated";

/// The filters of a commit listing (absent ones are NULL parameters of one static statement).
#[derive(Debug, Clone, Default)]
pub struct CommitFilter<'a> {
    /// Author email or name, case-insensitive.
    pub author: Option<&'a str>,
    /// Committed at or after.
    pub since: Option<DateTime<Utc>>,
    /// Committed before.
    pub until: Option<DateTime<Utc>>,
    /// A path, or a folder (every path below it).
    pub path: Option<&'a str>,
    /// Strictly after this (committed_at, sha), in listing order.
    pub after: Option<(DateTime<Utc>, String)>,
}

/// Up to `limit` commits of `repo`, newest first, with `filter`.
pub async fn list(
    pool: &PgPool,
    repo: &str,
    filter: &CommitFilter<'_>,
    limit: i64,
) -> StoreResult<Vec<CommitSummary>> {
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
    sqlx::query_as(&sql)
        .bind(repo)
        .bind(filter.author)
        .bind(filter.since)
        .bind(filter.until)
        .bind(filter.path)
        .bind(filter.after.as_ref().map(|a| a.0))
        .bind(filter.after.as_ref().map(|a| a.1.as_str()))
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// (sha, repository) of up to 20 commits whose sha starts with `prefix` (in `repository`
/// only, when given), by sha and repository.
pub async fn by_prefix(
    pool: &PgPool,
    prefix: &str,
    repository: Option<&str>,
) -> StoreResult<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT sha, repository FROM commits
         WHERE starts_with(sha, $1) AND ($2::text IS NULL OR repository = $2)
         ORDER BY sha, repository LIMIT 20",
    )
    .bind(prefix)
    .bind(repository)
    .fetch_all(pool)
    .await
}

/// Commit `sha` of `repo` (which must exist).
pub async fn get(pool: &PgPool, repo: &str, sha: &str) -> StoreResult<CommitSummary> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM commits c WHERE c.repository = $1 AND c.sha = $2"
    ))
    .bind(repo)
    .bind(sha)
    .fetch_one(pool)
    .await
}

/// The parents of commit `sha` of `repo` (which must exist).
pub async fn parents(pool: &PgPool, repo: &str, sha: &str) -> StoreResult<Vec<String>> {
    sqlx::query_scalar("SELECT parents FROM commits WHERE repository = $1 AND sha = $2")
        .bind(repo)
        .bind(sha)
        .fetch_one(pool)
        .await
}

/// The files commit `sha` of `repo` changed, by path.
pub async fn files(pool: &PgPool, repo: &str, sha: &str) -> StoreResult<Vec<FileRow>> {
    sqlx::query_as(
        "SELECT path, old_path, status, additions, deletions, is_binary AS binary, blob_id, language
         FROM commit_files WHERE repository = $1 AND sha = $2 ORDER BY path",
    )
    .bind(repo)
    .bind(sha)
    .fetch_all(pool)
    .await
}

/// The enrichment of commit `sha` of `repo`, if the enricher has made one.
pub async fn enrichment(pool: &PgPool, repo: &str, sha: &str) -> StoreResult<Option<Enrichment>> {
    sqlx::query_as(
        "SELECT category, summary, risk, risk_reasons, model, prompt_version, offline,
                fallback_reason
         FROM commit_enrichments WHERE repository = $1 AND sha = $2",
    )
    .bind(repo)
    .bind(sha)
    .fetch_optional(pool)
    .await
}

/// One group of a breakdown.
#[derive(Debug, sqlx::FromRow)]
pub struct Breakdown {
    /// The group (NULL: not enriched).
    pub key: Option<String>,
    /// Commits.
    pub commits: i64,
    /// Lines added.
    pub additions: i64,
    /// Lines deleted.
    pub deletions: i64,
    /// Mean risk of the enriched ones.
    pub average_risk: Option<f64>,
    /// Enriched by the offline classifier.
    pub offline: i64,
    /// Enriched by a model.
    pub by_model: i64,
}

/// How a breakdown groups commits.
#[derive(Debug, Clone, Copy)]
pub enum GroupBy {
    /// By the enricher's category, most commits first.
    Category,
    /// By risk band: low 0-29, medium 30-59, high 60-100.
    RiskBand,
}

impl GroupBy {
    /// (key expression, order) over commit `c` and enrichment `e`.
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            GroupBy::Category => ("e.category", "2 DESC, 1"),
            GroupBy::RiskBand => (
                "CASE WHEN e.risk IS NULL THEN NULL WHEN e.risk < 30 THEN 'low'
                      WHEN e.risk < 60 THEN 'medium' ELSE 'high' END",
                "1",
            ),
        }
    }
}

/// `repo`'s commits in the window `[since, until)` grouped by `group`.
pub async fn breakdown(
    pool: &PgPool,
    repo: &str,
    window: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    group: GroupBy,
) -> StoreResult<Vec<Breakdown>> {
    let (key, order) = group.sql();
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
    .fetch_all(pool)
    .await
}
