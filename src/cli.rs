//! The command line: every subcommand and its flags. Flag groups shared by several commands are
//! declared once here (or in the component crates); their defaults come from
//! [`tributary::defaults`].

use clap::{Args, Parser, Subcommand};
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::path::PathBuf;
use tributary::app::Infra;
use tributary::defaults;
use tributary_base::config::{GraphArgs, PostgresArgs, RegistryArgs};
use tributary_processors::enrich::EnrichConfig;
use tributary_producers::git::GitConfig;
use tributary_producers::ingest::IngestConfig;
use tributary_projections::neo4j::GraphProjectionConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_query_api::QueryApiConfig;
use tributary_registry::RegistryConfig;
use tributary_runtime::KafkaArgs;

#[derive(Parser)]
#[command(
    name = "tributary",
    version,
    about = "An event-sourced pipeline for code intelligence"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Where the shared infrastructure is: broker, Schema Registry, PostgreSQL.
#[derive(Args, Clone)]
pub(crate) struct InfraArgs {
    #[command(flatten)]
    kafka: KafkaArgs,
    #[command(flatten)]
    registry: RegistryArgs,
    #[command(flatten)]
    postgres: PostgresArgs,
}

impl InfraArgs {
    pub(crate) fn infra(&self) -> Infra {
        Infra {
            kafka: self.kafka.clone(),
            registry_url: self.registry.registry_url.clone(),
            database_url: self.postgres.database_url.clone(),
        }
    }
}

/// The default `/health` and `/metrics` address of one kind of worker.
pub(crate) trait AdminDefault: Clone + Send + Sync + 'static {
    /// The address, `host:port`.
    const LISTEN: &'static str;
}

/// Marker types naming each worker's default admin address (from
/// [`defaults::admin_listen`]).
macro_rules! admin_defaults {
    ($($(#[$doc:meta])* $marker:ident = $listen:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Clone)]
        pub(crate) struct $marker;
        impl AdminDefault for $marker {
            const LISTEN: &'static str = $listen;
        }
    )*};
}

admin_defaults! {
    /// `process normalizer`.
    NormalizerAdmin = defaults::admin_listen::NORMALIZER;
    /// `process ast`.
    AstAdmin = defaults::admin_listen::AST_ANALYZER;
    /// `process enrich`.
    EnrichAdmin = defaults::admin_listen::ENRICHER;
    /// `process fetcher`.
    FetcherAdmin = defaults::admin_listen::FETCHER;
    /// `project postgres`.
    PostgresAdmin = defaults::admin_listen::POSTGRES_PROJECTION;
    /// `project neo4j`.
    GraphAdmin = defaults::admin_listen::GRAPH_PROJECTION;
    /// `produce git`.
    GitPollerAdmin = defaults::admin_listen::GIT_POLLER;
}

/// A worker's `/health` and `/metrics` endpoint; `W` names its default address.
#[derive(Args, Clone)]
pub(crate) struct AdminArgs<W: AdminDefault> {
    /// Where to serve /health and /metrics.
    #[arg(
        long = "admin-listen",
        env = "TRIBUTARY_ADMIN_LISTEN",
        default_value = W::LISTEN
    )]
    pub(crate) admin_listen: SocketAddr,
    #[arg(skip)]
    worker: PhantomData<W>,
}

/// The code graph, or none.
#[derive(Args, Clone)]
pub(crate) struct GraphSelection {
    #[command(flatten)]
    graph: GraphArgs,
    /// Run without the code graph (graph routes answer 503; `up` also skips the graph
    /// projection).
    #[arg(long)]
    no_graph: bool,
}

impl GraphSelection {
    /// The graph's settings, unless `--no-graph`.
    pub(crate) fn graph(&self) -> Option<&GraphArgs> {
        (!self.no_graph).then_some(&self.graph)
    }
}

/// How the query API's bearer tokens are signed and what they claim.
#[derive(Args)]
pub(crate) struct JwtArgs {
    /// The HS256 secret (at least 32 bytes).
    #[arg(
        long = "jwt-secret",
        value_name = "JWT_SECRET",
        env = "TRIBUTARY_JWT_SECRET",
        hide_env_values = true,
        default_value = "",
        hide_default_value = true,
        value_parser = tributary_base::config::SecretParser::new("TRIBUTARY_JWT_SECRET")
    )]
    pub(crate) secret: secrecy::SecretString,
    /// The `iss` claim.
    #[arg(
        long = "jwt-issuer",
        value_name = "JWT_ISSUER",
        env = "TRIBUTARY_JWT_ISSUER",
        default_value = defaults::JWT_ISSUER
    )]
    pub(crate) issuer: String,
    /// The `aud` claim.
    #[arg(
        long = "jwt-audience",
        value_name = "JWT_AUDIENCE",
        env = "TRIBUTARY_JWT_AUDIENCE",
        default_value = defaults::JWT_AUDIENCE
    )]
    pub(crate) audience: String,
}

/// The secret webhooks are signed with.
#[derive(Args)]
pub(crate) struct WebhookSecretArgs {
    /// The secret ingest checks signatures with.
    #[arg(
        long = "webhook-secret",
        env = "TRIBUTARY_WEBHOOK_SECRET",
        hide_env_values = true,
        required_unless_present = "secret_file"
    )]
    pub(crate) secret: Option<String>,
    /// A file holding the secret (as `tributary up` writes it); wins over
    /// TRIBUTARY_WEBHOOK_SECRET.
    #[arg(long = "webhook-secret-file", value_name = "FILE")]
    pub(crate) secret_file: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        graph: GraphSelection,
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
            default_value = defaults::BOLT_BRIDGE_LISTEN
        )]
        listen: SocketAddr,
        /// The Bolt 5.x server, host:port.
        #[arg(
            long,
            env = "TRIBUTARY_BOLT_UPSTREAM",
            default_value = defaults::BOLT_UPSTREAM
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
        #[command(flatten)]
        jwt: JwtArgs,
    },
    /// Send webhooks.
    Webhook {
        #[command(subcommand)]
        command: WebhookCommand,
    },
    /// The whole pipeline in one process, on the local stack (see scripts/up.sh).
    Up(UpArgs),
    /// Train the offline commit classifier on a labeled corpus, evaluate it on the held-out
    /// repositories, and write its weights.
    TrainClassifier(TrainArgs),
}

/// `tributary train-classifier`: what to learn from and where the weights go.
#[derive(Args)]
pub(crate) struct TrainArgs {
    /// The corpora, comma separated (`repo<TAB>label<TAB>subject<TAB>paths`; see
    /// data/commits/README.md): commits labeled by their Conventional Commits prefix, and
    /// changelog entries labeled by their heading (data/changelogs/README.md).
    #[arg(
        long,
        value_delimiter = ',',
        default_values = ["data/commits/conventional.tsv", "data/changelogs/changelogs.tsv"]
    )]
    pub corpus: Vec<PathBuf>,
    /// Repositories kept out of training and scored (comma separated).
    #[arg(long, value_delimiter = ',', default_values_t = tributary_processors::enrich::learned::HELD_OUT.map(String::from))]
    pub holdout: Vec<String>,
    /// Where the weights are written.
    #[arg(long, default_value = "processors/src/enrich/weights.tsv")]
    pub out: PathBuf,
    /// Passes over the training examples.
    #[arg(long, default_value_t = tributary_processors::enrich::learned::TrainOptions::default().epochs)]
    pub epochs: usize,
    /// AdaGrad's base learning rate.
    #[arg(long, default_value_t = tributary_processors::enrich::learned::TrainOptions::default().learning_rate)]
    pub learning_rate: f32,
    /// L2 penalty per update.
    #[arg(long, default_value_t = tributary_processors::enrich::learned::TrainOptions::default().l2)]
    pub l2: f32,
    /// Features seen in fewer training examples are left out.
    #[arg(long, default_value_t = tributary_processors::enrich::learned::TrainOptions::default().min_count)]
    pub min_count: usize,
}

#[derive(Subcommand)]
pub(crate) enum ReplayCommand {
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
pub(crate) enum SchemasCommand {
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
pub(crate) struct DlqFilterArgs {
    /// Only this dead letter id.
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// Only from this component (postgres, neo4j, normalizer, ast-analyzer, fetcher).
    #[arg(long)]
    pub(crate) component: Option<String>,
    /// Only from this source topic.
    #[arg(long)]
    pub(crate) topic: Option<String>,
    /// Only those whose error contains this text.
    #[arg(long)]
    pub(crate) error: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum DlqCommand {
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
pub(crate) enum TopicsCommand {
    /// Create every topic that does not exist yet.
    Create {
        #[command(flatten)]
        kafka: KafkaArgs,
        /// Partitions per topic: the most instances of one processor that can share the work.
        #[arg(long, env = "TRIBUTARY_PARTITIONS", default_value_t = defaults::PARTITIONS)]
        partitions: i32,
        /// Replicas per partition (3 on a production cluster).
        #[arg(long, env = "TRIBUTARY_REPLICATION", default_value_t = defaults::REPLICATION)]
        replication: i32,
    },
}

#[derive(Subcommand)]
pub(crate) enum ProcessorCommand {
    /// webhooks.raw -> pushes, activity.
    Normalizer {
        #[command(flatten)]
        infra: InfraArgs,
        #[command(flatten)]
        admin: AdminArgs<NormalizerAdmin>,
    },
    /// blobs -> analysis (tree-sitter).
    Ast {
        #[command(flatten)]
        infra: InfraArgs,
        #[command(flatten)]
        admin: AdminArgs<AstAdmin>,
    },
    /// commits -> enrichment (a model endpoint, or the offline classifier).
    Enrich {
        #[command(flatten)]
        config: EnrichConfig,
        #[command(flatten)]
        infra: InfraArgs,
        #[command(flatten)]
        admin: AdminArgs<EnrichAdmin>,
    },
    /// pushes -> git fetch of the pushed commits -> commits, blobs.
    Fetcher {
        #[command(flatten)]
        git: GitConfig,
        #[command(flatten)]
        infra: InfraArgs,
        #[command(flatten)]
        admin: AdminArgs<FetcherAdmin>,
    },
}

#[derive(Subcommand)]
pub(crate) enum ProjectionCommand {
    /// The PostgreSQL read model.
    Postgres {
        #[command(flatten)]
        config: PostgresProjectionConfig,
        #[command(flatten)]
        infra: InfraArgs,
        #[command(flatten)]
        admin: AdminArgs<PostgresAdmin>,
    },
    /// The code graph in Neo4j (Bolt 4.4; through the Bolt bridge for 5.x-only servers).
    Neo4j {
        #[command(flatten)]
        config: GraphProjectionConfig,
        #[command(flatten)]
        graph: GraphArgs,
        #[command(flatten)]
        infra: InfraArgs,
        #[command(flatten)]
        admin: AdminArgs<GraphAdmin>,
    },
}

#[derive(Subcommand)]
pub(crate) enum ReposCommand {
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
pub(crate) enum ProduceCommand {
    /// Poll registered repositories every CHECK_INTERVAL seconds.
    Git {
        #[command(flatten)]
        git: GitConfig,
        #[command(flatten)]
        infra: InfraArgs,
        #[command(flatten)]
        admin: AdminArgs<GitPollerAdmin>,
    },
}

#[derive(Subcommand)]
pub(crate) enum WebhookCommand {
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
        /// The ingest endpoint.
        #[arg(long, default_value = defaults::WEBHOOK_URL)]
        url: String,
        #[command(flatten)]
        secret: WebhookSecretArgs,
    },
}

#[derive(Args)]
pub(crate) struct UpArgs {
    /// Repositories to register and backfill (default: this checkout).
    #[arg(long = "repo", default_values_t = vec![".".to_string()])]
    pub(crate) repos: Vec<String>,
    /// A folder of `<event>.<variant>.payload.json` files to send signed to ingest once up.
    #[arg(long)]
    pub(crate) webhooks: Option<PathBuf>,
    /// Ingest address.
    #[arg(long, default_value = defaults::INGEST_LISTEN)]
    pub(crate) ingest_listen: SocketAddr,
    /// Query API address.
    #[arg(long, default_value = defaults::API_LISTEN)]
    pub(crate) api_listen: SocketAddr,
    /// Stop after the demo instead of running until Ctrl-C.
    #[arg(long)]
    pub(crate) exit_after_demo: bool,
    #[command(flatten)]
    pub(crate) git: GitConfig,
    #[command(flatten)]
    pub(crate) enrich: EnrichConfig,
    #[command(flatten)]
    pub(crate) infra: InfraArgs,
    #[command(flatten)]
    pub(crate) graph: GraphSelection,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn each_worker_has_its_own_admin_address() {
        let admin = |args: &[&str]| match Cli::try_parse_from(args).map(|c| c.command) {
            Ok(Command::Process {
                processor: ProcessorCommand::Normalizer { admin, .. },
            }) => admin.admin_listen.to_string(),
            Ok(Command::Process {
                processor: ProcessorCommand::Enrich { admin, .. },
            }) => admin.admin_listen.to_string(),
            Ok(Command::Project {
                projection: ProjectionCommand::Neo4j { admin, .. },
            }) => admin.admin_listen.to_string(),
            _ => "unexpected".into(),
        };
        assert_eq!(
            admin(&["tributary", "process", "normalizer"]),
            defaults::admin_listen::NORMALIZER
        );
        assert_eq!(
            admin(&["tributary", "process", "enrich"]),
            defaults::admin_listen::ENRICHER
        );
        assert_eq!(
            admin(&["tributary", "project", "neo4j"]),
            defaults::admin_listen::GRAPH_PROJECTION
        );
    }
}
