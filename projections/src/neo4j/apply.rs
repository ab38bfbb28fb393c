//! The Cypher of the graph projection: one function per record type, plus call resolution.
//!
//! Invariant: a `File`'s symbols are always those of the analysis of its current blob (the
//! blob of its newest change by commit time), or none while that analysis has not arrived.
//! Commits and analyses arrive on different topics in any order; whichever comes second
//! materializes the file. Every statement merges on stable keys, so a replayed record leaves
//! the graph as it was.

use super::model::{self, CallTarget, FileGraph};
use neo4rs::BoltType;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tributary_graph::{list, map, GraphTx};
use tributary_runtime::RecordError;
use tributary_schemas::{AnalysisProduced, CommitObserved};

/// Callee names whose resolution may have changed, by repository: resolved once per batch.
#[derive(Debug, Default)]
pub struct Affected(BTreeMap<String, BTreeSet<String>>);

impl Affected {
    fn add(&mut self, repository: &str, name: impl Into<String>) {
        self.0
            .entry(repository.to_string())
            .or_default()
            .insert(name.into());
    }
}

fn row_str(row: &neo4rs::Row, key: &str) -> Result<String, RecordError> {
    row.get::<String>(key)
        .map_err(|e| RecordError::transient(format!("graph row without {key}: {e}")).because(e))
}

fn opt<T: Into<BoltType>>(v: Option<T>) -> BoltType {
    v.map(Into::into)
        .unwrap_or(BoltType::Null(neo4rs::BoltNull))
}

/// Projects a commit: its repository, author, parents, touched files; then re-materializes the
/// files whose current blob it changed.
pub async fn commit(
    tx: &mut GraphTx,
    c: &CommitObserved,
    affected: &mut Affected,
) -> Result<(), RecordError> {
    let repo = c.repository.as_str();
    let ck = model::commit_key(repo, &c.sha);
    let subject = c.message.lines().next().unwrap_or_default();
    tx.run(
        tx.q("MERGE (r:Repository {key: $repo}) SET r.name = $repo \
             MERGE (c:Commit {key: $ck}) \
             SET c.sha = $sha, c.repo = $repo, c.subject = $subject, c.committed_at = $ts \
             MERGE (r)-[:HAS_COMMIT]->(c) \
             MERGE (a:Author {key: $email}) SET a.name = $name, a.email = $email \
             MERGE (a)-[:AUTHORED]->(c)")
            .param("repo", repo)
            .param("ck", ck.as_str())
            .param("sha", c.sha.as_str())
            .param("subject", subject)
            .param("ts", c.committed_at)
            .param("email", c.author_email.to_lowercase())
            .param("name", c.author_name.as_str()),
    )
    .await?;
    if !c.parents.is_empty() {
        let parents: Vec<BoltType> = c
            .parents
            .iter()
            .map(|p| {
                map([
                    ("key", model::commit_key(repo, p).into()),
                    ("sha", p.as_str().into()),
                ])
            })
            .collect();
        tx.run(
            tx.q("UNWIND $parents AS p \
                 MATCH (c:Commit {key: $ck}) \
                 MERGE (pc:Commit {key: p.key}) ON CREATE SET pc.sha = p.sha, pc.repo = $repo \
                 MERGE (c)-[:PARENT]->(pc)")
                .param("parents", list(parents))
                .param("ck", ck.as_str())
                .param("repo", repo),
        )
        .await?;
    }
    if c.files.is_empty() {
        return Ok(());
    }
    let touched: Vec<BoltType> = c
        .files
        .iter()
        .map(|f| {
            map([
                ("key", model::file_key(repo, &f.path).into()),
                ("path", f.path.as_str().into()),
                ("status", f.status.as_str().into()),
                ("additions", i64::from(f.additions).into()),
                ("deletions", i64::from(f.deletions).into()),
            ])
        })
        .collect();
    tx.run(
        tx.q("UNWIND $files AS f \
             MATCH (c:Commit {key: $ck}) \
             MATCH (r:Repository {key: $repo}) \
             MERGE (file:File {key: f.key}) \
             ON CREATE SET file.repo = $repo, file.path = f.path, file.updated_at = -1, \
                           file.deleted = false \
             MERGE (c)-[t:TOUCHED]->(file) \
             SET t.status = f.status, t.additions = f.additions, t.deletions = f.deletions \
             MERGE (r)-[:CONTAINS]->(file)")
            .param("files", list(touched))
            .param("ck", ck.as_str())
            .param("repo", repo),
    )
    .await?;
    // The current state of each path this commit changed; a rename also ends its old path.
    let mut states: Vec<BoltType> = Vec::new();
    for f in &c.files {
        let deleted = f.status == "deleted";
        states.push(map([
            ("key", model::file_key(repo, &f.path).into()),
            ("blob", opt(if deleted { None } else { f.blob_id.clone() })),
            ("deleted", deleted.into()),
            ("language", opt(f.language.clone())),
        ]));
        if let (Some(old), "renamed") = (&f.old_path, f.status.as_str()) {
            states.push(map([
                ("key", model::file_key(repo, old).into()),
                ("blob", opt(None::<String>)),
                ("deleted", true.into()),
                ("language", opt(None::<String>)),
            ]));
        }
    }
    let changed = tx
        .rows(
            tx.q("UNWIND $states AS s \
             MATCH (file:File {key: s.key}) \
             WHERE file.updated_at <= $ts \
             SET file.updated_at = $ts, file.blob = s.blob, file.deleted = s.deleted, \
                 file.language = s.language \
             RETURN file.key AS key, file.path AS path, s.blob AS blob, \
                    file.analyzed_blob AS analyzed")
                .param("states", list(states))
                .param("ts", c.committed_at),
        )
        .await?;
    for row in changed {
        let key = row_str(&row, "key")?;
        let path = row_str(&row, "path")?;
        let blob = row.get::<Option<String>>("blob").ok().flatten();
        let analysis = match &blob {
            Some(b) => stored_analysis(tx, b).await?,
            None => None,
        };
        // Nothing to take down and nothing to build: the common case of a backfill whose
        // analyses come later (they materialize the file when they arrive).
        let had_symbols = row
            .get::<Option<String>>("analyzed")
            .ok()
            .flatten()
            .is_some();
        if analysis.is_none() && !had_symbols {
            continue;
        }
        materialize(tx, repo, &path, &key, analysis.as_ref(), affected).await?;
    }
    Ok(())
}

/// The analysis stored for `blob`, if it has arrived.
async fn stored_analysis(
    tx: &mut GraphTx,
    blob: &str,
) -> Result<Option<AnalysisProduced>, RecordError> {
    let found = tx
        .rows(
            tx.q("MATCH (a:Analysis {key: $blob}) RETURN a.body AS body")
                .param("blob", blob),
        )
        .await?;
    match found.first() {
        None => Ok(None),
        Some(row) => {
            let body = row_str(row, "body")?;
            serde_json::from_str(&body).map(Some).map_err(|e| {
                RecordError::poison(format!("stored analysis of {blob}: {e}")).because(e)
            })
        }
    }
}

/// Projects an analysis: stores it by blob and materializes every current file holding it.
pub async fn analysis(
    tx: &mut GraphTx,
    a: &AnalysisProduced,
    affected: &mut Affected,
) -> Result<(), RecordError> {
    let body = serde_json::to_string(a).map_err(RecordError::poison_from)?;
    tx.run(
        tx.q("MERGE (a:Analysis {key: $blob}) \
             SET a.event_id = $event_id, a.version = $version, a.body = $body")
            .param("blob", a.blob_id.as_str())
            .param("event_id", a.event_id.as_str())
            .param("version", a.analyzer_version.as_str())
            .param("body", body),
    )
    .await?;
    let files = tx
        .rows(
            tx.q("MATCH (f:File {blob: $blob}) WHERE f.deleted = false \
             RETURN f.key AS key, f.repo AS repo, f.path AS path")
                .param("blob", a.blob_id.as_str()),
        )
        .await?;
    for row in files {
        let (key, repo, path) = (
            row_str(&row, "key")?,
            row_str(&row, "repo")?,
            row_str(&row, "path")?,
        );
        materialize(tx, &repo, &path, &key, Some(a), affected).await?;
    }
    Ok(())
}

/// Makes file `fk`'s symbols, nesting, call sites and imports those of `analysis` (none when
/// `None`), keeping the nodes of definitions that stay so that calls into them stay too.
async fn materialize(
    tx: &mut GraphTx,
    repo: &str,
    path: &str,
    fk: &str,
    analysis: Option<&AnalysisProduced>,
    affected: &mut Affected,
) -> Result<(), RecordError> {
    let g: FileGraph = analysis
        .map(|a| model::file_graph(repo, path, a))
        .unwrap_or_default();
    let existing: HashMap<String, String> = tx
        .rows(
            tx.q("MATCH (f:File {key: $fk})-[:DEFINES]->(s:Symbol) \
             RETURN s.key AS key, s.name AS name")
                .param("fk", fk),
        )
        .await?
        .iter()
        .map(|r| Ok((row_str(r, "key")?, row_str(r, "name")?)))
        .collect::<Result<_, RecordError>>()?;
    let keep: BTreeSet<&str> = g.symbols.iter().map(|s| s.key.as_str()).collect();
    let stale: Vec<BoltType> = existing
        .iter()
        .filter(|(k, _)| !keep.contains(k.as_str()))
        .map(|(k, name)| {
            affected.add(repo, name.clone());
            BoltType::from(k.as_str())
        })
        .collect();
    if !stale.is_empty() {
        tx.run(
            tx.q("UNWIND $keys AS k MATCH (s:Symbol {key: k}) DETACH DELETE s")
                .param("keys", list(stale)),
        )
        .await?;
    }
    // Outgoing edges of the file's symbols are rebuilt from this analysis.
    for rel in ["DECLARES", "CALLS_NAME", "CALLS"] {
        tx.run(
            tx.q(&format!(
                "MATCH (f:File {{key: $fk}})-[:DEFINES]->(s:Symbol)-[e:{rel}]->() DELETE e"
            ))
            .param("fk", fk),
        )
        .await?;
    }
    tx.run(
        tx.q("MATCH (f:File {key: $fk})-[e:IMPORTS]->() DELETE e")
            .param("fk", fk),
    )
    .await?;
    if !g.symbols.is_empty() {
        let symbols: Vec<BoltType> = g
            .symbols
            .iter()
            .map(|s| {
                if !existing.contains_key(&s.key) {
                    affected.add(repo, s.name.clone());
                }
                map([
                    ("key", s.key.as_str().into()),
                    ("sid", s.sid.as_str().into()),
                    ("kind", s.kind.as_str().into()),
                    ("name", s.name.as_str().into()),
                    ("qualified_name", s.qualified_name.as_str().into()),
                    ("start_line", s.start_line.into()),
                    ("end_line", s.end_line.into()),
                    ("signature", s.signature.as_str().into()),
                    ("doc", opt(s.doc.clone())),
                    ("complexity", s.complexity.into()),
                ])
            })
            .collect();
        tx.run(
            tx.q("UNWIND $symbols AS x \
                 MATCH (f:File {key: $fk}) \
                 MERGE (s:Symbol {key: x.key}) \
                 SET s.sid = x.sid, s.repo = $repo, s.path = $path, s.kind = x.kind, \
                     s.name = x.name, s.qualified_name = x.qualified_name, \
                     s.start_line = x.start_line, s.end_line = x.end_line, \
                     s.signature = x.signature, s.doc = x.doc, s.complexity = x.complexity \
                 MERGE (f)-[:DEFINES]->(s)")
                .param("symbols", list(symbols))
                .param("fk", fk)
                .param("repo", repo)
                .param("path", path),
        )
        .await?;
    }
    if !g.nesting.is_empty() {
        let nesting: Vec<BoltType> = g
            .nesting
            .iter()
            .map(|(p, c)| map([("parent", p.as_str().into()), ("child", c.as_str().into())]))
            .collect();
        tx.run(
            tx.q("UNWIND $nesting AS x \
                 MATCH (p:Symbol {key: x.parent}) MATCH (c:Symbol {key: x.child}) \
                 MERGE (p)-[:DECLARES]->(c)")
                .param("nesting", list(nesting)),
        )
        .await?;
    }
    if !g.calls.is_empty() {
        let calls: Vec<BoltType> = g
            .calls
            .iter()
            .map(|(caller, name)| {
                affected.add(repo, name.clone());
                map([
                    ("caller", caller.as_str().into()),
                    ("nk", model::name_key(repo, name).into()),
                    ("name", name.as_str().into()),
                ])
            })
            .collect();
        tx.run(
            tx.q("UNWIND $calls AS x \
                 MATCH (s:Symbol {key: x.caller}) \
                 MERGE (n:CalleeName {key: x.nk}) ON CREATE SET n.repo = $repo, n.name = x.name \
                 MERGE (s)-[:CALLS_NAME]->(n)")
                .param("calls", list(calls))
                .param("repo", repo),
        )
        .await?;
    }
    if !g.imports.is_empty() {
        let imports: Vec<BoltType> = g
            .imports
            .iter()
            .map(|m| {
                map([
                    ("key", model::module_key(repo, m).into()),
                    ("name", m.as_str().into()),
                ])
            })
            .collect();
        tx.run(
            tx.q("UNWIND $imports AS m \
                 MATCH (f:File {key: $fk}) \
                 MERGE (mo:Module {key: m.key}) ON CREATE SET mo.repo = $repo, mo.name = m.name \
                 MERGE (f)-[:IMPORTS]->(mo)")
                .param("imports", list(imports))
                .param("fk", fk)
                .param("repo", repo),
        )
        .await?;
    }
    let (lines, code_lines, complexity) = analysis
        .map(|a| {
            (
                i64::from(a.lines),
                i64::from(a.code_lines),
                a.symbols
                    .iter()
                    .map(|s| i64::from(s.complexity))
                    .sum::<i64>(),
            )
        })
        .unwrap_or_default();
    tx.run(
        tx.q("MATCH (f:File {key: $fk}) \
             SET f.analyzed_blob = $blob, f.lines = $lines, f.code_lines = $code_lines, \
                 f.complexity = $complexity")
            .param("fk", fk)
            .param("blob", opt(analysis.map(|a| a.blob_id.clone())))
            .param("lines", lines)
            .param("code_lines", code_lines)
            .param("complexity", complexity),
    )
    .await?;
    Ok(())
}

/// Re-points every call to an affected name: to its one definition in the repository, or to
/// the name's own node when it has none or several.
pub async fn resolve_calls(tx: &mut GraphTx, affected: &Affected) -> Result<(), RecordError> {
    for (repo, names) in &affected.0 {
        let names: Vec<&String> = names.iter().collect();
        for chunk in names.chunks(500) {
            let name_rows: Vec<BoltType> = chunk
                .iter()
                .map(|n| {
                    map([
                        ("name", n.as_str().into()),
                        ("nk", model::name_key(repo, n).into()),
                    ])
                })
                .collect();
            let mut definitions: HashMap<String, Vec<String>> = HashMap::new();
            for row in tx
                .rows(
                    tx.q("UNWIND $names AS x \
                     MATCH (t:Symbol {repo: $repo, name: x.name}) \
                     RETURN x.name AS name, t.key AS key")
                        .param("names", list(name_rows.clone()))
                        .param("repo", repo.as_str()),
                )
                .await?
            {
                definitions
                    .entry(row_str(&row, "name")?)
                    .or_default()
                    .push(row_str(&row, "key")?);
            }
            let callers = tx
                .rows(
                    tx.q("UNWIND $names AS x \
                     MATCH (c:Symbol)-[:CALLS_NAME]->(n:CalleeName {key: x.nk}) \
                     RETURN x.name AS name, x.nk AS nk, c.key AS caller")
                        .param("names", list(name_rows.clone())),
                )
                .await?;
            tx.run(
                tx.q("UNWIND $names AS x \
                     MATCH (c:Symbol)-[:CALLS_NAME]->(n:CalleeName {key: x.nk}) \
                     MATCH (c)-[e:CALLS]->() WHERE e.name = x.name \
                     DELETE e")
                    .param("names", list(name_rows)),
            )
            .await?;
            let (mut resolved, mut unresolved) = (Vec::new(), Vec::new());
            for row in &callers {
                let name = row_str(row, "name")?;
                let caller = row_str(row, "caller")?;
                let defs = definitions.get(&name).map(Vec::as_slice).unwrap_or(&[]);
                match model::resolve(defs) {
                    CallTarget::Symbol(target) => resolved.push(map([
                        ("caller", caller.into()),
                        ("target", target.into()),
                        ("name", name.into()),
                    ])),
                    CallTarget::Unresolved => unresolved.push(map([
                        ("caller", caller.into()),
                        ("target", row_str(row, "nk")?.into()),
                        ("name", name.into()),
                    ])),
                }
            }
            for (edges, label) in [(resolved, "Symbol"), (unresolved, "CalleeName")] {
                if edges.is_empty() {
                    continue;
                }
                tx.run(
                    tx.q(&format!(
                        "UNWIND $edges AS e \
                         MATCH (c:Symbol {{key: e.caller}}) MATCH (t:{label} {{key: e.target}}) \
                         WITH c, t, e.name AS name \
                         CREATE (c)-[:CALLS {{name: name}}]->(t)"
                    ))
                    .param("edges", list(edges)),
                )
                .await?;
            }
        }
    }
    Ok(())
}
