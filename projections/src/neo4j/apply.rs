//! The Cypher of the graph projection: a batch of records in a fixed number of statements, plus
//! call resolution.
//!
//! Invariant: a `File`'s symbols are always those of the analysis of its current blob (the
//! blob of its newest change by commit time), or none while that analysis has not arrived.
//! Commits and analyses arrive on different topics in any order; whichever comes second
//! materializes the file. Nodes are merged on stable keys; relationships are created once, when
//! their commit is first projected, their file first seen or their file's symbols rebuilt (see
//! [`project_commits`] on why they are not merged), so a replayed record leaves the graph as it
//! was.

use super::model::{self, FileGraph};
use neo4rs::BoltType;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tributary_callgraph::{
    resolve_file, wanted_modules, wanted_names, Definition, File, Index, Target,
};
use tributary_graph::{list, map, GraphTx};
use tributary_runtime::RecordError;
use tributary_schemas::ImportBinding;
use tributary_schemas::{AnalysisProduced, CommitObserved};

/// What call resolution must look at again after a batch, by repository: the files rebuilt,
/// and the names whose definitions were added, removed or rebuilt (the files that use them are
/// resolved again too). Resolved once per batch.
#[derive(Debug, Default)]
pub struct Affected(BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>);

impl Affected {
    fn name(&mut self, repository: &str, name: impl Into<String>) {
        self.0
            .entry(repository.to_string())
            .or_default()
            .1
            .insert(name.into());
    }

    fn file(&mut self, repository: &str, key: &str) {
        self.0
            .entry(repository.to_string())
            .or_default()
            .0
            .insert(key.to_string());
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

/// Rows per statement: a batch's rows go in lists of at most this many; commits go in lists of
/// about this many touched files (a commit's files travel with it, so a commit of ten thousand
/// files is one statement of its own).
const ROWS_PER_STATEMENT: usize = 2_000;

/// Runs `cypher` once per chunk of `rows`, each chunk as the list parameter `$rows`.
async fn run_rows(tx: &mut GraphTx, cypher: &str, rows: Vec<BoltType>) -> Result<(), RecordError> {
    run_chunks(tx, cypher, chunks(rows.into_iter().map(|r| (1, r)))).await
}

/// Runs `cypher` once per chunk, each as the list parameter `$rows`.
async fn run_chunks(
    tx: &mut GraphTx,
    cypher: &str,
    chunks: Vec<Vec<BoltType>>,
) -> Result<(), RecordError> {
    for chunk in chunks {
        tx.run(tx.q(cypher).param("rows", list(chunk))).await?;
    }
    Ok(())
}

/// Like [`run_rows`], collecting what the statements return.
async fn query_rows(
    tx: &mut GraphTx,
    cypher: &str,
    rows: Vec<BoltType>,
) -> Result<Vec<neo4rs::Row>, RecordError> {
    let mut out = Vec::new();
    for chunk in chunks(rows.into_iter().map(|r| (1, r))) {
        out.extend(tx.rows(tx.q(cypher).param("rows", list(chunk))).await?);
    }
    Ok(out)
}

/// Files materialized together: their stored analyses are read, and their rows built and
/// written, a chunk at a time.
const MATERIALIZED_PER_STATEMENT: usize = 200;

/// `rows` in lists of at most [`ROWS_PER_STATEMENT`] by weight (a row's own weight: 1, or a
/// commit's touched files), each list at least one row.
fn chunks(rows: impl IntoIterator<Item = (usize, BoltType)>) -> Vec<Vec<BoltType>> {
    let (mut out, mut chunk, mut weight) = (Vec::new(), Vec::new(), 0);
    for (n, row) in rows {
        if !chunk.is_empty() && weight + n > ROWS_PER_STATEMENT {
            out.push(std::mem::take(&mut chunk));
            weight = 0;
        }
        weight += n;
        chunk.push(row);
    }
    if !chunk.is_empty() {
        out.push(chunk);
    }
    out
}

/// Projects a batch of commits and analyses with a fixed number of statements, whatever its
/// size (rows go as `UNWIND` lists): the commits' repositories, authors, parents and touched
/// files; the analyses, stored by blob; then every file whose current blob changed or whose
/// current blob's analysis arrived is materialized once, from its newest state; finally the
/// calls to every name whose definitions changed are resolved again.
///
/// The graph it leaves is the one applying the records one by one in order leaves: a file's
/// newest state wins (a later record on a tie, as `updated_at <= ts` lets it), and a file is
/// materialized from the analysis of its final blob, whichever came first.
pub async fn project(
    tx: &mut GraphTx,
    commits: &[CommitObserved],
    analyses: &[AnalysisProduced],
) -> Result<(), RecordError> {
    let mut affected = Affected::default();
    store_analyses(tx, analyses).await?;
    let changed = project_commits(tx, commits).await?;
    let by_blob: HashMap<&str, &AnalysisProduced> =
        analyses.iter().map(|a| (a.blob_id.as_str(), a)).collect();
    // The files to materialize, by key: (repo, path, current blob, whether symbols may exist).
    let mut files: BTreeMap<String, (String, String, Option<String>, bool)> = BTreeMap::new();
    for row in changed {
        let blob = row.get::<Option<String>>("blob").ok().flatten();
        let had_symbols = row
            .get::<Option<String>>("analyzed")
            .ok()
            .flatten()
            .is_some();
        files.insert(
            row_str(&row, "key")?,
            (
                row_str(&row, "repo")?,
                row_str(&row, "path")?,
                blob,
                had_symbols,
            ),
        );
    }
    if !analyses.is_empty() {
        let blobs: Vec<BoltType> = by_blob.keys().map(|b| BoltType::from(*b)).collect();
        for row in query_rows(
            tx,
            "UNWIND $rows AS b MATCH (f:File {blob: b}) WHERE f.deleted = false \
             RETURN f.key AS key, f.repo AS repo, f.path AS path, b AS blob",
            blobs,
        )
        .await?
        {
            files.insert(
                row_str(&row, "key")?,
                (
                    row_str(&row, "repo")?,
                    row_str(&row, "path")?,
                    Some(row_str(&row, "blob")?),
                    true,
                ),
            );
        }
    }
    // A chunk of files at a time, so that only a chunk's stored analyses (each up to the
    // analysis size cap) are in memory at once.
    let files: Vec<_> = files.iter().collect();
    for chunk in files.chunks(MATERIALIZED_PER_STATEMENT) {
        // The analyses of current blobs that this batch did not bring: the stored ones.
        let wanted: BTreeSet<&str> = chunk
            .iter()
            .filter_map(|(_, (_, _, blob, _))| blob.as_deref())
            .filter(|b| !by_blob.contains_key(b))
            .collect();
        let stored = stored_analyses(tx, wanted).await?;
        let mut materialized = Vec::with_capacity(chunk.len());
        for (key, (repo, path, blob, had_symbols)) in chunk {
            let analysis = blob
                .as_deref()
                .and_then(|b| by_blob.get(b).copied().or_else(|| stored.get(b)));
            // Nothing to take down and nothing to build: the common case of a backfill whose
            // analyses come later (they materialize the file when they arrive).
            if analysis.is_none() && !had_symbols {
                continue;
            }
            materialized.push(Materialize {
                key,
                repo,
                path,
                analysis,
            });
        }
        materialize(tx, &materialized, &mut affected).await?;
    }
    resolve_calls(tx, &affected).await
}

/// Stores each analysis by blob (a blob's analysis is the same wherever the blob is).
async fn store_analyses(
    tx: &mut GraphTx,
    analyses: &[AnalysisProduced],
) -> Result<(), RecordError> {
    let mut rows = Vec::with_capacity(analyses.len());
    for a in analyses {
        let body = serde_json::to_string(a).map_err(RecordError::poison_from)?;
        rows.push(map([
            ("blob", a.blob_id.as_str().into()),
            ("event_id", a.event_id.as_str().into()),
            ("version", a.analyzer_version.as_str().into()),
            ("body", body.into()),
        ]));
    }
    run_rows(
        tx,
        "UNWIND $rows AS x MERGE (a:Analysis {key: x.blob}) \
         SET a.event_id = x.event_id, a.version = x.version, a.body = x.body",
        rows,
    )
    .await
}

/// Projects the commits: their repositories, authors, parents and touched files, then each
/// touched path's newest state. Returns the files whose state this batch changed, with their
/// current blob and the blob they were last materialized from.
///
/// The relationships of a repository, an author or a file grow with its history (a repository
/// holds every commit and file), and merging a relationship costs a scan of the node's
/// relationships on the graph server (kglite: 20 ms for 500 commits into an empty repository,
/// 144 ms once it holds 20,000), so a backfill would slow down as it goes. The relationships of a
/// commit and of a file are therefore *created* once, when the commit is projected for the first
/// time (its `committed_at` still unset: new, or only known as a parent) and when the file is
/// first seen; a commit met again (a duplicate) changes only its own properties. Parent links
/// are merged: both ends have a handful.
async fn project_commits(
    tx: &mut GraphTx,
    commits: &[CommitObserved],
) -> Result<Vec<neo4rs::Row>, RecordError> {
    if commits.is_empty() {
        return Ok(Vec::new());
    }
    // A commit twice in one batch (a redelivery) is projected once, from its last copy.
    let mut latest: BTreeMap<String, &CommitObserved> = BTreeMap::new();
    for c in commits {
        latest.insert(model::commit_key(&c.repository, &c.sha), c);
    }
    let mut repos: BTreeSet<&str> = BTreeSet::new();
    let mut files: BTreeMap<String, BoltType> = BTreeMap::new();
    let (mut nodes, mut parents) = (Vec::new(), Vec::new());
    for (ck, c) in &latest {
        let repo = c.repository.as_str();
        repos.insert(repo);
        // A path listed twice in one commit (a type change as a deletion and an addition) is
        // touched once, as its last entry says.
        let mut last: BTreeMap<&str, &tributary_schemas::FileChange> = BTreeMap::new();
        for f in &c.files {
            last.insert(f.path.as_str(), f);
        }
        let touched: Vec<BoltType> = last
            .into_values()
            .map(|f| {
                let key = model::file_key(repo, &f.path);
                files.entry(key.clone()).or_insert_with(|| {
                    map([
                        ("key", key.as_str().into()),
                        ("repo", repo.into()),
                        ("path", f.path.as_str().into()),
                    ])
                });
                map([
                    ("key", key.into()),
                    ("status", f.status.as_str().into()),
                    ("additions", i64::from(f.additions).into()),
                    ("deletions", i64::from(f.deletions).into()),
                ])
            })
            .collect();
        nodes.push((
            touched.len(),
            map([
                ("repo", repo.into()),
                ("ck", ck.as_str().into()),
                ("sha", c.sha.as_str().into()),
                (
                    "subject",
                    c.message.lines().next().unwrap_or_default().into(),
                ),
                ("ts", c.committed_at.into()),
                ("email", c.author_email.to_lowercase().into()),
                ("name", c.author_name.as_str().into()),
                ("files", list(touched)),
            ]),
        ));
        for p in &c.parents {
            parents.push(map([
                ("ck", ck.as_str().into()),
                ("key", model::commit_key(repo, p).into()),
                ("sha", p.as_str().into()),
                ("repo", repo.into()),
            ]));
        }
    }
    run_rows(
        tx,
        "UNWIND $rows AS repo MERGE (r:Repository {key: repo}) SET r.name = repo",
        repos.into_iter().map(BoltType::from).collect(),
    )
    .await?;
    run_rows(
        tx,
        "UNWIND $rows AS f \
         OPTIONAL MATCH (known:File {key: f.key}) \
         WITH f, known WHERE known IS NULL \
         MATCH (r:Repository {key: f.repo}) \
         CREATE (file:File {key: f.key, repo: f.repo, path: f.path, updated_at: -1, \
                            deleted: false}) \
         CREATE (r)-[:CONTAINS]->(file)",
        files.into_values().collect(),
    )
    .await?;
    // Commits in statements of about ROWS_PER_STATEMENT touched files (a commit's files travel
    // with it).
    run_chunks(
        tx,
        "UNWIND $rows AS x \
         MERGE (c:Commit {key: x.ck}) \
         WITH c, x, c.committed_at IS NULL AS first \
         SET c.sha = x.sha, c.repo = x.repo, c.subject = x.subject, \
             c.committed_at = x.ts \
         WITH c, x, first WHERE first \
         MATCH (r:Repository {key: x.repo}) \
         MERGE (a:Author {key: x.email}) SET a.name = x.name, a.email = x.email \
         CREATE (r)-[:HAS_COMMIT]->(c) \
         CREATE (a)-[:AUTHORED]->(c) \
         WITH c, x \
         UNWIND x.files AS f \
         MATCH (file:File {key: f.key}) \
         CREATE (c)-[:TOUCHED {status: f.status, additions: f.additions, \
                               deletions: f.deletions}]->(file)",
        chunks(nodes),
    )
    .await?;
    run_rows(
        tx,
        "UNWIND $rows AS p \
         MATCH (c:Commit {key: p.ck}) \
         MERGE (pc:Commit {key: p.key}) ON CREATE SET pc.sha = p.sha, pc.repo = p.repo \
         MERGE (c)-[:PARENT]->(pc)",
        parents,
    )
    .await?;
    let states: Vec<BoltType> = model::newest_states(commits)
        .into_iter()
        .map(|(key, s)| {
            map([
                ("key", key.into()),
                ("repo", s.repo.into()),
                ("path", s.path.into()),
                ("ts", s.ts.into()),
                ("blob", opt(s.blob)),
                ("deleted", s.deleted.into()),
                ("language", opt(s.language)),
            ])
        })
        .collect();
    query_rows(
        tx,
        "UNWIND $rows AS s \
         MATCH (file:File {key: s.key}) \
         WHERE file.updated_at <= s.ts \
         SET file.updated_at = s.ts, file.blob = s.blob, file.deleted = s.deleted, \
             file.language = s.language \
         RETURN file.key AS key, s.repo AS repo, file.path AS path, s.blob AS blob, \
                file.analyzed_blob AS analyzed",
        states,
    )
    .await
}

/// The stored analyses of `blobs` that have arrived, by blob.
async fn stored_analyses(
    tx: &mut GraphTx,
    blobs: BTreeSet<&str>,
) -> Result<HashMap<String, AnalysisProduced>, RecordError> {
    let rows: Vec<BoltType> = blobs.into_iter().map(BoltType::from).collect();
    let mut out = HashMap::new();
    for row in query_rows(
        tx,
        "UNWIND $rows AS b MATCH (a:Analysis {key: b}) RETURN b AS blob, a.body AS body",
        rows,
    )
    .await?
    {
        let blob = row_str(&row, "blob")?;
        let body = row_str(&row, "body")?;
        let analysis = serde_json::from_str(&body).map_err(|e| {
            RecordError::poison(format!("stored analysis of {blob}: {e}")).because(e)
        })?;
        out.insert(blob, analysis);
    }
    Ok(out)
}

/// One file to materialize: its symbols become those of `analysis` (none when `None`).
struct Materialize<'a> {
    key: &'a str,
    repo: &'a str,
    path: &'a str,
    analysis: Option<&'a AnalysisProduced>,
}

/// Makes each file's symbols, nesting, call sites and imports those of its analysis, keeping
/// the nodes of definitions that stay so that calls into them stay too; a few statements for
/// all the files together.
async fn materialize(
    tx: &mut GraphTx,
    files: &[Materialize<'_>],
    affected: &mut Affected,
) -> Result<(), RecordError> {
    if files.is_empty() {
        return Ok(());
    }
    let fks = || -> Vec<BoltType> { files.iter().map(|f| BoltType::from(f.key)).collect() };
    let graphs: Vec<FileGraph> = files
        .iter()
        .map(|f| {
            f.analysis
                .map(|a| model::file_graph(f.repo, f.path, a))
                .unwrap_or_default()
        })
        .collect();
    // The definitions each file has now, by file key: key -> (name, signature).
    let mut existing: HashMap<String, HashMap<String, (String, String)>> = HashMap::new();
    for r in query_rows(
        tx,
        "UNWIND $rows AS fk MATCH (f:File {key: fk})-[:DEFINES]->(s:Symbol) \
         RETURN fk, s.key AS key, s.name AS name, s.signature AS signature",
        fks(),
    )
    .await?
    {
        let signature = r.get::<Option<String>>("signature").ok().flatten();
        existing.entry(row_str(&r, "fk")?).or_default().insert(
            row_str(&r, "key")?,
            (row_str(&r, "name")?, signature.unwrap_or_default()),
        );
    }
    let none = HashMap::new();
    let (mut stale, mut symbols, mut nesting, mut uses, mut imports, mut totals) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for (f, g) in files.iter().zip(&graphs) {
        let had = existing.get(f.key).unwrap_or(&none);
        let keep: BTreeSet<&str> = g.symbols.iter().map(|s| s.key.as_str()).collect();
        // The file is resolved again; so are the files that use a name whose definitions
        // changed here: one removed or added, or one whose declaration (its bases) changed. An
        // edit inside bodies changes no name: only the file itself is resolved again.
        affected.file(f.repo, f.key);
        for (k, (name, _)) in had {
            if !keep.contains(k.as_str()) {
                affected.name(f.repo, name.clone());
                stale.push(BoltType::from(k.as_str()));
            }
        }
        for s in &g.symbols {
            let first = !had.contains_key(&s.key);
            if had.get(&s.key).is_none_or(|(_, sig)| *sig != s.signature) {
                affected.name(f.repo, s.name.clone());
            }
            symbols.push(map([
                ("first", first.into()),
                ("fk", f.key.into()),
                ("repo", f.repo.into()),
                ("path", f.path.into()),
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
                ("idx", s.index.into()),
                ("language", opt(f.analysis.and_then(|a| a.language.clone()))),
            ]));
        }
        for (p, c) in &g.nesting {
            nesting.push(map([
                ("parent", p.as_str().into()),
                ("child", c.as_str().into()),
            ]));
        }
        for name in &g.uses {
            uses.push(map([
                ("fk", f.key.into()),
                ("nk", model::name_key(f.repo, name).into()),
                ("name", name.as_str().into()),
                ("repo", f.repo.into()),
            ]));
        }
        for m in &g.imports {
            imports.push(map([
                ("fk", f.key.into()),
                ("key", model::module_key(f.repo, m).into()),
                ("name", m.as_str().into()),
                ("repo", f.repo.into()),
            ]));
        }
        let (lines, code_lines, complexity) = f
            .analysis
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
        let language = f.analysis.and_then(|a| a.language.as_deref());
        let bindings = f
            .analysis
            .filter(|a| !a.bindings.is_empty())
            .and_then(|a| serde_json::to_string(&a.bindings).ok());
        totals.push(map([
            ("fk", f.key.into()),
            (
                "module",
                tributary_callgraph::module_key(language, f.path).into(),
            ),
            ("bindings", opt(bindings)),
            ("blob", opt(f.analysis.map(|a| a.blob_id.clone()))),
            ("lines", lines.into()),
            ("code_lines", code_lines.into()),
            ("complexity", complexity.into()),
        ]));
    }
    run_rows(
        tx,
        "UNWIND $rows AS k MATCH (s:Symbol {key: k}) DETACH DELETE s",
        stale,
    )
    .await?;
    // Outgoing edges of the files' symbols are rebuilt from their analyses.
    for rel in ["DECLARES", "CALLS"] {
        run_rows(
            tx,
            &format!(
                "UNWIND $rows AS fk \
                 MATCH (f:File {{key: fk}})-[:DEFINES]->(s:Symbol)-[e:{rel}]->() DELETE e"
            ),
            fks(),
        )
        .await?;
    }
    for rel in ["IMPORTS", "USES"] {
        run_rows(
            tx,
            &format!("UNWIND $rows AS fk MATCH (f:File {{key: fk}})-[e:{rel}]->() DELETE e"),
            fks(),
        )
        .await?;
    }
    // The files' symbols' outgoing edges and imports are gone, and each file's rows are
    // distinct: they are created, not merged (see `project_commits` on why merging
    // relationships is avoided); a definition is linked to its file when it first appears.
    run_rows(
        tx,
        "UNWIND $rows AS x \
         MERGE (s:Symbol {key: x.key}) \
         SET s.sid = x.sid, s.repo = x.repo, s.path = x.path, s.kind = x.kind, \
             s.name = x.name, s.qualified_name = x.qualified_name, \
             s.start_line = x.start_line, s.end_line = x.end_line, \
             s.signature = x.signature, s.doc = x.doc, s.complexity = x.complexity, \
             s.idx = x.idx, s.language = x.language \
         WITH s, x WHERE x.first \
         MATCH (f:File {key: x.fk}) \
         CREATE (f)-[:DEFINES]->(s)",
        symbols,
    )
    .await?;
    run_rows(
        tx,
        "UNWIND $rows AS x \
         MATCH (p:Symbol {key: x.parent}) MATCH (c:Symbol {key: x.child}) \
         CREATE (p)-[:DECLARES]->(c)",
        nesting,
    )
    .await?;
    run_rows(
        tx,
        "UNWIND $rows AS x \
         MATCH (f:File {key: x.fk}) \
         MERGE (n:CalleeName {key: x.nk}) ON CREATE SET n.repo = x.repo, n.name = x.name \
         CREATE (f)-[:USES]->(n)",
        uses,
    )
    .await?;
    run_rows(
        tx,
        "UNWIND $rows AS m \
         MATCH (f:File {key: m.fk}) \
         MERGE (mo:Module {key: m.key}) ON CREATE SET mo.repo = m.repo, mo.name = m.name \
         CREATE (f)-[:IMPORTS]->(mo)",
        imports,
    )
    .await?;
    run_rows(
        tx,
        "UNWIND $rows AS x \
         MATCH (f:File {key: x.fk}) \
         SET f.analyzed_blob = x.blob, f.lines = x.lines, f.code_lines = x.code_lines, \
             f.complexity = x.complexity, f.module = x.module, f.bindings = x.bindings",
        totals,
    )
    .await
}

/// Resolves again the calls of every affected file and of every file that uses an affected
/// name ([`tributary_callgraph`]): its `CALLS` edges go to the definitions found, with how
/// (`kind`), or to the callee's name with how many definitions carry it (`candidates`).
async fn resolve_calls(tx: &mut GraphTx, affected: &Affected) -> Result<(), RecordError> {
    for (repo, (files, names)) in &affected.0 {
        let mut files = files.clone();
        let name_keys: Vec<BoltType> = names
            .iter()
            .map(|n| BoltType::from(model::name_key(repo, n)))
            .collect();
        for row in query_rows(
            tx,
            "UNWIND $rows AS nk MATCH (:CalleeName {key: nk})<-[:USES]-(f:File) \
             RETURN DISTINCT f.key AS fk",
            name_keys,
        )
        .await?
        {
            files.insert(row_str(&row, "fk")?);
        }
        let files: Vec<&String> = files.iter().collect();
        for chunk in files.chunks(MATERIALIZED_PER_STATEMENT) {
            resolve_chunk(tx, repo, chunk).await?;
        }
    }
    Ok(())
}

/// [`resolve_calls`] for some files of one repository.
async fn resolve_chunk(tx: &mut GraphTx, repo: &str, keys: &[&String]) -> Result<(), RecordError> {
    let rows: Vec<BoltType> = keys.iter().map(|k| BoltType::from(k.as_str())).collect();
    // The files' current analyses.
    let mut current: Vec<(String, String, String)> = Vec::new();
    for row in query_rows(
        tx,
        "UNWIND $rows AS fk MATCH (f:File {key: fk}) WHERE f.analyzed_blob IS NOT NULL \
         RETURN fk, f.path AS path, f.analyzed_blob AS blob",
        rows.clone(),
    )
    .await?
    {
        current.push((
            row_str(&row, "fk")?,
            row_str(&row, "path")?,
            row_str(&row, "blob")?,
        ));
    }
    let analyses =
        stored_analyses(tx, current.iter().map(|(_, _, b)| b.as_str()).collect()).await?;
    let files: Vec<(File, FileGraph)> = current
        .iter()
        .filter_map(|(_, path, blob)| {
            let a = analyses.get(blob)?;
            Some((
                File::from_analysis(path, a),
                model::file_graph(repo, path, a),
            ))
        })
        .collect();
    // The definitions they may reach, and the files their imports may re-export through.
    let wanted: BTreeSet<String> = files.iter().flat_map(|(f, _)| wanted_names(f)).collect();
    let mut definitions = Vec::new();
    for row in query_rows(
        tx,
        "UNWIND $rows AS x MATCH (t:Symbol {name: x.name}) WHERE t.repo = x.repo \
         RETURN t.key AS key, t.path AS path, t.language AS language, t.kind AS kind, \
                t.name AS name, t.qualified_name AS qualified_name, t.idx AS idx, \
                t.signature AS signature",
        wanted
            .iter()
            .map(|n| map([("name", n.as_str().into()), ("repo", repo.into())]))
            .collect(),
    )
    .await?
    {
        definitions.push(Definition {
            id: row_str(&row, "key")?,
            path: row_str(&row, "path")?,
            language: row.get::<Option<String>>("language").ok().flatten(),
            kind: row_str(&row, "kind")?,
            name: row_str(&row, "name")?,
            qualified_name: row_str(&row, "qualified_name")?,
            index: row
                .get::<i64>("idx")
                .ok()
                .and_then(|i| usize::try_from(i).ok())
                .unwrap_or(usize::MAX),
            signature: row_str(&row, "signature")?,
        });
    }
    let mut index = Index::new(definitions);
    let modules: BTreeSet<String> = files.iter().flat_map(|(f, _)| wanted_modules(f)).collect();
    for row in query_rows(
        tx,
        "UNWIND $rows AS x MATCH (f:File {module: x.module}) \
         WHERE f.repo = x.repo AND f.bindings IS NOT NULL \
         RETURN f.path AS path, f.bindings AS bindings",
        modules
            .iter()
            .map(|m| map([("module", m.as_str().into()), ("repo", repo.into())]))
            .collect(),
    )
    .await?
    {
        let path = row_str(&row, "path")?;
        let body = row_str(&row, "bindings")?;
        let bindings: Vec<ImportBinding> = serde_json::from_str(&body).map_err(|e| {
            RecordError::poison(format!("stored bindings of {path}: {e}")).because(e)
        })?;
        let language = tributary_schemas::language::detect(&path);
        index.add_bindings(path, language, bindings);
    }
    for (f, _) in &files {
        index.add_bindings(f.path.clone(), f.language.as_deref(), f.bindings.clone());
    }
    // The edges: one per (caller, target), by kind; unresolved ones per (caller, name).
    let (mut resolved, mut unresolved) = (BTreeMap::new(), BTreeMap::new());
    for (file, graph) in &files {
        for (call, target) in file.calls.iter().zip(resolve_file(file, &index)) {
            let Some(caller) = call.caller.and_then(|i| graph.symbols.get(i)) else {
                continue;
            };
            match target {
                Target::Resolved { id, kind } => {
                    let (_, _, lines) = resolved.entry((caller.key.clone(), id)).or_insert((
                        call.callee.clone(),
                        kind,
                        BTreeSet::new(),
                    ));
                    lines.insert(i64::from(call.line));
                }
                Target::Unresolved { candidates } => {
                    unresolved.insert((caller.key.clone(), call.callee.clone()), candidates);
                }
            }
        }
    }
    run_rows(
        tx,
        "UNWIND $rows AS fk MATCH (f:File {key: fk})-[:DEFINES]->(:Symbol)-[e:CALLS]->() DELETE e",
        rows,
    )
    .await?;
    run_rows(
        tx,
        "UNWIND $rows AS e \
         MATCH (c:Symbol {key: e.caller}) MATCH (t:Symbol {key: e.target}) \
         CREATE (c)-[:CALLS {name: e.name, kind: e.kind, lines: e.lines}]->(t)",
        resolved
            .into_iter()
            .map(|((caller, target), (name, kind, lines))| {
                map([
                    ("caller", caller.into()),
                    ("target", target.into()),
                    ("name", name.into()),
                    ("kind", kind.as_str().into()),
                    (
                        "lines",
                        list(lines.into_iter().map(BoltType::from).collect()),
                    ),
                ])
            })
            .collect(),
    )
    .await?;
    run_rows(
        tx,
        "UNWIND $rows AS e \
         MATCH (c:Symbol {key: e.caller}) \
         MERGE (t:CalleeName {key: e.nk}) ON CREATE SET t.repo = e.repo, t.name = e.name \
         CREATE (c)-[:CALLS {name: e.name, candidates: e.candidates}]->(t)",
        unresolved
            .into_iter()
            .map(|((caller, name), candidates)| {
                map([
                    ("caller", caller.into()),
                    ("nk", model::name_key(repo, &name).into()),
                    ("name", name.into()),
                    ("repo", repo.into()),
                    (
                        "candidates",
                        i64::try_from(candidates).unwrap_or(i64::MAX).into(),
                    ),
                ])
            })
            .collect(),
    )
    .await
}
