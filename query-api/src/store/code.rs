//! What the code is: file trees, definitions, hotspots, the definitions a commit changed, and
//! the call graph's rows, from `commit_files`, `file_analyses`, `symbols` and `calls`.
//!
//! The files of a repository at a commit are derived from `commit_files`: for each path, its
//! latest change among the commit's ancestors (renames delete the old path). Without a commit,
//! the newest change of every path on any branch.

use super::StoreResult;
use serde_json::Value;
use sqlx::PgPool;

/// The files of repository `$1` at commit `$2` (NULL: the newest state of every path), as a CTE
/// named `current_files(path, blob_id, language)`: for each path, its latest change among the
/// commit's ancestors (renames delete the old path). Same-second commits are ordered by
/// projection order, which follows parents-before-children.
const CURRENT_FILES: &str = "
    WITH RECURSIVE ancestry(sha) AS (
        SELECT sha FROM commits WHERE repository = $1 AND sha = $2
        UNION
        SELECT p.parent FROM ancestry a
        JOIN commits c ON c.repository = $1 AND c.sha = a.sha
        CROSS JOIN LATERAL unnest(c.parents) AS p(parent)
    ), scope AS (
        SELECT c.sha, c.committed_at, c.seq FROM commits c
        WHERE c.repository = $1 AND ($2::text IS NULL OR c.sha IN (SELECT sha FROM ancestry))
    ), changes AS (
        SELECT f.path, f.blob_id, f.status, f.language, s.committed_at, s.seq
        FROM commit_files f JOIN scope s ON s.sha = f.sha
        WHERE f.repository = $1
        UNION ALL
        SELECT f.old_path, NULL, 'deleted', NULL, s.committed_at, s.seq
        FROM commit_files f JOIN scope s ON s.sha = f.sha
        WHERE f.repository = $1 AND f.status = 'renamed' AND f.old_path IS NOT NULL
    ), latest AS (
        SELECT DISTINCT ON (path) path, blob_id, status, language
        FROM changes ORDER BY path, committed_at DESC, seq DESC
    ), current_files AS (
        SELECT path, blob_id, language FROM latest WHERE status <> 'deleted'
    )";

/// The ordinal of symbol `s` among the definitions of its blob with the same kind and qualified
/// name (0 for the first): the last part of a symbol's id (`event_id::symbol`).
const SYMBOL_ORDINAL: &str = "(SELECT count(*) FROM symbols d WHERE d.blob_id = s.blob_id
    AND d.kind = s.kind AND d.qualified_name = s.qualified_name AND d.idx < s.idx)";

/// The files of `repo` as of commit `at` (its current files when `None`), by path, each with
/// its language and metrics as JSON.
pub async fn file_tree(pool: &PgPool, repo: &str, at: Option<&str>) -> StoreResult<Vec<Value>> {
    sqlx::query_scalar(&format!(
        "{CURRENT_FILES}
         SELECT jsonb_build_object(
            'path', cf.path, 'language', cf.language, 'blob_id', cf.blob_id,
            'lines', fa.lines, 'code_lines', fa.code_lines, 'comment_lines', fa.comment_lines,
            'symbols', fa.symbol_count, 'total_complexity', fa.total_complexity,
            'max_complexity', fa.max_complexity, 'syntax_errors', fa.error_count,
            'skipped', fa.skipped)
         FROM current_files cf LEFT JOIN file_analyses fa ON fa.blob_id = cf.blob_id
         ORDER BY cf.path"
    ))
    .bind(repo)
    .bind(at)
    .fetch_all(pool)
    .await
}

/// Up to `limit` definitions in `repo`'s current files whose name contains `needle`
/// (case-insensitive) and of `kind`, exact matches first; each as JSON with its `ordinal` among
/// same-named definitions of its kind in its blob.
pub async fn symbols(
    pool: &PgPool,
    repo: &str,
    needle: Option<&str>,
    kind: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<Value>> {
    sqlx::query_scalar(&format!(
        "{CURRENT_FILES}
         SELECT jsonb_build_object(
            'kind', s.kind, 'name', s.name, 'qualified_name', s.qualified_name, 'path', cf.path,
            'start_line', s.start_line, 'end_line', s.end_line, 'signature', s.signature,
            'doc', s.doc, 'complexity', s.complexity, 'blob_id', s.blob_id, 'index', s.idx,
            'ordinal', {SYMBOL_ORDINAL})
         FROM current_files cf JOIN symbols s ON s.blob_id = cf.blob_id
         WHERE ($3::text IS NULL OR position(lower($3) in lower(s.name)) > 0)
           AND ($4::text IS NULL OR s.kind = $4)
         ORDER BY (lower(s.name) = lower(COALESCE($3, ''))) DESC, s.name, cf.path, s.start_line
         LIMIT $5"
    ))
    .bind(repo)
    .bind(None::<String>)
    .bind(needle)
    .bind(kind)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Up to `limit` current files of `repo` ranked by change frequency in the window times their
/// complexity, as JSON. The window defaults to the 90 days before the repository's newest
/// commit.
pub async fn hotspots(
    pool: &PgPool,
    repo: &str,
    window: (
        Option<chrono::DateTime<chrono::Utc>>,
        Option<chrono::DateTime<chrono::Utc>>,
    ),
    limit: i64,
) -> StoreResult<Vec<Value>> {
    sqlx::query_scalar(&format!(
        "{CURRENT_FILES},
         bounds AS (
            SELECT COALESCE($4::timestamptz, max(committed_at)) AS hi,
                   COALESCE($3::timestamptz, max(committed_at) - interval '90 days') AS lo
            FROM commits WHERE repository = $1
         ),
         churn AS (
            SELECT f.path, count(*) AS changes
            FROM commit_files f JOIN commits c ON c.repository = f.repository AND c.sha = f.sha,
                 bounds b
            WHERE f.repository = $1 AND c.committed_at >= b.lo AND c.committed_at <= b.hi
            GROUP BY f.path
         )
         SELECT jsonb_build_object(
            'path', cf.path, 'language', cf.language, 'changes', ch.changes,
            'total_complexity', fa.total_complexity, 'max_complexity', fa.max_complexity,
            'lines', fa.lines, 'score', ch.changes * GREATEST(fa.total_complexity, 1))
         FROM current_files cf
         JOIN churn ch ON ch.path = cf.path
         JOIN file_analyses fa ON fa.blob_id = cf.blob_id AND fa.skipped IS NULL
         ORDER BY ch.changes * GREATEST(fa.total_complexity, 1) DESC, cf.path
         LIMIT $5"
    ))
    .bind(repo)
    .bind(None::<String>)
    .bind(window.0)
    .bind(window.1)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The definitions commit `sha` of `repo` added, changed (body hash differs) or removed, file
/// by file against `parent` (empty for a root commit: an empty ancestry), each as JSON with its
/// `change`.
pub async fn changed_symbols(
    pool: &PgPool,
    repo: &str,
    parent: &str,
    sha: &str,
) -> StoreResult<Vec<Value>> {
    sqlx::query_scalar(&format!(
        "{CURRENT_FILES},
         changed AS (
            SELECT f.path, COALESCE(f.old_path, f.path) AS before_path, f.blob_id AS new_blob
            FROM commit_files f WHERE f.repository = $1 AND f.sha = $3
         ),
         pairs AS (
            SELECT ch.path, ch.new_blob, cf.blob_id AS old_blob
            FROM changed ch LEFT JOIN current_files cf ON cf.path = ch.before_path
         ),
         new_s AS (
            SELECT p.path, s.kind, s.qualified_name, s.body_hash, s.start_line
            FROM pairs p JOIN symbols s ON s.blob_id = p.new_blob
         ),
         old_s AS (
            SELECT p.path, s.kind, s.qualified_name, s.body_hash, s.start_line
            FROM pairs p JOIN symbols s ON s.blob_id = p.old_blob
         )
         SELECT jsonb_build_object(
            'path', COALESCE(n.path, o.path), 'kind', COALESCE(n.kind, o.kind),
            'qualified_name', COALESCE(n.qualified_name, o.qualified_name),
            'start_line', COALESCE(n.start_line, o.start_line),
            'change', CASE WHEN o.qualified_name IS NULL THEN 'added'
                           WHEN n.qualified_name IS NULL THEN 'removed'
                           ELSE 'changed' END)
         FROM new_s n FULL OUTER JOIN old_s o
           ON o.path = n.path AND o.kind = n.kind AND o.qualified_name = n.qualified_name
         WHERE o.qualified_name IS NULL OR n.qualified_name IS NULL
            OR o.body_hash IS DISTINCT FROM n.body_hash
         ORDER BY COALESCE(n.path, o.path), COALESCE(n.start_line, o.start_line),
                  COALESCE(n.qualified_name, o.qualified_name)"
    ))
    .bind(repo)
    .bind(parent)
    .bind(sha)
    .fetch_all(pool)
    .await
}

/// A definition of a current file.
#[derive(Debug, sqlx::FromRow)]
pub struct Definition {
    /// Its file.
    pub path: String,
    /// Its blob.
    pub blob_id: String,
    /// The language it was parsed as (a C++ header, `.h`, is C++, though its path says C).
    pub language: Option<String>,
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Qualified name.
    pub qualified_name: String,
    /// First line.
    pub start_line: i32,
    /// Last line.
    pub end_line: i32,
    /// Signature.
    pub signature: String,
    /// Ordinal among same-named definitions of its kind in its blob.
    pub ordinal: i64,
    /// Index in its blob.
    pub idx: i32,
    /// Doc comment.
    pub doc: Option<String>,
    /// Cyclomatic complexity.
    pub complexity: i32,
    /// Index of its parent.
    pub parent_idx: Option<i32>,
}

/// Every definition of `repo`'s files as of commit `at` (current files when `None`).
pub async fn definitions(
    pool: &PgPool,
    repo: &str,
    at: Option<&str>,
) -> StoreResult<Vec<Definition>> {
    sqlx::query_as(&format!(
        "{CURRENT_FILES}
             SELECT cf.path, s.blob_id, COALESCE(fa.language, cf.language) AS language,
                    s.kind, s.name, s.qualified_name, s.start_line,
                    s.end_line, s.signature, {SYMBOL_ORDINAL} AS ordinal, s.idx, s.doc,
                    s.complexity, s.parent_idx
             FROM current_files cf JOIN symbols s ON s.blob_id = cf.blob_id
             JOIN file_analyses fa ON fa.blob_id = cf.blob_id"
    ))
    .bind(repo)
    .bind(at)
    .fetch_all(pool)
    .await
}

/// A call site of a current file.
#[derive(Debug, sqlx::FromRow)]
pub struct CallRow {
    /// Its file.
    pub path: String,
    /// Its file's blob.
    pub blob_id: String,
    /// Index of the calling definition.
    pub caller_idx: Option<i32>,
    /// The callee's name.
    pub callee: String,
    /// What it is reached through.
    pub receiver: Option<String>,
    /// Line.
    pub line: i32,
    /// Column of the callee's name (analyses before `tributary-ast/3`: none).
    pub col: Option<i32>,
}

/// Every call site of `repo`'s files as of commit `at`, in each file's order.
pub async fn calls(pool: &PgPool, repo: &str, at: Option<&str>) -> StoreResult<Vec<CallRow>> {
    sqlx::query_as(&format!(
        "{CURRENT_FILES}
         SELECT cf.path, c.blob_id, c.caller_idx, c.callee, c.receiver, c.line, c.col
         FROM current_files cf JOIN calls c ON c.blob_id = cf.blob_id
         ORDER BY cf.path, c.idx"
    ))
    .bind(repo)
    .bind(at)
    .fetch_all(pool)
    .await
}

/// An import binding of a current file: (path, blob, name, module, symbol).
pub type BindingRow = (String, String, String, String, Option<String>);

/// Every import binding of `repo`'s files as of commit `at`, in each file's order.
pub async fn bindings(pool: &PgPool, repo: &str, at: Option<&str>) -> StoreResult<Vec<BindingRow>> {
    sqlx::query_as(&format!(
        "{CURRENT_FILES}
         SELECT cf.path, b.blob_id, b.name, b.module, b.symbol
         FROM current_files cf JOIN import_bindings b ON b.blob_id = cf.blob_id
         ORDER BY cf.path, b.idx"
    ))
    .bind(repo)
    .bind(at)
    .fetch_all(pool)
    .await
}

/// A typed name of a current file: (path, blob, name, type name, scope index).
pub type TypedNameRow = (String, String, String, String, Option<i32>);

/// Every typed name (variable, parameter, field) of `repo`'s files as of commit `at`.
pub async fn typed_names(
    pool: &PgPool,
    repo: &str,
    at: Option<&str>,
) -> StoreResult<Vec<TypedNameRow>> {
    sqlx::query_as(&format!(
        "{CURRENT_FILES}
         SELECT cf.path, t.blob_id, t.name, t.type_name, t.scope_idx
         FROM current_files cf JOIN typed_names t ON t.blob_id = cf.blob_id
         ORDER BY cf.path, t.idx"
    ))
    .bind(repo)
    .bind(at)
    .fetch_all(pool)
    .await
}
