//! What the code is: `GET /repos/{owner}/{name}/files?at=`, `/symbols?q=&kind=`, `/hotspots`,
//! `GET /commits/{sha}/symbols`, and the call graph of the PostgreSQL read model (which the
//! graph routes and the documentation pages share).

use crate::auth::Reader;
use crate::openapi::{Denied, NotFound};
use crate::params;
use crate::routes::commits::find_commit;
use crate::routes::{ApiQuery, RepoPath, Rows, ShaPath};
use crate::server::AppState;
use crate::store::code as store;
use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tributary_callgraph::{
    resolve_file, Call as ResolveCall, Definition, File, Index, Kind, Symbol, Target,
};
use tributary_http::HttpError;
use tributary_schemas::{ImportBinding, TypedName};
use utoipa::{IntoParams, ToSchema};

/// `?at=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AtQuery {
    /// A commit sha or unique prefix
    pub at: Option<String>,
}

/// `GET /repos/{owner}/{name}/files?at=<sha>`: the tree with languages and metrics.
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/files", tag = "code",
    summary = "Files at a commit (default: now) with languages and metrics",
    params(RepoPath, AtQuery),
    responses((status = 200, description = "OK", body = Rows), Denied, NotFound)
)]
pub async fn files(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<AtQuery>,
) -> Result<Json<Rows>, HttpError> {
    let repo = path.full_name()?;
    let at = match q.at.as_deref() {
        Some(sha) => Some(find_commit(&state, sha, Some(&repo)).await?.sha),
        None => None,
    };
    let items = file_tree(&state, &repo, at.as_deref()).await?;
    Ok(Json(Rows { items }))
}

/// The files of `repo` as of commit `at` (its current files when `None`), by path, each with
/// its language and metrics as JSON.
pub async fn file_tree(
    state: &AppState,
    repo: &str,
    at: Option<&str>,
) -> Result<Vec<Value>, HttpError> {
    store::file_tree(&state.pool, repo, at)
        .await
        .map_err(HttpError::internal)
}

/// `GET /repos/{owner}/{name}/symbols?q=&kind=&limit=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SymbolsQuery {
    /// Substring of the name (case-insensitive)
    pub q: Option<String>,
    /// function, method, class, interface, module, ...
    pub kind: Option<String>,
    /// Page size, 1-500 (default 50)
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// `GET /repos/{owner}/{name}/symbols?q=&kind=&limit=`: definitions in the current files whose
/// name contains `q` (case-insensitive), exact matches first.
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/symbols", tag = "code",
    summary = "Search definitions in the current files",
    params(RepoPath, SymbolsQuery),
    responses((status = 200, description = "OK", body = Rows), Denied)
)]
pub async fn symbols(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<SymbolsQuery>,
) -> Result<Json<Rows>, HttpError> {
    let repo = path.full_name()?;
    let needle = params::text("q", q.q.as_deref())?;
    let kind = params::text("kind", q.kind.as_deref())?;
    let limit = params::limit(q.limit.as_deref())?;
    let items = store::symbols(&state.pool, &repo, needle, kind, limit)
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
    Ok(Json(Rows { items }))
}

/// `GET /repos/{owner}/{name}/hotspots?since=&until=&limit=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HotspotsQuery {
    /// Inclusive lower bound: RFC 3339 time or YYYY-MM-DD
    pub since: Option<String>,
    /// Exclusive upper bound: RFC 3339 time or YYYY-MM-DD
    pub until: Option<String>,
    /// Page size, 1-500 (default 50)
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// `GET /repos/{owner}/{name}/hotspots?since=&until=&limit=`: current files ranked by change
/// frequency in the window times their complexity (CodeScene-style). The window defaults to
/// the 90 days before the repository's newest commit.
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/hotspots", tag = "code",
    summary = "Files ranked by change frequency times complexity",
    params(RepoPath, HotspotsQuery),
    responses((status = 200, description = "OK", body = Rows), Denied)
)]
pub async fn hotspots(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<HotspotsQuery>,
) -> Result<Json<Rows>, HttpError> {
    let repo = path.full_name()?;
    let since = params::time("since", q.since.as_deref())?;
    let until = params::time("until", q.until.as_deref())?;
    let limit = params::limit(q.limit.as_deref())?;
    let items = store::hotspots(&state.pool, &repo, (since, until), limit)
        .await
        .map_err(HttpError::internal)?;
    Ok(Json(Rows { items }))
}

/// The definitions a commit added, changed or removed.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitSymbols {
    /// `owner/name`.
    repository: String,
    /// The full sha.
    sha: String,
    /// One per definition, with its `change` (`added`, `changed`, `removed`).
    #[schema(value_type = Vec<Object>)]
    items: Vec<Value>,
}

/// `GET /commits/{sha}/symbols`: the definitions a commit added, changed (body hash differs) or
/// removed, file by file against its first parent.
#[utoipa::path(
    get, path = "/commits/{sha}/symbols", tag = "code",
    summary = "Definitions the commit added, changed or removed",
    params(ShaPath),
    responses((status = 200, description = "OK", body = CommitSymbols), Denied, NotFound)
)]
pub async fn commit_symbols(
    State(state): State<AppState>,
    _reader: Reader,
    Path(ShaPath { sha: raw }): Path<ShaPath>,
) -> Result<Json<CommitSymbols>, HttpError> {
    let (repository, sha, items) = changed_symbols(&state, &raw).await?;
    Ok(Json(CommitSymbols {
        repository,
        sha,
        items,
    }))
}

/// The definitions commit `raw` (a sha or prefix) added, changed or removed: its repository,
/// full sha, and one item per definition with its `change`.
pub async fn changed_symbols(
    state: &AppState,
    raw: &str,
) -> Result<(String, String, Vec<Value>), HttpError> {
    let found = find_commit(state, raw, None).await?;
    let (repo, full) = (found.repository, found.sha);
    let parents = store_parents(state, &repo, &full).await?;
    // A root commit compares against nothing: an empty ancestry.
    let parent = parents.first().cloned().unwrap_or_default();
    let items = store::changed_symbols(&state.pool, &repo, &parent, &full)
        .await
        .map_err(HttpError::internal)?;
    Ok((repo, full, items))
}

async fn store_parents(state: &AppState, repo: &str, sha: &str) -> Result<Vec<String>, HttpError> {
    crate::store::commits::parents(&state.pool, repo, sha)
        .await
        .map_err(HttpError::internal)
}

/// The call graph of a repository's files at a commit as the PostgreSQL read model has it,
/// resolved by scope, imports and receivers ([`tributary_callgraph`], the rule the graph
/// projection uses): the same answers as the code graph, from the other store.
#[derive(Debug, Default)]
pub struct CallGraph {
    /// Each definition by id, as JSON (the graph routes' symbol shape).
    pub symbols: HashMap<String, Value>,
    /// Caller id -> resolved callee ids.
    pub callees: HashMap<String, BTreeSet<String>>,
    /// Callee id -> caller ids.
    pub callers: HashMap<String, BTreeSet<String>>,
    /// Caller id -> callee names that resolve to no single definition, each with how many
    /// definitions carry it (the ambiguous have several).
    pub unresolved: HashMap<String, BTreeMap<String, usize>>,
    /// How each resolved edge (caller id, callee id) was found.
    pub kinds: HashMap<(String, String), Kind>,
    /// Every call site, in file order.
    pub sites: Vec<Site>,
}

/// One call site and where it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Its file.
    pub path: String,
    /// Line, 1-based.
    pub line: i32,
    /// Column of the callee's name, 1-based (none in analyses before `tributary-ast/3`).
    pub column: Option<i32>,
    /// The calling definition's id.
    pub caller: String,
    /// The callee's name as written.
    pub callee: String,
    /// Where it goes.
    pub target: Target,
}

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
    let (definitions, calls, bindings, typed) = tokio::try_join!(
        store::definitions(&state.pool, repo, at),
        store::calls(&state.pool, repo, at),
        store::bindings(&state.pool, repo, at),
        store::typed_names(&state.pool, repo, at),
    )
    .map_err(HttpError::internal)?;
    Ok(assemble(repo, definitions, calls, bindings, typed))
}

/// A file version of the read model: (path, blob).
type FileKey = (String, String);

/// The call graph of the rows of one repository at one commit.
fn assemble(
    repo: &str,
    rows: Vec<store::Definition>,
    calls: Vec<store::CallRow>,
    bindings: Vec<store::BindingRow>,
    typed: Vec<store::TypedNameRow>,
) -> CallGraph {
    let mut graph = CallGraph::default();
    // Each file with its symbols' ids by index.
    let mut files: BTreeMap<FileKey, (File, Vec<Option<String>>)> = BTreeMap::new();
    let mut definitions = Vec::with_capacity(rows.len());
    for d in rows {
        let ordinal = u32::try_from(d.ordinal).unwrap_or(0);
        let id =
            tributary_schemas::event_id::symbol(repo, &d.path, &d.kind, &d.qualified_name, ordinal);
        let Ok(idx) = usize::try_from(d.idx) else {
            continue;
        };
        let (file, ids) = files
            .entry((d.path.clone(), d.blob_id.clone()))
            .or_insert_with(|| {
                (
                    File {
                        path: d.path.clone(),
                        language: d.language.clone(),
                        ..File::default()
                    },
                    Vec::new(),
                )
            });
        if file.symbols.len() <= idx {
            file.symbols.resize_with(idx + 1, || Symbol {
                kind: String::new(),
                name: String::new(),
                qualified_name: String::new(),
                parent: None,
            });
            ids.resize(idx + 1, None);
        }
        file.symbols[idx] = Symbol {
            kind: d.kind.clone(),
            name: d.name.clone(),
            qualified_name: d.qualified_name.clone(),
            parent: d.parent_idx.and_then(|p| usize::try_from(p).ok()),
        };
        ids[idx] = Some(id.clone());
        definitions.push(Definition {
            id: id.clone(),
            path: d.path.clone(),
            language: d.language.clone(),
            kind: d.kind.clone(),
            name: d.name.clone(),
            qualified_name: d.qualified_name.clone(),
            index: idx,
            signature: d.signature.clone(),
        });
        graph.symbols.insert(
            id.clone(),
            json!({
                "id": id, "kind": d.kind, "name": d.name, "qualified_name": d.qualified_name,
                "path": d.path, "repository": repo, "start_line": d.start_line,
                "end_line": d.end_line, "signature": d.signature, "doc": d.doc,
                "complexity": d.complexity, "index": d.idx, "parent_index": d.parent_idx,
            }),
        );
    }
    let mut index = Index::new(definitions);
    // Every file's bindings go to the index (a file that only re-exports defines nothing).
    let mut by_file: BTreeMap<FileKey, Vec<ImportBinding>> = BTreeMap::new();
    for (path, blob, name, module, symbol) in bindings {
        by_file
            .entry((path, blob))
            .or_default()
            .push(ImportBinding {
                name,
                module,
                symbol,
            });
    }
    for ((path, blob), bindings) in by_file {
        let language = tributary_schemas::language::detect(&path);
        let key = (path, blob);
        if let Some((file, _)) = files.get_mut(&key) {
            file.bindings = bindings.clone();
        }
        index.add_bindings(key.0, language, bindings);
    }
    for (path, blob, name, type_name, scope) in typed {
        if let Some((file, _)) = files.get_mut(&(path, blob)) {
            file.locals.push(TypedName {
                name,
                type_name,
                scope,
            });
        }
    }
    // Call rows by file, with their positions.
    let mut positions: HashMap<FileKey, Vec<(i32, Option<i32>)>> = HashMap::new();
    for c in calls {
        let key = (c.path, c.blob_id);
        let Some((file, _)) = files.get_mut(&key) else {
            continue;
        };
        file.calls.push(ResolveCall {
            callee: c.callee,
            receiver: c.receiver,
            caller: c.caller_idx.and_then(|i| usize::try_from(i).ok()),
            line: c.line,
        });
        positions.entry(key).or_default().push((c.line, c.col));
    }
    for (key, (file, ids)) in &files {
        let targets = resolve_file(file, &index);
        let at = positions.get(key).map(Vec::as_slice).unwrap_or(&[]);
        for ((call, target), (line, column)) in file.calls.iter().zip(targets).zip(at) {
            let Some(caller) = call.caller.and_then(|i| ids.get(i).cloned().flatten()) else {
                continue;
            };
            match &target {
                Target::Resolved { id, kind } => {
                    graph
                        .callees
                        .entry(caller.clone())
                        .or_default()
                        .insert(id.clone());
                    graph
                        .callers
                        .entry(id.clone())
                        .or_default()
                        .insert(caller.clone());
                    graph.kinds.insert((caller.clone(), id.clone()), *kind);
                }
                Target::Unresolved { candidates } => {
                    graph
                        .unresolved
                        .entry(caller.clone())
                        .or_default()
                        .insert(call.callee.clone(), *candidates);
                }
            }
            graph.sites.push(Site {
                path: file.path.clone(),
                line: *line,
                column: *column,
                caller,
                callee: call.callee.clone(),
                target,
            });
        }
    }
    graph
}
