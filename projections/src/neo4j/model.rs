//! The graph's stable keys, and what one file's analysis becomes in the graph: pure functions,
//! so the Cypher in [`super::apply`] only moves ready-made rows.
//!
//! Keys (the `key` property every node is merged on):
//! - `Repository`: `owner/name`; `Commit`: `owner/name@sha`; `Author`: e-mail;
//! - `File`: `owner/name:path`; `Module`: `owner/name:module`; `CalleeName`: `owner/name#name`;
//! - `Symbol`: `owner/name:path:kind:qualified name[:ordinal]`, and its public id `sid`
//!   ([`tributary_schemas::event_id::symbol`]), which the query API uses in URLs.

use std::collections::{BTreeMap, HashMap};
use tributary_callgraph::{wanted_names, File};
use tributary_schemas::{event_id, AnalysisProduced, CommitObserved};

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
    /// Its index in its file's analysis (call resolution finds scopes by it).
    pub index: i64,
}

/// What one file version contributes to the graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileGraph {
    /// Its definitions.
    pub symbols: Vec<SymbolRow>,
    /// (enclosing symbol key, nested symbol key).
    pub nesting: Vec<(String, String)>,
    /// The names whose definitions resolving the file's calls may reach
    /// ([`tributary_callgraph::wanted_names`]): when one is defined or removed anywhere in the
    /// repository, the file's calls are resolved again.
    pub uses: Vec<String>,
    /// Imported modules, distinct, in order.
    pub imports: Vec<String>,
}

/// The graph of `analysis` as file `path` of `repository`.
pub fn file_graph(repository: &str, path: &str, analysis: &AnalysisProduced) -> FileGraph {
    let mut seen: HashMap<(&str, &str), u32> = HashMap::new();
    let symbols: Vec<SymbolRow> = analysis
        .symbols
        .iter()
        .enumerate()
        .map(|(index, s)| {
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
                index: i64::try_from(index).unwrap_or(i64::MAX),
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
    let uses = wanted_names(&File::from_analysis(path, analysis))
        .into_iter()
        .collect();
    let mut imports = Vec::new();
    for m in &analysis.imports {
        if !imports.contains(m) {
            imports.push(m.clone());
        }
    }
    FileGraph {
        symbols,
        nesting,
        uses,
        imports,
    }
}

/// A path's state as of one commit: its blob (none when deleted) and language.
#[derive(Debug, Clone, PartialEq)]
pub struct FileState {
    /// Its repository.
    pub repo: String,
    /// Its path.
    pub path: String,
    /// The commit time it is as of.
    pub ts: i64,
    /// Its blob; none when deleted.
    pub blob: Option<String>,
    /// Whether the commit deleted it (or renamed it away).
    pub deleted: bool,
    /// Its language.
    pub language: Option<String>,
}

/// Each path's newest state among `commits`, by file key: the state of the newest commit by
/// commit time, and on a tie the later one in the list, as applying the commits one by one
/// with `updated_at <= ts` leaves it. A rename also ends its old path.
pub fn newest_states(commits: &[CommitObserved]) -> BTreeMap<String, FileState> {
    let mut states: BTreeMap<String, FileState> = BTreeMap::new();
    let mut keep = |key: String, state: FileState| {
        if states.get(&key).is_none_or(|old| old.ts <= state.ts) {
            states.insert(key, state);
        }
    };
    for c in commits {
        let repo = c.repository.as_str();
        // A rename ends its old path first: a path the same commit adds or changes again
        // (`git mv a b` and a new `a`) stays, as the commit's own entry for it says.
        for f in &c.files {
            if let (Some(old), "renamed") = (&f.old_path, f.status.as_str()) {
                keep(
                    file_key(repo, old),
                    FileState {
                        repo: repo.to_string(),
                        path: old.clone(),
                        ts: c.committed_at,
                        blob: None,
                        deleted: true,
                        language: None,
                    },
                );
            }
        }
        for f in &c.files {
            let deleted = f.status == "deleted";
            keep(
                file_key(repo, &f.path),
                FileState {
                    repo: repo.to_string(),
                    path: f.path.clone(),
                    ts: c.committed_at,
                    blob: if deleted { None } else { f.blob_id.clone() },
                    deleted,
                    language: f.language.clone(),
                },
            );
        }
    }
    states
}

#[cfg(test)]
mod tests {
    use super::*;
    use tributary_schemas::{CallSite, FileChange, SymbolDefinition};

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
            bindings: vec![],
            locals: vec![],
            calls: vec![
                CallSite {
                    callee: "f".into(),
                    line: 2,
                    caller: Some(1),
                    receiver: None,
                    column: None,
                },
                CallSite {
                    callee: "f".into(),
                    line: 3,
                    caller: Some(1),
                    receiver: None,
                    column: None,
                },
                CallSite {
                    callee: "print".into(),
                    line: 9,
                    caller: None,
                    receiver: None,
                    column: None,
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
        // The names resolution may need: callees, the file's own names.
        assert_eq!(g.uses, vec!["C", "f", "m", "print"]);
        assert_eq!(g.imports, vec!["os".to_string(), "sys".to_string()]);
    }

    fn change(path: &str, status: &str, blob: Option<&str>, old: Option<&str>) -> FileChange {
        FileChange {
            path: path.into(),
            old_path: old.map(str::to_string),
            status: status.into(),
            additions: 1,
            deletions: 0,
            binary: false,
            blob_id: blob.map(str::to_string),
            language: Some("python".into()),
        }
    }

    fn commit(sha: &str, at: i64, files: Vec<FileChange>) -> CommitObserved {
        CommitObserved {
            event_id: sha.into(),
            repository: "o/r".into(),
            sha: sha.into(),
            tree: "t".into(),
            parents: vec![],
            author_name: "A".into(),
            author_email: "a@example.com".into(),
            authored_at: at,
            author_tz_offset_minutes: 0,
            committer_name: "A".into(),
            committer_email: "a@example.com".into(),
            committed_at: at,
            message: "m".into(),
            files,
            source: "backfill".into(),
            committer_tz_offset_minutes: None,
            files_total: None,
        }
    }

    #[test]
    fn a_batch_keeps_each_paths_newest_state() {
        let states = newest_states(&[
            commit("c2", 20, vec![change("a.py", "modified", Some("b2"), None)]),
            // Older than c2: a.py stays at b2.
            commit("c1", 10, vec![change("a.py", "modified", Some("b1"), None)]),
            // A tie with c2: the later record wins, as one by one.
            commit("c3", 20, vec![change("a.py", "modified", Some("b3"), None)]),
            commit(
                "c4",
                30,
                vec![
                    change("new.py", "renamed", Some("b4"), Some("old.py")),
                    change("gone.py", "deleted", None, None),
                ],
            ),
        ]);
        let blob = |k: &str| states.get(k).and_then(|s| s.blob.clone());
        assert_eq!(blob("o/r:a.py"), Some("b3".into()));
        assert_eq!(states["o/r:a.py"].ts, 20);
        assert_eq!(blob("o/r:new.py"), Some("b4".into()));
        assert!(states["o/r:old.py"].deleted && blob("o/r:old.py").is_none());
        assert!(states["o/r:gone.py"].deleted);
        assert_eq!(states.len(), 4);
        // Renamed away and added again in the same commit: the new file stays.
        let states = newest_states(&[commit(
            "c5",
            40,
            vec![
                change("a.py", "added", Some("b6"), None),
                change("b.py", "renamed", Some("b5"), Some("a.py")),
            ],
        )]);
        assert_eq!(states["o/r:a.py"].blob.as_deref(), Some("b6"));
        assert!(!states["o/r:a.py"].deleted);
        assert!(states["o/r:b.py"].blob.is_some());
    }
}
