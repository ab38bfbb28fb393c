//! Where a definition is, as a path of segments (module, then its qualified name), and where an
//! import points, per language.

/// The language family a call may cross into: JavaScript and TypeScript call each other, as do
/// C and C++; any other language only itself.
pub fn family(language: Option<&str>) -> &str {
    match language {
        Some("javascript" | "typescript" | "tsx") => "js",
        Some("c" | "cpp") => "c",
        Some(other) => other,
        None => "",
    }
}

/// The folder of `path` (empty for the root).
pub(crate) fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `path` without its extension.
pub(crate) fn stem(path: &str) -> &str {
    let file_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[file_start..].rfind('.') {
        Some(dot) if dot > 0 => &path[..file_start + dot],
        _ => path,
    }
}

/// `base` (segments) joined with relative `rest` (`.` and `..` resolved); `None` when it leaves
/// the repository.
pub(crate) fn join(base: &[String], rest: &str) -> Option<Vec<String>> {
    let mut parts = base.to_vec();
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts)
}

pub(crate) fn split_path(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A qualified name's segments (`a.B.m`, `ns::A::m`, `App\Models\User::save`).
pub(crate) fn qualified_segments(qualified: &str) -> Vec<String> {
    qualified
        .split("::")
        .flat_map(|s| s.split('\\'))
        .flat_map(|s| s.split('.'))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The module a file of `language` at `path` is, as segments: the file without its extension
/// for Python (`__init__` is its folder), JavaScript/TypeScript (`index` is its folder) and Rust
/// (`mod.rs`, `lib.rs` and `main.rs` are their folder); the folder for Go and Java (packages);
/// nothing for C, C++, Ruby, C# and PHP, whose namespaces are in the qualified names.
pub fn module_segments(language: Option<&str>, path: &str) -> Vec<String> {
    match language {
        Some("python") => {
            let mut segs = split_path(stem(path));
            if segs.last().is_some_and(|s| s == "__init__") {
                segs.pop();
            }
            segs
        }
        Some("javascript" | "typescript" | "tsx") => {
            let mut segs = split_path(stem(path));
            if segs.last().is_some_and(|s| s == "index") {
                segs.pop();
            }
            segs
        }
        Some("rust") => {
            let mut segs = split_path(stem(path));
            if segs
                .last()
                .is_some_and(|s| matches!(s.as_str(), "mod" | "lib" | "main"))
            {
                segs.pop();
            }
            segs
        }
        Some("go" | "java") => split_path(folder(path)),
        _ => Vec::new(),
    }
}

/// The key of the module the file at `path` is, within its language family
/// (`python:pkg/mod`): where a store keeps files' import bindings for following re-exports.
pub fn module_key(language: Option<&str>, path: &str) -> String {
    segments_key(family(language), &module_segments(language, path))
}

pub(crate) fn segments_key(family: &str, segments: &[String]) -> String {
    format!("{family}:{}", segments.join("/"))
}

/// How an import's target must meet a definition's full path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// The same segments.
    Exact,
    /// The definition's path ends with the target (an absolute import whose root is not known:
    /// Python's `a.b`, Java's packages).
    Suffix,
    /// The two end alike in at least the name and one module segment (Go's import paths start
    /// with a module path the repository's folders do not have).
    Tail,
}

/// Where a module named by an import is: segments and how to fit them; several where the
/// language leaves a choice (a Rust path is a child module or the crate's). For file-based
/// inclusion (C, Ruby, PHP requires) see [`included_stem`].
pub(crate) fn import_targets(
    language: Option<&str>,
    importer: &str,
    module: &str,
) -> Vec<(Vec<String>, Fit)> {
    let dir = split_path(folder(importer));
    match language {
        Some("python") => {
            let dots = module.len() - module.trim_start_matches('.').len();
            let rest: Vec<String> = module[dots..]
                .split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if dots == 0 {
                return vec![(rest, Fit::Suffix)];
            }
            let mut base = dir;
            for _ in 1..dots {
                if base.pop().is_none() {
                    return Vec::new();
                }
            }
            base.extend(rest);
            vec![(base, Fit::Exact)]
        }
        Some("javascript" | "typescript" | "tsx") => {
            if !(module.starts_with("./") || module.starts_with("../")) {
                return Vec::new();
            }
            let Some(mut segs) = join(&dir, module) else {
                return Vec::new();
            };
            if let Some(last) = segs.last_mut() {
                *last = stem(last).to_string();
            }
            if segs.last().is_some_and(|s| s == "index") {
                segs.pop();
            }
            vec![(segs, Fit::Exact)]
        }
        Some("go") => vec![(split_path(module), Fit::Tail)],
        Some("java") => vec![(qualified_segments(module), Fit::Suffix)],
        // A required PHP file is included, not imported (see `included_stem`).
        Some("php") if module.ends_with(".php") || module.contains('/') => Vec::new(),
        Some("csharp" | "php") => vec![(qualified_segments(module), Fit::Exact)],
        Some("rust") => rust_targets(importer, module),
        _ => Vec::new(),
    }
}

/// A Rust path's module: `crate::` from the crate's `src` folder, `self::`/`super::` from the
/// importing module, anything else as a child of the importing module or of the crate root.
fn rust_targets(importer: &str, module: &str) -> Vec<(Vec<String>, Fit)> {
    let own = module_segments(Some("rust"), importer);
    let root: Option<Vec<String>> = {
        let dir = split_path(folder(importer));
        dir.iter()
            .rposition(|s| s == "src")
            .map(|i| dir[..=i].to_vec())
    };
    let mut segs: Vec<&str> = module.split("::").map(str::trim).collect();
    segs.retain(|s| !s.is_empty());
    let extend = |mut base: Vec<String>, rest: &[&str]| {
        base.extend(rest.iter().map(|s| s.to_string()));
        base
    };
    match segs.first().copied() {
        Some("crate") => root
            .map(|r| vec![(extend(r, &segs[1..]), Fit::Exact)])
            .unwrap_or_default(),
        Some("self" | "super") => {
            let mut base = own;
            let mut rest = &segs[..];
            while let Some((&"super", tail)) = rest.split_first() {
                if base.pop().is_none() {
                    return Vec::new();
                }
                rest = tail;
            }
            if let Some((&"self", tail)) = rest.split_first() {
                rest = tail;
            }
            vec![(extend(base, rest), Fit::Exact)]
        }
        _ => {
            let mut out = vec![(extend(own, &segs), Fit::Exact)];
            if let Some(r) = root {
                out.push((extend(r, &segs), Fit::Exact));
            }
            out
        }
    }
}

/// The path, without extension, of the file an inclusion names (`#include "x.h"`,
/// `require_relative 'x'`, `require_once 'x.php'`), relative to the including file; its
/// definitions (and, for a header, those of the source file of the same name) become visible.
pub(crate) fn included_stem(importer: &str, module: &str) -> Option<Vec<String>> {
    let dir = split_path(folder(importer));
    let mut segs = join(&dir, module)?;
    if let Some(last) = segs.last_mut() {
        *last = stem(last).to_string();
    }
    Some(segs)
}

/// Whether `full` (a definition's segments) meets `target` as `fit` says; the length met.
pub(crate) fn fits(full: &[String], target: &[String], fit: Fit) -> Option<usize> {
    if target.is_empty() {
        return None;
    }
    match fit {
        Fit::Exact => (full == target).then_some(target.len()),
        Fit::Suffix => full.ends_with(target).then_some(target.len()),
        Fit::Tail => {
            let common = full
                .iter()
                .rev()
                .zip(target.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            (common >= 2.min(target.len())).then_some(common)
        }
    }
}

/// How many leading folders two paths share: nearer definitions win ties.
pub(crate) fn closeness(a: &str, b: &str) -> usize {
    folder(a)
        .split('/')
        .zip(folder(b).split('/'))
        .take_while(|(x, y)| x == y && !x.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn modules_of_files() {
        assert_eq!(
            module_segments(Some("python"), "a/b/__init__.py"),
            s(&["a", "b"])
        );
        assert_eq!(
            module_segments(Some("python"), "a/b/c.py"),
            s(&["a", "b", "c"])
        );
        assert_eq!(
            module_segments(Some("tsx"), "web/ui/index.tsx"),
            s(&["web", "ui"])
        );
        assert_eq!(
            module_segments(Some("rust"), "x/src/a/mod.rs"),
            s(&["x", "src", "a"])
        );
        assert_eq!(
            module_segments(Some("go"), "svc/pkg/util.go"),
            s(&["svc", "pkg"])
        );
        assert!(module_segments(Some("c"), "a/b.c").is_empty());
    }

    #[test]
    fn imports_point_at_modules() {
        assert_eq!(
            import_targets(Some("python"), "p/a/main.py", "..pkg.mod"),
            vec![(s(&["p", "pkg", "mod"]), Fit::Exact)]
        );
        assert_eq!(
            import_targets(Some("python"), "p/a/main.py", "pkg.mod"),
            vec![(s(&["pkg", "mod"]), Fit::Suffix)]
        );
        assert_eq!(
            import_targets(Some("typescript"), "w/src/app.ts", "../lib/index.js"),
            vec![(s(&["w", "lib"]), Fit::Exact)]
        );
        assert!(import_targets(Some("javascript"), "a.js", "lodash").is_empty());
        assert_eq!(
            import_targets(Some("rust"), "r/src/a/b.rs", "super::c"),
            vec![(s(&["r", "src", "a", "c"]), Fit::Exact)]
        );
        assert_eq!(
            import_targets(Some("rust"), "r/src/a/b.rs", "crate::x"),
            vec![(s(&["r", "src", "x"]), Fit::Exact)]
        );
        assert_eq!(
            included_stem("c/x/main.c", "../inc/util.h"),
            Some(s(&["c", "inc", "util"]))
        );
    }

    #[test]
    fn fits_and_closeness() {
        let full = s(&["go", "07", "pkg", "F"]);
        assert_eq!(
            fits(&full, &s(&["example.com", "07", "pkg", "F"]), Fit::Tail),
            Some(3)
        );
        assert_eq!(fits(&full, &s(&["x", "F"]), Fit::Tail), None);
        assert_eq!(fits(&full, &s(&["pkg", "F"]), Fit::Suffix), Some(2));
        assert_eq!(fits(&full, &s(&["pkg", "F"]), Fit::Exact), None);
        assert_eq!(closeness("a/b/c.py", "a/b/d/e.py"), 2);
        assert_eq!(closeness("x.py", "y.py"), 0);
    }
}
