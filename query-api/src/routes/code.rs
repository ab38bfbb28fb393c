//! What the code is: `GET /repos/{owner}/{name}/files?at=`, `/symbols?q=&kind=`, `/hotspots`.
//!
//! The files of a repository at a commit are derived from `commit_files`: for each path, its
//! latest change among the commit's ancestors (renames delete the old path). Without a commit,
//! the newest change of every path on any branch.

use crate::auth::Reader;
use crate::params;
use crate::routes::commits::find_commit;
use crate::routes::repos::repository_path;
use crate::routes::{param, Params};
use crate::server::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use tributary_runtime::HttpError;

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

/// `GET /repos/{owner}/{name}/files?at=<sha>`: the tree with languages and metrics.
pub async fn files(
    State(state): State<AppState>,
    _reader: Reader,
    Path((owner, name)): Path<(String, String)>,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let repo = repository_path(&owner, &name)?;
    let at = match param(&q, "at") {
        Some(sha) => Some(find_commit(&state, sha, Some(&repo)).await?.sha),
        None => None,
    };
    let items = file_tree(&state, &repo, at.as_deref()).await?;
    Ok(Json(json!({ "items": items })))
}

/// The files of `repo` as of commit `at` (its current files when `None`), by path, each with
/// its language and metrics as JSON.
pub async fn file_tree(
    state: &AppState,
    repo: &str,
    at: Option<&str>,
) -> Result<Vec<Value>, HttpError> {
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
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)
}

/// `GET /repos/{owner}/{name}/symbols?q=&kind=&limit=`: definitions in the current files whose
/// name contains `q` (case-insensitive), exact matches first.
pub async fn symbols(
    State(state): State<AppState>,
    _reader: Reader,
    Path((owner, name)): Path<(String, String)>,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let repo = repository_path(&owner, &name)?;
    let needle = params::text("q", param(&q, "q"))?;
    let kind = params::text("kind", param(&q, "kind"))?;
    let limit = params::limit(param(&q, "limit"))?;
    let items: Vec<Value> = sqlx::query_scalar(&format!(
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
    .bind(&repo)
    .bind(None::<String>)
    .bind(needle)
    .bind(kind)
    .bind(limit)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    let items: Vec<Value> = items
        .into_iter()
        .map(|mut item| {
            let text = |k: &str| item[k].as_str().unwrap_or_default().to_string();
            let ordinal = item["ordinal"]
                .as_u64()
                .and_then(|o| u32::try_from(o).ok())
                .unwrap_or(0);
            let id = tributary_schemas::event_id::symbol(
                &repo,
                &text("path"),
                &text("kind"),
                &text("qualified_name"),
                ordinal,
            );
            if let Some(obj) = item.as_object_mut() {
                obj.remove("ordinal");
                obj.insert("id".into(), json!(id));
            }
            item
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// `GET /repos/{owner}/{name}/hotspots?since=&until=&limit=`: current files ranked by change
/// frequency in the window times their complexity (CodeScene-style). The window defaults to
/// the 90 days before the repository's newest commit.
pub async fn hotspots(
    State(state): State<AppState>,
    _reader: Reader,
    Path((owner, name)): Path<(String, String)>,
    Query(q): Query<Params>,
) -> Result<Json<Value>, HttpError> {
    let repo = repository_path(&owner, &name)?;
    let since = params::time("since", param(&q, "since"))?;
    let until = params::time("until", param(&q, "until"))?;
    let limit = params::limit(param(&q, "limit"))?;
    let items: Vec<Value> = sqlx::query_scalar(&format!(
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
    .bind(&repo)
    .bind(None::<String>)
    .bind(since)
    .bind(until)
    .bind(limit)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    Ok(Json(json!({ "items": items })))
}

/// `GET /commits/{sha}/symbols`: the definitions a commit added, changed (body hash differs) or
/// removed, file by file against its first parent.
pub async fn commit_symbols(
    State(state): State<AppState>,
    _reader: Reader,
    Path(raw): Path<String>,
) -> Result<Json<Value>, HttpError> {
    let (repo, full, items) = changed_symbols(&state, &raw).await?;
    Ok(Json(
        json!({ "repository": repo, "sha": full, "items": items }),
    ))
}

/// The definitions commit `raw` (a sha or prefix) added, changed or removed: its repository,
/// full sha, and one item per definition with its `change`.
pub async fn changed_symbols(
    state: &AppState,
    raw: &str,
) -> Result<(String, String, Vec<Value>), HttpError> {
    let found = find_commit(state, raw, None).await?;
    let (repo, full) = (found.repository, found.sha);
    let parents: Vec<String> =
        sqlx::query_scalar("SELECT parents FROM commits WHERE repository = $1 AND sha = $2")
            .bind(&repo)
            .bind(&full)
            .fetch_one(&state.pool)
            .await
            .map_err(HttpError::internal)?;
    // A root commit compares against nothing: an empty ancestry.
    let parent = parents.first().cloned().unwrap_or_default();
    let items: Vec<Value> = sqlx::query_scalar(&format!(
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
    .bind(&repo)
    .bind(&parent)
    .bind(&full)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    Ok((repo, full, items))
}

/// The call graph of a repository's current files as the PostgreSQL read model has it, with the
/// graph projection's resolution rule (a call goes to the one definition of its name in the
/// repository, else stays on the name): the same answers as the code graph, from the other store.
#[derive(Debug, Default)]
pub struct CallGraph {
    /// Each definition by id, as JSON (the graph routes' symbol shape).
    pub symbols: HashMap<String, Value>,
    /// Caller id -> resolved callee ids.
    pub callees: HashMap<String, BTreeSet<String>>,
    /// Callee id -> caller ids.
    pub callers: HashMap<String, BTreeSet<String>>,
    /// Caller id -> callee names that resolve to no single definition.
    pub unresolved: HashMap<String, BTreeSet<String>>,
}

/// A definition of a current file: path, blob, kind, name, qualified name, lines, signature,
/// ordinal among same-named definitions of its kind, index in its blob, doc comment,
/// complexity, index of its parent.
type DefinitionRow = (
    String,
    String,
    String,
    String,
    String,
    i32,
    i32,
    String,
    i64,
    i32,
    Option<String>,
    i32,
    Option<i32>,
);

/// Builds the [`CallGraph`] of repository `repo`'s current files from the read model.
pub async fn call_graph(state: &AppState, repo: &str) -> Result<CallGraph, HttpError> {
    call_graph_at(state, repo, None).await
}

/// Builds the [`CallGraph`] of repository `repo` as of commit `at` (its current files when
/// `None`) from the read model.
pub async fn call_graph_at(
    state: &AppState,
    repo: &str,
    at: Option<&str>,
) -> Result<CallGraph, HttpError> {
    let rows: Vec<DefinitionRow> = sqlx::query_as(&format!(
        "{CURRENT_FILES}
             SELECT cf.path, s.blob_id, s.kind, s.name, s.qualified_name, s.start_line,
                    s.end_line, s.signature, {SYMBOL_ORDINAL}, s.idx, s.doc, s.complexity,
                    s.parent_idx
             FROM current_files cf JOIN symbols s ON s.blob_id = cf.blob_id"
    ))
    .bind(repo)
    .bind(at)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    let mut graph = CallGraph::default();
    // (path, blob, idx) -> id; name -> ids.
    let mut by_index: HashMap<(String, i32), String> = HashMap::new();
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for (
        path,
        blob,
        kind,
        name,
        qn,
        start,
        end,
        signature,
        ordinal,
        idx,
        doc,
        complexity,
        parent,
    ) in rows
    {
        let ordinal = u32::try_from(ordinal).unwrap_or(0);
        let id = tributary_schemas::event_id::symbol(repo, &path, &kind, &qn, ordinal);
        by_index.insert((format!("{path}\u{1f}{blob}"), idx), id.clone());
        by_name.entry(name.clone()).or_default().push(id.clone());
        graph.symbols.insert(
            id.clone(),
            json!({
                "id": id, "kind": kind, "name": name, "qualified_name": qn, "path": path,
                "repository": repo, "start_line": start, "end_line": end, "signature": signature,
                "doc": doc, "complexity": complexity, "index": idx, "parent_index": parent,
            }),
        );
    }
    let calls: Vec<(String, String, i32, String)> = sqlx::query_as(&format!(
        "{CURRENT_FILES}
         SELECT DISTINCT cf.path, c.blob_id, c.caller_idx, c.callee
         FROM current_files cf JOIN calls c ON c.blob_id = cf.blob_id
         WHERE c.caller_idx IS NOT NULL"
    ))
    .bind(repo)
    .bind(at)
    .fetch_all(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    for (path, blob, caller_idx, callee) in calls {
        let Some(caller) = by_index.get(&(format!("{path}\u{1f}{blob}"), caller_idx)) else {
            continue;
        };
        match by_name.get(&callee).map(Vec::as_slice) {
            Some([target]) => {
                graph
                    .callees
                    .entry(caller.clone())
                    .or_default()
                    .insert(target.clone());
                graph
                    .callers
                    .entry(target.clone())
                    .or_default()
                    .insert(caller.clone());
            }
            _ => {
                graph
                    .unresolved
                    .entry(caller.clone())
                    .or_default()
                    .insert(callee);
            }
        }
    }
    Ok(graph)
}
