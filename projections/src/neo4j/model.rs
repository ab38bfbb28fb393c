//! The graph's stable keys, and what one file's analysis becomes in the graph: pure functions,
//! so the Cypher in [`super::apply`] only moves ready-made rows.
//!
//! Keys (the `key` property every node is merged on):
//! - `Repository`: `owner/name`; `Commit`: `owner/name@sha`; `Author`: e-mail;
//! - `File`: `owner/name:path`; `Module`: `owner/name:module`; `CalleeName`: `owner/name#name`;
//! - `Symbol`: `owner/name:path:kind:qualified name[:ordinal]`, and its public id `sid`
//!   ([`tributary_schemas::event_id::symbol`]), which the query API uses in URLs.

use std::collections::HashMap;
use tributary_schemas::{event_id, AnalysisProduced};

/// Key of a commit node.
pub fn commit_key(repository: &str, sha: &str) -> String {
    format!("{repository}@{sha}")
}

/// Key of a file node.
pub fn file_key(repository: &str, path: &str) -> String {
    format!("{repository}:{path}")
}

/// Key of a callee-name node (where unresolved calls point).
pub fn name_key(repository: &str, name: &str) -> String {
    format!("{repository}#{name}")
}

/// Key of a module node.
pub fn module_key(repository: &str, module: &str) -> String {
    format!("{repository}:{module}")
}

/// One definition, ready to merge.
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolRow {
    /// Merge key.
    pub key: String,
    /// Public id.
    pub sid: String,
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Qualified name.
    pub qualified_name: String,
    /// First line.
    pub start_line: i64,
    /// Last line.
    pub end_line: i64,
    /// Declaration line.
    pub signature: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Cyclomatic complexity.
    pub complexity: i64,
}

/// What one file version contributes to the graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileGraph {
    /// Its definitions.
    pub symbols: Vec<SymbolRow>,
    /// (enclosing symbol key, nested symbol key).
    pub nesting: Vec<(String, String)>,
    /// (calling symbol key, callee name), distinct.
    pub calls: Vec<(String, String)>,
    /// Imported modules, distinct, in order.
    pub imports: Vec<String>,
}

/// The graph of `analysis` as file `path` of `repository`.
pub fn file_graph(repository: &str, path: &str, analysis: &AnalysisProduced) -> FileGraph {
    let mut seen: HashMap<(&str, &str), u32> = HashMap::new();
    let symbols: Vec<SymbolRow> = analysis
        .symbols
        .iter()
        .map(|s| {
            let n = seen
                .entry((s.kind.as_str(), s.qualified_name.as_str()))
                .or_insert(0);
            let ordinal = *n;
            *n += 1;
            let mut key = format!("{repository}:{path}:{}:{}", s.kind, s.qualified_name);
            if ordinal > 0 {
                key.push_str(&format!(":{ordinal}"));
            }
            SymbolRow {
                key,
                sid: event_id::symbol(repository, path, &s.kind, &s.qualified_name, ordinal),
                kind: s.kind.clone(),
                name: s.name.clone(),
                qualified_name: s.qualified_name.clone(),
                start_line: s.start_line.into(),
                end_line: s.end_line.into(),
                signature: s.signature.clone(),
                doc: s.doc.clone(),
                complexity: s.complexity.into(),
            }
        })
        .collect();
    let by_index = |i: Option<i32>| {
        i.and_then(|i| usize::try_from(i).ok())
            .and_then(|i| symbols.get(i))
            .map(|s| s.key.clone())
    };
    let nesting = analysis
        .symbols
        .iter()
        .zip(&symbols)
        .filter_map(|(s, row)| by_index(s.parent).map(|p| (p, row.key.clone())))
        .collect();
    let mut calls: Vec<(String, String)> = analysis
        .calls
        .iter()
        .filter_map(|c| by_index(c.caller).map(|k| (k, c.callee.clone())))
        .collect();
    calls.sort();
    calls.dedup();
    let mut imports = Vec::new();
    for m in &analysis.imports {
        if !imports.contains(m) {
            imports.push(m.clone());
        }
    }
    FileGraph {
        symbols,
        nesting,
        calls,
        imports,
    }
}

/// Where the calls to one name go: the one definition of that name in the repository, or,
/// when there are none or several, the name itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallTarget {
    /// Resolved to this symbol key.
    Symbol(String),
    /// Unresolved: the callee-name node.
    Unresolved,
}

/// Resolves a callee name from the keys of the definitions that carry it.
pub fn resolve(definitions: &[String]) -> CallTarget {
    match definitions {
        [one] => CallTarget::Symbol(one.clone()),
        _ => CallTarget::Unresolved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tributary_schemas::{CallSite, SymbolDefinition};

    fn def(kind: &str, name: &str, qn: &str, parent: Option<i32>) -> SymbolDefinition {
        SymbolDefinition {
            kind: kind.into(),
            name: name.into(),
            qualified_name: qn.into(),
            start_line: 1,
            end_line: 2,
            parent,
            signature: format!("def {name}()"),
            doc: None,
            complexity: 1,
            body_hash: None,
        }
    }

    fn analysis() -> AnalysisProduced {
        AnalysisProduced {
            event_id: "e".into(),
            blob_id: "b".into(),
            repository: "o/r".into(),
            path: "a.py".into(),
            language: Some("python".into()),
            analyzer_version: "v".into(),
            skipped: None,
            error_count: 0,
            lines: 3,
            code_lines: 3,
            comment_lines: 0,
            blank_lines: 0,
            symbols: vec![
                def("class", "C", "C", None),
                def("method", "m", "C.m", Some(0)),
                def("method", "m", "C.m", Some(0)),
                def("function", "f", "f", None),
            ],
            imports: vec!["os".into(), "sys".into(), "os".into()],
            calls: vec![
                CallSite {
                    callee: "f".into(),
                    line: 2,
                    caller: Some(1),
                },
                CallSite {
                    callee: "f".into(),
                    line: 3,
                    caller: Some(1),
                },
                CallSite {
                    callee: "print".into(),
                    line: 9,
                    caller: None,
                },
            ],
        }
    }

    #[test]
    fn duplicate_definitions_get_ordinals_and_distinct_ids() {
        let g = file_graph("o/r", "a.py", &analysis());
        assert_eq!(g.symbols[1].key, "o/r:a.py:method:C.m");
        assert_eq!(g.symbols[2].key, "o/r:a.py:method:C.m:1");
        assert_ne!(g.symbols[1].sid, g.symbols[2].sid);
        assert_eq!(
            g.symbols[1].sid,
            event_id::symbol("o/r", "a.py", "method", "C.m", 0)
        );
    }

    #[test]
    fn nesting_calls_and_imports() {
        let g = file_graph("o/r", "a.py", &analysis());
        assert_eq!(
            g.nesting,
            vec![
                (
                    "o/r:a.py:class:C".to_string(),
                    "o/r:a.py:method:C.m".to_string()
                ),
                (
                    "o/r:a.py:class:C".to_string(),
                    "o/r:a.py:method:C.m:1".to_string()
                ),
            ]
        );
        // Two calls of f from the same method are one edge; top-level calls have no caller.
        assert_eq!(
            g.calls,
            vec![("o/r:a.py:method:C.m".to_string(), "f".to_string())]
        );
        assert_eq!(g.imports, vec!["os".to_string(), "sys".to_string()]);
    }

    #[test]
    fn a_name_resolves_only_when_unambiguous() {
        assert_eq!(resolve(&["k".into()]), CallTarget::Symbol("k".into()));
        assert_eq!(resolve(&[]), CallTarget::Unresolved);
        assert_eq!(resolve(&["a".into(), "b".into()]), CallTarget::Unresolved);
    }
}
