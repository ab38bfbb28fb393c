//! The harness of the end-to-end tests: every test gets its own topic prefix and PostgreSQL
//! schemas on the real local stack (broker, registry, PostgreSQL), so tests run in parallel
//! without seeing each other. `scripts/stack.sh start` brings the stack up.
//!
//! - [`TestEnv`]: one test's slice of the stack, and the components it starts on it;
//! - [`wait`]: waiting for the pipeline (a projection caught up with its topics, a condition)
//!   and numbers from the read models, where a failed query fails the test;
//! - [`process`]: running a test in a process of its own;
//! - [`git`], [`webhooks`], [`events`]: repositories, webhook bodies and events to feed in;
//! - [`postgres`]: a PostgreSQL server of a test's own, to stop under a running projection.

pub mod events;
pub mod git;
pub mod postgres;
pub mod process;
pub mod wait;
pub mod webhooks;

pub use events::*;
pub use git::*;
pub use postgres::*;
pub use process::*;
pub use tributary_test_support::command::output_of;
pub use wait::*;
pub use webhooks::*;

use std::net::SocketAddr;
use std::path::Path;
use tributary::app::{self, Infra};
use tributary_base::config::GraphArgs;
use tributary_producers::git::GitConfig;
use tributary_producers::ingest::IngestConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_query_api::QueryApiConfig;
use tributary_runtime::{KafkaArgs, Shutdown};

/// The tests' webhook secret (ingest refuses secrets under 32 bytes).
pub const WEBHOOK_SECRET: &str = "test-webhook-secret-of-at-least-32-bytes";
/// The tests' JWT secret (at least 32 bytes, like every HS256 secret Tributary accepts).
pub const JWT_SECRET: &str = "test-jwt-secret-of-at-least-32-bytes!";

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

/// One test's slice of the stack.
pub struct TestEnv {
    pub infra: Infra,
    /// Unique: topic prefix and schema-name stem.
    pub id: String,
    pub shutdown: Shutdown,
    pub http: reqwest::Client,
    pub tmp: tempfile::TempDir,
    /// Servers this test started (its graph server), killed when it ends.
    pub children: std::sync::Mutex<Vec<std::process::Child>>,
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        self.shutdown.trigger();
        if let Ok(children) = self.children.get_mut() {
            for child in children.iter_mut() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// A free loopback port (bound and released; the caller binds it right away).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl TestEnv {
    /// Creates the topics of a fresh prefix.
    pub async fn new(name: &str) -> Self {
        tributary_telemetry::init_tracing();
        let id = format!(
            "t_{name}_{}",
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
        tributary_runtime::kafka::ensure_topics(&infra.kafka, 3)
            .await
            .expect("topics created: is the stack up? (scripts/stack.sh start)");
        Self {
            infra,
            id,
            shutdown: Shutdown::new(),
            http: reqwest::Client::new(),
            tmp: tempfile::tempdir().expect("tempdir"),
            children: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Starts this test's own in-memory graph server (kglite, Bolt 5) and a Bolt 4.4 bridge in
    /// front of it; returns the settings neo4rs connects with.
    pub async fn start_graph(&self) -> GraphArgs {
        let (child, args) = tributary_test_support::graph::start_private_graph(
            &tributary_test_support::graph::kglite_path(),
            self.tmp.path(),
            self.shutdown.clone(),
        )
        .await
        .expect("graph server starts");
        self.children.lock().expect("children").push(child);
        args
    }

    /// Starts the graph projection against `graph`.
    pub async fn start_graph_projection(&self, graph: &GraphArgs) {
        app::start_graph_projection(
            &tributary_projections::neo4j::GraphProjectionConfig { max_batch: 100 },
            graph,
            &self.infra,
            None,
            self.shutdown.clone(),
        )
        .await
        .expect("graph projection starts");
    }

    pub fn read_schema(&self) -> String {
        format!("{}_read", self.id)
    }

    pub fn projection_config(&self, max_batch: usize) -> PostgresProjectionConfig {
        PostgresProjectionConfig {
            schema: self.read_schema(),
            max_batch,
        }
    }

    pub fn git_config(&self) -> GitConfig {
        GitConfig {
            mirrors: self.tmp.path().join("mirrors"),
            check_interval_secs: 1,
            max_blob_bytes: 64 * 1024,
            state_schema: format!("{}_sources", self.id),
            ..GitConfig::default()
        }
    }

    pub fn ingest_config(&self, max_body_bytes: usize) -> IngestConfig {
        IngestConfig {
            listen: "127.0.0.1:0".parse().expect("addr"),
            secret: WEBHOOK_SECRET.into(),
            max_body_bytes,
            ack_timeout_ms: 5000,
            dedupe_capacity: 1000,
            rate_per_source: tributary_http::rate_limit::Rate::UNLIMITED,
            trust_forwarded_for: false,
            max_in_flight: 64,
            body_timeout_ms: 30_000,
        }
    }

    pub async fn start_ingest(&self, max_body_bytes: usize) -> SocketAddr {
        app::start_ingest(
            self.ingest_config(max_body_bytes),
            &self.infra,
            self.shutdown.clone(),
        )
        .await
        .expect("ingest starts")
    }

    /// Starts the normalizer; its task ends after `shutdown`.
    pub async fn start_normalizer(&self) -> app::Task {
        app::start_normalizer(&self.infra, None, self.shutdown.clone())
            .await
            .expect("normalizer starts")
    }

    /// Starts the PostgreSQL projection; its task ends after `shutdown`.
    pub async fn start_projection(&self) -> app::Task {
        app::start_postgres_projection(
            &self.projection_config(500),
            &self.infra,
            None,
            self.shutdown.clone(),
        )
        .await
        .expect("projection starts")
    }

    pub async fn start_api(&self) -> SocketAddr {
        self.start_api_with(None).await
    }

    /// The query API, with the code graph when given.
    pub async fn start_api_with(&self, graph: Option<&GraphArgs>) -> SocketAddr {
        self.start_api_configured(self.api_config(), graph).await
    }

    /// The configuration [`TestEnv::start_api`] uses.
    pub fn api_config(&self) -> QueryApiConfig {
        QueryApiConfig {
            listen: "127.0.0.1:0".parse().expect("addr"),
            jwt_secret: JWT_SECRET.into(),
            jwt_keys_file: None,
            jwt_issuer: "tributary".into(),
            jwt_audience: "tributary-api".into(),
            read_schema: self.read_schema(),
            components: vec![],
            teams_file: None,
            incident_label: "incident".into(),
            reader_rate_limit: "500:1000".parse().expect("rate"),
            admin_rate_limit: "100:200".parse().expect("rate"),
            max_concurrent_requests: 512,
            request_timeout_ms: 30_000,
            sse_max_per_subject: 8,
            sse_max_streams: 512,
            health_interval_ms: 2_000,
        }
    }

    /// The query API with this configuration.
    pub async fn start_api_configured(
        &self,
        config: QueryApiConfig,
        graph: Option<&GraphArgs>,
    ) -> SocketAddr {
        app::start_query_api(config, &self.infra, graph, self.shutdown.clone())
            .await
            .expect("api starts")
    }

    pub fn token(&self, roles: &[&str]) -> String {
        tributary_query_api::auth::mint(
            JWT_SECRET.as_bytes(),
            "test",
            roles,
            "tributary",
            "tributary-api",
            600,
        )
        .expect("token")
    }

    /// GET with a reader token; returns (status, JSON body).
    pub async fn get(&self, api: SocketAddr, path: &str) -> (u16, serde_json::Value) {
        let r = self
            .http
            .get(format!("http://{api}{path}"))
            .bearer_auth(self.token(&["reader"]))
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// The git producer of this test, with `dir` registered as `name` and backfilled.
    pub async fn register_and_backfill(
        &self,
        dir: &Path,
        name: &str,
    ) -> (
        tributary_producers::git::GitProducer,
        tributary_producers::git::RegisteredRepository,
        tributary_producers::git::SyncReport,
    ) {
        self.register_and_backfill_with(self.git_config(), dir, name)
            .await
    }

    /// [`TestEnv::register_and_backfill`] with a git producer of `config`.
    pub async fn register_and_backfill_with(
        &self,
        config: GitConfig,
        dir: &Path,
        name: &str,
    ) -> (
        tributary_producers::git::GitProducer,
        tributary_producers::git::RegisteredRepository,
        tributary_producers::git::SyncReport,
    ) {
        let producer = app::git_producer(&config, &self.infra)
            .await
            .expect("producer");
        let repo = producer
            .register(dir.to_str().expect("utf-8 path"), Some(name))
            .await
            .expect("registered");
        let report = producer.sync(&repo, true).await.expect("backfill");
        (producer, repo, report)
    }

    /// Sends a push webhook of `repo` (fetched from `clone_url`) to ingest at `ingest`, moving
    /// `git_ref` from `before` to `after`; asserts it was accepted.
    pub async fn send_push(
        &self,
        ingest: SocketAddr,
        repo: &str,
        clone_url: &str,
        (git_ref, before, after): (&str, &str, &str),
        forced: bool,
    ) {
        let body = push_body(repo, clone_url, git_ref, before, after, forced);
        self.send_webhook(ingest, "push", body).await;
    }

    /// Sends a signed webhook delivery of `event` to ingest at `ingest`; asserts it was accepted.
    pub async fn send_webhook(&self, ingest: SocketAddr, event: &str, body: Vec<u8>) {
        let answer = tributary::webhook_client::send(
            &self.http,
            &format!("http://{ingest}/webhooks/github"),
            WEBHOOK_SECRET.as_bytes(),
            event,
            &uuid::Uuid::new_v4().to_string(),
            body,
        )
        .await
        .expect("sent");
        // 202 for events; 200 for `ping`.
        assert!(matches!(answer.status, 200 | 202), "{}", answer.body);
    }

    /// A pool on one of this test's schemas.
    pub async fn pool(&self, schema: &str) -> sqlx::PgPool {
        tributary_postgres::connect(&self.infra.database_url, schema, 2)
            .await
            .expect("pool")
    }
}
