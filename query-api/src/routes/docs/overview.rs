//! What a documentation page opens with: the repository's root README (rendered, escaped), its
//! modules with their imports as a diagram, and its most-called definitions.

use super::diagram::{self, ModuleGraph};
use super::markdown;
use super::SymbolLink;
use crate::routes::code::CallGraph;
use crate::server::AppState;
use crate::store::docs as store;
use maud::html;
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use tributary_http::HttpError;
use utoipa::ToSchema;

/// How many definitions "most called" lists.
pub const MOST_CALLED: usize = 10;

/// A definition and how many definitions call it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CalledSymbol {
    /// The definition.
    pub symbol: SymbolLink,
    /// Distinct definitions whose calls resolve to it.
    pub callers: usize,
}

/// The opening of a documentation page.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Overview {
    /// The root README's path, when the commit has one the read model holds.
    pub readme_path: Option<String>,
    /// The README as HTML: Markdown rendered with its raw HTML escaped, other READMEs as
    /// preformatted text.
    pub readme_html: Option<String>,
    /// The README was longer than the read model keeps: this is its beginning.
    pub readme_truncated: bool,
    /// The modules (folders) and which imports which.
    pub modules: ModuleGraph,
    /// The definitions with most distinct callers, at most [`MOST_CALLED`], most first.
    pub most_called: Vec<CalledSymbol>,
}

/// The root README of `tree` (files as the store's file tree has them): (path, blob id), the
/// preferred name first (`tributary_schemas::language::README_NAMES`).
pub fn root_readme(tree: &[Value]) -> Option<(String, String)> {
    tree.iter()
        .filter_map(|f| {
            let path = f["path"].as_str()?;
            let blob = f["blob_id"].as_str()?;
            if path.contains('/') {
                return None;
            }
            let rank = tributary_schemas::language::readme_rank(path)?;
            Some((rank, path.to_string(), blob.to_string()))
        })
        .min()
        .map(|(_, path, blob)| (path, blob))
}

/// `text` of README `path` as HTML; relative links that name a file of `files` lead to its
/// entry on the page.
pub fn readme_html(path: &str, text: &str, files: &HashSet<&str>) -> String {
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".md") || lower.ends_with(".markdown")) {
        return html! { pre class="readme-text" { (text) } }.into_string();
    }
    let dir = diagram::folder(path);
    let relative = |link: &str| -> Option<String> {
        let file = diagram::join(dir, link.split(['#', '?']).next()?)?;
        files
            .contains(file.as_str())
            .then(|| format!("#file-{file}"))
    };
    markdown::to_html(text, &relative)
}

/// The [`MOST_CALLED`] definitions of `graph` with most distinct callers (ties by name, then
/// path); definitions nobody calls are not listed.
pub fn most_called(graph: &CallGraph) -> Vec<CalledSymbol> {
    let mut called: Vec<CalledSymbol> = graph
        .callers
        .iter()
        .filter(|(_, callers)| !callers.is_empty())
        .filter_map(|(id, callers)| {
            Some(CalledSymbol {
                symbol: super::link(graph, id)?,
                callers: callers.len(),
            })
        })
        .collect();
    called.sort_by(|a, b| {
        b.callers
            .cmp(&a.callers)
            .then_with(|| a.symbol.qualified_name.cmp(&b.symbol.qualified_name))
            .then_with(|| a.symbol.path.cmp(&b.symbol.path))
            .then_with(|| a.symbol.id.cmp(&b.symbol.id))
    });
    called.truncate(MOST_CALLED);
    called
}

/// The overview of a commit whose files are `tree` (the store's file tree) and call graph
/// `graph`.
pub async fn build(
    state: &AppState,
    tree: &[Value],
    graph: &CallGraph,
) -> Result<Overview, HttpError> {
    let files: Vec<(&str, Option<&str>)> = tree
        .iter()
        .filter_map(|f| Some((f["path"].as_str()?, f["language"].as_str())))
        .collect();
    // The imports of the tree's blobs (the tree already resolved the commit's files), by path
    // in the tree's order (by path), each file's in source order.
    let blobs: Vec<(&str, &str)> = tree
        .iter()
        .filter_map(|f| Some((f["path"].as_str()?, f["blob_id"].as_str()?)))
        .collect();
    let ids: Vec<&str> = blobs.iter().map(|(_, b)| *b).collect();
    let mut by_blob: HashMap<String, Vec<String>> = HashMap::new();
    for (blob, module) in store::imports(&state.pool, &ids)
        .await
        .map_err(HttpError::internal)?
    {
        by_blob.entry(blob).or_default().push(module);
    }
    let imports: Vec<(String, String)> = blobs
        .iter()
        .flat_map(|(path, blob)| {
            by_blob
                .get(*blob)
                .into_iter()
                .flatten()
                .map(|m| (path.to_string(), m.clone()))
        })
        .collect();
    let modules = diagram::module_graph(files.iter().copied(), &imports);
    let mut overview = Overview {
        modules,
        most_called: most_called(graph),
        ..Overview::default()
    };
    if let Some((path, blob)) = root_readme(tree) {
        let kept = store::readme(&state.pool, &blob)
            .await
            .map_err(HttpError::internal)?;
        if let Some((text, truncated)) = kept {
            let paths: HashSet<&str> = files.iter().map(|(p, _)| *p).collect();
            overview.readme_html = Some(readme_html(&path, &text, &paths));
            overview.readme_path = Some(path);
            overview.readme_truncated = truncated;
        }
    }
    Ok(overview)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeSet;

    #[test]
    fn the_root_readme_is_chosen_by_name() {
        let tree = vec![
            json!({"path": "docs/README.md", "blob_id": "b1"}),
            json!({"path": "README.txt", "blob_id": "b2"}),
            json!({"path": "readme.md", "blob_id": "b3"}),
            json!({"path": "main.py", "blob_id": "b4"}),
        ];
        assert_eq!(root_readme(&tree), Some(("readme.md".into(), "b3".into())));
        assert_eq!(
            root_readme(&tree[..2]),
            Some(("README.txt".into(), "b2".into()))
        );
        assert_eq!(root_readme(&tree[..1]), None, "not at the root");
    }

    #[test]
    fn readmes_are_escaped_and_link_to_files() {
        let files: HashSet<&str> = ["docs/guide.md"].into_iter().collect();
        let md = readme_html(
            "README.md",
            "# Hello <script>alert(1)</script>\n\nSee [the guide](docs/guide.md), [x](nope.md).\n",
            &files,
        );
        assert!(
            md.contains("<h1>Hello &lt;script&gt;alert(1)&lt;/script&gt;</h1>"),
            "{md}"
        );
        assert!(
            md.contains("<a href=\"#file-docs/guide.md\">the guide</a>"),
            "{md}"
        );
        assert!(!md.contains("nope.md"), "{md}");
        let text = readme_html(
            "README",
            "<script>alert(1)</script>\n# not a heading",
            &files,
        );
        assert!(
            text.starts_with("<pre class=\"readme-text\">&lt;script&gt;"),
            "{text}"
        );
        assert!(!text.contains("<h1>"));
    }

    #[test]
    fn most_called_counts_distinct_callers() {
        let mut graph = CallGraph::default();
        for (id, name) in [
            ("a", "alpha"),
            ("b", "beta"),
            ("c", "gamma"),
            ("d", "delta"),
        ] {
            graph.symbols.insert(
                id.into(),
                json!({"qualified_name": name, "path": format!("{name}.py")}),
            );
        }
        let callers = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        graph.callers.insert("a".into(), callers(&["b"]));
        graph.callers.insert("b".into(), callers(&["a", "c", "d"]));
        graph.callers.insert("c".into(), callers(&["d"]));
        let top = most_called(&graph);
        let names: Vec<(&str, usize)> = top
            .iter()
            .map(|c| (c.symbol.qualified_name.as_str(), c.callers))
            .collect();
        assert_eq!(names, vec![("beta", 3), ("alpha", 1), ("gamma", 1)]);
    }
}
