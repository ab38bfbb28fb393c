//! `tributary`: every component of the pipeline as one multi-command binary.

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use tributary::app::{self, Infra};
use tributary_producers::git::GitConfig;
use tributary_producers::ingest::IngestConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_query_api::QueryApiConfig;
use tributary_registry::RegistryConfig;
use tributary_runtime::{KafkaArgs, PostgresArgs, RegistryArgs, Shutdown};

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
        #[arg(
            long = "jwt-secret",
            env = "TRIBUTARY_JWT_SECRET",
            hide_env_values = true
        )]
        jwt_secret: String,
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
enum TopicsCommand {
    /// Create every topic that does not exist yet.
    Create {
        #[command(flatten)]
        kafka: KafkaArgs,
        /// Partitions per topic.
        #[arg(long, default_value_t = 3)]
        partitions: i32,
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
    #[command(flatten)]
    git: GitConfig,
    #[command(flatten)]
    infra: InfraArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tributary_runtime::telemetry::init_tracing();
    tributary_runtime::telemetry::prometheus();
    let cli = Cli::parse();
    match cli.command {
        Command::Registry { config, postgres } => {
            let shutdown = Shutdown::on_signals();
            app::start_registry(&config, &postgres.database_url, shutdown.clone()).await?;
            shutdown.wait().await;
        }
        Command::Topics {
            command: TopicsCommand::Create { kafka, partitions },
        } => {
            let created = tributary_runtime::kafka::ensure_topics(&kafka, partitions).await?;
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
        Command::Serve { config, infra } => {
            let shutdown = Shutdown::on_signals();
            app::start_query_api(config, &infra.infra(), shutdown.clone()).await?;
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
                jwt_secret.as_bytes(),
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
            println!("registered {} ({})", repo.name, repo.location);
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
                println!("{}\t{}", r.name, r.location);
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

/// A secret from the environment, or a fresh random one for this run.
fn secret_from_env(var: &str) -> String {
    std::env::var(var)
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string())
}

async fn up(args: UpArgs) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    let infra = args.infra.infra();
    tributary_runtime::kafka::ensure_topics(&infra.kafka, 3)
        .await
        .context("creating topics: is the broker up? (scripts/stack.sh start)")?;
    let webhook_secret = secret_from_env("TRIBUTARY_WEBHOOK_SECRET");
    let jwt_secret = secret_from_env("TRIBUTARY_JWT_SECRET");
    let ingest = app::start_ingest(
        IngestConfig {
            listen: args.ingest_listen,
            secret: webhook_secret.clone(),
            max_body_bytes: 25 * 1024 * 1024,
            ack_timeout_ms: 5000,
            dedupe_capacity: 100_000,
        },
        &infra,
        shutdown.clone(),
    )
    .await?;
    let normalizer = app::start_normalizer(&infra, None, shutdown.clone()).await?;
    let analyzer = app::start_ast_analyzer(&infra, None, shutdown.clone()).await?;
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
        jwt_secret: jwt_secret.clone(),
        jwt_issuer: "tributary".into(),
        jwt_audience: "tributary-api".into(),
        read_schema: "read_model".into(),
        components: vec![],
    };
    let api = app::start_query_api(api_config, &infra, shutdown.clone()).await?;

    let producer = app::git_producer(&args.git, &infra).await?;
    for location in &args.repos {
        let repo = producer.register(location, None).await?;
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
    println!("\nTributary is up.");
    println!("  ingest:    http://{ingest}/webhooks/github   (secret: TRIBUTARY_WEBHOOK_SECRET)");
    println!("  query API: http://{api}   (OpenAPI: http://{api}/openapi.json)");
    println!("  try:       curl -H \"Authorization: Bearer $TOKEN\" http://{api}/repos");
    println!("  TOKEN={token}");
    if args.exit_after_demo {
        shutdown.trigger();
    } else {
        println!("Ctrl-C to stop.");
    }
    shutdown.wait().await;
    for task in [normalizer, analyzer, projection] {
        let _ = task.await;
    }
    let _ = poller.await;
    Ok(())
}
