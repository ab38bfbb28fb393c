//! `tributary up`: the whole pipeline in one process on the local stack, fed with this
//! checkout's history and the webhook fixtures, then a tour of what it built through the query
//! API.

use crate::cli::UpArgs;
use anyhow::Context as _;
use secrecy::{ExposeSecret as _, SecretString};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tributary::{app, defaults};
use tributary_producers::ingest::IngestConfig;
use tributary_projections::neo4j::GraphProjectionConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_query_api::QueryApiConfig;
use tributary_runtime::Shutdown;

/// How long the demo waits for the read model, then for the code graph (polling every 500 ms).
const POLLS: usize = 120;
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// How long the demo waits for a few enriched commits (the model answers in seconds each).
const ENRICHMENT_WAIT: Duration = Duration::from_secs(120);
/// Enriched commits the demo shows.
const ENRICHMENTS_SHOWN: usize = 3;
/// Commits of the demo's repository read when looking for enriched ones.
const DEMO_MAX_COMMITS: usize = 5_000;

/// An item of `GET /repos/{owner}/{name}/commits`.
#[derive(Deserialize)]
struct CommitRef {
    sha: String,
}

/// `GET /commits/{sha}`, the parts the demo shows.
#[derive(Deserialize)]
struct CommitDetail {
    sha: String,
    message: String,
    enrichment: Option<Enrichment>,
}

/// What the enricher made of a commit.
#[derive(Deserialize)]
struct Enrichment {
    category: String,
    summary: String,
    risk: i64,
    model: String,
    offline: bool,
}

/// One page of a list route: `{"items": [...], "next_cursor": ...}`.
#[derive(Deserialize)]
struct Page<T> {
    items: Vec<T>,
    #[serde(default)]
    next_cursor: Option<String>,
}

/// An item of `GET /repos`.
#[derive(Deserialize)]
struct RepositorySummary {
    full_name: String,
    commits: i64,
    contributors: i64,
    first_seen_at: String,
    last_activity_at: String,
}

/// `GET /repos/{owner}/{name}/dependencies`.
#[derive(Deserialize)]
struct Dependencies {
    modules: Vec<IgnoredAny>,
    edges: Vec<ImportEdge>,
}

/// A file importing a module.
#[derive(Deserialize)]
struct ImportEdge {
    from: String,
}

/// An item of `GET /repos/{owner}/{name}/hotspots`.
#[derive(Deserialize)]
struct Hotspot {
    path: String,
}

/// An item of `GET /repos/{owner}/{name}/symbols`.
#[derive(Deserialize)]
struct Symbol {
    id: String,
    qualified_name: String,
    path: String,
    complexity: Option<i64>,
}

/// Where the webhook secret of this run comes from.
enum WebhookSecret {
    /// `TRIBUTARY_WEBHOOK_SECRET`, set by the user.
    Given(SecretString),
    /// Generated for this run and written to this file (mode 0600).
    Generated(SecretString, PathBuf),
}

impl WebhookSecret {
    /// The user's `TRIBUTARY_WEBHOOK_SECRET`, or a fresh one written to
    /// `$TRIBUTARY_HOME/webhook-secret` for `tributary webhook send --webhook-secret-file`.
    fn resolve() -> anyhow::Result<Self> {
        if let Some(secret) = secret_from_env("TRIBUTARY_WEBHOOK_SECRET")? {
            return Ok(Self::Given(secret));
        }
        let secret = random_secret();
        let file = defaults::tributary_home().join("webhook-secret");
        write_private(&file, secret.expose_secret())
            .with_context(|| format!("writing the webhook secret to {}", file.display()))?;
        Ok(Self::Generated(secret, file))
    }

    fn secret(&self) -> &SecretString {
        match self {
            Self::Given(secret) | Self::Generated(secret, _) => secret,
        }
    }
}

/// A secret from the environment (refused when shorter than 32 bytes), if set.
fn secret_from_env(var: &'static str) -> anyhow::Result<Option<SecretString>> {
    match std::env::var(var) {
        Ok(s) if !s.is_empty() => {
            tributary_base::config::strong_secret(var, &s)?;
            Ok(Some(s.into()))
        }
        _ => Ok(None),
    }
}

/// A fresh random secret for this run (128 bits, hex).
fn random_secret() -> SecretString {
    uuid::Uuid::new_v4().simple().to_string().into()
}

/// Writes `content` to `path` readable by its owner only, replacing the file at once.
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // A temporary file is created with mode 0600, then renamed over the old one.
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    writeln!(file, "{content}")?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `tributary up`.
pub(crate) async fn up(args: UpArgs) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    let infra = args.infra.infra();
    tributary_runtime::kafka::ensure_topics(&infra.kafka, defaults::PARTITIONS)
        .await
        .context("creating topics: is the broker up? (scripts/stack.sh start)")?;
    let webhook_secret = WebhookSecret::resolve()?;
    let jwt_secret = match secret_from_env("TRIBUTARY_JWT_SECRET")? {
        Some(secret) => secret,
        None => random_secret(),
    };
    let ingest = app::start_ingest(
        IngestConfig {
            listen: args.ingest_listen,
            // `--flag=value`: a secret may start with a dash.
            ..defaults::with(&[&format!(
                "--webhook-secret={}",
                webhook_secret.secret().expose_secret()
            )])?
        },
        &infra,
        shutdown.clone(),
    )
    .await?;
    let normalizer = app::start_normalizer(&infra, None, shutdown.clone()).await?;
    let analyzer = app::start_ast_analyzer(&infra, None, shutdown.clone()).await?;
    let enricher = app::start_enricher(&args.enrich, &infra, None, shutdown.clone()).await?;
    let projection = app::start_postgres_projection(
        &defaults::of::<PostgresProjectionConfig>()?,
        &infra,
        None,
        shutdown.clone(),
    )
    .await?;
    let api_config = QueryApiConfig {
        listen: args.api_listen,
        jwt_secret: jwt_secret.expose_secret().into(),
        ..defaults::of()?
    };
    let (jwt_issuer, jwt_audience) = (
        api_config.jwt_issuer.clone(),
        api_config.jwt_audience.clone(),
    );
    let graph = args.graph.graph();
    let mut tasks = vec![normalizer, analyzer, enricher, projection];
    if let Some(graph) = graph {
        tasks.push(
            app::start_graph_projection(
                &defaults::of::<GraphProjectionConfig>()?,
                graph,
                &infra,
                None,
                shutdown.clone(),
            )
            .await?,
        );
    }
    let api = app::start_query_api(api_config, &infra, graph, shutdown.clone()).await?;

    let producer = app::git_producer(&args.git, &infra).await?;
    tasks.push(app::start_fetcher(producer.clone(), &infra, None, shutdown.clone()).await?);
    let mut registered = Vec::new();
    for location in &args.repos {
        let repo = producer.register(location, None).await?;
        registered.push(repo.name.clone());
        let report = producer.sync(&repo, true).await?;
        println!(
            "backfilled {}: {} commits, {} blobs",
            repo.name, report.commits, report.blobs
        );
    }
    let poller = {
        let (producer, shutdown) = (producer.clone(), shutdown.clone());
        tokio::spawn(async move {
            producer
                .poll_forever(tributary_runtime::Health::new("git-producer"), shutdown)
                .await
        })
    };

    let http = reqwest::Client::new();
    let fixtures = match &args.webhooks {
        Some(dir) => webhook_fixtures(dir)?,
        None => Vec::new(),
    };
    send_fixtures(&http, ingest, webhook_secret.secret(), &fixtures).await?;

    let token = tributary_query_api::auth::mint(
        jwt_secret.expose_secret().as_bytes(),
        "demo",
        &["reader"],
        &jwt_issuer,
        &jwt_audience,
        24 * 3600,
    )?;
    let api_client = Api {
        http: &http,
        base: format!("http://{api}"),
        token: &token,
    };
    show_read_model(&api_client).await;
    if let Some(name) = registered.first() {
        let model = args.enrich.provider != tributary_processors::enrich::ProviderKind::None;
        show_enrichments(&api_client, name, model).await;
    }
    if let (Some(_), Some(name)) = (graph, registered.first()) {
        // A glimpse only: the pipeline runs on whether or not it can be shown.
        if let Err(e) = show_graph(&api_client, api, name).await {
            println!("\ncode graph: not shown ({e:#})");
        }
    }
    println!("\nTributary is up.");
    println!(
        "  ingest:    http://{ingest}{}   (secret: {})",
        defaults::WEBHOOK_PATH,
        match &webhook_secret {
            WebhookSecret::Given(_) => "TRIBUTARY_WEBHOOK_SECRET".to_string(),
            WebhookSecret::Generated(_, file) => file.display().to_string(),
        }
    );
    let sample = fixtures
        .iter()
        .find(|f| event_of(&file_name(f)) == "push")
        .or(fixtures.first());
    println!(
        "  webhook:   {}",
        webhook_command(&webhook_secret, ingest, sample.map(PathBuf::as_path))
    );
    println!("  query API: http://{api}   (OpenAPI: http://{api}/openapi.json)");
    println!("  try:       curl -H \"Authorization: Bearer $TOKEN\" http://{api}/repos");
    if let Some(name) = registered.first() {
        println!("  docs:      http://{api}/docs/{name}?access_token=$TOKEN   (in a browser)");
        println!(
            "  stats:     curl -H \"Authorization: Bearer $TOKEN\" http://{api}/repos/{name}/stats"
        );
    }
    println!("  live:      curl -N -H \"Authorization: Bearer $TOKEN\" http://{api}/events/stream");
    println!("  TOKEN={token}");
    if args.exit_after_demo {
        shutdown.trigger();
    } else {
        println!("Ctrl-C to stop.");
    }
    shutdown.wait().await;
    for task in tasks {
        let _ = task.await;
    }
    let _ = poller.await;
    Ok(())
}

/// Sends each fixture, signed, through ingest at `ingest` (delivery id `demo-<file name>`).
async fn send_fixtures(
    http: &reqwest::Client,
    ingest: SocketAddr,
    secret: &SecretString,
    fixtures: &[PathBuf],
) -> anyhow::Result<()> {
    for file in fixtures {
        let name = file_name(file);
        let answer = tributary::webhook_client::send(
            http,
            &format!("http://{ingest}{}", defaults::WEBHOOK_PATH),
            secret.expose_secret().as_bytes(),
            &event_of(&name),
            &format!("demo-{name}"),
            std::fs::read(file).with_context(|| format!("reading {}", file.display()))?,
        )
        .await?;
        println!("webhook {name}: {}", answer.status);
    }
    Ok(())
}

/// Waits until the projection has caught up with the backfill (a repository with commits),
/// then prints the repositories of the read model.
async fn show_read_model(api: &Api<'_>) {
    let ready = |page: &Page<RepositorySummary>| page.items.iter().any(|r| r.commits > 0);
    let Some(repos) = api.get_when("/repos", ready).await else {
        println!("\nread model: no commits projected yet");
        return;
    };
    println!("\nread model:");
    for r in &repos.items {
        println!(
            "  {}: {} commits by {} contributors ({} .. {})",
            r.full_name, r.commits, r.contributors, r.first_seen_at, r.last_activity_at
        );
    }
}

/// Prints a few enriched commits of `repo`, looking from its oldest commit on (the order a
/// backfill emits them and the enricher answers them, so the first answers are found at once):
/// with a model configured, the model's answers (the offline ones only if none came within
/// [`ENRICHMENT_WAIT`]).
async fn show_enrichments(api: &Api<'_>, repo: &str, model: bool) {
    let mut commits: Vec<CommitRef> = Vec::new();
    let mut cursor: Option<String> = None;
    // Newest first, a page at a time; the demo's repository has at most a few thousand commits.
    while commits.len() < DEMO_MAX_COMMITS {
        let path = match &cursor {
            Some(c) => format!("/repos/{repo}/commits?limit=100&cursor={c}"),
            None => format!("/repos/{repo}/commits?limit=100"),
        };
        let Ok(page) = api.get::<Page<CommitRef>>(&path).await else {
            break;
        };
        commits.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    commits.reverse();
    let started = std::time::Instant::now();
    let mut shown: Vec<(CommitDetail, Enrichment)> = Vec::new();
    let mut offline: Vec<(CommitDetail, Enrichment)> = Vec::new();
    let mut answered: std::collections::HashSet<String> = std::collections::HashSet::new();
    while shown.len() < ENRICHMENTS_SHOWN
        && answered.len() < commits.len()
        && started.elapsed() < ENRICHMENT_WAIT
    {
        // The first commits without an answer yet and a few after them: answers come in order.
        let pending: Vec<&CommitRef> = commits
            .iter()
            .filter(|c| !answered.contains(&c.sha))
            .take(ENRICHMENTS_SHOWN * 4)
            .collect();
        for c in pending {
            if shown.len() >= ENRICHMENTS_SHOWN {
                break;
            }
            let Ok(mut detail) = api
                .get::<CommitDetail>(&format!("/commits/{}", c.sha))
                .await
            else {
                continue;
            };
            let Some(e) = detail.enrichment.take() else {
                continue;
            };
            answered.insert(c.sha.clone());
            if e.offline && model {
                if offline.len() < ENRICHMENTS_SHOWN {
                    offline.push((detail, e));
                }
            } else {
                shown.push((detail, e));
            }
        }
        if shown.len() < ENRICHMENTS_SHOWN {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    if shown.is_empty() {
        shown = offline;
    }
    if shown.is_empty() {
        println!(
            "
enrichment: none yet"
        );
        return;
    }
    println!(
        "
enriched commits:"
    );
    for (d, e) in &shown {
        let subject = d.message.lines().next().unwrap_or_default();
        let sha: String = d.sha.chars().take(8).collect();
        let by = if e.offline {
            "offline classifier"
        } else {
            e.model.as_str()
        };
        println!("  {sha} {subject}");
        println!(
            "    {} (risk {}, by {by}): {}",
            e.category, e.risk, e.summary
        );
    }
}

/// The `<event>.<variant>.payload.json` files of `dir`, sorted by name.
fn webhook_fixtures(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".payload.json"))
        .collect();
    files.sort();
    Ok(files)
}

fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The GitHub event a fixture holds: its file name up to the first dot.
fn event_of(file_name: &str) -> String {
    file_name.split('.').next().unwrap_or_default().to_string()
}

/// A command that sends a signed webhook to this run's ingest: one of the fixtures (a push if
/// there is one), signed with the secret file (or the user's `TRIBUTARY_WEBHOOK_SECRET`).
fn webhook_command(secret: &WebhookSecret, ingest: SocketAddr, fixture: Option<&Path>) -> String {
    let quote = |s: &str| {
        shlex::try_quote(s)
            .map(|q| q.into_owned())
            .unwrap_or_else(|_| s.to_string())
    };
    let binary = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "tributary".into());
    let (payload, event) = match fixture {
        Some(file) => {
            let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
            let event = event_of(&file_name(&file));
            (quote(&file.display().to_string()), event)
        }
        None => ("payload.json".to_string(), "push".to_string()),
    };
    let secret = match secret {
        WebhookSecret::Given(_) => String::new(),
        WebhookSecret::Generated(_, file) => {
            format!(
                " --webhook-secret-file {}",
                quote(&file.display().to_string())
            )
        }
    };
    format!(
        "{} webhook send --event {event} --url http://{ingest}{}{secret} {payload}",
        quote(&binary),
        defaults::WEBHOOK_PATH
    )
}

/// The query API, as the demo's reader.
struct Api<'a> {
    http: &'a reqwest::Client,
    base: String,
    token: &'a str,
}

impl Api<'_> {
    /// `GET path`, its JSON answer as `T` (an error answer is an error).
    async fn get<T: DeserializeOwned>(&self, path: &str) -> anyhow::Result<T> {
        let answer = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(self.token)
            .send()
            .await?
            .error_for_status()?;
        answer
            .json()
            .await
            .with_context(|| format!("reading the answer to GET {path}"))
    }

    /// `GET path` until it answers a `T` that `ready` accepts: every [`POLL_INTERVAL`], at most
    /// [`POLLS`] times (what the projections have not caught up with yet may answer 404 or
    /// 503 meanwhile).
    async fn get_when<T: DeserializeOwned>(
        &self,
        path: &str,
        ready: impl Fn(&T) -> bool,
    ) -> Option<T> {
        for _ in 0..POLLS {
            tokio::time::sleep(POLL_INTERVAL).await;
            match self.get::<T>(path).await {
                Ok(answer) if ready(&answer) => return Some(answer),
                Ok(_) => tracing::debug!(path, "not ready yet"),
                Err(e) => tracing::debug!(path, error = %e, "not ready yet"),
            }
        }
        None
    }
}

/// Waits for the code graph of `repo` and prints a glimpse of it: its import graph and the
/// callers of the most complex function of its top hotspot.
async fn show_graph(api: &Api<'_>, addr: SocketAddr, repo: &str) -> anyhow::Result<()> {
    let deps = api
        .get_when(
            &format!("/repos/{repo}/dependencies"),
            |d: &Dependencies| !d.edges.is_empty(),
        )
        .await;
    let Some(deps) = deps else {
        println!("\ncode graph: no imports of {repo} yet");
        return Ok(());
    };
    println!(
        "\ncode graph: {} files import {} modules",
        deps.edges
            .iter()
            .map(|e| e.from.as_str())
            .collect::<HashSet<_>>()
            .len(),
        deps.modules.len()
    );
    let hot = api
        .get::<Page<Hotspot>>(&format!("/repos/{repo}/hotspots?limit=1"))
        .await?;
    let hottest = hot.items.first().map(|h| h.path.as_str());
    let symbols = api
        .get::<Page<Symbol>>(&format!("/repos/{repo}/symbols?kind=function&limit=500"))
        .await?;
    let top = symbols
        .items
        .iter()
        .filter(|s| hottest.is_none_or(|path| s.path == path))
        .max_by_key(|s| s.complexity.unwrap_or(0));
    if let Some(symbol) = top {
        let id = &symbol.id;
        // The graph projection may not have reached the symbol's file yet.
        let Some(callers) = api
            .get_when(
                &format!("/symbols/{id}/callers?depth=2"),
                |_: &Page<IgnoredAny>| true,
            )
            .await
        else {
            println!("  {} is not in the code graph yet", symbol.qualified_name);
            return Ok(());
        };
        println!(
            "  {} ({}, complexity {}) has {} callers within 2 calls:",
            symbol.qualified_name,
            symbol.path,
            symbol
                .complexity
                .map_or_else(|| "unknown".to_string(), |c| c.to_string()),
            callers.items.len()
        );
        println!(
            "  curl -H \"Authorization: Bearer $TOKEN\" http://{addr}/symbols/{id}/callers?depth=2"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_file_is_private_and_replaced_whole() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("home/webhook-secret");
        write_private(&path, "first-secret").expect("written");
        write_private(&path, "second-secret").expect("rewritten");
        let mode = std::fs::metadata(&path)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "second-secret\n"
        );
    }

    #[test]
    fn the_webhook_command_names_the_file_not_the_secret() {
        let secret = WebhookSecret::Generated(
            "a-generated-secret".to_string().into(),
            PathBuf::from("/home/a b/.tributary/webhook-secret"),
        );
        let command = webhook_command(
            &secret,
            "127.0.0.1:8080".parse().expect("addr"),
            Some(Path::new("/fixtures/push.payload.json")),
        );
        assert!(!command.contains("a-generated-secret"), "{command}");
        assert!(
            command.ends_with(
                " webhook send --event push --url http://127.0.0.1:8080/webhooks/github \
                 --webhook-secret-file '/home/a b/.tributary/webhook-secret' \
                 /fixtures/push.payload.json"
            ),
            "{command}"
        );
    }
}
