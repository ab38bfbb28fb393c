//! Code navigation at any commit: `GET /repos/{owner}/{name}/definition?path=&line=&column=&at=`
//! (the definition a position refers to) and `GET /symbols/{id}/references?repo=&at=` (every
//! resolved call site of a definition), from the PostgreSQL read model resolved by
//! [`tributary_callgraph`]; references also from the code graph (`source=graph`, current code).

use crate::auth::Reader;
use crate::openapi::{Denied, NotFound, Unavailable};
use crate::params;
use crate::routes::code::{call_graph_at, CallGraph, Site};
use crate::routes::commits::find_commit;
use crate::routes::graph::{find_symbol, live_graph, SymbolPath, SYMBOL_FIELDS};
use crate::routes::{ApiQuery, RepoPath};
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tributary_callgraph::Target;
use tributary_http::HttpError;
use utoipa::{IntoParams, ToSchema};

/// Most call sites one references answer lists.
pub const MAX_REFERENCES: usize = 1000;

/// `?path=&line=&column=&at=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PositionQuery {
    /// A file of the repository, as `/files` lists it
    pub path: Option<String>,
    /// Line, 1-based
    #[param(value_type = Option<u32>, minimum = 1)]
    pub line: Option<String>,
    /// Column, 1-based, in bytes; needed where a line has several calls
    #[param(value_type = Option<u32>, minimum = 1)]
    pub column: Option<String>,
    /// A commit sha or unique prefix (default: the newest state of every file)
    pub at: Option<String>,
}

/// The definition a position refers to.
#[derive(Debug, Serialize, ToSchema)]
pub struct DefinitionAnswer {
    /// The definition (the symbol shape of the graph routes).
    #[schema(value_type = Object)]
    symbol: Value,
    /// How the call there was resolved (`local`, `import`, `receiver`, `unique-name`), or
    /// `definition` when the position is on a definition itself.
    resolution: String,
    /// The call site at the position, if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    site: Option<Value>,
    /// The commit answered at (null: the newest state of every file).
    at: Option<String>,
}

fn positive(name: &str, raw: Option<&str>) -> Result<Option<i32>, HttpError> {
    raw.map(|s| match s.parse::<i32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(HttpError::bad_request(
            "bad_parameter",
            format!("{name} must be a positive integer"),
        )),
    })
    .transpose()
}

fn site_json(graph: &CallGraph, site: &Site) -> Value {
    let caller = &graph.symbols.get(&site.caller);
    json!({
        "path": site.path, "line": site.line, "column": site.column, "callee": site.callee,
        "caller": caller.map(|c| json!({
            "id": c["id"], "name": c["name"], "qualified_name": c["qualified_name"],
            "kind": c["kind"],
        })),
    })
}

/// `GET /repos/{owner}/{name}/definition?path=&line=&column=&at=`: the definition the call at a
/// position reaches (or the definition written there), as resolved by scope, imports and
/// receivers at that commit.
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/definition", tag = "code",
    summary = "The definition a position refers to, at a commit",
    params(RepoPath, PositionQuery),
    responses((status = 200, description = "OK", body = DefinitionAnswer), Denied, NotFound)
)]
pub async fn definition(
    State(state): State<AppState>,
    _reader: Reader,
    Path(repo_path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<PositionQuery>,
) -> Result<Json<DefinitionAnswer>, HttpError> {
    let repo = repo_path.full_name()?;
    let path = params::text("path", q.path.as_deref())?
        .ok_or_else(|| HttpError::bad_request("bad_parameter", "path is required"))?;
    let line = positive("line", q.line.as_deref())?
        .ok_or_else(|| HttpError::bad_request("bad_parameter", "line is required"))?;
    let column = positive("column", q.column.as_deref())?;
    let at = match q.at.as_deref() {
        Some(sha) => Some(find_commit(&state, sha, Some(&repo)).await?.sha),
        None => None,
    };
    let graph = call_graph_at(&state, &repo, at.as_deref()).await?;
    let on_line: Vec<&Site> = graph
        .sites
        .iter()
        .filter(|s| s.path == path && s.line == line)
        .collect();
    // The call whose name spans the column; without a column, the line's only call.
    let site = match column {
        Some(col) => on_line.iter().copied().find(|s| {
            s.column
                .is_some_and(|c| c <= col && col < c + i32::try_from(s.callee.len()).unwrap_or(0))
        }),
        None => match on_line.as_slice() {
            [one] => Some(*one),
            [] => None,
            many => {
                return Err(HttpError::bad_request(
                    "ambiguous_position",
                    format!(
                        "line {line} of {path} has {} calls: give column",
                        many.len()
                    ),
                ))
            }
        },
    };
    if let Some(site) = site {
        return match &site.target {
            Target::Resolved { id, kind } => {
                let symbol = graph.symbols.get(id).cloned().unwrap_or(Value::Null);
                Ok(Json(DefinitionAnswer {
                    symbol,
                    resolution: kind.as_str().to_string(),
                    site: Some(site_json(&graph, site)),
                    at,
                }))
            }
            Target::Unresolved { candidates } => Err(HttpError::not_found(format!(
                "the call of {} at {path}:{line} reaches no single definition \
                 ({candidates} definitions carry the name)",
                site.callee
            ))),
        };
    }
    // No call there: the innermost definition written on that line.
    let written = graph
        .symbols
        .values()
        .filter(|s| s["path"] == path && s["start_line"] == line && s["name"] != "<module>")
        .min_by_key(|s| s["end_line"].as_i64().unwrap_or(i64::MAX));
    match written {
        Some(symbol) => Ok(Json(DefinitionAnswer {
            symbol: symbol.clone(),
            resolution: "definition".into(),
            site: None,
            at,
        })),
        None => Err(HttpError::not_found(format!(
            "no call or definition at {path}:{line} in {repo}"
        ))),
    }
}

/// `?repo=&at=&source=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReferencesQuery {
    /// The symbol's repository, owner/name (needed with source=postgres)
    pub repo: Option<String>,
    /// A commit sha or unique prefix (source=postgres; default: the newest state)
    pub at: Option<String>,
    /// postgres (default when repo is given) or graph (the code graph: current code only)
    pub source: Option<String>,
}

/// Every resolved call site of a definition.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferencesAnswer {
    /// The definition.
    #[schema(value_type = Object)]
    symbol: Value,
    /// One per call site: `path`, `line`, `column`, the calling definition and how the call was
    /// `resolution`.
    #[schema(value_type = Vec<Object>)]
    items: Vec<Value>,
    /// Whether the list stopped at its most items.
    truncated: bool,
}

/// `GET /symbols/{id}/references?repo=&at=&source=`: every call site that resolves to the
/// definition, with its path and line.
#[utoipa::path(
    get, path = "/symbols/{id}/references", tag = "graph",
    summary = "Every resolved call site of a definition, at a commit",
    params(SymbolPath, ReferencesQuery),
    responses(
        (status = 200, description = "OK", body = ReferencesAnswer), Denied, NotFound, Unavailable
    )
)]
pub async fn references(
    State(state): State<AppState>,
    _reader: Reader,
    Path(SymbolPath { id }): Path<SymbolPath>,
    ApiQuery(q): ApiQuery<ReferencesQuery>,
) -> Result<Json<ReferencesAnswer>, HttpError> {
    let repo = params::repository(q.repo.as_deref())?;
    let source = q
        .source
        .as_deref()
        .unwrap_or(if repo.is_some() { "postgres" } else { "graph" });
    match (source, repo) {
        ("postgres", Some(repo)) => {
            let at = match q.at.as_deref() {
                Some(sha) => Some(find_commit(&state, sha, Some(repo)).await?.sha),
                None => None,
            };
            let graph = call_graph_at(&state, repo, at.as_deref()).await?;
            let symbol = graph
                .symbols
                .get(&id)
                .cloned()
                .ok_or_else(|| HttpError::not_found(format!("no symbol {id} in {repo}")))?;
            let mut items: Vec<Value> = graph
                .sites
                .iter()
                .filter_map(|s| match &s.target {
                    Target::Resolved { id: to, kind } if *to == id => {
                        let mut item = site_json(&graph, s);
                        item["resolution"] = json!(kind.as_str());
                        Some(item)
                    }
                    _ => None,
                })
                .collect();
            let truncated = items.len() > MAX_REFERENCES;
            items.truncate(MAX_REFERENCES);
            Ok(Json(ReferencesAnswer {
                symbol,
                items,
                truncated,
            }))
        }
        ("postgres", None) => Err(HttpError::bad_request(
            "bad_parameter",
            "source=postgres needs repo=owner/name",
        )),
        ("graph", _) if q.at.is_some() => Err(HttpError::bad_request(
            "bad_parameter",
            "the code graph holds the current code only: at needs source=postgres",
        )),
        ("graph", _) => {
            let g = live_graph(&state).await?;
            let (key, symbol) = find_symbol(&g, &id).await?;
            let rows = g
                .rows(
                    g.query(&format!(
                        "MATCH (s:Symbol)-[e:CALLS]->(t:Symbol {{key: $key}}) \
                         RETURN {SYMBOL_FIELDS}, e.lines AS lines, e.kind AS resolution"
                    ))
                    .param("key", key.as_str()),
                )
                .await?;
            let mut items = Vec::new();
            for row in &rows {
                let text = |k: &str| row.get::<String>(k).unwrap_or_default();
                let lines: Vec<i64> = row.get("lines").unwrap_or_default();
                for line in lines {
                    items.push(json!({
                        "path": text("path"), "line": line, "column": Value::Null,
                        "callee": symbol["name"],
                        "caller": {
                            "id": text("id"), "name": text("name"),
                            "qualified_name": text("qualified_name"), "kind": text("kind"),
                        },
                        "resolution": text("resolution"),
                    }));
                }
            }
            items.sort_by(|a, b| {
                (a["path"].as_str(), a["line"].as_i64())
                    .cmp(&(b["path"].as_str(), b["line"].as_i64()))
            });
            let truncated = items.len() > MAX_REFERENCES;
            items.truncate(MAX_REFERENCES);
            Ok(Json(ReferencesAnswer {
                symbol,
                items,
                truncated,
            }))
        }
        _ => Err(HttpError::bad_request(
            "bad_parameter",
            "source must be graph or postgres",
        )),
    }
}

/// Most call sites `/repos/{owner}/{name}/calls` returns.
pub const MAX_SITES: usize = 200_000;

/// `?at=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallsQuery {
    /// A commit sha or unique prefix (default: the newest state of every file)
    pub at: Option<String>,
}

/// A repository's whole call graph at a commit.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallsAnswer {
    /// The commit answered at (null: the newest state of every file).
    at: Option<String>,
    /// Every definition: `id`, `kind`, `name`, `qualified_name`, `path`, `start_line`,
    /// `end_line`, `signature`, its `index` in its file and its enclosing definition's
    /// (`parent_index`) (a file's top-level code is its `<module>` definition).
    #[schema(value_type = Vec<Object>)]
    symbols: Vec<Value>,
    /// Every call site: `path`, `line`, `column`, `caller` (id), `callee` (name), and either
    /// `target` (id) with its `resolution`, or the `candidates` count of an unresolved call.
    #[schema(value_type = Vec<Object>)]
    sites: Vec<Value>,
    /// Whether the sites stopped at their most ([`MAX_SITES`]).
    truncated: bool,
}

/// `GET /repos/{owner}/{name}/calls?at=`: every definition and call site of the repository at a
/// commit, each call with where it resolves and how (the call graph whole, for export and
/// measurement).
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/calls", tag = "code",
    summary = "Every call site at a commit and where it resolves",
    params(RepoPath, CallsQuery),
    responses((status = 200, description = "OK", body = CallsAnswer), Denied, NotFound)
)]
pub async fn calls(
    State(state): State<AppState>,
    _reader: Reader,
    Path(repo_path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<CallsQuery>,
) -> Result<Json<CallsAnswer>, HttpError> {
    let repo = repo_path.full_name()?;
    let at = match q.at.as_deref() {
        Some(sha) => Some(find_commit(&state, sha, Some(&repo)).await?.sha),
        None => None,
    };
    let graph = call_graph_at(&state, &repo, at.as_deref()).await?;
    let mut symbols: Vec<Value> = graph
        .symbols
        .values()
        .map(|s| {
            json!({
                "id": s["id"], "kind": s["kind"], "name": s["name"],
                "qualified_name": s["qualified_name"], "path": s["path"],
                "start_line": s["start_line"], "end_line": s["end_line"],
                "parent_index": s["parent_index"], "index": s["index"],
                "signature": s["signature"],
            })
        })
        .collect();
    symbols.sort_by(|a, b| {
        (a["path"].as_str(), a["start_line"].as_i64())
            .cmp(&(b["path"].as_str(), b["start_line"].as_i64()))
    });
    let truncated = graph.sites.len() > MAX_SITES;
    let sites = graph
        .sites
        .iter()
        .take(MAX_SITES)
        .map(|s| {
            let mut site = json!({
                "path": s.path, "line": s.line, "column": s.column, "caller": s.caller,
                "callee": s.callee,
            });
            match &s.target {
                Target::Resolved { id, kind } => {
                    site["target"] = json!(id);
                    site["resolution"] = json!(kind.as_str());
                }
                Target::Unresolved { candidates } => site["candidates"] = json!(candidates),
            }
            site
        })
        .collect();
    Ok(Json(CallsAnswer {
        at,
        symbols,
        sites,
        truncated,
    }))
}
