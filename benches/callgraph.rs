//! Call resolution against ground truth, and on real code.
//!
//! The ground truth is `tests/callgraph` (its README): small programs, one folder per case and
//! language, each with the call edges a correct resolver finds (`expected.json`). The whole
//! folder is ONE repository, so names collide across cases as they do in real code. Every
//! resolved call site whose caller is in a case gives a predicted edge (caller, target), correct
//! when the case expects it. Printed: precision and recall per language and per resolution kind
//! (`local`, `import`, `receiver`, `unique-name`), how many calls the suite says must stay
//! unresolved were linked, and the goal: precision >= 0.95 and recall >= 0.80 in every
//! language. Endpoints of `expected.json` that name no definition, or several, are reported on
//! stderr (defects of the suite or of the analyzer) and left out of the scores.
//!
//! - default: through the real pipeline on the local stack (`scripts/stack.sh start`): the suite
//!   is committed into a temporary git repository, registered and backfilled as
//!   `bench/callgraph` under a topic prefix and PostgreSQL schemas of its own, analyzed by the
//!   AST analyzer, projected into PostgreSQL and read back from the query API
//!   (`GET /repos/bench/callgraph/calls`), whose edges must equal the offline ones (checked:
//!   the bench fails otherwise);
//! - `--offline`: the same analyses and resolution ([`tributary_callgraph`]) in-process, no
//!   servers.
//!
//! Then real code: every file of a corpus's language family (C and C++ are one: headers are
//! C) is analyzed and resolved, and the share of its call sites resolved, by kind, is set
//! against the rule before scope-aware resolution (a call was resolved when exactly one
//! definition of the corpus carried its name, outside top-level code). Corpora are given as
//! `--corpus LANG=DIR` (repeatable) or `TRIBUTARY_BENCH_CALLGRAPH_CORPORA=LANG=DIR,LANG=DIR`;
//! by default, those found on the machine: this repository's Rust (without `target`), pip in
//! `~/.tributary/venv`, npm, Go's and Ruby's standard libraries, and the C and C++ vendored by
//! `libgit2-sys` and `aws-lc-sys` (or `rdkafka-sys`) in cargo's registry.
//!
//! ```text
//! cargo bench --profile dev --bench callgraph -- [--offline] [--verbose] [--language NAME]
//!     [--corpus LANG=DIR]... [--no-corpora] [--max-files N] [--sample LANG N] [--timeout SECS]
//! ```
//!
//! - `--verbose`: per case, the expected edges missed (and what the call did instead) and the
//!   edges found wrongly, as `python/03-aliases: MISS main.py#run -> util.py#helper (import):
//!   unresolved, 2 candidates` and `python/03-aliases: WRONG main.py#run -> other.py#helper
//!   (unique-name) at main.py:12`;
//! - `--language NAME`: that language's cases and corpora only (the whole suite is still
//!   analyzed and resolved: it is one repository);
//! - `--max-files N`: at most N files per corpus (default 5000; files over 1 MiB are skipped);
//! - `--sample LANG N`: N resolved call sites of the LANG corpora, drawn with a fixed seed, with
//!   the line they are on and the definition they reach, to check by hand;
//! - `--no-corpora`: the suite only;
//! - `--timeout SECS`: how long the pipeline may take to answer for every file (default 300).

use anyhow::{bail, ensure, Context};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tributary::app::{self, Infra};
use tributary::defaults;
use tributary_callgraph::{
    family, resolve_file, wanted_names, Definition, File, Index, Kind, Target,
};
use tributary_processors::ast::{analysis_of, spec};
use tributary_producers::git::GitConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_query_api::QueryApiConfig;
use tributary_runtime::{KafkaArgs, Shutdown};
use tributary_schemas::language::detect;
use tributary_schemas::{AnalysisProduced, BlobObserved};

/// The ground-truth suite.
const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/callgraph");
/// The repository the suite is registered as.
const REPO: &str = "bench/callgraph";
/// The symbol of a file's top-level code.
const MODULE: &str = "<module>";
/// Files of a corpus over this many bytes are left out.
const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// The goal, in every language.
const GOAL_PRECISION: f64 = 0.95;
const GOAL_RECALL: f64 = 0.80;
/// Resolution kinds, in table order.
const KINDS: [Kind; 4] = [Kind::Local, Kind::Import, Kind::Receiver, Kind::UniqueName];
/// The secret of the query API this bench starts, and of its reader token.
const JWT_SECRET: &str = "bench-callgraph-jwt-secret-of-32-bytes";
/// The seed of `--sample`.
const SEED: u64 = 0x7472_6962_7574_6172;

// ---------------------------------------------------------------------------------------------
// Command line

/// The command line.
struct Args {
    offline: bool,
    verbose: bool,
    language: Option<String>,
    corpora: Vec<Corpus>,
    no_corpora: bool,
    max_files: usize,
    sample: Option<(String, usize)>,
    timeout: Duration,
}

/// A directory of real code in one language.
#[derive(Debug, Clone)]
struct Corpus {
    language: String,
    dir: PathBuf,
}

/// The value after `flag`.
fn value(argv: &mut impl Iterator<Item = String>, flag: &str) -> anyhow::Result<String> {
    argv.next().with_context(|| format!("{flag} needs a value"))
}

fn number<T: std::str::FromStr>(text: &str, flag: &str) -> anyhow::Result<T> {
    text.parse()
        .ok()
        .with_context(|| format!("{flag}: {text:?} is not a number"))
}

/// `LANG=DIR`.
fn corpus_arg(text: &str) -> anyhow::Result<Corpus> {
    let (language, dir) = text
        .split_once('=')
        .with_context(|| format!("corpus {text:?}: expected LANG=DIR"))?;
    ensure!(
        spec(language).is_some(),
        "corpus {text:?}: the analyzer has no language {language:?}"
    );
    Ok(Corpus {
        language: language.to_string(),
        dir: PathBuf::from(dir),
    })
}

impl Args {
    fn parse(mut argv: impl Iterator<Item = String>) -> anyhow::Result<Self> {
        let mut args = Args {
            offline: false,
            verbose: false,
            language: None,
            corpora: Vec::new(),
            no_corpora: false,
            max_files: 5000,
            sample: None,
            timeout: Duration::from_secs(300),
        };
        while let Some(arg) = argv.next() {
            match arg.as_str() {
                "--offline" => args.offline = true,
                "--verbose" | "-v" => args.verbose = true,
                "--no-corpora" => args.no_corpora = true,
                // `cargo bench` passes it to every bench binary.
                "--bench" => {}
                "--language" => args.language = Some(value(&mut argv, &arg)?),
                "--corpus" => args.corpora.push(corpus_arg(&value(&mut argv, &arg)?)?),
                "--max-files" => args.max_files = number(&value(&mut argv, &arg)?, &arg)?,
                "--timeout" => {
                    args.timeout = Duration::from_secs(number(&value(&mut argv, &arg)?, &arg)?)
                }
                "--sample" => {
                    let language = value(&mut argv, &arg)?;
                    let n = number(&value(&mut argv, &arg)?, &arg)?;
                    args.sample = Some((language, n));
                }
                other => bail!("unknown argument {other:?} (see benches/callgraph.rs)"),
            }
        }
        if let Ok(list) = std::env::var("TRIBUTARY_BENCH_CALLGRAPH_CORPORA") {
            for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                args.corpora.push(corpus_arg(item)?);
            }
        }
        Ok(args)
    }
}

// ---------------------------------------------------------------------------------------------
// Files and their analyses

/// The files under `root` that `keep` accepts (by their path relative to `root`, with `/`),
/// depth first in name order, at most `max`; hidden folders, `target` folders, symbolic links
/// and files over [`MAX_FILE_BYTES`] are left out.
fn files_under(root: &Path, max: usize, keep: &dyn Fn(&str) -> bool) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    walk(root, root, max, keep, &mut out);
    out
}

fn walk(
    root: &Path,
    dir: &Path,
    max: usize,
    keep: &dyn Fn(&str) -> bool,
    out: &mut Vec<(String, PathBuf)>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if out.len() >= max {
            return;
        }
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if meta.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(root, &entry.path(), max, keep, out);
            }
            continue;
        }
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            continue;
        }
        let path = entry.path();
        let Some(relative) = relative_path(root, &path) else {
            continue;
        };
        if keep(&relative) {
            out.push((relative, path));
        }
    }
}

/// `path` relative to `root`, with `/` (none when not UTF-8).
fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path
        .strip_prefix(root)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    parts.map(|p| p.join("/"))
}

/// The language of `path` when the analyzer parses it.
fn analyzed_language(path: &str) -> Option<&'static str> {
    detect(path).filter(|l| spec(l).is_some())
}

/// One analyzed file.
struct Source {
    /// Relative to its repository's (or corpus's) root.
    path: String,
    analysis: AnalysisProduced,
}

/// The analysis the AST analyzer emits for the blob of `path` (of `language`) with `content`.
fn analysis(path: &str, language: &str, content: Vec<u8>) -> AnalysisProduced {
    analysis_of(&BlobObserved {
        event_id: String::new(),
        blob_id: path.to_string(),
        repository: REPO.to_string(),
        path: path.to_string(),
        language: Some(language.to_string()),
        size: i64::try_from(content.len()).unwrap_or(i64::MAX),
        binary: false,
        truncated: false,
        content: Some(content),
    })
}

/// The analyses of `files` (relative path, file on disk) of the languages the analyzer parses;
/// a file that cannot be read is reported and left out.
fn analyze_files(files: &[(String, PathBuf)]) -> Vec<Source> {
    files
        .iter()
        .filter_map(|(path, file)| {
            let language = analyzed_language(path)?;
            match std::fs::read(file) {
                Ok(content) => Some(Source {
                    path: path.clone(),
                    analysis: analysis(path, language, content),
                }),
                Err(e) => {
                    eprintln!("warning: {} not read: {e}", file.display());
                    None
                }
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Call graphs

/// A definition of a call graph.
#[derive(Debug, Clone)]
struct Def {
    id: String,
    path: String,
    kind: String,
    name: String,
    qualified_name: String,
    start_line: i32,
    end_line: i32,
    /// Its declaration line (the API's answer leaves it out: empty).
    signature: String,
}

impl Def {
    /// How it is told apart across call graphs (ids differ): `path#name@start_line`.
    fn key(&self) -> String {
        format!("{}#{}@{}", self.path, self.name, self.start_line)
    }

    fn span(&self) -> i32 {
        self.end_line - self.start_line
    }
}

/// A call site and where it goes.
#[derive(Debug, Clone)]
struct Site {
    path: String,
    line: i32,
    /// The calling definition's id.
    caller: String,
    /// The callee's name as written.
    callee: String,
    target: Target,
}

impl Site {
    fn resolved(&self) -> Option<(&str, Kind)> {
        match &self.target {
            Target::Resolved { id, kind } => Some((id, *kind)),
            Target::Unresolved { .. } => None,
        }
    }
}

/// A repository's call graph: its definitions by id, its call sites in file order (those with
/// a caller, as the query API answers).
#[derive(Debug, Default)]
struct Graph {
    defs: HashMap<String, Def>,
    sites: Vec<Site>,
}

impl Graph {
    /// Its resolved edges, endpoints by [`Def::key`], with how they were found.
    fn edges(&self) -> BTreeSet<(String, String, Kind)> {
        self.sites
            .iter()
            .filter_map(|s| {
                let (target, kind) = s.resolved()?;
                let caller = self.defs.get(&s.caller)?.key();
                Some((caller, self.defs.get(target)?.key(), kind))
            })
            .collect()
    }
}

/// The offline id of definition `i` of the file at `path`.
fn id(path: &str, i: usize) -> String {
    format!("{path}#{i}")
}

/// `graph` resolved by the rule before scope-aware resolution: a site whose callee's name is
/// carried by exactly one definition of the repository goes there; the others, and every
/// top-level call, stay unresolved.
fn old_rule(graph: &Graph) -> Graph {
    let mut named: HashMap<&str, Vec<&str>> = HashMap::new();
    for d in graph.defs.values().filter(|d| d.name != MODULE) {
        named
            .entry(d.name.as_str())
            .or_default()
            .push(d.id.as_str());
    }
    let sites = graph
        .sites
        .iter()
        .map(|s| {
            let top_level = graph.defs.get(&s.caller).is_none_or(|c| c.name == MODULE);
            let target = match named.get(s.callee.as_str()).map(Vec::as_slice) {
                Some([one]) if !top_level => Target::Resolved {
                    id: (*one).to_string(),
                    kind: Kind::UniqueName,
                },
                other => Target::Unresolved {
                    candidates: other.map_or(0, <[&str]>::len),
                },
            };
            Site {
                path: s.path.clone(),
                line: s.line,
                caller: s.caller.clone(),
                callee: s.callee.clone(),
                target,
            }
        })
        .collect();
    Graph {
        defs: graph.defs.clone(),
        sites,
    }
}

/// The index of every definition and import binding of `sources`.
fn index_of(sources: &[Source]) -> Index {
    let mut index = Index::new(sources.iter().flat_map(|source| {
        source
            .analysis
            .symbols
            .iter()
            .enumerate()
            .map(|(i, s)| Definition {
                id: id(&source.path, i),
                path: source.path.clone(),
                language: source.analysis.language.clone(),
                kind: s.kind.clone(),
                name: s.name.clone(),
                qualified_name: s.qualified_name.clone(),
                index: i,
                signature: s.signature.clone(),
            })
    }));
    for source in sources {
        index.add_bindings(
            source.path.clone(),
            source.analysis.language.as_deref(),
            source.analysis.bindings.clone(),
        );
    }
    index
}

/// The call graph of `sources`, one repository, resolved in-process the way both read models
/// resolve (definition ids: `path#index`).
fn resolve(sources: &[Source]) -> Graph {
    let mut graph = Graph::default();
    for source in sources {
        for (i, s) in source.analysis.symbols.iter().enumerate() {
            graph.defs.insert(
                id(&source.path, i),
                Def {
                    id: id(&source.path, i),
                    path: source.path.clone(),
                    kind: s.kind.clone(),
                    name: s.name.clone(),
                    qualified_name: s.qualified_name.clone(),
                    start_line: s.start_line,
                    end_line: s.end_line,
                    signature: s.signature.clone(),
                },
            );
        }
    }
    let index = index_of(sources);
    for source in sources {
        let file = File::from_analysis(&source.path, &source.analysis);
        let symbols = source.analysis.symbols.len();
        for (call, target) in source
            .analysis
            .calls
            .iter()
            .zip(resolve_file(&file, &index))
        {
            let Some(caller) = call
                .caller
                .and_then(|i| usize::try_from(i).ok())
                .filter(|i| *i < symbols)
            else {
                continue;
            };
            graph.sites.push(Site {
                path: source.path.clone(),
                line: call.line,
                caller: id(&source.path, caller),
                callee: call.callee.clone(),
                target,
            });
        }
    }
    graph
}

// ---------------------------------------------------------------------------------------------
// The pipeline

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

/// What the query API must cover before its answer is read: the files with definitions, and
/// those with call sites, of the offline analyses.
struct Coverage {
    symbols: BTreeSet<String>,
    sites: BTreeSet<String>,
}

impl Coverage {
    fn of(graph: &Graph) -> Self {
        Coverage {
            symbols: graph.defs.values().map(|d| d.path.clone()).collect(),
            sites: graph.sites.iter().map(|s| s.path.clone()).collect(),
        }
    }

    /// How many of the files are not yet in `answer`.
    fn missing(&self, answer: &CallsAnswer) -> usize {
        let symbols: BTreeSet<&str> = answer.symbols.iter().map(|s| s.path.as_str()).collect();
        let sites: BTreeSet<&str> = answer.sites.iter().map(|s| s.path.as_str()).collect();
        self.symbols
            .iter()
            .filter(|p| !symbols.contains(p.as_str()))
            .count()
            + self
                .sites
                .iter()
                .filter(|p| !sites.contains(p.as_str()))
                .count()
    }
}

/// `GET /repos/{owner}/{name}/calls`.
#[derive(Debug, Deserialize)]
struct CallsAnswer {
    symbols: Vec<ApiSymbol>,
    sites: Vec<ApiSite>,
    truncated: bool,
}

#[derive(Debug, Deserialize)]
struct ApiSymbol {
    id: String,
    kind: String,
    name: String,
    qualified_name: String,
    path: String,
    start_line: i32,
    end_line: i32,
}

#[derive(Debug, Deserialize)]
struct ApiSite {
    path: String,
    line: i32,
    caller: String,
    callee: String,
    target: Option<String>,
    resolution: Option<String>,
    candidates: Option<usize>,
}

impl CallsAnswer {
    fn into_graph(self) -> anyhow::Result<Graph> {
        ensure!(
            !self.truncated,
            "the API's answer stopped at its most call sites"
        );
        let defs = self
            .symbols
            .into_iter()
            .map(|s| {
                let def = Def {
                    id: s.id,
                    path: s.path,
                    kind: s.kind,
                    name: s.name,
                    qualified_name: s.qualified_name,
                    start_line: s.start_line,
                    end_line: s.end_line,
                    signature: String::new(),
                };
                (def.id.clone(), def)
            })
            .collect();
        let sites = self
            .sites
            .into_iter()
            .map(|s| {
                let target = match (s.target, s.resolution) {
                    (Some(id), Some(resolution)) => Target::Resolved {
                        id,
                        kind: Kind::parse(&resolution)
                            .with_context(|| format!("unknown resolution {resolution:?}"))?,
                    },
                    _ => Target::Unresolved {
                        candidates: s.candidates.unwrap_or(0),
                    },
                };
                Ok(Site {
                    path: s.path,
                    line: s.line,
                    caller: s.caller,
                    callee: s.callee,
                    target,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Graph { defs, sites })
    }
}

/// Copies the regular files and folders of `from` into `to`.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Runs git in `dir` with a fixed identity.
fn git(dir: &Path, args: &[&str]) -> anyhow::Result<()> {
    let out = Command::new("git")
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Tributary Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "Tributary Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .output()
        .context("running git")?;
    ensure!(
        out.status.success(),
        "git {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(())
}

/// The query API's configuration: the read model in `read_schema`, tokens signed with
/// [`JWT_SECRET`].
fn api_config(read_schema: &str) -> QueryApiConfig {
    use tributary_http::rate_limit::Rate;
    QueryApiConfig {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        jwt_secret: JWT_SECRET.into(),
        jwt_keys_file: None,
        jwt_issuer: "tributary".into(),
        jwt_audience: "tributary-api".into(),
        read_schema: read_schema.to_string(),
        components: vec![],
        teams_file: None,
        incident_label: "incident".into(),
        reader_rate_limit: Rate::UNLIMITED,
        admin_rate_limit: Rate::UNLIMITED,
        max_concurrent_requests: 64,
        request_timeout_ms: 60_000,
        sse_max_per_subject: 8,
        sse_max_streams: 64,
        health_interval_ms: 2_000,
    }
}

/// The call graph of the suite as the pipeline builds it on the local stack, under a topic
/// prefix and PostgreSQL schemas of its own (the schemas are dropped after).
async fn pipeline_graph(timeout: Duration, wanted: &Coverage) -> anyhow::Result<Graph> {
    let id = format!(
        "bench_callgraph_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let infra = Infra {
        kafka: KafkaArgs::new(env_or("TRIBUTARY_BROKERS", "127.0.0.1:9092"), id.clone()),
        registry_url: env_or("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081"),
        database_url: env_or(
            "TRIBUTARY_TEST_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/tributary_test",
        ),
    };
    tributary_runtime::kafka::ensure_topics(&infra.kafka, defaults::PARTITIONS)
        .await
        .context("creating the topics: is the stack up? (scripts/stack.sh start)")?;
    let tmp = tempfile::tempdir()?;
    let repo = tmp.path().join("callgraph");
    copy_tree(Path::new(SUITE), &repo)?;
    git(&repo, &["init", "-q", "-b", "main"])?;
    git(&repo, &["add", "-A"])?;
    git(&repo, &["commit", "-q", "-m", "call-graph ground truth"])?;

    let schemas = [format!("{id}_read"), format!("{id}_sources")];
    let shutdown = Shutdown::new();
    let mut tasks = Vec::new();
    let stack = Stack {
        infra: &infra,
        shutdown: &shutdown,
        read_schema: &schemas[0],
        sources_schema: &schemas[1],
        mirrors: tmp.path().join("mirrors"),
    };
    let answer = stack.read_back(&repo, &mut tasks, timeout, wanted).await;
    shutdown.trigger();
    for task in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
    }
    if let Err(e) = drop_schemas(&infra.database_url, &schemas).await {
        eprintln!("warning: schemas {schemas:?} not dropped: {e:#}");
    }
    answer
}

/// The pipeline's components on one slice of the stack.
struct Stack<'a> {
    infra: &'a Infra,
    shutdown: &'a Shutdown,
    read_schema: &'a str,
    sources_schema: &'a str,
    mirrors: PathBuf,
}

impl Stack<'_> {
    /// Starts the analyzer, the PostgreSQL projection and the query API (their tasks into
    /// `tasks`), backfills `repo` as [`REPO`], and reads its call graph back once the API
    /// covers every file of `wanted`.
    async fn read_back(
        &self,
        repo: &Path,
        tasks: &mut Vec<app::Task>,
        timeout: Duration,
        wanted: &Coverage,
    ) -> anyhow::Result<Graph> {
        tasks.push(app::start_ast_analyzer(self.infra, None, self.shutdown.clone()).await?);
        let projection = PostgresProjectionConfig {
            schema: self.read_schema.to_string(),
            max_batch: 500,
        };
        tasks.push(
            app::start_postgres_projection(&projection, self.infra, None, self.shutdown.clone())
                .await?,
        );
        let api = app::start_query_api(
            api_config(self.read_schema),
            self.infra,
            None,
            self.shutdown.clone(),
        )
        .await?;
        let git = GitConfig {
            mirrors: self.mirrors.clone(),
            check_interval_secs: 1,
            state_schema: self.sources_schema.to_string(),
            ..GitConfig::default()
        };
        let producer = app::git_producer(&git, self.infra).await?;
        let location = repo.to_str().context("the temporary folder is not UTF-8")?;
        let registered = producer.register(location, Some(REPO)).await?;
        let started = Instant::now();
        let report = producer.sync(&registered, true).await?;
        eprintln!(
            "backfilled {REPO}: {} blobs in {:.1}s",
            report.blobs,
            started.elapsed().as_secs_f64()
        );
        let graph = wait_for_calls(api, tasks, timeout, wanted).await?;
        eprintln!(
            "the query API covers every file after {:.1}s",
            started.elapsed().as_secs_f64()
        );
        Ok(graph)
    }
}

/// Polls `GET /repos/bench/callgraph/calls` until it covers every file of `wanted`.
async fn wait_for_calls(
    api: SocketAddr,
    tasks: &[app::Task],
    timeout: Duration,
    wanted: &Coverage,
) -> anyhow::Result<Graph> {
    let token = tributary_query_api::auth::mint(
        JWT_SECRET.as_bytes(),
        "bench-callgraph",
        &["reader"],
        "tributary",
        "tributary-api",
        i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX / 2) + 600,
    )?;
    let http = reqwest::Client::new();
    let url = format!("http://{api}/repos/{REPO}/calls");
    let started = Instant::now();
    loop {
        let state = match fetch_calls(&http, &url, &token).await {
            Ok(answer) => match wanted.missing(&answer) {
                0 => return answer.into_graph(),
                n => format!("{n} files not answered for yet"),
            },
            Err(e) => format!("{e:#}"),
        };
        ensure!(
            tasks.iter().all(|t| !t.is_finished()),
            "a pipeline component stopped ({state})"
        );
        ensure!(
            started.elapsed() < timeout,
            "the query API did not answer for every file within {}s: {state}",
            timeout.as_secs()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn fetch_calls(
    http: &reqwest::Client,
    url: &str,
    token: &str,
) -> anyhow::Result<CallsAnswer> {
    let response = http.get(url).bearer_auth(token).send().await?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        bail!(
            "GET {url}: {status}: {}",
            body.chars().take(200).collect::<String>()
        );
    }
    Ok(response.json().await?)
}

async fn drop_schemas(database_url: &str, schemas: &[String]) -> anyhow::Result<()> {
    let pool = tributary_postgres::connect(database_url, "public", 1).await?;
    for schema in schemas {
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .execute(&pool)
            .await?;
    }
    Ok(())
}

/// Prints whether the pipeline's edges are the offline ones; returns whether they are.
fn compare(offline: &Graph, pipeline: &Graph) -> bool {
    let ours = offline.edges();
    let theirs = pipeline.edges();
    if ours == theirs {
        println!(
            "pipeline edges = offline edges: yes ({} edges)\n",
            ours.len()
        );
        return true;
    }
    let only = |a: &BTreeSet<(String, String, Kind)>, b: &BTreeSet<(String, String, Kind)>| {
        a.difference(b).cloned().collect::<Vec<_>>()
    };
    let (pipeline_only, offline_only) = (only(&theirs, &ours), only(&ours, &theirs));
    println!(
        "pipeline edges = offline edges: NO ({} only in the pipeline, {} only offline)\n",
        pipeline_only.len(),
        offline_only.len()
    );
    for (which, edges) in [("pipeline", &pipeline_only), ("offline", &offline_only)] {
        for (caller, callee, kind) in edges.iter().take(20) {
            eprintln!("only {which}: {caller} -> {callee} ({})", kind.as_str());
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// The suite and its scores

/// `expected.json`.
#[derive(Debug, Deserialize)]
struct Expected {
    edges: Vec<ExpectedEdge>,
    #[serde(default)]
    unresolved: Vec<MustStayUnresolved>,
}

#[derive(Debug, Deserialize)]
struct ExpectedEdge {
    caller: String,
    callee: String,
    kind: String,
}

#[derive(Debug, Deserialize)]
struct MustStayUnresolved {
    caller: String,
    /// A name, not an endpoint.
    callee: String,
    #[serde(default)]
    why: String,
}

/// One folder of the suite.
struct Case {
    language: String,
    /// `NN-slug`.
    name: String,
    expected: Expected,
}

impl Case {
    /// `python/03-aliases`.
    fn label(&self) -> String {
        format!("{}/{}", self.language, self.name)
    }

    /// Paths of its files begin so.
    fn prefix(&self) -> String {
        format!("{}/{}/", self.language, self.name)
    }
}

/// The sub-folders of `dir`, by name.
fn folders(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    Ok(names)
}

/// The cases of the suite (of `language` only, when given).
fn load_cases(language: Option<&str>) -> anyhow::Result<Vec<Case>> {
    let mut cases = Vec::new();
    for lang in folders(Path::new(SUITE))? {
        if language.is_some_and(|l| l != lang) {
            continue;
        }
        for name in folders(&Path::new(SUITE).join(&lang))? {
            let file = Path::new(SUITE)
                .join(&lang)
                .join(&name)
                .join("expected.json");
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let expected = serde_json::from_str(&text)
                .with_context(|| format!("parsing {}", file.display()))?;
            cases.push(Case {
                language: lang.clone(),
                name,
                expected,
            });
        }
    }
    Ok(cases)
}

/// A graph's definitions by file, and its call sites by caller.
struct Lookup<'g> {
    graph: &'g Graph,
    by_path: HashMap<&'g str, Vec<&'g Def>>,
    by_caller: HashMap<&'g str, Vec<usize>>,
}

impl<'g> Lookup<'g> {
    fn new(graph: &'g Graph) -> Self {
        let mut by_path: HashMap<&str, Vec<&Def>> = HashMap::new();
        for d in graph.defs.values() {
            by_path.entry(d.path.as_str()).or_default().push(d);
        }
        for defs in by_path.values_mut() {
            defs.sort_by_key(|d| (d.start_line, -d.end_line, d.id.as_str()));
        }
        let mut by_caller: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in graph.sites.iter().enumerate() {
            by_caller.entry(s.caller.as_str()).or_default().push(i);
        }
        Lookup {
            graph,
            by_path,
            by_caller,
        }
    }

    fn in_file(&self, path: &str) -> &[&'g Def] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }

    fn sites_of(&self, caller: &str) -> impl Iterator<Item = (usize, &'g Site)> + '_ {
        self.by_caller
            .get(caller)
            .into_iter()
            .flatten()
            .map(|i| (*i, &self.graph.sites[*i]))
    }

    /// The name of the definition enclosing `def`: the container of its qualified name
    /// (`A` of `ns::A::m`, `A.m`), else the innermost definition of its file whose span holds
    /// its own.
    fn container(&self, def: &'g Def) -> Option<&'g str> {
        let from_name = def
            .qualified_name
            .strip_suffix(def.name.as_str())
            .filter(|q| q.ends_with(SEPARATORS))
            .map(|q| q.trim_end_matches(SEPARATORS))
            .and_then(|q| q.rsplit(SEPARATORS).next())
            .filter(|c| !c.is_empty());
        from_name.or_else(|| {
            self.in_file(&def.path)
                .iter()
                .filter(|e| {
                    e.id != def.id
                        && e.name != MODULE
                        && e.start_line <= def.start_line
                        && def.end_line <= e.end_line
                        && e.span() > def.span()
                })
                .min_by_key(|e| e.span())
                .map(|e| e.name.as_str())
        })
    }

    /// The definitions an endpoint of the case at `prefix` names: `<path>#<name>`,
    /// `#<name>@<line>` (innermost of the name holding the line), `#<Class>.<method>`,
    /// `#<module>`.
    fn matches(&self, prefix: &str, endpoint: &str) -> Vec<&'g Def> {
        let Some((path, spec)) = endpoint.split_once('#') else {
            return Vec::new();
        };
        let defs = self.in_file(&format!("{prefix}{path}"));
        let (name, line) = match spec.rsplit_once('@') {
            Some((name, line)) => match line.parse::<i32>() {
                Ok(line) => (name, Some(line)),
                Err(_) => (spec, None),
            },
            None => (spec, None),
        };
        let mut found: Vec<&Def> = defs.iter().copied().filter(|d| d.name == name).collect();
        if found.is_empty() {
            if let Some((container, method)) = name.rsplit_once('.') {
                found = defs
                    .iter()
                    .copied()
                    .filter(|d| d.name == method && self.container(d) == Some(container))
                    .collect();
            }
        }
        if let Some(line) = line {
            found.retain(|d| d.start_line <= line && line <= d.end_line);
            if let Some(inner) = found.iter().map(|d| d.span()).min() {
                found.retain(|d| d.span() == inner);
            }
        }
        found
    }

    /// How `def` is written in an `expected.json` of the case at `prefix`: its path relative
    /// to the case (to the suite's root when in another case), then its name, as
    /// `<Class>.<name>` or `<name>@<line>` when its file has several definitions of the name.
    fn label(&self, prefix: &str, def: &'g Def) -> String {
        let path = def.path.strip_prefix(prefix).unwrap_or(&def.path);
        let namesakes = self
            .in_file(&def.path)
            .iter()
            .filter(|d| d.name == def.name)
            .count();
        if namesakes <= 1 {
            return format!("{path}#{}", def.name);
        }
        if let Some(container) = self.container(def) {
            let qualified = format!("{container}.{}", def.name);
            let named = self.matches("", &format!("{}#{qualified}", def.path));
            // Unless a definition is literally named so, `Class.method` names this one alone.
            if named.len() == 1 && named[0].id == def.id {
                return format!("{path}#{qualified}");
            }
        }
        format!("{path}#{}@{}", def.name, def.start_line)
    }
}

/// What separates the scopes of a qualified name.
const SEPARATORS: &[char] = &[':', '.', '\\', '#', '/'];

/// An edge of a case's graph: (caller id, callee id).
type Edge = (String, String);

/// An expected edge: its kind, and its endpoints as written.
struct Want {
    kind: String,
    caller: String,
    callee: String,
}

/// One case scored.
#[derive(Default)]
struct CaseScore {
    /// Expected edges whose endpoints each name one definition.
    expected: BTreeMap<Edge, Want>,
    /// Expected edges left out: an endpoint names no definition, or several.
    skipped: usize,
    /// Predicted edges (resolved sites of the case's callers): how the first site was found,
    /// and that site's index.
    predicted: BTreeMap<Edge, (Kind, usize)>,
    /// Predicted edges left out: they may be a skipped expected edge.
    ignored: BTreeSet<Edge>,
    /// `unresolved` entries checked.
    unresolved: usize,
    /// Those linked anyway: (entry, predicted edge).
    linked: Vec<(usize, Edge)>,
    /// Endpoints naming no definition or several.
    warnings: Vec<String>,
}

impl CaseScore {
    fn correct(&self) -> usize {
        self.predicted
            .keys()
            .filter(|e| self.expected.contains_key(*e))
            .count()
    }

    fn found(&self) -> usize {
        self.expected
            .keys()
            .filter(|e| self.predicted.contains_key(*e))
            .count()
    }
}

/// The definitions endpoints name, for one case, with a warning (once per endpoint) for those
/// naming none or several.
struct Endpoints<'l, 'g> {
    lookup: &'l Lookup<'g>,
    case: &'l Case,
    prefix: String,
    warned: BTreeSet<String>,
    warnings: Vec<String>,
}

impl Endpoints<'_, '_> {
    /// The id of the one definition `endpoint` names, or the ids of all it names.
    fn one(&mut self, role: &str, endpoint: &str) -> Result<String, Vec<String>> {
        let found = self.lookup.matches(&self.prefix, endpoint);
        if let [def] = found.as_slice() {
            return Ok(def.id.clone());
        }
        if self.warned.insert(endpoint.to_string()) {
            let names: Vec<String> = found
                .iter()
                .map(|d| format!("{}@{} ({})", d.qualified_name, d.start_line, d.kind))
                .collect();
            let case = self.case.label();
            self.warnings.push(match names.len() {
                0 => format!("{case}: {role} {endpoint} names no definition"),
                n => format!(
                    "{case}: {role} {endpoint} names {n} definitions: {}",
                    names.join(", ")
                ),
            });
        }
        Err(found.iter().map(|d| d.id.clone()).collect())
    }
}

/// Scores `case` against `lookup`'s graph.
fn score(case: &Case, lookup: &Lookup) -> CaseScore {
    let prefix = case.prefix();
    let mut s = CaseScore::default();
    let mut endpoints = Endpoints {
        lookup,
        case,
        prefix: prefix.clone(),
        warned: BTreeSet::new(),
        warnings: Vec::new(),
    };
    // The skipped edges, as the pairs of definitions they may stand for.
    let mut maybe: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for e in &case.expected.edges {
        let caller = endpoints.one("caller", &e.caller);
        let callee = endpoints.one("callee", &e.callee);
        match (caller, callee) {
            (Ok(caller), Ok(callee)) => {
                let want = Want {
                    kind: e.kind.clone(),
                    caller: e.caller.clone(),
                    callee: e.callee.clone(),
                };
                s.expected.insert((caller, callee), want);
            }
            (caller, callee) => {
                s.skipped += 1;
                let ids =
                    |r: Result<String, Vec<String>>| r.map_or_else(|many| many, |id| vec![id]);
                maybe.push((ids(caller), ids(callee)));
            }
        }
    }
    for (i, site) in lookup.graph.sites.iter().enumerate() {
        let Some((target, kind)) = site.resolved() else {
            continue;
        };
        if !site.path.starts_with(&prefix) {
            continue;
        }
        let edge = (site.caller.clone(), target.to_string());
        if s.predicted.contains_key(&edge) || s.ignored.contains(&edge) {
            continue;
        }
        let may_be_skipped = !s.expected.contains_key(&edge)
            && maybe
                .iter()
                .any(|(callers, callees)| callers.contains(&edge.0) && callees.contains(&edge.1));
        if may_be_skipped {
            s.ignored.insert(edge);
        } else {
            s.predicted.insert(edge, (kind, i));
        }
    }
    for (n, u) in case.expected.unresolved.iter().enumerate() {
        // No `<module>` symbol: the file has no call at file scope, so none was linked.
        let module = u.caller.ends_with(&format!("#{MODULE}"));
        if module && lookup.matches(&prefix, &u.caller).is_empty() {
            s.unresolved += 1;
            continue;
        }
        let Ok(caller) = endpoints.one("caller", &u.caller) else {
            continue;
        };
        s.unresolved += 1;
        let linked = lookup.sites_of(&caller).find_map(|(_, site)| {
            let (target, _) = site.resolved()?;
            let edge = (caller.clone(), target.to_string());
            (site.callee == u.callee && !s.expected.contains_key(&edge)).then_some(edge)
        });
        if let Some(edge) = linked {
            s.linked.push((n, edge));
        }
    }
    s.warnings = endpoints.warnings;
    s
}

/// Where a call site went, as a case's `expected.json` writes it.
fn outcome(lookup: &Lookup, prefix: &str, site: &Site) -> String {
    match &site.target {
        Target::Resolved { id, kind } => {
            let to = lookup
                .graph
                .defs
                .get(id)
                .map_or_else(|| id.clone(), |def| lookup.label(prefix, def));
            format!("went to {to} ({})", kind.as_str())
        }
        Target::Unresolved { candidates: 1 } => "unresolved, 1 candidate".to_string(),
        Target::Unresolved { candidates } => format!("unresolved, {candidates} candidates"),
    }
}

/// What the call of an expected edge did instead: resolved elsewhere, or left unresolved; when
/// the caller has no call of the callee's name (an alias, a call the analyzer did not see), the
/// caller's calls that reach no expected edge.
fn why_missed(lookup: &Lookup, s: &CaseScore, prefix: &str, (caller, callee): &Edge) -> String {
    let Some(name) = lookup.graph.defs.get(callee).map(|d| d.name.as_str()) else {
        return String::new();
    };
    let outcomes: BTreeSet<String> = lookup
        .sites_of(caller)
        .filter(|(_, site)| site.callee == name)
        .map(|(_, site)| outcome(lookup, prefix, site))
        .collect();
    if !outcomes.is_empty() {
        return outcomes.into_iter().collect::<Vec<_>>().join("; ");
    }
    let others: BTreeSet<String> = lookup
        .sites_of(caller)
        .filter(|(_, site)| {
            site.resolved().is_none_or(|(target, _)| {
                !s.expected
                    .contains_key(&(caller.clone(), target.to_string()))
            })
        })
        .map(|(_, site)| format!("{} ({})", site.callee, outcome(lookup, prefix, site)))
        .collect();
    let mut why = format!("no call of {name} there");
    if !others.is_empty() {
        let shown: Vec<String> = others.iter().take(4).cloned().collect();
        why.push_str(&format!("; its other calls: {}", shown.join(", ")));
        if others.len() > shown.len() {
            why.push_str(&format!(" and {} more", others.len() - shown.len()));
        }
    }
    why
}

/// Prints the missed and the wrong edges of `case`.
fn print_details(case: &Case, s: &CaseScore, lookup: &Lookup) {
    let prefix = case.prefix();
    let label = case.label();
    for (edge, want) in &s.expected {
        if s.predicted.contains_key(edge) {
            continue;
        }
        println!(
            "{label}: MISS {} -> {} ({}): {}",
            want.caller,
            want.callee,
            want.kind,
            why_missed(lookup, s, &prefix, edge)
        );
    }
    for (edge, (kind, site)) in &s.predicted {
        if s.expected.contains_key(edge) {
            continue;
        }
        let (Some(caller), Some(callee)) = (
            lookup.graph.defs.get(&edge.0),
            lookup.graph.defs.get(&edge.1),
        ) else {
            continue;
        };
        let at = &lookup.graph.sites[*site];
        let must = s
            .linked
            .iter()
            .find(|(_, e)| e == edge)
            .map(|(n, _)| {
                format!(
                    "; must stay unresolved: {}",
                    case.expected.unresolved[*n].why
                )
            })
            .unwrap_or_default();
        println!(
            "{label}: WRONG {} -> {} ({}) at {}:{}{must}",
            lookup.label(&prefix, caller),
            lookup.label(&prefix, callee),
            kind.as_str(),
            at.path.strip_prefix(&prefix).unwrap_or(&at.path),
            at.line
        );
    }
}

/// Sums over cases.
#[derive(Default, Clone, Copy)]
struct Tally {
    cases: usize,
    expected: usize,
    found: usize,
    predicted: usize,
    correct: usize,
    skipped: usize,
    ignored: usize,
    unresolved: usize,
    linked: usize,
}

impl Tally {
    fn add(&mut self, s: &CaseScore) {
        self.cases += 1;
        self.expected += s.expected.len();
        self.found += s.found();
        self.predicted += s.predicted.len();
        self.correct += s.correct();
        self.skipped += s.skipped;
        self.ignored += s.ignored.len();
        self.unresolved += s.unresolved;
        self.linked += s.linked.len();
    }

    fn merge(&mut self, t: &Tally) {
        self.cases += t.cases;
        self.expected += t.expected;
        self.found += t.found;
        self.predicted += t.predicted;
        self.correct += t.correct;
        self.skipped += t.skipped;
        self.ignored += t.ignored;
        self.unresolved += t.unresolved;
        self.linked += t.linked;
    }

    fn precision(&self) -> Option<f64> {
        ratio(self.correct, self.predicted)
    }

    fn recall(&self) -> Option<f64> {
        ratio(self.found, self.expected)
    }

    fn row(&self, name: &str) -> Vec<String> {
        vec![
            name.to_string(),
            self.cases.to_string(),
            self.expected.to_string(),
            self.found.to_string(),
            self.predicted.to_string(),
            self.correct.to_string(),
            fixed(self.precision()),
            fixed(self.recall()),
            format!("{} / {}", self.skipped, self.ignored),
            format!("{} / {}", self.linked, self.unresolved),
        ]
    }
}

/// Per resolution kind: predicted by the resolver's kind, expected by the suite's.
#[derive(Default, Clone, Copy)]
struct KindTally {
    predicted: usize,
    correct: usize,
    expected: usize,
    found: usize,
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

fn fixed(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_string(), |r| format!("{r:.3}"))
}

fn percent(n: usize, d: usize) -> String {
    ratio(n, d).map_or_else(|| "-".to_string(), |r| format!("{:.1}%", 100.0 * r))
}

/// Scores every case against `graph`; prints the details (with `verbose`), the warnings, the
/// tables and the goal.
fn report(cases: &[Case], graph: &Graph, verbose: bool) {
    let lookup = Lookup::new(graph);
    let mut languages: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut kinds: BTreeMap<String, KindTally> = BTreeMap::new();
    let mut warnings = Vec::new();
    for case in cases {
        let s = score(case, &lookup);
        if verbose {
            print_details(case, &s, &lookup);
        }
        languages.entry(&case.language).or_default().add(&s);
        for (edge, want) in &s.expected {
            let k = kinds.entry(want.kind.clone()).or_default();
            k.expected += 1;
            k.found += usize::from(s.predicted.contains_key(edge));
        }
        for (edge, (kind, _)) in &s.predicted {
            let k = kinds.entry(kind.as_str().to_string()).or_default();
            k.predicted += 1;
            k.correct += usize::from(s.expected.contains_key(edge));
        }
        warnings.extend(s.warnings);
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if verbose {
        println!();
    }
    print_languages(&languages, warnings.len());
    print_kinds(&kinds);
    print_goal(&languages);
}

/// The table per language, with a total row.
fn print_languages(languages: &BTreeMap<&str, Tally>, warnings: usize) {
    let mut table = Table::new(&[
        "language",
        "cases",
        "expected",
        "found",
        "predicted",
        "correct",
        "precision",
        "recall",
        "skipped / ignored",
        "linked / must stay unresolved",
    ]);
    let mut total = Tally::default();
    for (language, t) in languages {
        table.row(t.row(language));
        total.merge(t);
    }
    table.row(total.row("total"));
    table.print();
    println!(
        "\nexpected: edges whose endpoints each name one definition; skipped: edges left out \
         because one names none or several ({warnings} warnings on stderr); ignored: predicted \
         edges that may be a skipped one; linked: calls expected.json says must stay \
         unresolved, resolved.\n"
    );
}

/// The table per resolution kind: predicted edges by the resolver's kind, expected ones by the
/// suite's.
fn print_kinds(kinds: &BTreeMap<String, KindTally>) {
    let mut table = Table::new(&[
        "resolution",
        "predicted",
        "correct",
        "precision",
        "expected",
        "found",
        "recall",
    ]);
    let known: Vec<String> = KINDS.iter().map(|k| k.as_str().to_string()).collect();
    let order = known
        .iter()
        .chain(kinds.keys().filter(|k| !known.contains(k)));
    for kind in order {
        let k = kinds.get(kind).copied().unwrap_or_default();
        table.row(vec![
            kind.clone(),
            k.predicted.to_string(),
            k.correct.to_string(),
            fixed(ratio(k.correct, k.predicted)),
            k.expected.to_string(),
            k.found.to_string(),
            fixed(ratio(k.found, k.expected)),
        ]);
    }
    table.print();
}

/// Whether every language meets the goal, and which do not.
fn print_goal(languages: &BTreeMap<&str, Tally>) {
    let failing: Vec<String> = languages
        .iter()
        .filter_map(|(language, t)| {
            let mut why = Vec::new();
            if t.precision().is_some_and(|p| p < GOAL_PRECISION) {
                why.push(format!("precision {}", fixed(t.precision())));
            }
            if t.recall().is_none_or(|r| r < GOAL_RECALL) {
                why.push(format!("recall {}", fixed(t.recall())));
            }
            (!why.is_empty()).then(|| format!("{language} ({})", why.join(", ")))
        })
        .collect();
    println!(
        "\ngoal: precision >= {GOAL_PRECISION} and recall >= {GOAL_RECALL} in every language: {}\n",
        if failing.is_empty() {
            "met".to_string()
        } else {
            format!("NOT met: {}", failing.join("; "))
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Real code

/// The newest version (by folder name) of crate `name` in cargo's registry source cache.
fn registry_crate(name: &str) -> Option<PathBuf> {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| Path::new(&h).join(".cargo")))
        .ok()?;
    let mut found: Vec<PathBuf> = std::fs::read_dir(home.join("registry/src"))
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|index| std::fs::read_dir(index.path()).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter(|c| {
            c.file_name()
                .to_str()
                .and_then(|n| n.strip_prefix(name)?.strip_prefix('-'))
                .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
        })
        .map(|c| c.path())
        .collect();
    found.sort();
    found.pop()
}

/// What `program args` prints, trimmed (none when it fails).
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// pip in the Python venv `scripts/install.sh` makes.
fn venv_pip() -> Option<PathBuf> {
    let home = std::env::var("TRIBUTARY_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| Path::new(&h).join(".tributary")))
        .ok()?;
    let mut found: Vec<PathBuf> = std::fs::read_dir(home.join("venv/lib"))
        .ok()?
        .filter_map(Result::ok)
        .map(|p| p.path().join("site-packages/pip"))
        .collect();
    found.sort();
    found.pop()
}

/// The corpora found on this machine: the first existing folder of each language's list.
fn default_corpora() -> Vec<Corpus> {
    let candidates: Vec<(&str, Vec<Option<PathBuf>>)> = vec![
        (
            "rust",
            vec![Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")))],
        ),
        ("python", vec![venv_pip()]),
        (
            "javascript",
            vec![
                Some(PathBuf::from("/usr/lib/node_modules/npm")),
                Some(PathBuf::from("/usr/local/lib/node_modules/npm")),
            ],
        ),
        (
            "go",
            vec![output("go", &["env", "GOROOT"]).map(|root| Path::new(&root).join("src"))],
        ),
        (
            "ruby",
            vec![
                output("ruby", &["-e", "print RbConfig::CONFIG['rubylibdir']"]).map(PathBuf::from),
            ],
        ),
        (
            "c",
            vec![registry_crate("libgit2-sys").map(|c| c.join("libgit2"))],
        ),
        (
            "cpp",
            vec![
                registry_crate("aws-lc-sys").map(|c| c.join("aws-lc/ssl")),
                registry_crate("rdkafka-sys").map(|c| c.join("librdkafka/src-cpp")),
            ],
        ),
    ];
    candidates
        .into_iter()
        .filter_map(|(language, dirs)| {
            let dir = dirs.into_iter().flatten().find(|d| d.is_dir())?;
            Some(Corpus {
                language: language.to_string(),
                dir,
            })
        })
        .collect()
}

/// One corpus analyzed and resolved.
struct CorpusRun {
    corpus: Corpus,
    files: usize,
    graph: Graph,
    seconds: f64,
    incremental: Incremental,
}

/// What a push that changes one file costs (issue 15, item 2): the files resolved again (the
/// file and every file that uses a name it defines, as the graph projection does) and the
/// time, against resolving the whole corpus.
#[derive(Debug, Default)]
struct Incremental {
    /// Changes measured (files taken at a fixed stride).
    changes: usize,
    /// Files resolved again per change: mean, 90th percentile, most.
    mean: f64,
    p90: usize,
    max: usize,
    /// Milliseconds: the whole corpus; one change, mean.
    full_ms: f64,
    change_ms: f64,
}

/// Changes [`Incremental`] measures per corpus.
const INCREMENTAL_CHANGES: usize = 100;

fn incremental(sources: &[Source]) -> Incremental {
    if sources.is_empty() {
        return Incremental::default();
    }
    let index = index_of(sources);
    let files: Vec<File> = sources
        .iter()
        .map(|s| File::from_analysis(&s.path, &s.analysis))
        .collect();
    // Which files use each name.
    let mut users: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        for name in wanted_names(f) {
            users.entry(name).or_default().push(i);
        }
    }
    let started = Instant::now();
    for f in &files {
        std::hint::black_box(resolve_file(f, &index));
    }
    let full_ms = started.elapsed().as_secs_f64() * 1000.0;
    let stride = (files.len() / INCREMENTAL_CHANGES).max(1);
    let (mut counts, mut total_ms) = (Vec::new(), 0.0);
    for changed in (0..files.len()).step_by(stride).take(INCREMENTAL_CHANGES) {
        // A change that adds (or removes) one definition: its first one's name. (A change
        // inside bodies changes no name and resolves only the file itself again.)
        let mut again: BTreeSet<usize> = BTreeSet::from([changed]);
        if let Some(s) = files[changed].symbols.iter().find(|s| s.name != MODULE) {
            again.extend(users.get(&s.name).into_iter().flatten().copied());
        }
        let started = Instant::now();
        for i in &again {
            std::hint::black_box(resolve_file(&files[*i], &index));
        }
        total_ms += started.elapsed().as_secs_f64() * 1000.0;
        counts.push(again.len());
    }
    counts.sort_unstable();
    let n = counts.len().max(1);
    Incremental {
        changes: counts.len(),
        mean: counts.iter().sum::<usize>() as f64 / n as f64,
        p90: counts
            .get(n * 9 / 10)
            .or(counts.last())
            .copied()
            .unwrap_or(0),
        max: counts.last().copied().unwrap_or(0),
        full_ms,
        change_ms: total_ms / n as f64,
    }
}

/// Analyzes and resolves the files of `corpus`'s language family, at most `max`.
fn run_corpus(corpus: &Corpus, max: usize) -> CorpusRun {
    let wanted = family(Some(&corpus.language)).to_string();
    let keep = |path: &str| analyzed_language(path).is_some_and(|l| family(Some(l)) == wanted);
    let started = Instant::now();
    let files = files_under(&corpus.dir, max, &keep);
    let sources = analyze_files(&files);
    let graph = resolve(&sources);
    let seconds = started.elapsed().as_secs_f64();
    CorpusRun {
        corpus: corpus.clone(),
        files: sources.len(),
        graph,
        seconds,
        incremental: incremental(&sources),
    }
}

/// Prints the share of call sites resolved per corpus, by kind, and by the old rule.
fn report_corpora(runs: &[CorpusRun]) {
    println!("Real code (files of the language's family, at most --max-files per corpus):");
    for run in runs {
        println!("  {} = {}", run.corpus.language, run.corpus.dir.display());
    }
    println!();
    let mut header = vec!["language", "files", "call sites", "before", "after"];
    header.extend(KINDS.iter().map(|k| k.as_str()));
    header.push("seconds");
    let mut table = Table::new(&header);
    for run in runs {
        let g = &run.graph;
        let mut named: HashMap<&str, usize> = HashMap::new();
        for d in g.defs.values().filter(|d| d.name != MODULE) {
            *named.entry(d.name.as_str()).or_default() += 1;
        }
        let before = g
            .sites
            .iter()
            .filter(|s| {
                named.get(s.callee.as_str()) == Some(&1)
                    && g.defs.get(&s.caller).is_some_and(|c| c.name != MODULE)
            })
            .count();
        let mut by_kind = [0usize; KINDS.len()];
        for s in &g.sites {
            if let Some((_, kind)) = s.resolved() {
                if let Some(i) = KINDS.iter().position(|k| *k == kind) {
                    by_kind[i] += 1;
                }
            }
        }
        let total = g.sites.len();
        let mut row = vec![
            run.corpus.language.clone(),
            run.files.to_string(),
            total.to_string(),
            percent(before, total),
            percent(by_kind.iter().sum(), total),
        ];
        row.extend(by_kind.iter().map(|n| percent(*n, total)));
        row.push(format!("{:.1}", run.seconds));
        table.row(row);
    }
    table.print();
    println!(
        "\nbefore: the callee's name is carried by exactly one definition of the corpus and the \
         caller is not top-level code; after: resolved by scope, imports and receivers (then \
         by kind).\n"
    );
    println!("A push that changes one file: the files resolved again, and the time against the whole corpus");
    let mut table = Table::new(&[
        "language",
        "files",
        "changes",
        "re-resolved mean",
        "p90",
        "max",
        "whole corpus ms",
        "one change ms",
        "ratio",
    ]);
    for run in runs {
        let i = &run.incremental;
        table.row(vec![
            run.corpus.language.clone(),
            run.files.to_string(),
            i.changes.to_string(),
            format!("{:.1}", i.mean),
            i.p90.to_string(),
            i.max.to_string(),
            format!("{:.1}", i.full_ms),
            format!("{:.2}", i.change_ms),
            if i.full_ms > 0.0 {
                format!("{:.3}x", i.change_ms / i.full_ms)
            } else {
                "-".into()
            },
        ]);
    }
    table.print();
    println!(
        "\nre-resolved: a change that adds or removes one definition (the file's first) resolves \
         again the file and every file that uses that name (its calls, imports, receivers or \
         typed names name it), as the graph projection does at the end of a batch; a change \
         inside bodies resolves only the file itself.\n"
    );
}

/// SplitMix64: a fixed-seed sequence, for a sample that is the same on every run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (> 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

/// Line `line` (1-based) of `file`, trimmed, at most 160 characters.
fn source_line(file: &Path, line: i32) -> String {
    let text = std::fs::read(file).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let n = usize::try_from(line.saturating_sub(1)).unwrap_or(0);
    let line = text.lines().nth(n).unwrap_or("").trim();
    let mut cut: String = line.chars().take(160).collect();
    if cut.len() < line.len() {
        cut.push('…');
    }
    cut
}

/// Prints `n` resolved call sites of the `language` corpora, drawn with [`SEED`].
fn print_sample(runs: &[CorpusRun], language: &str, n: usize) {
    let mut pool: Vec<(&CorpusRun, &Site, &str, Kind)> = runs
        .iter()
        .filter(|r| r.corpus.language == language)
        .flat_map(|r| {
            r.graph
                .sites
                .iter()
                .filter_map(move |s| s.resolved().map(|(id, kind)| (r, s, id, kind)))
        })
        .collect();
    if pool.is_empty() {
        eprintln!("warning: --sample {language}: no resolved call site in a {language} corpus");
        return;
    }
    let mut rng = SplitMix(SEED);
    let n = n.min(pool.len());
    for i in 0..n {
        let j = i + rng.below(pool.len() - i);
        pool.swap(i, j);
    }
    println!(
        "Sample: {n} of {} resolved {language} call sites (seed {SEED:#x})\n",
        pool.len()
    );
    for (i, (run, site, id, kind)) in pool.iter().take(n).enumerate() {
        let dir = &run.corpus.dir;
        let caller = run.graph.defs.get(&site.caller);
        let target = run.graph.defs.get(*id);
        println!(
            "{:>3}. [{}] {}:{} in {}",
            i + 1,
            kind.as_str(),
            dir.join(&site.path).display(),
            site.line,
            caller.map_or("?", |c| c.qualified_name.as_str())
        );
        println!("       {}", source_line(&dir.join(&site.path), site.line));
        match target {
            Some(t) => println!(
                "     -> {}:{} {} {}\n",
                dir.join(&t.path).display(),
                t.start_line,
                t.kind,
                t.signature
            ),
            None => println!("     -> {id} (not a definition of the corpus)\n"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

/// A table printed in Markdown with aligned columns, numbers to the right.
struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&str]) -> Self {
        Table {
            rows: vec![header.iter().map(|h| h.to_string()).collect()],
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn print(&self) {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r.get(c).map_or(0, |cell| cell.chars().count()))
                    .max()
                    .unwrap_or(0)
                    .max(3)
            })
            .collect();
        let line = |row: &[String]| {
            let cells: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    let cell = row.get(c).map_or("", String::as_str);
                    if c == 0 {
                        format!("{cell:<w$}")
                    } else {
                        format!("{cell:>w$}")
                    }
                })
                .collect();
            format!("| {} |", cells.join(" | "))
        };
        let Some((header, body)) = self.rows.split_first() else {
            return;
        };
        println!("{}", line(header));
        let rule: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(c, w)| {
                if c == 0 {
                    "-".repeat(*w)
                } else {
                    format!("{}:", "-".repeat(w - 1))
                }
            })
            .collect();
        println!("| {} |", rule.join(" | "));
        for row in body {
            println!("{}", line(row));
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse(std::env::args().skip(1))?;
    let cases = load_cases(args.language.as_deref())?;
    if cases.is_empty() {
        bail!(
            "no case in {SUITE}{}",
            args.language
                .as_deref()
                .map(|l| format!(" for --language {l}"))
                .unwrap_or_default()
        );
    }

    // The whole suite is one repository, whatever --language scores.
    let started = Instant::now();
    let suite_files = files_under(Path::new(SUITE), usize::MAX, &|p: &str| {
        analyzed_language(p).is_some()
    });
    let sources = analyze_files(&suite_files);
    let offline = resolve(&sources);
    let mode = if args.offline {
        "offline: analyzed and resolved in-process"
    } else {
        "pipeline: backfilled on the local stack, read back from the query API"
    };
    println!(
        "\nCall resolution against tests/callgraph ({mode})\n{} files, {} definitions, {} call \
         sites; {} cases (offline analysis and resolution: {:.2}s)\n",
        sources.len(),
        offline.defs.len(),
        offline.sites.len(),
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    let mut same = true;
    let graph = if args.offline {
        offline
    } else {
        let pipeline = pipeline_graph(args.timeout, &Coverage::of(&offline)).await?;
        same = compare(&offline, &pipeline);
        pipeline
    };
    report(&cases, &graph, args.verbose);
    println!(
        "The rule before (issue 15): a call goes to the one definition of its name in the \
         repository, whatever the language, and top-level calls are dropped; same cases:\n"
    );
    report(&cases, &old_rule(&graph), false);

    if !args.no_corpora {
        let corpora = if args.corpora.is_empty() {
            default_corpora()
        } else {
            args.corpora.clone()
        };
        let runs: Vec<CorpusRun> = corpora
            .iter()
            .filter(|c| args.language.as_deref().is_none_or(|l| l == c.language))
            .map(|c| run_corpus(c, args.max_files))
            .collect();
        if !runs.is_empty() {
            report_corpora(&runs);
        }
        if let Some((language, n)) = &args.sample {
            print_sample(&runs, language, *n);
        }
    }
    ensure!(same, "the pipeline's edges are not the offline ones");
    Ok(())
}
