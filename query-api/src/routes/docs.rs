//! `GET /docs/{owner}/{name}?at=<sha>&format=html|json`: documentation of a repository generated
//! from its code model: modules (folders) and files, each definition with its signature, doc
//! comment, source location, callers and callees (as links), and a search box.
//!
//! One model ([`DocPage`]) is built from the read model and rendered either as JSON or as one
//! server-rendered HTML page with a few lines of script (the search filter, which `?q=` fills
//! in on load); nothing to build.

use crate::auth::BrowserReader;
use crate::routes::code::{call_graph_at, file_tree, CallGraph};
use crate::routes::commits::find_commit;
use crate::routes::repos::repository_path;
use crate::routes::{param, Params};
use crate::server::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use tributary_runtime::HttpError;

/// A link to another definition.
#[derive(Debug, Clone, Serialize)]
pub struct SymbolLink {
    /// Its id (the anchor of its entry).
    pub id: String,
    /// Its qualified name.
    pub qualified_name: String,
    /// Its file.
    pub path: String,
}

/// One definition's entry.
#[derive(Debug, Clone, Serialize)]
pub struct SymbolDoc {
    /// Stable id (as in `/symbols/{id}`).
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Qualified name.
    pub qualified_name: String,
    /// Signature line.
    pub signature: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// First line.
    pub start_line: i64,
    /// Last line.
    pub end_line: i64,
    /// Cyclomatic complexity.
    pub complexity: i64,
    /// Who calls it.
    pub callers: Vec<SymbolLink>,
    /// What it calls.
    pub callees: Vec<SymbolLink>,
    /// Names it calls that resolve to no single definition.
    pub unresolved: Vec<String>,
}

/// One file's entry.
#[derive(Debug, Clone, Serialize)]
pub struct FileDoc {
    /// Path.
    pub path: String,
    /// Language.
    pub language: Option<String>,
    /// Lines.
    pub lines: Option<i64>,
    /// Its definitions, in source order.
    pub symbols: Vec<SymbolDoc>,
}

/// A module: a folder and its files.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleDoc {
    /// Folder (`.` for the root).
    pub module: String,
    /// Its files.
    pub files: Vec<String>,
}

/// The documentation of a repository at a commit.
#[derive(Debug, Clone, Serialize)]
pub struct DocPage {
    /// `owner/name`.
    pub repository: String,
    /// The commit documented.
    pub sha: String,
    /// Its time.
    pub committed_at: DateTime<Utc>,
    /// Its subject.
    pub subject: String,
    /// Folders.
    pub modules: Vec<ModuleDoc>,
    /// Files.
    pub files: Vec<FileDoc>,
}

fn link(graph: &CallGraph, id: &str) -> Option<SymbolLink> {
    let s = graph.symbols.get(id)?;
    Some(SymbolLink {
        id: id.to_string(),
        qualified_name: s["qualified_name"].as_str().unwrap_or_default().to_string(),
        path: s["path"].as_str().unwrap_or_default().to_string(),
    })
}

fn links(graph: &CallGraph, ids: Option<&std::collections::BTreeSet<String>>) -> Vec<SymbolLink> {
    let mut out: Vec<SymbolLink> = ids
        .into_iter()
        .flatten()
        .filter_map(|id| link(graph, id))
        .collect();
    out.sort_by(|a, b| (&a.qualified_name, &a.path).cmp(&(&b.qualified_name, &b.path)));
    out
}

/// Builds the documentation model of `repo` at `at` (its newest commit when `None`).
pub async fn build(state: &AppState, repo: &str, at: Option<&str>) -> Result<DocPage, HttpError> {
    let head: Option<(String, DateTime<Utc>, String)> = sqlx::query_as(
        "SELECT sha, committed_at, split_part(message, E'\\n', 1) FROM commits
         WHERE repository = $1 AND ($2::text IS NULL OR sha = $2)
         ORDER BY committed_at DESC, seq DESC LIMIT 1",
    )
    .bind(repo)
    .bind(at)
    .fetch_optional(&state.pool)
    .await
    .map_err(HttpError::internal)?;
    let (sha, committed_at, subject) =
        head.ok_or_else(|| HttpError::not_found(format!("no commits of {repo}")))?;
    let tree = file_tree(state, repo, at).await?;
    let graph = call_graph_at(state, repo, at).await?;
    let mut by_path: BTreeMap<String, Vec<SymbolDoc>> = BTreeMap::new();
    for (id, s) in &graph.symbols {
        let text = |k: &str| s[k].as_str().unwrap_or_default().to_string();
        let int = |k: &str| s[k].as_i64().unwrap_or_default();
        by_path.entry(text("path")).or_default().push(SymbolDoc {
            id: id.clone(),
            kind: text("kind"),
            name: text("name"),
            qualified_name: text("qualified_name"),
            signature: text("signature"),
            doc: s["doc"].as_str().map(str::to_string),
            start_line: int("start_line"),
            end_line: int("end_line"),
            complexity: int("complexity"),
            callers: links(&graph, graph.callers.get(id)),
            callees: links(&graph, graph.callees.get(id)),
            unresolved: graph
                .unresolved
                .get(id)
                .map(|n| n.iter().cloned().collect())
                .unwrap_or_default(),
        });
    }
    let mut files = Vec::new();
    let mut modules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &tree {
        let path = f["path"].as_str().unwrap_or_default().to_string();
        let module = path
            .rsplit_once('/')
            .map_or(".".to_string(), |(dir, _)| dir.to_string());
        modules.entry(module).or_default().push(path.clone());
        let mut symbols = by_path.remove(&path).unwrap_or_default();
        symbols.sort_by_key(|s| (s.start_line, s.end_line));
        files.push(FileDoc {
            language: f["language"].as_str().map(str::to_string),
            lines: f["lines"].as_i64(),
            path,
            symbols,
        });
    }
    Ok(DocPage {
        repository: repo.to_string(),
        sha,
        committed_at,
        subject,
        modules: modules
            .into_iter()
            .map(|(module, files)| ModuleDoc { module, files })
            .collect(),
        files,
    })
}

/// `GET /docs/{owner}/{name}`.
pub async fn docs(
    State(state): State<AppState>,
    _reader: BrowserReader,
    Path((owner, name)): Path<(String, String)>,
    Query(q): Query<Params>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let repo = repository_path(&owner, &name)?;
    let wants_json = match param(&q, "format") {
        Some("json") => true,
        Some("html") => false,
        Some(other) => {
            return Err(HttpError::bad_request(
                "bad_parameter",
                format!("format must be html or json, not {other:?}"),
            ))
        }
        None => headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/json") && !a.contains("text/html")),
    };
    let at = match param(&q, "at") {
        Some(sha) => Some(find_commit(&state, sha, Some(&repo)).await?.sha),
        None => None,
    };
    let page = build(&state, &repo, at.as_deref()).await?;
    if wants_json {
        return Ok(Json(page).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
            ),
        ],
        render(&page),
    )
        .into_response())
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#222}\
nav{width:18rem;height:100vh;overflow:auto;position:sticky;top:0;background:#f6f7f9;\
padding:1rem;box-sizing:border-box;border-right:1px solid #ddd}\
nav h2{font-size:.8rem;text-transform:uppercase;color:#666;margin:1rem 0 .2rem}\
nav a{display:block;color:#234;text-decoration:none;font-size:.9rem;overflow-wrap:anywhere}\
main{flex:1;padding:1rem 2rem;max-width:60rem}\
input#search{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}\
section.file{border-top:2px solid #ccd;margin-top:1.5rem}\
article.symbol{border-left:3px solid #9ab;padding:.2rem .8rem;margin:.8rem 0}\
article.symbol:target{background:#fff7d6}\
pre{background:#f3f3f3;padding:.4rem;overflow:auto;margin:.3rem 0}\
.kind{font-size:.75rem;background:#e3e8ef;border-radius:3px;padding:0 .3rem;margin-right:.4rem}\
.meta{color:#666;font-size:.85rem}.hidden{display:none}";

const SCRIPT: &str = "const box=document.getElementById('search');\
box.addEventListener('input',()=>{const q=box.value.trim().toLowerCase();\
let shown=0;document.querySelectorAll('article.symbol').forEach(a=>{\
const hit=!q||a.dataset.name.includes(q);a.classList.toggle('hidden',!hit);if(hit)shown++;});\
document.querySelectorAll('section.file').forEach(s=>{\
const any=s.querySelector('article.symbol:not(.hidden)');\
s.classList.toggle('hidden',!!q&&!any);});\
document.getElementById('count').textContent=q?shown+' matching definitions':'';});\
const initial=new URLSearchParams(location.search).get('q');\
if(initial){box.value=initial;box.dispatchEvent(new Event('input'));}";

fn anchor(id: &str) -> String {
    format!("sym-{}", escape(id))
}

fn link_list(out: &mut String, label: &str, items: &[SymbolLink]) {
    if items.is_empty() {
        return;
    }
    let _ = write!(out, "<div class=\"meta\">{label}: ");
    for (i, l) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(
            out,
            "<a class=\"{}\" href=\"#{}\" title=\"{}\">{}</a>",
            label.to_lowercase(),
            anchor(&l.id),
            escape(&l.path),
            escape(&l.qualified_name)
        );
    }
    out.push_str("</div>");
}

/// The page as HTML.
pub fn render(page: &DocPage) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let repo = escape(&page.repository);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{repo} · Tributary docs</title><style>{STYLE}</style></head><body><nav>\
         <strong>{repo}</strong>"
    );
    for m in &page.modules {
        let _ = write!(out, "<h2>{}</h2>", escape(&m.module));
        for f in &m.files {
            let _ = write!(
                out,
                "<a href=\"#file-{}\">{}</a>",
                escape(f),
                escape(f.rsplit('/').next().unwrap_or(f))
            );
        }
    }
    let symbols: usize = page.files.iter().map(|f| f.symbols.len()).sum();
    let _ = write!(
        out,
        "</nav><main><h1>{repo}</h1><p class=\"meta\">At <code>{}</code> ({}): {}. \
         {} files, {symbols} definitions.</p>\
         <input id=\"search\" type=\"search\" placeholder=\"Search definitions\" \
         aria-label=\"Search definitions\"><p id=\"count\" class=\"meta\"></p>",
        escape(&page.sha[..page.sha.len().min(12)]),
        page.committed_at.format("%Y-%m-%d %H:%M UTC"),
        escape(&page.subject),
        page.files.len()
    );
    for f in &page.files {
        let _ = write!(
            out,
            "<section class=\"file\" id=\"file-{}\"><h2>{}</h2><p class=\"meta\">{}{}</p>",
            escape(&f.path),
            escape(&f.path),
            escape(f.language.as_deref().unwrap_or("unknown language")),
            f.lines.map(|l| format!(", {l} lines")).unwrap_or_default()
        );
        for s in &f.symbols {
            let _ = write!(
                out,
                "<article class=\"symbol\" id=\"{}\" data-name=\"{}\">\
                 <h3><span class=\"kind\">{}</span>{}</h3><pre>{}</pre>",
                anchor(&s.id),
                escape(&s.qualified_name.to_lowercase()),
                escape(&s.kind),
                escape(&s.qualified_name),
                escape(&s.signature)
            );
            if let Some(doc) = &s.doc {
                let _ = write!(out, "<p class=\"doc\">{}</p>", escape(doc));
            }
            let _ = write!(
                out,
                "<div class=\"meta\">{}:{}-{} · complexity {}</div>",
                escape(&f.path),
                s.start_line,
                s.end_line,
                s.complexity
            );
            link_list(&mut out, "Callers", &s.callers);
            link_list(&mut out, "Callees", &s.callees);
            if !s.unresolved.is_empty() {
                let names: Vec<String> = s.unresolved.iter().map(|n| escape(n)).collect();
                let _ = write!(
                    out,
                    "<div class=\"meta\">Also calls: {}</div>",
                    names.join(", ")
                );
            }
            out.push_str("</article>");
        }
        out.push_str("</section>");
    }
    let _ = write!(out, "</main><script>{SCRIPT}</script></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_links_point_at_entries() {
        let page = DocPage {
            repository: "o/r".into(),
            sha: "abcdef1234567890".into(),
            committed_at: DateTime::<Utc>::default(),
            subject: "<script>alert(1)</script>".into(),
            modules: vec![ModuleDoc {
                module: ".".into(),
                files: vec!["a.py".into()],
            }],
            files: vec![FileDoc {
                path: "a.py".into(),
                language: Some("python".into()),
                lines: Some(3),
                symbols: vec![SymbolDoc {
                    id: "s1".into(),
                    kind: "function".into(),
                    name: "f".into(),
                    qualified_name: "f".into(),
                    signature: "def f(a<b):".into(),
                    doc: Some("Does \"f\".".into()),
                    start_line: 1,
                    end_line: 2,
                    complexity: 1,
                    callers: vec![SymbolLink {
                        id: "s2".into(),
                        qualified_name: "g".into(),
                        path: "a.py".into(),
                    }],
                    callees: vec![],
                    unresolved: vec!["print".into()],
                }],
            }],
        };
        let html = render(&page);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("def f(a&lt;b):"));
        assert!(html.contains("href=\"#sym-s2\""));
        assert!(html.contains("id=\"sym-s1\""));
        assert!(html.contains("Also calls: print"));
    }
}
