//! `tributary`: every component of the pipeline as one multi-command binary.

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use tributary::app::{self, Infra};
use tributary_processors::enrich::EnrichConfig;
use tributary_producers::git::GitConfig;
use tributary_producers::ingest::IngestConfig;
use tributary_projections::neo4j::GraphProjectionConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_query_api::QueryApiConfig;
use tributary_registry::RegistryConfig;
use tributary_runtime::{GraphArgs, KafkaArgs, PostgresArgs, RegistryArgs, Shutdown};

#[derive(Parser)]
#[command(
    name = "tributary",
    version,
    about = "An event-sourced pipeline for code intelligence"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct InfraArgs {
    #[command(flatten)]
    kafka: KafkaArgs,
    #[command(flatten)]
    registry: RegistryArgs,
    #[command(flatten)]
    postgres: PostgresArgs,
}

impl InfraArgs {
    fn infra(&self) -> Infra {
        Infra {
            kafka: self.kafka.clone(),
            registry_url: self.registry.registry_url.clone(),
            database_url: self.postgres.database_url.clone(),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the Schema Registry (Confluent REST API, PostgreSQL storage).
    Registry {
        #[command(flatten)]
        config: RegistryConfig,
        #[command(flatten)]
        postgres: PostgresArgs,
    },
    /// Manage topics.
    Topics {
        #[command(subcommand)]
        command: TopicsCommand,
    },
    /// Run the GitHub webhook ingest server.
    Ingest {
        #[command(flatten)]
        config: IngestConfig,
        #[command(flatten)]
        infra: InfraArgs,
    },
    /// Run a stream processor.
    Process {
        #[command(subcommand)]
        processor: ProcessorCommand,
    },
    /// Run a projection worker.
    Project {
        #[command(subcommand)]
        projection: ProjectionCommand,
    },
    /// Register and sync git repositories.
    Repos {
        #[command(subcommand)]
        command: ReposCommand,
    },
    /// Run a producer.
    Produce {
        #[command(subcommand)]
        producer: ProduceCommand,
    },
    /// Run the query API.
    Serve {
        #[command(flatten)]
        config: QueryApiConfig,
        #[command(flatten)]
        infra: InfraArgs,
        #[command(flatten)]
        graph: GraphArgs,
        /// Serve without the graph (graph routes answer 503).
        #[arg(long)]
        no_graph: bool,
    },
    /// Rebuild a projection from the beginning of the topics.
    Replay {
        #[command(subcommand)]
        projection: ReplayCommand,
    },
    /// Check schema evolution (for CI).
    Schemas {
        #[command(subcommand)]
        command: SchemasCommand,
    },
    /// List dead letters, or send them back to their source topics after a fix.
    Dlq {
        #[command(subcommand)]
        command: DlqCommand,
    },
    /// Run the Bolt 4.4 <-> 5.x bridge in front of a 5.x-only graph server.
    BoltBridge {
        /// Where Bolt 4.4 clients connect.
        #[arg(
            long,
            env = "TRIBUTARY_BOLT_BRIDGE_LISTEN",
            default_value = "127.0.0.1:7688"
        )]
        listen: SocketAddr,
        /// The Bolt 5.x server, host:port.
        #[arg(
            long,
            env = "TRIBUTARY_BOLT_UPSTREAM",
            default_value = "127.0.0.1:7687"
        )]
        upstream: String,
    },
    /// Mint a bearer token for the query API.
    Token {
        /// Who the token is for.
        #[arg(long, default_value = "cli")]
        subject: String,
        /// Roles (reader, admin).
        #[arg(long = "role", default_values_t = vec!["reader".to_string()])]
        roles: Vec<String>,
        /// Lifetime in seconds.
        #[arg(long, default_value_t = 3600)]
        ttl: i64,
        /// The HS256 secret (at least 32 bytes).
        #[arg(
            long = "jwt-secret",
            env = "TRIBUTARY_JWT_SECRET",
            hide_env_values = true,
            default_value = "",
            hide_default_value = true,
            value_parser = tributary_runtime::config::SecretParser::new("TRIBUTARY_JWT_SECRET")
        )]
        jwt_secret: secrecy::SecretString,
        #[arg(
            long = "jwt-issuer",
            env = "TRIBUTARY_JWT_ISSUER",
            default_value = "tributary"
        )]
        jwt_issuer: String,
        #[arg(
            long = "jwt-audience",
            env = "TRIBUTARY_JWT_AUDIENCE",
            default_value = "tributary-api"
        )]
        jwt_audience: String,
    },
    /// Send webhooks.
    Webhook {
        #[command(subcommand)]
        command: WebhookCommand,
    },
    /// The whole pipeline in one process, on the local stack (see scripts/up.sh).
    Up(UpArgs),
}

#[derive(Subcommand)]
enum ReplayCommand {
    /// Rebuild the PostgreSQL read model into a fresh schema while the live one serves, then
    /// switch atomically when caught up.
    Postgres {
        /// Empty and rebuild the live schema instead.
        #[arg(long)]
        in_place: bool,
        /// Keep the replaced schema (as `<schema>_old_<unix time>`).
        #[arg(long)]
        keep: bool,
        #[command(flatten)]
        config: PostgresProjectionConfig,
        #[command(flatten)]
        infra: InfraArgs,
    },
    /// Rebuild the code graph into the namespace that is not live (`blue`/`green`) while the
    /// live one serves, then switch atomically when caught up.
    Neo4j {
        /// Empty and rebuild the live namespace instead.
        #[arg(long)]
        in_place: bool,
        /// Keep the replaced namespace (until the next replay reuses it).
        #[arg(long)]
        keep: bool,
        #[command(flatten)]
        config: GraphProjectionConfig,
        #[command(flatten)]
        graph: GraphArgs,
        #[command(flatten)]
        infra: InfraArgs,
    },
}

#[derive(Subcommand)]
enum SchemasCommand {
    /// Fail (exit 1) when a schema cannot read every earlier version of its record, or when
    /// the registry refuses it for a subject that holds its record.
    Check {
        /// Check the `*.avsc` files of this folder (and its `history/`) instead of the schemas
        /// built into this binary.
        #[arg(long)]
        schemas_dir: Option<PathBuf>,
        /// Skip the registry: only the history files.
        #[arg(long)]
        offline: bool,
        #[command(flatten)]
        registry: RegistryArgs,
    },
}

/// Which dead letters a `dlq` command acts on.
#[derive(Args, Clone)]
struct DlqFilterArgs {
    /// Only this dead letter id.
    #[arg(long)]
    id: Option<String>,
    /// Only from this component (postgres, neo4j, normalizer, ast-analyzer, fetcher).
    #[arg(long)]
    component: Option<String>,
    /// Only from this source topic.
    #[arg(long)]
    topic: Option<String>,
    /// Only those whose error contains this text.
    #[arg(long)]
    error: Option<String>,
}

impl DlqFilterArgs {
    fn filter(&self, again: bool) -> tributary_runtime::redrive::DeadLetterFilter {
        tributary_runtime::redrive::DeadLetterFilter {
            id: self.id.clone(),
            component: self.component.clone(),
            topic: self.topic.clone(),
            error: self.error.clone(),
            again,
        }
    }
}

#[derive(Subcommand)]
enum DlqCommand {
    /// Print the dead letters: id, component, source position, time, redriven, error.
    List {
        #[command(flatten)]
        filter: DlqFilterArgs,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        infra: InfraArgs,
    },
    /// Send the selected dead letters back to their source topics (once each, unless --again).
    Redrive {
        #[command(flatten)]
        filter: DlqFilterArgs,
        /// Also those already redriven.
        #[arg(long)]
        again: bool,
        #[command(flatten)]
        infra: InfraArgs,
    },
}

#[derive(Subcommand)]
enum TopicsCommand {
    /// Create every topic that does not exist yet.
    Create {
        #[command(flatten)]
        kafka: KafkaArgs,
        /// Partitions per topic: the most instances of one processor that can share the work.
        #[arg(long, env = "TRIBUTARY_PARTITIONS", default_value_t = 3)]
        partitions: i32,
        /// Replicas per partition (3 on a production cluster).
        #[arg(long, env = "TRIBUTARY_REPLICATION", default_value_t = 1)]
        replication: i32,
    },
}

#[derive(Subcommand)]
enum ProcessorCommand {
    /// webhooks.raw -> pushes, activity.
    Normalizer {
        #[command(flatten)]
        infra: InfraArgs,
        /// Where to serve /health and /metrics.
        #[arg(
            long = "admin-listen",
            env = "TRIBUTARY_ADMIN_LISTEN",
            default_value = "127.0.0.1:9101"
        )]
        admin_listen: SocketAddr,
    },
    /// blobs -> analysis (tree-sitter).
    Ast {
        #[command(flatten)]
        infra: InfraArgs,
        /// Where to serve /health and /metrics.
        #[arg(
            long = "admin-listen",
            env = "TRIBUTARY_ADMIN_LISTEN",
            default_value = "127.0.0.1:9104"
        )]
        admin_listen: SocketAddr,
    },
    /// commits -> enrichment (a model endpoint, or the offline classifier).
    Enrich {
        #[command(flatten)]
        config: EnrichConfig,
        #[command(flatten)]
        infra: InfraArgs,
        /// Where to serve /health and /metrics.
        #[arg(
            long = "admin-listen",
            env = "TRIBUTARY_ADMIN_LISTEN",
            default_value = "127.0.0.1:9107"
        )]
        admin_listen: SocketAddr,
    },
    /// pushes -> git fetch of the pushed commits -> commits, blobs.
    Fetcher {
        #[command(flatten)]
        git: GitConfig,
        #[command(flatten)]
        infra: InfraArgs,
        /// Where to serve /health and /metrics.
        #[arg(
            long = "admin-listen",
            env = "TRIBUTARY_ADMIN_LISTEN",
            default_value = "127.0.0.1:9105"
        )]
        admin_listen: SocketAddr,
    },
}

#[derive(Subcommand)]
enum ProjectionCommand {
    /// The PostgreSQL read model.
    Postgres {
        #[command(flatten)]
        config: PostgresProjectionConfig,
        #[command(flatten)]
        infra: InfraArgs,
        /// Where to serve /health and /metrics.
        #[arg(
            long = "admin-listen",
            env = "TRIBUTARY_ADMIN_LISTEN",
            default_value = "127.0.0.1:9102"
        )]
        admin_listen: SocketAddr,
    },
    /// The code graph in Neo4j (Bolt 4.4; through the Bolt bridge for 5.x-only servers).
    Neo4j {
        #[command(flatten)]
        config: GraphProjectionConfig,
        #[command(flatten)]
        graph: GraphArgs,
        #[command(flatten)]
        infra: InfraArgs,
        /// Where to serve /health and /metrics.
        #[arg(
            long = "admin-listen",
            env = "TRIBUTARY_ADMIN_LISTEN",
            default_value = "127.0.0.1:9106"
        )]
        admin_listen: SocketAddr,
    },
}

#[derive(Subcommand)]
enum ReposCommand {
    /// Register a repository (local path or clone URL) and backfill its whole history.
    Add {
        /// Path or URL.
        location: String,
        /// Name as owner/name (default: from the URL, or local/<folder>).
        #[arg(long)]
        name: Option<String>,
        /// Register only; the poller emits its history on its next round.
        #[arg(long)]
        no_backfill: bool,
        #[command(flatten)]
        git: GitConfig,
        #[command(flatten)]
        infra: InfraArgs,
    },
    /// List registered repositories.
    List {
        #[command(flatten)]
        git: GitConfig,
        #[command(flatten)]
        infra: InfraArgs,
    },
    /// Emit what is new in every registered repository (`--full`: everything again).
    Sync {
        #[arg(long)]
        full: bool,
        #[command(flatten)]
        git: GitConfig,
        #[command(flatten)]
        infra: InfraArgs,
    },
}

#[derive(Subcommand)]
enum ProduceCommand {
    /// Poll registered repositories every CHECK_INTERVAL seconds.
    Git {
        #[command(flatten)]
        git: GitConfig,
        #[command(flatten)]
        infra: InfraArgs,
        /// Where to serve /health and /metrics.
        #[arg(
            long = "admin-listen",
            env = "TRIBUTARY_ADMIN_LISTEN",
            default_value = "127.0.0.1:9103"
        )]
        admin_listen: SocketAddr,
    },
}

#[derive(Subcommand)]
enum WebhookCommand {
    /// Sign and send a payload file to an ingest endpoint.
    Send {
        /// The JSON payload.
        file: PathBuf,
        /// The event name (X-GitHub-Event).
        #[arg(long)]
        event: String,
        /// The delivery id (default: a new UUID).
        #[arg(long)]
        delivery: Option<String>,
        #[arg(long, default_value = "http://127.0.0.1:8080/webhooks/github")]
        url: String,
        #[arg(
            long = "webhook-secret",
            env = "TRIBUTARY_WEBHOOK_SECRET",
            hide_env_values = true
        )]
        secret: String,
    },
}

#[derive(Args)]
struct UpArgs {
    /// Repositories to register and backfill (default: this checkout).
    #[arg(long = "repo", default_values_t = vec![".".to_string()])]
    repos: Vec<String>,
    /// A folder of `<event>.<variant>.payload.json` files to send signed to ingest once up.
    #[arg(long)]
    webhooks: Option<PathBuf>,
    /// Ingest address.
    #[arg(long, default_value = "127.0.0.1:8080")]
    ingest_listen: SocketAddr,
    /// Query API address.
    #[arg(long, default_value = "127.0.0.1:3000")]
    api_listen: SocketAddr,
    /// Stop after the demo instead of running until Ctrl-C.
    #[arg(long)]
    exit_after_demo: bool,
    /// Run without the graph server (no graph projection; graph routes answer 503).
    #[arg(long)]
    no_graph: bool,
    #[command(flatten)]
    git: GitConfig,
    #[command(flatten)]
    enrich: EnrichConfig,
    #[command(flatten)]
    infra: InfraArgs,
    #[command(flatten)]
    graph: GraphArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tributary_runtime::telemetry::init_tracing();
    tributary_runtime::telemetry::prometheus();
    let result = run(Cli::parse()).await;
    // Spans still buffered are exported before exit (the exporter's client blocks).
    let _ = tokio::task::spawn_blocking(tributary_runtime::telemetry::shutdown_tracing).await;
    result
}

/// Runs one subcommand.
async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Registry { config, postgres } => {
            let shutdown = Shutdown::on_signals();
            app::start_registry(&config, &postgres.database_url, shutdown.clone()).await?;
            shutdown.wait().await;
        }
        Command::Topics {
            command:
                TopicsCommand::Create {
                    kafka,
                    partitions,
                    replication,
                },
        } => {
            let created =
                tributary_runtime::kafka::ensure_replicated_topics(&kafka, partitions, replication)
                    .await?;
            for t in &created {
                println!("created {t}");
            }
            println!(
                "{} topics ready ({} new)",
                kafka.topics().all().len(),
                created.len()
            );
        }
        Command::Ingest { config, infra } => {
            let shutdown = Shutdown::on_signals();
            app::start_ingest(config, &infra.infra(), shutdown.clone()).await?;
            shutdown.wait().await;
        }
        Command::Process {
            processor:
                ProcessorCommand::Normalizer {
                    infra,
                    admin_listen,
                },
        } => {
            let shutdown = Shutdown::on_signals();
            app::start_normalizer(&infra.infra(), Some(admin_listen), shutdown)
                .await?
                .await??;
        }
        Command::Process {
            processor:
                ProcessorCommand::Ast {
                    infra,
                    admin_listen,
                },
        } => {
            let shutdown = Shutdown::on_signals();
            app::start_ast_analyzer(&infra.infra(), Some(admin_listen), shutdown)
                .await?
                .await??;
        }
        Command::Process {
            processor:
                ProcessorCommand::Enrich {
                    config,
                    infra,
                    admin_listen,
                },
        } => {
            let shutdown = Shutdown::on_signals();
            app::start_enricher(&config, &infra.infra(), Some(admin_listen), shutdown)
                .await?
                .await??;
        }
        Command::Process {
            processor:
                ProcessorCommand::Fetcher {
                    git,
                    infra,
                    admin_listen,
                },
        } => {
            let shutdown = Shutdown::on_signals();
            let infra = infra.infra();
            let producer = app::git_producer(&git, &infra).await?;
            app::start_fetcher(producer, &infra, Some(admin_listen), shutdown)
                .await?
                .await??;
        }
        Command::Project {
            projection:
                ProjectionCommand::Neo4j {
                    config,
                    graph,
                    infra,
                    admin_listen,
                },
        } => {
            let shutdown = Shutdown::on_signals();
            app::start_graph_projection(
                &config,
                &graph,
                &infra.infra(),
                Some(admin_listen),
                shutdown,
            )
            .await?
            .await??;
        }
        Command::Dlq { command } => dlq(command).await?,
        Command::Replay { projection } => {
            let report = match projection {
                ReplayCommand::Postgres {
                    in_place,
                    keep,
                    config,
                    infra,
                } => {
                    tributary::replay::replay_postgres(
                        &config,
                        &infra.infra(),
                        tributary::replay::ReplayOptions { in_place, keep },
                        print_progress,
                    )
                    .await?
                }
                ReplayCommand::Neo4j {
                    in_place,
                    keep,
                    config,
                    graph,
                    infra,
                } => {
                    tributary::replay::replay_graph(
                        &config,
                        &graph,
                        &infra.infra(),
                        tributary::replay::ReplayOptions { in_place, keep },
                        print_progress,
                    )
                    .await?
                }
            };
            eprintln!();
            println!(
                "replayed {} records in {:.1}s ({:.0}/s){}",
                report.records,
                report.elapsed.as_secs_f64(),
                report.records as f64 / report.elapsed.as_secs_f64().max(1e-3),
                report
                    .kept
                    .map(|k| format!("; previous read model kept as {k}"))
                    .unwrap_or_default()
            );
        }
        Command::Schemas {
            command:
                SchemasCommand::Check {
                    schemas_dir,
                    offline,
                    registry,
                },
        } => {
            let (candidates, history) = match &schemas_dir {
                Some(dir) => tributary::schema_check::from_dir(dir)?,
                None => (
                    tributary_schemas::evolution::current(),
                    tributary_schemas::evolution::history(),
                ),
            };
            let mut problems = tributary_schemas::evolution::check(&candidates, &history);
            if !offline {
                problems.extend(
                    tributary::schema_check::against_registry(
                        &reqwest::Client::new(),
                        &registry.registry_url,
                        &candidates,
                    )
                    .await
                    .context("asking the registry (--offline to skip it)")?,
                );
            }
            for c in &candidates {
                if !problems
                    .iter()
                    .any(|p| p.label == c.label && p.record_name == c.record_name)
                {
                    println!("ok            {} ({})", c.record_name, c.label);
                }
            }
            for p in &problems {
                println!(
                    "INCOMPATIBLE  {} ({}): {}",
                    p.record_name, p.label, p.reason
                );
            }
            if !problems.is_empty() {
                bail!("{} schema(s) break evolution", problems.len());
            }
        }
        Command::BoltBridge { listen, upstream } => {
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("binding {listen}"))?;
            tracing::info!(%listen, %upstream, "bolt bridge listening");
            let shutdown = Shutdown::on_signals();
            tokio::select! {
                r = tributary_bolt_bridge::serve(listener, upstream) => r?,
                _ = shutdown.wait() => {}
            }
        }
        Command::Project {
            projection:
                ProjectionCommand::Postgres {
                    config,
                    infra,
                    admin_listen,
                },
        } => {
            let shutdown = Shutdown::on_signals();
            app::start_postgres_projection(&config, &infra.infra(), Some(admin_listen), shutdown)
                .await?
                .await??;
        }
        Command::Repos { command } => repos(command).await?,
        Command::Produce {
            producer:
                ProduceCommand::Git {
                    git,
                    infra,
                    admin_listen,
                },
        } => {
            let shutdown = Shutdown::on_signals();
            app::start_git_poller(&git, &infra.infra(), Some(admin_listen), shutdown)
                .await?
                .await??;
        }
        Command::Serve {
            config,
            infra,
            graph,
            no_graph,
        } => {
            let shutdown = Shutdown::on_signals();
            let graph = (!no_graph).then_some(&graph);
            app::start_query_api(config, &infra.infra(), graph, shutdown.clone()).await?;
            shutdown.wait().await;
        }
        Command::Token {
            subject,
            roles,
            ttl,
            jwt_secret,
            jwt_issuer,
            jwt_audience,
        } => {
            let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
            let token = tributary_query_api::auth::mint(
                secrecy::ExposeSecret::expose_secret(&jwt_secret).as_bytes(),
                &subject,
                &roles,
                &jwt_issuer,
                &jwt_audience,
                ttl,
            )?;
            println!("{token}");
        }
        Command::Webhook {
            command:
                WebhookCommand::Send {
                    file,
                    event,
                    delivery,
                    url,
                    secret,
                },
        } => {
            let body =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let delivery = delivery.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            let answer = tributary::webhook_client::send(
                &reqwest::Client::new(),
                &url,
                secret.as_bytes(),
                &event,
                &delivery,
                body,
            )
            .await?;
            println!("{} {}", answer.status, answer.body);
            if answer.status >= 300 {
                bail!("ingest answered {}", answer.status);
            }
        }
        Command::Up(args) => up(args).await?,
    }
    Ok(())
}

async fn dlq(command: DlqCommand) -> anyhow::Result<()> {
    use tributary_runtime::redrive::DeadLetterOps;
    let (infra, filter, list_json) = match &command {
        DlqCommand::List {
            filter,
            json,
            infra,
        } => (infra.infra(), filter.filter(true), Some(*json)),
        DlqCommand::Redrive {
            filter,
            again,
            infra,
        } => (infra.infra(), filter.filter(*again), None),
    };
    let ops =
        DeadLetterOps::connect(infra.kafka.clone(), infra.codec()?, &infra.database_url).await?;
    match list_json {
        Some(as_json) => {
            let letters: Vec<_> = ops
                .list()
                .await?
                .into_iter()
                .filter(|l| filter.matches(l))
                .collect();
            if !as_json {
                println!("id\tcomponent\tsource\tfailed_at\tredriven_at\terror");
            }
            for l in &letters {
                if as_json {
                    println!("{}", serde_json::to_string(l)?);
                } else {
                    println!(
                        "{}\t{}\t{}/{}@{}\t{}\t{}\t{}",
                        l.id,
                        l.component,
                        l.source_topic,
                        l.source_partition,
                        l.source_offset,
                        l.failed_at,
                        l.redriven_at.as_deref().unwrap_or("-"),
                        l.error
                    );
                }
            }
            if !as_json {
                println!("{} dead letters", letters.len());
            }
        }
        None => {
            let sent = ops.redrive(&filter).await?;
            println!("redriven {} dead letters", sent.len());
        }
    }
    Ok(())
}

async fn repos(command: ReposCommand) -> anyhow::Result<()> {
    match command {
        ReposCommand::Add {
            location,
            name,
            no_backfill,
            git,
            infra,
        } => {
            let producer = app::git_producer(&git, &infra.infra()).await?;
            let repo = producer.register(&location, name.as_deref()).await?;
            println!(
                "registered {} ({})",
                repo.name,
                tributary_producers::git::config::redact_url(&repo.location)
            );
            if !no_backfill {
                let report = producer.sync(&repo, true).await?;
                println!(
                    "backfilled {} commits, {} blobs",
                    report.commits, report.blobs
                );
            }
        }
        ReposCommand::List { git, infra } => {
            let producer = app::git_producer(&git, &infra.infra()).await?;
            for r in producer.state().repositories().await? {
                println!(
                    "{}\t{}",
                    r.name,
                    tributary_producers::git::config::redact_url(&r.location)
                );
            }
        }
        ReposCommand::Sync { full, git, infra } => {
            let producer = app::git_producer(&git, &infra.infra()).await?;
            for r in producer.state().repositories().await? {
                let report = producer.sync(&r, full).await?;
                println!(
                    "{}: {} commits, {} blobs",
                    r.name, report.commits, report.blobs
                );
            }
        }
    }
    Ok(())
}

/// Waits for the code graph of `repo` and prints a glimpse of it: its import graph and the
/// callers of its most complex function.
async fn show_graph(
    http: &reqwest::Client,
    api: SocketAddr,
    token: &str,
    repo: &str,
) -> anyhow::Result<()> {
    let get = |path: String| async move {
        let r = http
            .get(format!("http://{api}{path}"))
            .bearer_auth(token)
            .send()
            .await?;
        anyhow::Ok(r.json::<serde_json::Value>().await?)
    };
    let mut deps = serde_json::Value::Null;
    for _ in 0..120 {
        deps = get(format!("/repos/{repo}/dependencies")).await?;
        if deps["edges"].as_array().is_some_and(|e| !e.is_empty()) {
            break;
        }
        tracing::debug!(answer = %deps, "code graph not ready yet");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    println!(
        "\ncode graph: {} files import {} modules",
        deps["edges"]
            .as_array()
            .map(|e| e
                .iter()
                .filter_map(|x| x["from"].as_str())
                .collect::<std::collections::HashSet<_>>()
                .len())
            .unwrap_or(0),
        deps["modules"].as_array().map_or(0, Vec::len)
    );
    let hot = get(format!("/repos/{repo}/hotspots?limit=1")).await?;
    let symbols = get(format!("/repos/{repo}/symbols?kind=function&limit=500")).await?;
    let top = symbols["items"].as_array().and_then(|items| {
        items
            .iter()
            .filter(|s| hot["items"][0]["path"].is_null() || s["path"] == hot["items"][0]["path"])
            .max_by_key(|s| s["complexity"].as_i64().unwrap_or(0))
    });
    if let Some(symbol) = top {
        let id = symbol["id"].as_str().unwrap_or_default();
        let callers = get(format!("/symbols/{id}/callers?depth=2")).await?;
        println!(
            "  {} ({}, complexity {}) has {} callers within 2 calls:",
            symbol["qualified_name"].as_str().unwrap_or_default(),
            symbol["path"].as_str().unwrap_or_default(),
            symbol["complexity"],
            callers["items"].as_array().map_or(0, Vec::len)
        );
        println!(
            "  curl -H \"Authorization: Bearer $TOKEN\" http://{api}/symbols/{id}/callers?depth=2"
        );
    }
    Ok(())
}

/// A secret from the environment (refused when shorter than 32 bytes), or a fresh random one
/// for this run.
fn secret_from_env(var: &'static str) -> anyhow::Result<String> {
    match std::env::var(var) {
        Ok(s) if !s.is_empty() => {
            tributary_runtime::config::strong_secret(var, &s)?;
            Ok(s)
        }
        _ => Ok(uuid::Uuid::new_v4().simple().to_string()),
    }
}

async fn up(args: UpArgs) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    let infra = args.infra.infra();
    tributary_runtime::kafka::ensure_topics(&infra.kafka, 3)
        .await
        .context("creating topics: is the broker up? (scripts/stack.sh start)")?;
    let webhook_secret = secret_from_env("TRIBUTARY_WEBHOOK_SECRET")?;
    let jwt_secret = secret_from_env("TRIBUTARY_JWT_SECRET")?;
    let ingest = app::start_ingest(
        IngestConfig {
            listen: args.ingest_listen,
            secret: webhook_secret.clone().into(),
            max_body_bytes: 25 * 1024 * 1024,
            ack_timeout_ms: 5000,
            dedupe_capacity: 100_000,
            rate_per_source: tributary_runtime::rate_limit::Rate {
                per_second: 1000.0,
                burst: 2000.0,
            },
            trust_forwarded_for: false,
            max_in_flight: 64,
            body_timeout_ms: 30_000,
        },
        &infra,
        shutdown.clone(),
    )
    .await?;
    let normalizer = app::start_normalizer(&infra, None, shutdown.clone()).await?;
    let analyzer = app::start_ast_analyzer(&infra, None, shutdown.clone()).await?;
    let enricher = app::start_enricher(&args.enrich, &infra, None, shutdown.clone()).await?;
    let projection = app::start_postgres_projection(
        &PostgresProjectionConfig {
            schema: "read_model".into(),
            max_batch: 1000,
        },
        &infra,
        None,
        shutdown.clone(),
    )
    .await?;
    let api_config = QueryApiConfig {
        listen: args.api_listen,
        jwt_secret: jwt_secret.clone().into(),
        jwt_keys_file: None,
        jwt_issuer: "tributary".into(),
        jwt_audience: "tributary-api".into(),
        read_schema: "read_model".into(),
        components: vec![],
        teams_file: None,
        incident_label: "incident".into(),
        reader_rate_limit: tributary_runtime::rate_limit::Rate {
            per_second: 500.0,
            burst: 1000.0,
        },
        admin_rate_limit: tributary_runtime::rate_limit::Rate {
            per_second: 100.0,
            burst: 200.0,
        },
        max_concurrent_requests: 512,
        request_timeout_ms: 30_000,
        sse_max_per_subject: 8,
        sse_max_streams: 512,
        health_interval_ms: 2_000,
    };
    let graph = (!args.no_graph).then_some(&args.graph);
    let mut tasks = vec![normalizer, analyzer, enricher, projection];
    if let Some(graph) = graph {
        tasks.push(
            app::start_graph_projection(
                &GraphProjectionConfig::default(),
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
    if let Some(dir) = &args.webhooks {
        let mut files: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".payload.json"))
            .collect();
        files.sort();
        for file in files {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let event = name.split('.').next().unwrap_or_default().to_string();
            let answer = tributary::webhook_client::send(
                &http,
                &format!("http://{ingest}/webhooks/github"),
                webhook_secret.as_bytes(),
                &event,
                &format!("demo-{name}"),
                std::fs::read(&file)?,
            )
            .await?;
            println!("webhook {name}: {}", answer.status);
        }
    }

    let token = tributary_query_api::auth::mint(
        jwt_secret.as_bytes(),
        "demo",
        &["reader"],
        "tributary",
        "tributary-api",
        24 * 3600,
    )?;
    // Wait until the projection has caught up with the backfill, then show what it built.
    let mut repos_json = serde_json::Value::Null;
    for _ in 0..120 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let r = http
            .get(format!("http://{api}/repos"))
            .bearer_auth(&token)
            .send()
            .await?;
        repos_json = r.json().await?;
        let ready = repos_json["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i["commits"].as_i64().unwrap_or(0) > 0));
        if ready {
            break;
        }
    }
    println!(
        "\nread model: {}",
        serde_json::to_string_pretty(&repos_json)?
    );
    if let (Some(_), Some(name)) = (graph, registered.first()) {
        show_graph(&http, api, &token, name).await?;
    }
    println!("\nTributary is up.");
    println!("  ingest:    http://{ingest}/webhooks/github   (secret: TRIBUTARY_WEBHOOK_SECRET)");
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

/// One line of replay progress, rewritten in place on the terminal.
fn print_progress(p: tributary::replay::Progress) {
    eprint!(
        "\rreplay: {} records, {:.0}/s, lag {}, ETA {}        ",
        p.records,
        p.rate,
        p.lag,
        p.eta_secs
            .map(|s| format!("{s:.0}s"))
            .unwrap_or_else(|| "-".into())
    );
}
