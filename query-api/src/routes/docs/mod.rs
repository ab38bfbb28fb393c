//! `GET /docs/{owner}/{name}?at=<sha>&format=html|json`: documentation of a repository generated
//! from its code model. It starts where a reader starts: an overview (the root README, rendered
//! and escaped; the modules with their imports as a diagram; the most-called definitions), then
//! the code files, then the other files; each definition with its signature, doc comment,
//! source location, callers and callees (as links), and a search box.
//!
//! One model ([`DocPage`]) is built from the read model and rendered either as JSON or as one
//! server-rendered HTML page with a few lines of script (the search filter, which `?q=` fills
//! in on load); nothing to build. Inside: `overview` (what the page opens with), `markdown`
//! (READMEs as escaped HTML), `diagram` (imports resolved to folders, laid out as inline SVG).

mod diagram;
mod markdown;
mod overview;

use overview::Overview;

use crate::auth::BrowserReader;
use crate::openapi::{Denied, NotFound};
use crate::routes::code::{call_graph_at, file_tree, CallGraph};
use crate::routes::commits::find_commit;
use crate::routes::{ApiQuery, RepoPath};
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tributary_http::HttpError;
use utoipa::{IntoParams, ToSchema};

/// A link to another definition.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SymbolLink {
    /// Its id (the anchor of its entry).
    pub id: String,
    /// Its qualified name.
    pub qualified_name: String,
    /// Its file.
    pub path: String,
}

/// One definition's entry.
#[derive(Debug, Clone, Serialize, ToSchema)]
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
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FileDoc {
    /// Path.
    pub path: String,
    /// Language.
    pub language: Option<String>,
    /// Lines.
    pub lines: Option<i64>,
    /// Why the analyzer did not parse it (binary, over the size cap, a language without a
    /// parser), when it did not.
    pub skipped: Option<String>,
    /// A code file: it has definitions, or the analyzer parsed it. Code files come first.
    pub code: bool,
    /// Its definitions, in source order.
    pub symbols: Vec<SymbolDoc>,
}

/// A module: a folder and its files.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModuleDoc {
    /// Folder (`.` for the root).
    pub module: String,
    /// Its files.
    pub files: Vec<String>,
}

/// The documentation of a repository at a commit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocPage {
    /// `owner/name`.
    pub repository: String,
    /// The commit documented.
    pub sha: String,
    /// Its time.
    pub committed_at: DateTime<Utc>,
    /// Its subject.
    pub subject: String,
    /// What the page opens with.
    pub overview: Overview,
    /// Folders.
    pub modules: Vec<ModuleDoc>,
    /// Files: code files first, then the others; in each, folder by folder, by path.
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
    // Definitions first, then files' top-level code (`<module>`).
    out.sort_by(|a, b| {
        let key = |l: &SymbolLink| (l.qualified_name == MODULE, l.qualified_name.clone());
        (key(a), &a.path).cmp(&(key(b), &b.path))
    });
    out
}

/// The name of the definition that stands for a file's top-level code: a caller in the links,
/// never a definition of its own in the page.
const MODULE: &str = "<module>";

/// Builds the documentation model of `repo` at `at` (its newest commit when `None`).
pub async fn build(state: &AppState, repo: &str, at: Option<&str>) -> Result<DocPage, HttpError> {
    let head = crate::store::docs::head(&state.pool, repo, at)
        .await
        .map_err(HttpError::internal)?;
    let (sha, committed_at, subject) =
        head.ok_or_else(|| HttpError::not_found(format!("no commits of {repo}")))?;
    let tree = file_tree(state, repo, at).await?;
    let graph = call_graph_at(state, repo, at).await?;
    let overview = overview::build(state, &tree, &graph).await?;
    let mut by_path: BTreeMap<String, Vec<SymbolDoc>> = BTreeMap::new();
    for (id, s) in &graph.symbols {
        if s["name"] == MODULE {
            continue;
        }
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
                .map(|names| {
                    names
                        .iter()
                        .map(|(name, n)| match n {
                            0 | 1 => name.clone(),
                            n => format!("{name} ({n} definitions)"),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    let mut files = Vec::new();
    let mut modules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &tree {
        let path = f["path"].as_str().unwrap_or_default().to_string();
        modules
            .entry(diagram::folder(&path).to_string())
            .or_default()
            .push(path.clone());
        let mut symbols = by_path.remove(&path).unwrap_or_default();
        symbols.sort_by_key(|s| (s.start_line, s.end_line));
        let lines = f["lines"].as_i64();
        let skipped = f["skipped"].as_str().map(str::to_string);
        files.push(FileDoc {
            language: f["language"].as_str().map(str::to_string),
            // Analyzed (it has an analysis) and not skipped: the analyzer parsed it.
            code: !symbols.is_empty() || (lines.is_some() && skipped.is_none()),
            lines,
            skipped,
            path,
            symbols,
        });
    }
    order_files(&mut files);
    Ok(DocPage {
        repository: repo.to_string(),
        sha,
        committed_at,
        subject,
        overview,
        modules: modules
            .into_iter()
            .map(|(module, files)| ModuleDoc { module, files })
            .collect(),
        files,
    })
}

/// Code files first, then the others; in each, folder by folder (a folder's files together,
/// as the navigation lists them), by path.
fn order_files(files: &mut [FileDoc]) {
    files.sort_by(|a, b| {
        (!a.code, diagram::folder(&a.path), &a.path).cmp(&(
            !b.code,
            diagram::folder(&b.path),
            &b.path,
        ))
    });
}

/// `?at=&format=` of a documentation page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocsQuery {
    /// A commit sha (or unique prefix); default the newest commit
    pub at: Option<String>,
    /// html (default for browsers) or json
    #[param(inline, value_type = Option<DocsFormat>)]
    pub format: Option<String>,
}

/// How a documentation page is answered.
#[derive(Debug, Clone, Copy, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum DocsFormat {
    /// One HTML page.
    Html,
    /// The page's model as JSON.
    Json,
}

/// `GET /docs/{owner}/{name}`.
#[utoipa::path(
    get, path = "/docs/{owner}/{name}", tag = "docs",
    summary = "Generated documentation of the repository (HTML page or JSON)",
    params(
        RepoPath, DocsQuery,
        ("q" = Option<String>, Query, description = "Initial search text of the page"),
        ("access_token" = Option<String>, Query,
            description = "The bearer token, for browsers that cannot send headers"),
    ),
    responses(
        (status = 200, description = "OK", content(
            (String = "text/html"),
            (DocPage = "application/json"),
        )),
        Denied, NotFound,
    ),
)]
pub async fn docs(
    State(state): State<AppState>,
    _reader: BrowserReader,
    Path(path): Path<RepoPath>,
    ApiQuery(q): ApiQuery<DocsQuery>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let repo = path.full_name()?;
    let format = match q.format.as_deref() {
        Some("json") => DocsFormat::Json,
        Some("html") => DocsFormat::Html,
        Some(other) => {
            return Err(HttpError::bad_request(
                "bad_parameter",
                format!("format must be html or json, not {other:?}"),
            ))
        }
        None => {
            let json = headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"));
            if json {
                DocsFormat::Json
            } else {
                DocsFormat::Html
            }
        }
    };
    let wants_json = matches!(format, DocsFormat::Json);
    let at = match q.at.as_deref() {
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
                CONTENT_SECURITY_POLICY.as_str(),
            ),
        ],
        render(&page).into_string(),
    )
        .into_response())
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#222}\
nav{width:18rem;height:100vh;overflow:auto;position:sticky;top:0;background:#f6f7f9;\
padding:1rem;box-sizing:border-box;border-right:1px solid #ddd}\
nav h2{font-size:.8rem;text-transform:uppercase;color:#666;margin:1rem 0 .2rem}\
nav h3{font-size:.8rem;color:#555;margin:.6rem 0 .1rem;overflow-wrap:anywhere}\
nav a{display:block;color:#234;text-decoration:none;font-size:.9rem;overflow-wrap:anywhere}\
main{flex:1;padding:1rem 2rem;max-width:60rem}\
input#search{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}\
section.file{border-top:2px solid #ccd;margin-top:1.5rem}\
article.symbol{border-left:3px solid #9ab;padding:.2rem .8rem;margin:.8rem 0}\
article.symbol:target{background:#fff7d6}\
pre{background:#f3f3f3;padding:.4rem;overflow:auto;margin:.3rem 0}\
.kind{font-size:.75rem;background:#e3e8ef;border-radius:3px;padding:0 .3rem;margin-right:.4rem}\
.meta{color:#666;font-size:.85rem}.hidden{display:none}\
section.overview{margin-bottom:1rem}.readme{border:1px solid #dde;padding:0 1rem;margin:.5rem 0}\
.readme img{display:none}.diagram{overflow:auto;border:1px solid #dde;padding:.3rem}\
svg.modules a:hover rect{fill:#dbe6f3}";

/// The page's Content-Security-Policy: no script but its own one (allowed by its hash), so even
/// a README whose escaping failed could run nothing; inline styles only.
static CONTENT_SECURITY_POLICY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(SCRIPT.as_bytes());
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
});

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

/// The anchor of a definition's entry (the template escapes it where it is written).
fn anchor(id: &str) -> String {
    format!("sym-{id}")
}

/// `Callers: a, b` / `Callees: ...`, each a link to the definition's entry.
fn link_list(label: &str, items: &[SymbolLink]) -> Markup {
    html! {
        @if !items.is_empty() {
            div class="meta" {
                (label) ": "
                @for (i, l) in items.iter().enumerate() {
                    @if i > 0 { ", " }
                    a class=(label.to_lowercase()) href={ "#" (anchor(&l.id)) } title=(l.path) {
                        (l.qualified_name)
                    }
                }
            }
        }
    }
}

/// The navigation's entries: a heading per group (code, other files) and per folder, in the
/// order of the page's files.
fn nav(files: &[FileDoc]) -> Markup {
    let mut entries = Vec::new();
    let mut last: Option<(bool, &str)> = None;
    for f in files {
        let here = (f.code, diagram::folder(&f.path));
        let new_group = last.map(|(code, _)| code) != Some(f.code);
        entries.push((new_group, last != Some(here), here.1, f));
        last = Some(here);
    }
    html! {
        @for (new_group, new_folder, folder, f) in entries {
            @if new_group {
                h2 { @if f.code { "Code" } @else { "Other files" } }
            }
            @if new_folder { h3 { (folder) } }
            a href={ "#file-" (f.path) } { (f.path.rsplit('/').next().unwrap_or(&f.path)) }
        }
    }
}

/// The overview: README, module diagram, most-called definitions.
fn render_overview(page: &DocPage) -> Markup {
    let o = &page.overview;
    let m = &o.modules;
    // A module's box leads to its first file on the page.
    let first_file = |module: &str| -> String {
        page.files
            .iter()
            .find(|f| diagram::folder(&f.path) == module)
            .map_or_else(String::new, |f| format!("#file-{}", f.path))
    };
    html! {
        section class="overview" id="overview" {
            @if let (Some(path), Some(readme)) = (&o.readme_path, &o.readme_html) {
                div class="readme" id="readme" data-path=(path) {
                    // Rendered by `markdown::to_html` (raw HTML escaped) or escaped as text.
                    (PreEscaped(readme))
                    @if o.readme_truncated {
                        p class="meta" { "(" (path) " is longer; this is its beginning.)" }
                    }
                }
            }
            h2 { "Modules" }
            p class="meta" {
                (m.total_modules) " folders"
                @if m.nodes.len() < m.total_modules {
                    "; the " (m.nodes.len()) " with most files are drawn"
                }
                ". An arrow: a file of one imports a file of the other"
                @if m.external_imports > 0 {
                    " (" (m.external_imports) " imports of libraries not drawn)"
                }
                "."
            }
            div class="diagram" { (diagram::render(m, &first_file)) }
            @if !o.most_called.is_empty() {
                h2 { "Most called" }
                ol class="most-called" {
                    @for c in &o.most_called {
                        li {
                            a href={ "#" (anchor(&c.symbol.id)) } title=(c.symbol.path) {
                                (c.symbol.qualified_name)
                            }
                            span class="meta" {
                                " · " (c.callers) @if c.callers == 1 { " caller" } @else { " callers" }
                                " · " (c.symbol.path)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The page as HTML; every text is escaped by the template.
pub fn render(page: &DocPage) -> Markup {
    let symbols: usize = page.files.iter().map(|f| f.symbols.len()).sum();
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width";
                title { (page.repository) " · Tributary docs" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                nav {
                    strong { (page.repository) }
                    a href="#overview" { "Overview" }
                    (nav(&page.files))
                }
                main {
                    h1 { (page.repository) }
                    p class="meta" {
                        "At " code { (page.sha.get(..12).unwrap_or(&page.sha)) }
                        " (" (page.committed_at.format("%Y-%m-%d %H:%M UTC")) "): "
                        (page.subject) ". " (page.files.len()) " files, " (symbols) " definitions."
                    }
                    (render_overview(page))
                    input id="search" type="search" placeholder="Search definitions"
                        aria-label="Search definitions";
                    p id="count" class="meta" {}
                    @for f in &page.files {
                        section class="file" id={ "file-" (f.path) } {
                            h2 { (f.path) }
                            p class="meta" {
                                (f.language.as_deref().unwrap_or("unknown language"))
                                @match (f.lines, &f.skipped) {
                                    // Nothing counted: say why rather than "0 lines".
                                    (Some(0) | None, Some(why)) => { ", " (why) }
                                    (Some(lines), _) => { ", " (lines) " lines" }
                                    (None, None) => {}
                                }
                            }
                            @for s in &f.symbols {
                                article class="symbol" id=(anchor(&s.id))
                                    data-name=(s.qualified_name.to_lowercase()) {
                                    h3 { span class="kind" { (s.kind) } (s.qualified_name) }
                                    pre { (s.signature) }
                                    @if let Some(doc) = &s.doc {
                                        p class="doc" { (doc) }
                                    }
                                    div class="meta" {
                                        (f.path) ":" (s.start_line) "-" (s.end_line)
                                        " · complexity " (s.complexity)
                                    }
                                    (link_list("Callers", &s.callers))
                                    (link_list("Callees", &s.callees))
                                    @if !s.unresolved.is_empty() {
                                        div class="meta" { "Also calls: " (s.unresolved.join(", ")) }
                                    }
                                }
                            }
                        }
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::overview::CalledSymbol;
    use super::*;

    fn file(path: &str, language: Option<&str>, lines: Option<i64>, code: bool) -> FileDoc {
        FileDoc {
            path: path.into(),
            language: language.map(str::to_string),
            lines,
            skipped: (!code).then(|| "language not analyzed".to_string()),
            code,
            symbols: vec![],
        }
    }

    fn page(files: Vec<FileDoc>, overview: Overview) -> DocPage {
        DocPage {
            repository: "o/r".into(),
            sha: "abcdef1234567890".into(),
            committed_at: DateTime::<Utc>::default(),
            subject: "<script>alert(1)</script>".into(),
            overview,
            modules: vec![],
            files,
        }
    }

    #[test]
    fn text_is_escaped_and_links_point_at_entries() {
        let mut a = file("a.py", Some("python"), Some(3), true);
        a.symbols = vec![SymbolDoc {
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
        }];
        let html = render(&page(vec![a], Overview::default())).into_string();
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("def f(a&lt;b):"));
        assert!(html.contains("href=\"#sym-s2\""));
        assert!(html.contains("id=\"sym-s1\""));
        assert!(html.contains("Also calls: print"));
        assert!(html.contains("class=\"callers\" href=\"#sym-s2\""));
        assert!(html.contains("data-name=\"f\""));
    }

    #[test]
    fn the_overview_escapes_the_readme_and_module_names() {
        let files = vec![
            file("a<b>/x.py", Some("python"), Some(2), true),
            file("lib/y.py", Some("python"), Some(2), true),
        ];
        let tree: Vec<(&str, Option<&str>)> = files
            .iter()
            .map(|f| (f.path.as_str(), f.language.as_deref()))
            .collect();
        let modules = diagram::module_graph(tree, &[("a<b>/x.py".into(), "lib.y".into())]);
        let readme = "# Intro <script>alert('readme')</script>\n\n<iframe src=x></iframe>\n";
        let overview = Overview {
            readme_html: Some(overview::readme_html(
                "README.md",
                readme,
                &Default::default(),
            )),
            readme_path: Some("README.md".into()),
            readme_truncated: true,
            modules,
            most_called: vec![CalledSymbol {
                symbol: SymbolLink {
                    id: "s9".into(),
                    qualified_name: "y<T>".into(),
                    path: "lib/y.py".into(),
                },
                callers: 2,
            }],
        };
        let html = render(&page(files, overview)).into_string();
        assert!(!html.contains("<script>alert('readme')"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(html.contains("<h1>Intro &lt;script&gt;alert('readme')&lt;/script&gt;</h1>"));
        assert!(
            html.contains("&lt;iframe src=x&gt;&lt;/iframe&gt;"),
            "{html}"
        );
        assert!(html.contains("README.md is longer"));
        let svg = html
            .split("<svg")
            .nth(1)
            .and_then(|s| s.split("</svg>").next())
            .expect("an inline svg");
        assert!(svg.contains(">a&lt;b&gt;</text>"), "{svg}");
        assert!(!svg.contains("a<b>"), "{svg}");
        assert!(
            svg.contains("data-from=\"a&lt;b&gt;\" data-to=\"lib\""),
            "{svg}"
        );
        assert!(svg.contains("href=\"#file-a&lt;b&gt;/x.py\""), "{svg}");
        assert!(html.contains("<a href=\"#sym-s9\" title=\"lib/y.py\">y&lt;T&gt;</a>"));
        assert!(html.contains("2 callers"));
    }

    #[test]
    fn code_files_come_first_in_the_page_and_the_nav() {
        let mut files = vec![
            file("README.md", Some("markdown"), Some(4), false),
            file("ci.yml", Some("yaml"), Some(3), false),
            file("app/sub/z.py", Some("python"), Some(1), true),
            file("app/util.py", Some("python"), Some(9), true),
            file("app/a.py", Some("python"), Some(9), true),
            file("logo.png", None, Some(0), false),
        ];
        files[5].skipped = Some("binary".into());
        order_files(&mut files);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "app/a.py",
                "app/util.py",
                "app/sub/z.py",
                "README.md",
                "ci.yml",
                "logo.png"
            ]
        );
        let paths: Vec<String> = paths.into_iter().map(str::to_string).collect();
        let html = render(&page(files, Overview::default())).into_string();
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle}"));
        // The nav, then the sections, in the same order.
        let nav = &html[at("<nav>")..at("</nav>")];
        let in_nav: Vec<&str> = nav
            .split("href=\"#file-")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert_eq!(in_nav, paths);
        assert!(nav.find("Code") < nav.find("Other files"));
        assert!(at("id=\"file-app/sub/z.py\"") < at("id=\"file-README.md\""));
        assert!(html.contains("yaml, 3 lines"));
        assert!(
            html.contains("binary</p>"),
            "no \"0 lines\" for a binary file"
        );
    }
}
