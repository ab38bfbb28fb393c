//! The harness of the end-to-end tests: every test gets its own topic prefix and PostgreSQL
//! schemas on the real local stack (broker, registry, PostgreSQL), so tests run in parallel
//! without seeing each other. `scripts/stack.sh start` brings the stack up.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tributary::app::{self, Infra};
use tributary_producers::git::GitConfig;
use tributary_producers::ingest::IngestConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_query_api::QueryApiConfig;
use tributary_runtime::{GraphArgs, KafkaArgs, Shutdown};

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
        tributary_runtime::telemetry::init_tracing();
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
        let (child, args) =
            app::start_private_graph(&app::kglite_path(), self.tmp.path(), self.shutdown.clone())
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
            rate_per_source: tributary_runtime::rate_limit::Rate::UNLIMITED,
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
        tributary_runtime::postgres::connect(&self.infra.database_url, schema, 2)
            .await
            .expect("pool")
    }
}

/// One number from the read model (`-1` when the query fails, e.g. before the tables exist).
pub async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap_or(-1)
}

/// Polls `check` until it returns true or `timeout` passes.
pub async fn wait_until<F, Fut>(timeout: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < timeout {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("timed out after {timeout:?} waiting for {what}");
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github-webhooks")
}

/// Runs git in `dir` with a fixed identity; panics on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A repository with `commits` commits over two authors, a branch and a merge.
pub fn make_repository(dir: &Path, commits: usize) {
    git(dir, &["init", "-q", "-b", "main"]);
    for i in 0..commits {
        let file = dir.join(format!("src/mod{}.rs", i % 7));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        let mut text = std::fs::read_to_string(&file).unwrap_or_default();
        text.push_str(&format!("pub fn f{i}() -> usize {{ {i} }}\n"));
        std::fs::write(&file, text).expect("write");
        git(dir, &["add", "."]);
        if i % 5 == 0 {
            let out = Command::new("git")
                .args(["commit", "-q", "-m", &format!("change {i}")])
                .current_dir(dir)
                .env("GIT_AUTHOR_NAME", "Grace Hopper")
                .env("GIT_AUTHOR_EMAIL", "grace@example.com")
                .env("GIT_COMMITTER_NAME", "Grace Hopper")
                .env("GIT_COMMITTER_EMAIL", "grace@example.com")
                .env(
                    "GIT_AUTHOR_DATE",
                    format!("2026-01-{:02}T12:00:00Z", 1 + i % 28),
                )
                .output()
                .expect("git");
            assert!(out.status.success());
        } else {
            git(dir, &["commit", "-q", "-m", &format!("change {i}")]);
        }
        if i == commits / 2 {
            git(dir, &["checkout", "-q", "-b", "feature"]);
            std::fs::write(dir.join("FEATURE.md"), "feature\n").expect("write");
            git(dir, &["add", "."]);
            git(dir, &["commit", "-q", "-m", "feature work"]);
            git(dir, &["checkout", "-q", "main"]);
        }
    }
    git(
        dir,
        &["merge", "-q", "--no-ff", "-m", "merge feature", "feature"],
    );
}

pub fn rev_list_count(dir: &Path) -> i64 {
    git(dir, &["rev-list", "--all", "--count"])
        .parse()
        .expect("count")
}

/// Writes `n` synthetic commits of `repository` straight to the commits topic.
pub async fn produce_commits(env: &TestEnv, repository: &str, n: usize) {
    tributary::synthetic::produce_commits(&env.infra, repository, n)
        .await
        .expect("synthetic commits acknowledged");
}

/// Writes `n` synthetic commits of `repository` to the commits topic, all on one partition (one
/// key), commit `marked` with `message`; returns that commit's offset.
pub async fn produce_commits_marking(
    env: &TestEnv,
    repository: &str,
    n: usize,
    (marked, message): (usize, &str),
) -> i64 {
    let topic = env.infra.kafka.topics().commits();
    let producer = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(10))
        .expect("producer");
    let codec = env.infra.codec().expect("codec");
    let mut marked_offset = -1;
    for i in 0..n {
        let mut c = tributary::synthetic::commit(repository, i);
        if i == marked {
            c.message = message.into();
        }
        let bytes = codec.encode(&topic, &c).await.expect("encode");
        let (_, offset) =
            tributary_runtime::kafka::send(&producer, &topic, repository.as_bytes(), &bytes)
                .await
                .expect("acknowledged");
        if i == marked {
            marked_offset = offset;
        }
    }
    marked_offset
}

/// A new repository at `dir` (created) whose one commit, `message`, holds `files`; returns
/// the commit's sha.
pub fn init_repository(dir: &Path, files: &[(&str, &str)], message: &str) -> String {
    std::fs::create_dir_all(dir).expect("mkdir");
    git(dir, &["init", "-q", "-b", "main"]);
    write_files(dir, files);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

/// Writes `files` (path, text) under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
}

/// A push webhook body for `repo` at `clone_url`, from the shared fixture's shape.
pub fn push_body(
    repo: &str,
    clone_url: &str,
    git_ref: &str,
    before: &str,
    after: &str,
    forced: bool,
) -> Vec<u8> {
    let raw =
        std::fs::read(fixtures_dir().join("push.with-new-branch.payload.json")).expect("fixture");
    let mut body: Value = serde_json::from_slice(&raw).expect("json");
    body["ref"] = json!(git_ref);
    body["before"] = json!(before);
    body["after"] = json!(after);
    body["created"] = json!(before.chars().all(|c| c == '0'));
    body["forced"] = json!(forced);
    body["commits"] = json!([]);
    body["head_commit"] = Value::Null;
    body["repository"]["full_name"] = json!(repo);
    body["repository"]["name"] = json!(repo.split('/').nth(1).unwrap_or(repo));
    body["repository"]["clone_url"] = json!(clone_url);
    serde_json::to_vec(&body).expect("encode")
}

/// A fixture webhook body.
pub fn fixture(name: &str) -> Value {
    let raw = std::fs::read(fixtures_dir().join(name)).expect("fixture");
    serde_json::from_slice(&raw).expect("json")
}

/// `body` with its repository set to `repo` (`owner/name`).
pub fn with_repository(mut body: Value, repo: &str) -> Value {
    let (owner, name) = repo.split_once('/').expect("owner/name");
    body["repository"]["full_name"] = json!(repo);
    body["repository"]["name"] = json!(name);
    body["repository"]["owner"]["login"] = json!(owner);
    body
}

/// `start` (RFC 3339) plus `minutes`, in RFC 3339 (UTC, seconds).
pub fn minutes_after(start: &str, minutes: i64) -> String {
    let start = chrono::DateTime::parse_from_rfc3339(start).expect("RFC 3339");
    (start + chrono::TimeDelta::minutes(minutes))
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A `deployment_status` delivery: deployment `id` of `sha` to `environment`, created at
/// `created`, with status `state` (id `id * 10`) at `at`.
pub fn deployment_status_body(
    repo: &str,
    (id, sha, environment, state): (i64, &str, &str, &str),
    created: &str,
    at: &str,
) -> Value {
    let mut body = with_repository(fixture("deployment_status.payload.json"), repo);
    body["deployment"]["id"] = json!(id);
    body["deployment"]["sha"] = json!(sha);
    body["deployment"]["environment"] = json!(environment);
    body["deployment"]["created_at"] = json!(created);
    body["deployment_status"]["id"] = json!(id * 10);
    body["deployment_status"]["state"] = json!(state);
    body["deployment_status"]["environment"] = json!(environment);
    body["deployment_status"]["created_at"] = json!(at);
    body
}

/// An `issues` delivery for issue `number` with `labels`, opened at `opened` and, when given,
/// closed at `closed` (then its action is `closed`).
pub fn issue_body(
    repo: &str,
    number: i64,
    labels: &[&str],
    opened: &str,
    closed: Option<&str>,
) -> Value {
    let mut body = with_repository(fixture("issues.opened.payload.json"), repo);
    body["action"] = json!(if closed.is_some() { "closed" } else { "opened" });
    body["issue"]["number"] = json!(number);
    body["issue"]["labels"] = json!(labels
        .iter()
        .map(|l| json!({ "name": l }))
        .collect::<Vec<_>>());
    body["issue"]["created_at"] = json!(opened);
    body["issue"]["updated_at"] = json!(closed.unwrap_or(opened));
    body["issue"]["closed_at"] = json!(closed);
    body["issue"]["state"] = json!(if closed.is_some() { "closed" } else { "open" });
    body
}

/// A private PostgreSQL cluster, run as the `postgres` user (PostgreSQL refuses root).
pub struct PrivatePostgres {
    bin: String,
    data: String,
    port: u16,
}

pub fn as_postgres(args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new("runuser");
    cmd.args(["-u", "postgres", "--"]).args(args);
    cmd.output().expect("runuser runs")
}

impl PrivatePostgres {
    pub fn create(dir: &Path) -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL installed")
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .next()
            .expect("a PostgreSQL version")
            .to_string_lossy()
            .into_owned();
        std::fs::create_dir_all(dir).expect("mkdir");
        let status = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(dir)
            .status()
            .expect("chown");
        assert!(status.success());
        let data = dir.join("data").to_string_lossy().into_owned();
        let out = as_postgres(&[
            &format!("{bin}/initdb"),
            "-D",
            &data,
            "-U",
            "postgres",
            "--auth=trust",
        ]);
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pg = Self {
            bin,
            data,
            port: free_port(),
        };
        pg.start();
        pg
    }

    pub fn start(&self) {
        let options = format!("-p {} -k /tmp -c listen_addresses=127.0.0.1", self.port);
        let out = as_postgres(&[
            &format!("{}/pg_ctl", self.bin),
            "-D",
            &self.data,
            "-o",
            &options,
            "-w",
            "-l",
            &format!("{}/log", self.data),
            "start",
        ]);
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn stop(&self) {
        let out = as_postgres(&[
            &format!("{}/pg_ctl", self.bin),
            "-D",
            &self.data,
            "-m",
            "immediate",
            "-w",
            "stop",
        ]);
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = as_postgres(&[
            &format!("{}/pg_ctl", self.bin),
            "-D",
            &self.data,
            "-m",
            "immediate",
            "stop",
        ]);
    }
}

/// One number from `schema` over a fresh connection (the server restarts or stops under the test).
pub async fn count_fresh(url: &str, schema: &str, sql: &str) -> i64 {
    match tributary_runtime::postgres::connect(url, schema, 1).await {
        Ok(pool) => {
            let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap_or(-1);
            pool.close().await;
            n
        }
        Err(_) => -1,
    }
}
