//! What calls what, from the code graph in Neo4j: `GET /symbols/{id}/callers`, `/callees`,
//! `/repos/{owner}/{name}/dependencies`, `/commits/{sha}/impact`.
//!
//! Walks go breadth-first one hop per query, so each symbol comes with its distance, the walk
//! is bounded by `depth` (at most [`params::MAX_DEPTH`]) and by [`MAX_NODES`], and the Cypher
//! stays within what Neo4j 5 and kglite both run. The graph reflects every repository's
//! current code (the newest version of each file). Callers and callees can also be answered
//! from the PostgreSQL read model (`source=postgres&repo=owner/name`), with the same rules.

use crate::auth::Reader;
use crate::openapi::{Denied, NotFound, Unavailable};
use crate::params;
use crate::routes::code::{self, changed_symbols, CallGraph};
use crate::routes::{ApiQuery, RepoPath, ShaPath};
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::Json;
use neo4rs::{BoltType, Graph, Row};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use tributary_graph::{list, live_namespace, read_rows, Namespace};
use tributary_http::HttpError;
use tributary_schemas::event_id;
use utoipa::{IntoParams, ToSchema};

/// Most symbols one walk returns.
pub const MAX_NODES: usize = 1000;

pub(crate) const SYMBOL_FIELDS: &str =
    "s.key AS key, s.sid AS id, s.kind AS kind, s.name AS name, \
     s.qualified_name AS qualified_name, s.path AS path, s.repo AS repository, \
     s.start_line AS start_line, s.end_line AS end_line, s.signature AS signature";

/// The graph server with the namespace that is live for this request: a replay's switch is
/// seen by a request whole or not at all.
pub(crate) struct LiveGraph<'a> {
    graph: &'a Graph,
    ns: Namespace,
}

impl LiveGraph<'_> {
    pub(crate) fn query(&self, text: &str) -> neo4rs::Query {
        self.ns.query(text)
    }

    pub(crate) async fn rows(&self, q: neo4rs::Query) -> Result<Vec<Row>, HttpError> {
        read_rows(self.graph, q).await.map_err(graph_error)
    }
}

/// The graph server with the namespace live for this request.
pub(crate) async fn live_graph(state: &AppState) -> Result<LiveGraph<'_>, HttpError> {
    let graph = state
        .graph
        .as_ref()
        .ok_or_else(|| HttpError::unavailable("the code graph is not configured", 30))?;
    let ns = live_namespace(graph).await.map_err(graph_error)?;
    Ok(LiveGraph { graph, ns })
}

fn graph_error(e: neo4rs::Error) -> HttpError {
    tracing::warn!(error = %e, "graph query failed");
    HttpError::unavailable("the code graph is unavailable", 5)
}

/// A symbol row as JSON (the merge key stays internal).
fn symbol_json(row: &Row) -> (String, Value) {
    let text = |k: &str| row.get::<String>(k).unwrap_or_default();
    let int = |k: &str| row.get::<i64>(k).unwrap_or_default();
    (
        text("key"),
        json!({
            "id": text("id"), "kind": text("kind"), "name": text("name"),
            "qualified_name": text("qualified_name"), "path": text("path"),
            "repository": text("repository"), "start_line": int("start_line"),
            "end_line": int("end_line"), "signature": text("signature"),
        }),
    )
}

/// The graph key and JSON of the symbol with public id `id`.
pub(crate) async fn find_symbol(g: &LiveGraph<'_>, id: &str) -> Result<(String, Value), HttpError> {
    let found = g
        .rows(
            g.query(&format!(
                "MATCH (s:Symbol {{sid: $sid}}) RETURN {SYMBOL_FIELDS}"
            ))
            .param("sid", id),
        )
        .await?;
    found
        .first()
        .map(symbol_json)
        .ok_or_else(|| HttpError::not_found(format!("no symbol {id} in the code graph")))
}

/// Which way a walk follows `CALLS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Callers,
    Callees,
}

/// What a walk found: symbols with their distance, and (for callees) unresolved names.
struct Walk {
    symbols: Vec<Value>,
    unresolved: BTreeMap<String, u32>,
    truncated: bool,
}

async fn walk(
    g: &LiveGraph<'_>,
    start: Vec<String>,
    direction: Direction,
    depth: u32,
) -> Result<Walk, HttpError> {
    let step = match direction {
        Direction::Callers => "UNWIND $keys AS k MATCH (s:Symbol)-[:CALLS]->(t:Symbol {key: k})",
        Direction::Callees => "UNWIND $keys AS k MATCH (t:Symbol {key: k})-[:CALLS]->(s:Symbol)",
    };
    let mut seen: HashSet<String> = start.iter().cloned().collect();
    let mut frontier = start;
    let mut out = Walk {
        symbols: Vec::new(),
        unresolved: BTreeMap::new(),
        truncated: false,
    };
    for d in 1..=depth {
        if frontier.is_empty() {
            break;
        }
        let keys: Vec<BoltType> = frontier.iter().map(|k| k.as_str().into()).collect();
        let found = g
            .rows(
                g.query(&format!("{step} RETURN {SYMBOL_FIELDS}, t.sid AS via"))
                    .param("keys", list(keys.clone())),
            )
            .await?;
        let mut next = Vec::new();
        for row in &found {
            let (key, mut symbol) = symbol_json(row);
            if !seen.insert(key.clone()) {
                continue;
            }
            if out.symbols.len() >= MAX_NODES {
                out.truncated = true;
                break;
            }
            symbol["depth"] = json!(d);
            symbol["via"] = json!(row.get::<String>("via").unwrap_or_default());
            out.symbols.push(symbol);
            next.push(key);
        }
        if direction == Direction::Callees {
            let names = g
                .rows(
                    g.query(
                        "UNWIND $keys AS k \
                     MATCH (t:Symbol {key: k})-[:CALLS]->(n:CalleeName) RETURN n.name AS name",
                    )
                    .param("keys", list(keys)),
                )
                .await?;
            for row in names {
                if let Ok(name) = row.get::<String>("name") {
                    out.unresolved.entry(name).or_insert(d);
                }
            }
        }
        frontier = next;
    }
    Ok(out)
}

/// The same walk over the call graph built from the PostgreSQL read model.
fn walk_call_graph(graph: &CallGraph, start: &str, direction: Direction, depth: u32) -> Walk {
    let empty = BTreeSet::new();
    let next_of = |id: &str| match direction {
        Direction::Callers => graph.callers.get(id).unwrap_or(&empty),
        Direction::Callees => graph.callees.get(id).unwrap_or(&empty),
    };
    let mut seen: HashSet<String> = HashSet::from([start.to_string()]);
    let mut frontier = vec![start.to_string()];
    let mut out = Walk {
        symbols: Vec::new(),
        unresolved: BTreeMap::new(),
        truncated: false,
    };
    for d in 1..=depth {
        let mut next = Vec::new();
        for from in &frontier {
            for to in next_of(from) {
                if !seen.insert(to.clone()) {
                    continue;
                }
                if out.symbols.len() >= MAX_NODES {
                    out.truncated = true;
                    break;
                }
                if let Some(symbol) = graph.symbols.get(to) {
                    let mut symbol = symbol.clone();
                    symbol["depth"] = json!(d);
                    symbol["via"] = json!(from);
                    out.symbols.push(symbol);
                }
                next.push(to.clone());
            }
            if direction == Direction::Callees {
                for name in graph
                    .unresolved
                    .get(from)
                    .into_iter()
                    .flat_map(|n| n.keys())
                {
                    out.unresolved.entry(name.clone()).or_insert(d);
                }
            }
        }
        frontier = next;
    }
    out
}

/// A symbol in the path: `/symbols/{id}/...`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SymbolPath {
    /// A symbol id, as /repos/{owner}/{name}/symbols gives it
    pub id: String,
}

/// Which store answers a walk.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceName {
    /// The code graph.
    Graph,
    /// The PostgreSQL read model.
    Postgres,
}

/// `?depth=&source=&repo=` of a walk.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WalkQuery {
    /// Hops of the graph walk, 1 to 5
    #[param(value_type = Option<u32>, minimum = 1, maximum = 5)]
    pub depth: Option<String>,
    /// graph (default: the code graph in Neo4j) or postgres (the same walk over the PostgreSQL read model; needs repo)
    #[param(inline, value_type = Option<SourceName>)]
    pub source: Option<String>,
    /// Restrict to one repository, owner/name
    pub repo: Option<String>,
}

/// Which store answers a walk: `source=graph` (default) or `source=postgres` (which needs
/// `repo=owner/name`, since the read model keys definitions by repository).
enum Source {
    Graph,
    Postgres(String),
}

fn source(q: &WalkQuery) -> Result<Source, HttpError> {
    match q.source.as_deref() {
        None | Some("graph") => Ok(Source::Graph),
        Some("postgres") => match params::repository(q.repo.as_deref())? {
            Some(repo) => Ok(Source::Postgres(repo.to_string())),
            None => Err(HttpError::bad_request(
                "bad_parameter",
                "source=postgres needs repo=owner/name",
            )),
        },
        Some(_) => Err(HttpError::bad_request(
            "bad_parameter",
            "source must be graph or postgres",
        )),
    }
}

/// A callee name that resolves to no single definition, and the hop it was first seen at.
#[derive(Debug, Serialize, ToSchema)]
pub struct Unresolved {
    /// The name called.
    name: String,
    /// Hops from the start.
    depth: u32,
}

/// What a walk found.
#[derive(Debug, Serialize, ToSchema)]
pub struct WalkAnswer {
    /// The symbol walked from.
    #[schema(value_type = Object)]
    symbol: Value,
    /// Hops walked.
    depth: u32,
    /// Symbols reached, each with its `depth` and the symbol it was reached `via`.
    #[schema(value_type = Vec<Object>)]
    items: Vec<Value>,
    /// Whether the walk stopped at its most symbols.
    truncated: bool,
    /// Callees only: names that resolve to no single definition.
    #[serde(skip_serializing_if = "Option::is_none")]
    unresolved: Option<Vec<Unresolved>>,
}

fn walk_body(symbol: Value, depth: u32, found: Walk, direction: Direction) -> Json<WalkAnswer> {
    let unresolved = (direction == Direction::Callees).then(|| {
        found
            .unresolved
            .iter()
            .map(|(name, d)| Unresolved {
                name: name.clone(),
                depth: *d,
            })
            .collect()
    });
    Json(WalkAnswer {
        symbol,
        depth,
        items: found.symbols,
        truncated: found.truncated,
        unresolved,
    })
}

async fn calls(
    state: &AppState,
    id: &str,
    q: &WalkQuery,
    direction: Direction,
) -> Result<Json<WalkAnswer>, HttpError> {
    let depth = params::depth(q.depth.as_deref(), 1)?;
    if let Source::Postgres(repo) = source(q)? {
        let call_graph = code::call_graph(state, &repo).await?;
        let symbol = call_graph
            .symbols
            .get(id)
            .cloned()
            .ok_or_else(|| HttpError::not_found(format!("no symbol {id} in {repo}")))?;
        let found = walk_call_graph(&call_graph, id, direction, depth);
        return Ok(walk_body(symbol, depth, found, direction));
    }
    let g = live_graph(state).await?;
    let (key, symbol) = find_symbol(&g, id).await?;
    let found = walk(&g, vec![key], direction, depth).await?;
    Ok(walk_body(symbol, depth, found, direction))
}

/// `GET /symbols/{id}/callers?depth=&source=&repo=`: who calls the symbol, transitively up to
/// `depth` hops.
#[utoipa::path(
    get, path = "/symbols/{id}/callers", tag = "graph",
    summary = "Symbols that call this one, transitively up to depth (from the code graph)",
    params(SymbolPath, WalkQuery),
    responses((status = 200, description = "OK", body = WalkAnswer), Denied, NotFound, Unavailable)
)]
pub async fn callers(
    State(state): State<AppState>,
    _reader: Reader,
    Path(SymbolPath { id }): Path<SymbolPath>,
    ApiQuery(q): ApiQuery<WalkQuery>,
) -> Result<Json<WalkAnswer>, HttpError> {
    calls(&state, &id, &q, Direction::Callers).await
}

/// `GET /symbols/{id}/callees?depth=&source=&repo=`: what the symbol calls, transitively, and
/// the callee names that resolve to no single definition.
#[utoipa::path(
    get, path = "/symbols/{id}/callees", tag = "graph",
    summary = "Symbols this one calls, transitively up to depth, and unresolved callee names",
    params(SymbolPath, WalkQuery),
    responses((status = 200, description = "OK", body = WalkAnswer), Denied, NotFound, Unavailable)
)]
pub async fn callees(
    State(state): State<AppState>,
    _reader: Reader,
    Path(SymbolPath { id }): Path<SymbolPath>,
    ApiQuery(q): ApiQuery<WalkQuery>,
) -> Result<Json<WalkAnswer>, HttpError> {
    calls(&state, &id, &q, Direction::Callees).await
}

/// A module and how many files import it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Module {
    /// The module's name as imported.
    module: String,
    /// Files importing it.
    importers: usize,
}

/// A file importing a module.
#[derive(Debug, Serialize, ToSchema)]
pub struct Edge {
    /// The file.
    from: String,
    /// The module.
    to: String,
}

/// The module import graph of a repository's current files.
#[derive(Debug, Serialize, ToSchema)]
pub struct Dependencies {
    /// `owner/name`.
    repository: String,
    /// Modules, by name.
    modules: Vec<Module>,
    /// One per (file, imported module), by file then module.
    edges: Vec<Edge>,
}

/// `GET /repos/{owner}/{name}/dependencies`: the module import graph of the current files:
/// one edge per (file, imported module), and each module with how many files import it.
#[utoipa::path(
    get, path = "/repos/{owner}/{name}/dependencies", tag = "graph",
    summary = "Module import graph of the current files",
    params(RepoPath),
    responses(
        (status = 200, description = "OK", body = Dependencies),
        Denied, NotFound, Unavailable,
    )
)]
pub async fn dependencies(
    State(state): State<AppState>,
    _reader: Reader,
    Path(path): Path<RepoPath>,
) -> Result<Json<Dependencies>, HttpError> {
    let repo = path.full_name()?;
    let g = live_graph(&state).await?;
    let found = g
        .rows(
            g.query(
                "MATCH (f:File {repo: $repo})-[:IMPORTS]->(m:Module) WHERE f.deleted = false \
             RETURN f.path AS path, m.name AS module",
            )
            .param("repo", repo.as_str()),
        )
        .await?;
    let mut edges: Vec<(String, String)> = found
        .iter()
        .filter_map(|r| {
            Some((
                r.get::<String>("path").ok()?,
                r.get::<String>("module").ok()?,
            ))
        })
        .collect();
    edges.sort();
    edges.dedup();
    let mut modules: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, m) in &edges {
        *modules.entry(m.as_str()).or_default() += 1;
    }
    let modules = modules
        .iter()
        .map(|(m, n)| Module {
            module: m.to_string(),
            importers: *n,
        })
        .collect();
    Ok(Json(Dependencies {
        repository: repo,
        modules,
        edges: edges
            .into_iter()
            .map(|(from, to)| Edge { from, to })
            .collect(),
    }))
}

/// `?depth=` of an impact walk.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImpactQuery {
    /// Hops of the graph walk, 1 to 5
    #[param(value_type = Option<u32>, minimum = 1, maximum = 5)]
    pub depth: Option<String>,
}

/// A commit's impact.
#[derive(Debug, Serialize, ToSchema)]
pub struct Impact {
    /// `owner/name`.
    repository: String,
    /// The full sha.
    sha: String,
    /// Hops walked.
    depth: u32,
    /// The definitions it added, changed or removed, each with its `id` and `change`.
    #[schema(value_type = Vec<Object>)]
    changed: Vec<Value>,
    /// Their transitive callers, each with its `depth` and `via`.
    #[schema(value_type = Vec<Object>)]
    impacted: Vec<Value>,
    /// Whether the walk stopped at its most symbols.
    truncated: bool,
}

/// `GET /commits/{sha}/impact?depth=`: the definitions the commit added or changed (from the
/// read model) and, from the graph, their transitive callers up to `depth` hops (default 3).
#[utoipa::path(
    get, path = "/commits/{sha}/impact", tag = "graph",
    summary = "Definitions the commit added or changed and their transitive callers",
    params(ShaPath, ImpactQuery),
    responses((status = 200, description = "OK", body = Impact), Denied, NotFound, Unavailable)
)]
pub async fn impact(
    State(state): State<AppState>,
    _reader: Reader,
    Path(ShaPath { sha: raw }): Path<ShaPath>,
    ApiQuery(q): ApiQuery<ImpactQuery>,
) -> Result<Json<Impact>, HttpError> {
    let depth = params::depth(q.depth.as_deref(), 3)?;
    let (repo, sha, changed) = changed_symbols(&state, &raw).await?;
    let g = live_graph(&state).await?;
    let mut changed_out = Vec::new();
    let mut ids: Vec<BoltType> = Vec::new();
    for mut item in changed {
        let text = |k: &str| item[k].as_str().unwrap_or_default().to_string();
        let id = event_id::symbol(
            &repo,
            &text("path"),
            &text("kind"),
            &text("qualified_name"),
            0,
        );
        if item["change"] != "removed" {
            ids.push(id.as_str().into());
        }
        item["id"] = json!(id);
        changed_out.push(item);
    }
    let starts = g
        .rows(
            g.query("UNWIND $ids AS id MATCH (s:Symbol {sid: id}) RETURN s.key AS key")
                .param("ids", list(ids)),
        )
        .await?;
    let start: Vec<String> = starts
        .iter()
        .filter_map(|r| r.get::<String>("key").ok())
        .collect();
    let found = walk(&g, start, Direction::Callers, depth).await?;
    Ok(Json(Impact {
        repository: repo,
        sha,
        depth,
        changed: changed_out,
        impacted: found.symbols,
        truncated: found.truncated,
    }))
}
