//! The module diagram: which folder imports which, from the imports the analyzer found,
//! resolved to the repository's own files and folders, laid out in layers and drawn as one
//! inline SVG (no script, every text escaped by the template).
//!
//! Resolution is simple and conservative: relative JavaScript/TypeScript imports (`./x`,
//! `../x`), Python modules (`a.b` → folder `a/b` or file `a/b.py`, at the root or under
//! `src/`; leading dots relative to the file), Rust paths (`crate::`, `self::`, `super::`,
//! use-lists expanded) under the file's `src` folder, Go import paths whose tail names a folder
//! of the repository, C includes relative to the file or the root. Anything else is external
//! and not drawn.

use maud::{html, Markup};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use utoipa::ToSchema;

/// The most modules the diagram draws: those with most files (ties by name). More boxes than
/// this do not read as a picture; the page says when it left modules out.
pub const MAX_DIAGRAM_MODULES: usize = 40;

/// Boxes per row of the diagram: a wider layer wraps onto more rows.
const ROW: usize = 8;

/// A module drawn.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ModuleNode {
    /// Folder (`.` for the root).
    pub module: String,
    /// How many files it holds.
    pub files: usize,
}

/// Module `from` imports module `to`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ModuleEdge {
    /// The importing folder.
    pub from: String,
    /// The imported folder.
    pub to: String,
    /// How many imports (file, import) resolve so.
    pub imports: usize,
}

/// The modules and their imports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct ModuleGraph {
    /// The modules drawn: at most [`MAX_DIAGRAM_MODULES`], those with most files.
    pub nodes: Vec<ModuleNode>,
    /// Imports between modules drawn, by (from, to).
    pub edges: Vec<ModuleEdge>,
    /// How many modules the repository has (more than `nodes` when the diagram was cut).
    pub total_modules: usize,
    /// Imports that name nothing of the repository (libraries, the standard library).
    pub external_imports: usize,
}

/// The folder of `path` (`.` for the root).
pub fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(dir, _)| dir)
}

/// `base` joined with relative `rest` (`.` and `..` resolved), or `None` when it leaves the
/// repository.
pub fn join(base: &str, rest: &str) -> Option<String> {
    let mut parts: Vec<&str> = if base == "." || base.is_empty() {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

/// The files and folders of a commit, for resolving imports.
struct Tree<'a> {
    files: HashSet<&'a str>,
    /// Folders that hold files (`.` for the root).
    modules: HashSet<&'a str>,
}

impl Tree<'_> {
    /// The module `path` names: itself if it is a module, else the folder of the first of
    /// `path` + each of `extensions` that is a file.
    fn module_of(&self, path: &str, extensions: &[&str]) -> Option<String> {
        if self.modules.contains(path) {
            return Some(path.to_string());
        }
        extensions.iter().find_map(|ext| {
            let file = format!("{path}{ext}");
            self.files
                .contains(file.as_str())
                .then(|| folder(&file).to_string())
        })
    }

    /// Where `import`, written in `importer` (of `language`), leads in the repository.
    fn resolve(&self, importer: &str, language: Option<&str>, import: &str) -> Option<String> {
        let dir = folder(importer);
        match language? {
            "javascript" | "typescript" | "tsx" => {
                if !(import.starts_with("./") || import.starts_with("../")) {
                    return None;
                }
                let path = join(dir, import)?;
                const EXT: &[&str] = &["", ".js", ".ts", ".tsx", ".jsx", ".mjs", ".cjs"];
                self.module_of(&path, EXT).or_else(|| {
                    // TypeScript imports `./x.js` for `./x.ts`.
                    let stem = path.strip_suffix(".js")?;
                    self.module_of(stem, &[".ts", ".tsx"])
                })
            }
            "python" => {
                const EXT: &[&str] = &[".py", ".pyi"];
                let dots = import.len() - import.trim_start_matches('.').len();
                let rest = import[dots..].replace('.', "/");
                if dots > 0 {
                    let mut base = dir.to_string();
                    for _ in 1..dots {
                        base = join(&base, "..")?;
                    }
                    return self.module_of(&join(&base, &rest)?, EXT);
                }
                ["", "src/"]
                    .iter()
                    .find_map(|root| self.module_of(&format!("{root}{rest}"), EXT))
            }
            "rust" => rust_use_paths(import)
                .iter()
                .find_map(|path| self.resolve_rust(importer, path)),
            "go" => {
                let segments: Vec<&str> = import.split('/').collect();
                // A module path starts with a host; the standard library's do not.
                if segments.len() < 2 || !segments[0].contains('.') {
                    return None;
                }
                (1..segments.len()).find_map(|i| {
                    let tail = segments[i..].join("/");
                    self.modules.contains(tail.as_str()).then_some(tail)
                })
            }
            "c" | "cpp" => [dir, "."].iter().find_map(|base| {
                let path = join(base, import)?;
                self.files
                    .contains(path.as_str())
                    .then(|| folder(&path).to_string())
            }),
            _ => None,
        }
    }

    /// A Rust `use` path (one, use-lists expanded) from `importer`.
    fn resolve_rust(&self, importer: &str, path: &str) -> Option<String> {
        let mut segments: Vec<&str> = path.split("::").map(str::trim).collect();
        let base = match segments.first().copied()? {
            "crate" => {
                let dir = folder(importer);
                let mut src = None;
                let mut at = String::new();
                for part in dir.split('/') {
                    at = if at.is_empty() {
                        part.to_string()
                    } else {
                        format!("{at}/{part}")
                    };
                    if part == "src" {
                        src = Some(at.clone());
                    }
                }
                src?
            }
            "self" | "super" => {
                let dir = folder(importer);
                let file = importer.rsplit('/').next().unwrap_or(importer);
                let mut module = match file {
                    "mod.rs" | "lib.rs" | "main.rs" => dir.to_string(),
                    _ => join(dir, file.strip_suffix(".rs")?)?,
                };
                while segments.first() == Some(&"super") {
                    module = join(&module, "..")?;
                    segments.remove(0);
                }
                if segments.first() == Some(&"self") {
                    segments.remove(0);
                }
                segments.insert(0, "");
                module
            }
            _ => return None,
        };
        let rest = &segments[1..];
        // The longest prefix that names a module or a file: the tail may be an item.
        (0..=rest.len()).rev().find_map(|n| {
            let path = join(&base, &rest[..n].join("/"))?;
            self.module_of(&path, &[".rs"])
        })
    }
}

/// The paths of a Rust `use` argument: `a::{self, b::{C, D as E}}` gives `a`, `a::b::C`,
/// `a::b::D` (aliases dropped, globs' modules kept), bounded as
/// [`tributary_callgraph::use_tree::expand`] is.
fn rust_use_paths(import: &str) -> Vec<String> {
    tributary_callgraph::use_tree::expand(import)
        .into_iter()
        .map(|(path, _)| {
            path.trim_end_matches("::*")
                .trim_end_matches("::self")
                .to_string()
        })
        .collect()
}

/// The module graph of a commit: `files` are (path, language), `imports` (path, import).
pub fn module_graph<'a>(
    files: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    imports: &[(String, String)],
) -> ModuleGraph {
    let mut language: HashMap<&str, Option<&str>> = HashMap::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, lang) in files {
        language.insert(path, lang);
        *counts.entry(folder(path)).or_default() += 1;
    }
    let tree = Tree {
        files: language.keys().copied().collect(),
        modules: counts.keys().copied().collect(),
    };
    let mut shown: Vec<(&str, usize)> = counts.iter().map(|(m, n)| (*m, *n)).collect();
    shown.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    shown.truncate(MAX_DIAGRAM_MODULES);
    shown.sort();
    let drawn: HashSet<&str> = shown.iter().map(|(m, _)| *m).collect();
    let mut edges: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut external = 0;
    for (path, import) in imports {
        let lang = language.get(path.as_str()).copied().flatten();
        match tree.resolve(path, lang, import) {
            None => external += 1,
            Some(to) => {
                let from = folder(path);
                if to != from && drawn.contains(from) && drawn.contains(to.as_str()) {
                    *edges.entry((from.to_string(), to)).or_default() += 1;
                }
            }
        }
    }
    ModuleGraph {
        nodes: shown
            .into_iter()
            .map(|(module, files)| ModuleNode {
                module: module.to_string(),
                files,
            })
            .collect(),
        edges: edges
            .into_iter()
            .map(|((from, to), imports)| ModuleEdge { from, to, imports })
            .collect(),
        total_modules: counts.len(),
        external_imports: external,
    }
}

/// A box of the drawing.
struct Placed {
    x: i64,
    y: i64,
    width: i64,
    label: String,
}

const BOX_HEIGHT: i64 = 28;
const ROW_GAP: i64 = 56;
const BOX_GAP: i64 = 16;
const MARGIN: i64 = 12;
/// Longest label drawn; a longer folder keeps its end (the full name is the box's title).
const LABEL_CHARS: usize = 32;

/// Layers: a module sits one layer below the lowest module that imports it (cycles are broken
/// at the edge that closes them, in name order), so imports point down.
fn layers(graph: &ModuleGraph) -> BTreeMap<&str, usize> {
    let names: Vec<&str> = graph.nodes.iter().map(|n| n.module.as_str()).collect();
    let mut out: BTreeMap<&str, Vec<&str>> = names.iter().map(|n| (*n, Vec::new())).collect();
    for e in &graph.edges {
        if let Some(targets) = out.get_mut(e.from.as_str()) {
            targets.push(e.to.as_str());
        }
    }
    // Depth-first in name order: an edge to a module on the stack closes a cycle and is left out.
    let mut kept: Vec<(&str, &str)> = Vec::new();
    let mut state: HashMap<&str, u8> = HashMap::new(); // 1 on the stack, 2 done
    for start in &names {
        if state.contains_key(start) {
            continue;
        }
        let mut stack = vec![(*start, 0usize)];
        state.insert(*start, 1);
        while let Some((node, next)) = stack.pop() {
            let targets = out.get(node).map(Vec::as_slice).unwrap_or_default();
            if let Some(&to) = targets.get(next) {
                stack.push((node, next + 1));
                match state.get(to) {
                    Some(1) => {}
                    Some(_) => kept.push((node, to)),
                    None => {
                        kept.push((node, to));
                        state.insert(to, 1);
                        stack.push((to, 0));
                    }
                }
            } else {
                state.insert(node, 2);
            }
        }
    }
    // Longest path from the modules nobody imports, over the acyclic edges.
    let mut layer: BTreeMap<&str, usize> = names.iter().map(|n| (*n, 0)).collect();
    for _ in 0..names.len() {
        let mut changed = false;
        for (from, to) in &kept {
            let below = layer.get(from).copied().unwrap_or(0) + 1;
            if let Some(l) = layer.get_mut(to) {
                if *l < below {
                    *l = below;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

/// Where each module's box goes: layer by layer, each layer in order of the mean position of
/// the modules importing it (then by name), wrapped at [`ROW`] boxes; returns the boxes and the
/// drawing's size.
fn place(graph: &ModuleGraph) -> (BTreeMap<&str, Placed>, i64, i64) {
    let layer = layers(graph);
    let mut by_layer: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (module, l) in &layer {
        by_layer.entry(*l).or_default().push(*module);
    }
    let mut importers: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in &graph.edges {
        importers
            .entry(e.to.as_str())
            .or_default()
            .push(e.from.as_str());
    }
    let mut placed: BTreeMap<&str, Placed> = BTreeMap::new();
    let mut rows: Vec<Vec<&str>> = Vec::new();
    let mut order: HashMap<&str, usize> = HashMap::new();
    for (_, mut modules) in by_layer {
        let key = |m: &str| -> usize {
            let above: Vec<usize> = importers
                .get(m)
                .into_iter()
                .flatten()
                .filter_map(|i| order.get(i).copied())
                .collect();
            if above.is_empty() {
                usize::MAX
            } else {
                above.iter().sum::<usize>() * 100 / above.len()
            }
        };
        modules.sort_by(|a, b| key(a).cmp(&key(b)).then(a.cmp(b)));
        for (i, m) in modules.iter().enumerate() {
            order.insert(*m, i * 100);
        }
        rows.extend(modules.chunks(ROW).map(<[&str]>::to_vec));
    }
    let mut width = 0;
    let mut row_widths = Vec::new();
    for row in &rows {
        let mut x = MARGIN;
        for m in row {
            let label = if m.chars().count() > LABEL_CHARS {
                let tail: String = m.chars().rev().take(LABEL_CHARS - 1).collect();
                format!("…{}", tail.chars().rev().collect::<String>())
            } else {
                (*m).to_string()
            };
            let w = i64::try_from(label.chars().count()).unwrap_or(0) * 7 + 20;
            placed.insert(
                *m,
                Placed {
                    x,
                    y: 0,
                    width: w,
                    label,
                },
            );
            x += w + BOX_GAP;
        }
        row_widths.push(x - BOX_GAP + MARGIN);
        width = width.max(x - BOX_GAP + MARGIN);
    }
    // Rows centred, one under the other.
    for (r, row) in rows.iter().enumerate() {
        let shift = (width - row_widths[r]) / 2;
        let y = MARGIN + i64::try_from(r).unwrap_or(0) * (BOX_HEIGHT + ROW_GAP);
        for m in row {
            if let Some(p) = placed.get_mut(m) {
                p.x += shift;
                p.y = y;
            }
        }
    }
    let height =
        MARGIN * 2 + i64::try_from(rows.len()).unwrap_or(0) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP;
    (placed, width.max(MARGIN * 2), height.max(MARGIN * 2))
}

/// The SVG path of an edge: from the bottom of `a` to the top of `b` when `b` is lower, else
/// a curve below both.
fn edge_path(a: &Placed, b: &Placed) -> String {
    let (x1, x2) = (a.x + a.width / 2, b.x + b.width / 2);
    if b.y > a.y {
        let (y1, y2) = (a.y + BOX_HEIGHT, b.y);
        let mid = (y1 + y2) / 2;
        format!("M{x1} {y1} C{x1} {mid} {x2} {mid} {x2} {y2}")
    } else {
        let (y1, y2) = (a.y + BOX_HEIGHT, b.y + BOX_HEIGHT);
        let low = y1.max(y2) + ROW_GAP / 2;
        format!("M{x1} {y1} C{x1} {low} {x2} {low} {x2} {y2}")
    }
}

/// The diagram as inline SVG; each box links to `href(module)`.
pub fn render(graph: &ModuleGraph, href: &dyn Fn(&str) -> String) -> Markup {
    let (placed, width, height) = place(graph);
    html! {
        svg class="modules" xmlns="http://www.w3.org/2000/svg" role="img"
            width=(width) height=(height) viewBox={ "0 0 " (width) " " (height) } {
            title { "Modules and their imports" }
            defs {
                marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7"
                    markerHeight="7" orient="auto-start-reverse" {
                    // No void syntax in SVG: `<path>` unclosed would hold what follows.
                    path d="M0 0 L10 5 L0 10 z" fill="#567" {}
                }
            }
            @for e in &graph.edges {
                @if let (Some(a), Some(b)) = (placed.get(e.from.as_str()), placed.get(e.to.as_str())) {
                    path class="edge" d=(edge_path(a, b)) fill="none" stroke="#567"
                        stroke-width="1.2" marker-end="url(#arrow)"
                        data-from=(e.from) data-to=(e.to) {
                        title { (e.from) " imports " (e.to) " (" (e.imports) ")" }
                    }
                }
            }
            @for n in &graph.nodes {
                @if let Some(p) = placed.get(n.module.as_str()) {
                    a href=(href(&n.module)) {
                        g class="module" data-module=(n.module) {
                            title { (n.module) ": " (n.files) " files" }
                            rect x=(p.x) y=(p.y) width=(p.width) height=(BOX_HEIGHT) rx="4"
                                fill="#eef2f7" stroke="#89a" {}
                            text x=(p.x + p.width / 2) y=(p.y + BOX_HEIGHT / 2 + 4)
                                text-anchor="middle" font-size="12" fill="#234" { (p.label) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(files: &[(&str, &str)], imports: &[(&str, &str)]) -> ModuleGraph {
        let imports: Vec<(String, String)> = imports
            .iter()
            .map(|(p, i)| (p.to_string(), i.to_string()))
            .collect();
        module_graph(files.iter().map(|(p, l)| (*p, Some(*l))), &imports)
    }

    fn edges(g: &ModuleGraph) -> Vec<(&str, &str)> {
        g.edges
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .collect()
    }

    #[test]
    fn imports_resolve_to_folders_of_the_repository() {
        let g = graph(
            &[
                ("app/cli/run.py", "python"),
                ("app/util.py", "python"),
                ("app/main.py", "python"),
                ("web/src/index.ts", "typescript"),
                ("web/src/lib/api.ts", "typescript"),
                ("core/src/lib.rs", "rust"),
                ("core/src/store/mod.rs", "rust"),
                ("core/src/http/serve.rs", "rust"),
                ("cmd/tool/main.go", "go"),
                ("internal/db/db.go", "go"),
            ],
            &[
                ("app/cli/run.py", "app.util"),
                ("app/cli/run.py", "os"),
                ("app/main.py", "app.util"),
                ("app/cli/run.py", "..util"),
                ("web/src/index.ts", "./lib/api.js"),
                ("web/src/index.ts", "react"),
                ("core/src/http/serve.rs", "crate::{store::Store, http}"),
                ("core/src/http/serve.rs", "super::super::store"),
                ("core/src/lib.rs", "std::collections::HashMap"),
                ("cmd/tool/main.go", "example.com/m/internal/db"),
                ("cmd/tool/main.go", "fmt"),
            ],
        );
        assert_eq!(
            edges(&g),
            vec![
                ("app/cli", "app"),
                ("cmd/tool", "internal/db"),
                ("core/src/http", "core/src/store"),
                ("web/src", "web/src/lib"),
            ]
        );
        assert_eq!(g.edges[0].imports, 2, "app.util and ..util");
        assert_eq!(
            g.edges[2].imports, 2,
            "crate::store and super::super::store"
        );
        assert_eq!(g.external_imports, 4, "os, react, std, fmt");
        assert_eq!(g.total_modules, 9);
    }

    #[test]
    fn use_lists_expand() {
        assert_eq!(
            rust_use_paths("crate::a::{self, b::{C, D as E}, f::*}"),
            vec![
                "crate::a",
                "crate::a::b::C",
                "crate::a::b::D",
                "crate::a::f"
            ]
        );
    }

    #[test]
    fn the_diagram_keeps_the_largest_modules() {
        // 45 modules of 1, 2 or 3 files (`m % 3 + 1`): all 15 of 3 and 15 of 2 are drawn,
        // and the first 10 of 1 by name.
        let files: Vec<(String, &str)> = (0..MAX_DIAGRAM_MODULES + 5)
            .flat_map(|m| (0..=m % 3).map(move |f| (format!("m{m:02}/f{f}.py"), "python")))
            .collect();
        let refs: Vec<(&str, &str)> = files.iter().map(|(p, l)| (p.as_str(), *l)).collect();
        let g = graph(&refs, &[]);
        assert_eq!(g.nodes.len(), MAX_DIAGRAM_MODULES);
        assert_eq!(g.total_modules, MAX_DIAGRAM_MODULES + 5);
        let with = |n: usize| g.nodes.iter().filter(|m| m.files == n).count();
        assert_eq!((with(3), with(2), with(1)), (15, 15, 10));
        let drawn = |name: &str| g.nodes.iter().any(|m| m.module == name);
        assert!(drawn("m00") && drawn("m27") && !drawn("m30") && !drawn("m42"));
    }

    #[test]
    fn the_svg_escapes_names_and_points_imports_down() {
        let g = graph(
            &[("a<b>/x.py", "python"), ("lib/y.py", "python")],
            &[("a<b>/x.py", "lib.y")],
        );
        let svg = render(&g, &|m| format!("#mod-{m}")).into_string();
        assert!(!svg.contains("a<b>"), "{svg}");
        assert!(svg.contains("a&lt;b&gt;"), "{svg}");
        assert!(svg.contains("href=\"#mod-a&lt;b&gt;\""), "{svg}");
        assert!(
            svg.contains("data-from=\"a&lt;b&gt;\" data-to=\"lib\""),
            "{svg}"
        );
        assert!(!svg.contains("<script"));
        // The importer's box is above the imported one.
        let (placed, _, _) = place(&g);
        assert!(placed["a<b>"].y < placed["lib"].y);
    }

    #[test]
    fn cycles_still_get_layers() {
        let g = graph(
            &[
                ("a/x.py", "python"),
                ("b/y.py", "python"),
                ("c/z.py", "python"),
            ],
            &[("a/x.py", "b.y"), ("b/y.py", "c.z"), ("c/z.py", "a.x")],
        );
        assert_eq!(g.edges.len(), 3);
        let l = layers(&g);
        assert_eq!((l["a"], l["b"], l["c"]), (0, 1, 2));
        let svg = render(&g, &|m| m.to_string()).into_string();
        assert_eq!(svg.matches("class=\"edge\"").count(), 3);
    }
}
