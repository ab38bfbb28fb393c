//! Load benchmark of the pipeline on the real local stack (start it with `scripts/stack.sh start`).
//!
//! The servers under load run as their own processes, the release `tributary` binary as in
//! production; this process is only the load generator and the reference client. So the
//! generator never shares an async runtime with the server it measures (on a 2-core machine they
//! still share the cores with each other, the broker and PostgreSQL: read ratios within a run).
//!
//! 1. ingest, closed loop: `--concurrency` clients send signed push webhooks (answered 202 after
//!    the broker's ack) as fast as they are answered: the peak rate;
//! 2. reference: this process produces the same records straight to the broker (acks=all, the
//!    same concurrency): the ingest / raw produce throughput ratio;
//! 3. ingest, open loop: a sweep of offered rates (`--ingest-rates`, default fractions of the
//!    peak); each request leaves at its scheduled time whatever the others do, from a pacing
//!    thread with sub-millisecond timing, and its latency counts from that time, so a stall is
//!    never hidden (no coordinated omission). A run is *on schedule* when every webhook was
//!    accepted and the achieved rate is at least 99% of the offered one (a server that falls
//!    behind finishes late). The *sustained* rate is the highest of the sweep at and below which
//!    every run was on schedule with a p99 under the 50 ms target; the next one is printed too;
//! 4. projection: commit events per second into PostgreSQL by `tributary project postgres`
//!    (then the tables are analyzed, as autovacuum soon would);
//! 5. query API, open loop: the commit listing (50 per page) over that read model at
//!    `--query-rates` (default 500, 1000, 2000 requests/s) against `tributary serve`.
//!
//! `cargo bench --bench pipeline -- [--webhooks N] [--concurrency C] [--commits M]
//!  [--seconds S] [--ingest-rates R,R,..] [--query-rates Q,Q,..]`

use futures::stream::{FuturesUnordered, StreamExt};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tributary::app::Infra;
use tributary_runtime::KafkaArgs;
use tributary_schemas::{event_id, WebhookReceived};

/// The webhook secret of the benchmark's ingest server.
const SECRET: &str = "bench-webhook-secret-of-at-least-32-bytes";
/// The JWT secret of the benchmark's query API.
const JWT_SECRET: &str = "bench-jwt-secret-of-at-least-32-bytes";
/// The rate limit of the servers under load: none in practice (the bench measures the servers,
/// not their limits; `tests/it/limits.rs` tests those).
const UNLIMITED_RATE: &str = "1000000000:1000000000";
/// The issue's targets, printed beside the figures.
const INGEST_P99_TARGET_MS: f64 = 50.0;
const QUERY_P99_TARGET_MS: f64 = 10.0;
const QUERY_TARGET_RATE: f64 = 1000.0;

struct Args {
    webhooks: usize,
    concurrency: usize,
    commits: usize,
    /// Length of each open-loop run.
    seconds: f64,
    /// Offered ingest rates of the sweep; empty: fractions of the closed-loop peak.
    ingest_rates: Vec<f64>,
    /// Offered query rates of the sweep.
    query_rates: Vec<f64>,
}

fn rates(list: &str) -> Vec<f64> {
    list.split(',')
        .filter_map(|r| r.trim().parse().ok())
        .filter(|r: &f64| *r > 0.0)
        .collect()
}

fn args() -> Args {
    let mut a = Args {
        webhooks: 20_000,
        concurrency: 64,
        commits: 50_000,
        seconds: 10.0,
        ingest_rates: vec![],
        query_rates: vec![500.0, QUERY_TARGET_RATE, 2000.0],
    };
    let argv: Vec<String> = std::env::args().collect();
    for w in argv.windows(2) {
        let n: usize = w[1].parse().unwrap_or(0);
        match w[0].as_str() {
            "--webhooks" if n > 0 => a.webhooks = n,
            "--concurrency" if n > 0 => a.concurrency = n,
            "--commits" if n > 0 => a.commits = n,
            "--seconds" if n > 0 => a.seconds = n as f64,
            "--ingest-rates" => a.ingest_rates = rates(&w[1]),
            "--query-rates" => a.query_rates = rates(&w[1]),
            _ => {}
        }
    }
    a
}

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

/// A free port on loopback (bound and released; the server binds it a moment later).
fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The stack the servers run against, under a topic prefix of the benchmark's own.
struct Stack {
    infra: Infra,
}

impl Stack {
    /// The local stack (or the one the environment names) under a new topic prefix.
    async fn new(prefix: &str) -> anyhow::Result<Self> {
        let mut kafka = KafkaArgs::new(env_or("TRIBUTARY_BROKERS", "127.0.0.1:9092"), prefix);
        // The local tansu broker cannot take idempotent producers back after a crash (README).
        kafka.idempotence = env_or("TRIBUTARY_KAFKA_IDEMPOTENCE", "false") == "true";
        // The servers inherit the environment; the reference producer takes the same settings.
        kafka.producer_options = env_or("TRIBUTARY_KAFKA_PRODUCER_OPTIONS", "").parse()?;
        let stack = Self {
            infra: Infra {
                kafka,
                registry_url: env_or("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081"),
                database_url: env_or(
                    "TRIBUTARY_TEST_DATABASE_URL",
                    "postgres://postgres@127.0.0.1:5432/tributary_test",
                ),
            },
        };
        tributary_runtime::kafka::ensure_topics(
            &stack.infra.kafka,
            tributary::defaults::PARTITIONS,
        )
        .await?;
        Ok(stack)
    }

    /// Deletes the prefix's topics (each run writes about a gigabyte of webhooks to the local
    /// broker's storage) and the read model `schema`. Best effort: a failure is only printed.
    async fn clean_up(&self, schema: Option<&str>) {
        use rdkafka::admin::{AdminClient, AdminOptions};
        use rdkafka::client::DefaultClientContext;
        let admin: Result<AdminClient<DefaultClientContext>, _> = rdkafka::ClientConfig::new()
            .set("bootstrap.servers", &self.infra.kafka.brokers)
            .create();
        let names: Vec<String> = self
            .infra
            .kafka
            .topics()
            .all()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        match admin {
            Ok(admin) => {
                if let Err(e) = admin.delete_topics(&names, &AdminOptions::new()).await {
                    eprintln!("deleting the benchmark's topics: {e}");
                }
            }
            Err(e) => eprintln!("deleting the benchmark's topics: {e}"),
        }
        if let Some(schema) = schema {
            let dropped = async {
                let pool =
                    tributary_postgres::connect(&self.infra.database_url, "public", 1).await?;
                // The name is the benchmark's own (`bench_<hex>_read`), not input.
                sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                    .execute(&pool)
                    .await?;
                anyhow::Ok(())
            };
            if let Err(e) = dropped.await {
                eprintln!("dropping {schema}: {e}");
            }
        }
    }

    /// Starts `tributary <args>` as its own process (the release binary) on this stack, with
    /// `extra_env`; its log goes to `target/tmp/bench-<name>.log`.
    fn spawn(
        &self,
        name: &str,
        args: &[&str],
        extra_env: &[(&str, &str)],
    ) -> anyhow::Result<Server> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/tmp");
        std::fs::create_dir_all(dir)?;
        let log = std::fs::File::create(format!("{dir}/bench-{name}.log"))?;
        let child = Command::new(env!("CARGO_BIN_EXE_tributary"))
            .args(args)
            .env("TRIBUTARY_BROKERS", &self.infra.kafka.brokers)
            .env("TRIBUTARY_TOPIC_PREFIX", &self.infra.kafka.topic_prefix)
            .env("TRIBUTARY_REGISTRY_URL", &self.infra.registry_url)
            .env("TRIBUTARY_DATABASE_URL", &self.infra.database_url)
            .env(
                "TRIBUTARY_KAFKA_IDEMPOTENCE",
                self.infra.kafka.idempotence.to_string(),
            )
            .env("RUST_LOG", env_or("RUST_LOG", "warn"))
            .envs(extra_env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        Ok(Server {
            name: name.to_string(),
            child,
        })
    }

    /// Starts the server `tributary <args> --listen <a free port>` (see [`Stack::spawn`]) and
    /// waits until its `/health` answers; returns it with its address.
    async fn serve(
        &self,
        name: &str,
        args: &[&str],
        extra_env: &[(&str, &str)],
        http: &reqwest::Client,
    ) -> anyhow::Result<(Server, SocketAddr)> {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
        let listen = addr.to_string();
        let args: Vec<&str> = args.iter().copied().chain(["--listen", &listen]).collect();
        let mut server = self.spawn(name, &args, extra_env)?;
        server.ready(http, addr).await?;
        Ok((server, addr))
    }
}

/// A server process of the benchmark; stopped with SIGTERM when dropped.
struct Server {
    name: String,
    child: Child,
}

impl Server {
    /// Waits until `GET http://{addr}/health` answers 200.
    async fn ready(&mut self, http: &reqwest::Client, addr: SocketAddr) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            if let Ok(r) = http.get(format!("http://{addr}/health")).send().await {
                if r.status() == 200 {
                    return Ok(());
                }
            }
            if let Some(status) = self.child.try_wait()? {
                anyhow::bail!(
                    "{} exited ({status}); see target/tmp/bench-{}.log",
                    self.name,
                    self.name
                );
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(60),
                "{} not healthy after 60 s",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One measured run: what it was, how many requests, how long, their latencies.
struct Run {
    what: String,
    offered: Option<f64>,
    count: usize,
    failures: usize,
    secs: f64,
    /// Sorted.
    latencies: Vec<Duration>,
}

impl Run {
    fn rate(&self) -> f64 {
        self.count as f64 / self.secs
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let idx = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[idx].as_secs_f64() * 1000.0
    }

    /// Served on schedule: nothing failed and the achieved rate (requests over the time from
    /// the first scheduled send to the last answer) is at least 99% of the offered one; a
    /// server that falls behind finishes late.
    fn on_schedule(&self) -> bool {
        self.failures == 0 && self.offered.is_none_or(|rate| self.rate() >= 0.99 * rate)
    }
}

/// Sends `count` requests made by `make(i)` at `rate` per second, each at its scheduled time
/// whatever the others do. A thread of its own keeps the schedule (a tokio timer has 1 ms
/// granularity and would bunch the sends); latency counts from the scheduled time.
async fn open_loop<F, Fut>(what: String, rate: f64, count: usize, make: F) -> Run
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, Instant)>();
    let start = Instant::now() + Duration::from_millis(20);
    let pacer = std::thread::spawn(move || {
        for i in 0..count {
            let at = start + Duration::from_secs_f64(i as f64 / rate);
            let now = Instant::now();
            if at > now {
                std::thread::sleep(at - now);
            }
            if tx.send((i, at)).is_err() {
                return;
            }
        }
    });
    let mut running = FuturesUnordered::new();
    while let Some((i, at)) = rx.recv().await {
        let request = make(i);
        running.push(tokio::spawn(async move {
            let ok = request.await;
            (at.elapsed(), ok, Instant::now())
        }));
    }
    let _ = pacer.join();
    let mut latencies = Vec::with_capacity(count);
    let (mut failures, mut last) = (0, start);
    while let Some(done) = running.next().await {
        match done {
            Ok((latency, ok, at)) => {
                latencies.push(latency);
                failures += usize::from(!ok);
                last = last.max(at);
            }
            Err(_) => failures += 1,
        }
    }
    latencies.sort();
    Run {
        what,
        offered: Some(rate),
        count,
        failures,
        secs: last.duration_since(start).as_secs_f64(),
        latencies,
    }
}

/// Runs `count` requests made by `make(i)` with `concurrency` in flight (closed loop).
async fn closed_loop<F, Fut>(what: String, concurrency: usize, count: usize, make: F) -> Run
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(count);
    let mut failures = 0;
    let mut in_flight = FuturesUnordered::new();
    let mut record = |(latency, ok): (Duration, bool)| {
        latencies.push(latency);
        failures += usize::from(!ok);
    };
    for i in 0..count {
        let request = make(i);
        in_flight.push(async move {
            let t = Instant::now();
            let ok = request.await;
            (t.elapsed(), ok)
        });
        if in_flight.len() >= concurrency {
            if let Some(done) = in_flight.next().await {
                record(done);
            }
        }
    }
    while let Some(done) = in_flight.next().await {
        record(done);
    }
    let secs = started.elapsed().as_secs_f64();
    latencies.sort();
    Run {
        what,
        offered: None,
        count,
        failures,
        secs,
        latencies,
    }
}

/// The body every webhook carries, and the raw-produce reference wraps.
fn push_body() -> std::io::Result<Vec<u8>> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/github-webhooks/push.with-new-branch.payload.json"
    ))
}

/// A client sending signed push webhooks to one ingest server. The body is the same for every
/// delivery, so it is signed once: the generator's work per request stays small.
#[derive(Clone)]
struct WebhookSender {
    http: reqwest::Client,
    url: String,
    body: Vec<u8>,
    signature: String,
}

impl WebhookSender {
    fn new(http: reqwest::Client, addr: SocketAddr, body: Vec<u8>) -> Self {
        Self {
            http,
            url: format!("http://{addr}/webhooks/github"),
            signature: tributary_producers::ingest::signature::sign(SECRET.as_bytes(), &body),
            body,
        }
    }

    /// Sends delivery `delivery`; true when ingest answered 202.
    fn send(&self, delivery: String) -> impl std::future::Future<Output = bool> + Send + 'static {
        let request = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .header("user-agent", "GitHub-Hookshot/tributary-bench")
            .header("x-github-event", "push")
            .header("x-github-delivery", delivery)
            .header("x-hub-signature-256", &self.signature)
            .body(self.body.clone())
            .send();
        async move {
            match request.await {
                Ok(r) => r.status() == 202 && r.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    }
}

/// The broker's own rate for the same records: produced from this process, acks=all.
async fn raw_produce(infra: &Infra, a: &Args, body: Vec<u8>) -> anyhow::Result<Run> {
    let producer = tributary_runtime::kafka::producer(&infra.kafka, Duration::from_secs(30))?;
    let codec = infra.codec()?;
    let topic = infra.kafka.topics().webhooks_raw();
    let record = WebhookReceived {
        event_id: event_id::webhook("raw"),
        delivery_id: "raw".into(),
        event: "push".into(),
        hook_id: None,
        headers: Default::default(),
        body,
        body_sha256: String::new(),
        received_at: 0,
    };
    let payload = codec.encode(&topic, &record).await?;
    let run = closed_loop(
        "reference: raw produce of the same records, acks=all".into(),
        a.concurrency,
        a.webhooks,
        |i| {
            let (producer, topic, payload) = (producer.clone(), topic.clone(), payload.clone());
            async move {
                let key = format!("raw-{i}");
                tributary_runtime::kafka::send(&producer, &topic, key.as_bytes(), &payload)
                    .await
                    .is_ok()
            }
        },
    )
    .await;
    Ok(run)
}

/// Commit events into PostgreSQL by `tributary project postgres`, from a full topic.
async fn projection(stack: &Stack, a: &Args, schema: &str) -> anyhow::Result<Run> {
    tributary_test_support::synthetic::produce_commits(&stack.infra, "bench/history", a.commits)
        .await?;
    let pool = tributary_postgres::connect(&stack.infra.database_url, schema, 2).await?;
    let started = Instant::now();
    let mut worker = stack.spawn(
        "projection",
        &["project", "postgres"],
        &[
            ("TRIBUTARY_READ_SCHEMA", schema),
            ("TRIBUTARY_PROJECTION_MAX_BATCH", "1000"),
        ],
    )?;
    loop {
        // Before the projection's first migration the table does not exist yet.
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM commits")
            .fetch_one(&pool)
            .await
            .unwrap_or(0);
        if n as usize >= a.commits {
            break;
        }
        if let Some(status) = worker.child.try_wait()? {
            anyhow::bail!("the projection exited ({status}); see target/tmp/bench-projection.log");
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(600),
            "projection did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let secs = started.elapsed().as_secs_f64();
    // The query runs measure the API alone.
    drop(worker);
    // What autovacuum does within a minute or so of a bulk load, and a replay before it goes
    // live: without it the planner has no column statistics (see `postgres::analyze`).
    tributary_projections::postgres::analyze(&pool).await?;
    Ok(Run {
        what: "projection: commit events -> PostgreSQL, from a full topic".into(),
        offered: None,
        count: a.commits,
        failures: 0,
        secs,
        latencies: vec![],
    })
}

/// An HTTP client that keeps every connection the load opens, so no run pays for new ones.
fn load_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .build()
}

/// The commit listing at each rate of `--query-rates` against `tributary serve` over `schema`.
async fn queries(stack: &Stack, a: &Args, schema: &str) -> anyhow::Result<Vec<Run>> {
    let http = load_client()?;
    let (_api, addr) = stack
        .serve(
            "query-api",
            &["serve", "--no-graph", "--reader-rate-limit", UNLIMITED_RATE],
            &[
                ("TRIBUTARY_JWT_SECRET", JWT_SECRET),
                ("TRIBUTARY_READ_SCHEMA", schema),
            ],
            &http,
        )
        .await?;
    let token = tributary_query_api::auth::mint(
        JWT_SECRET.as_bytes(),
        "bench",
        &["reader"],
        tributary::defaults::JWT_ISSUER,
        tributary::defaults::JWT_AUDIENCE,
        3600,
    )?;
    let url = format!("http://{addr}/repos/bench/history/commits?limit=50");
    let get = |_| {
        let request = http.get(&url).bearer_auth(&token).send();
        async move {
            match request.await {
                Ok(r) => r.status() == 200 && r.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    };
    // Warm up: the pool's connections and their prepared statements, the client's connections.
    let warm = closed_loop(String::new(), 16, 2000, get).await;
    anyhow::ensure!(
        warm.failures == 0,
        "the commit listing failed while warming up"
    );
    let mut runs = Vec::new();
    for &rate in &a.query_rates {
        let count = (rate * a.seconds) as usize;
        runs.push(
            open_loop(
                "query API: commit listing, 50 per page, open loop".to_string(),
                rate,
                count,
                get,
            )
            .await,
        );
    }
    Ok(runs)
}

/// Ingest: the closed-loop peak, the raw-produce reference, then the open-loop sweep.
async fn ingest(stack: &Stack, a: &Args) -> anyhow::Result<(Run, Run, Vec<Run>)> {
    let body = push_body()?;
    let http = load_client()?;
    let (_server, addr) = stack
        .serve(
            "ingest",
            &[
                "ingest",
                "--rate-limit-per-source",
                UNLIMITED_RATE,
                "--dedupe-capacity",
                "1000000",
            ],
            &[("TRIBUTARY_WEBHOOK_SECRET", SECRET)],
            &http,
        )
        .await?;
    let sender = WebhookSender::new(http, addr, body.clone());
    // Warm up: schema registration, the producer's connections, the client's pool.
    let warm = closed_loop(String::new(), a.concurrency, 500, |i| {
        sender.send(format!("warm-{i}"))
    })
    .await;
    anyhow::ensure!(
        warm.failures == 0,
        "ingest refused webhooks while warming up"
    );

    let peak = closed_loop(
        format!(
            "ingest: {} clients, closed loop (202 after the broker's ack)",
            a.concurrency
        ),
        a.concurrency,
        a.webhooks,
        |i| sender.send(format!("peak-{i}")),
    )
    .await;
    let raw = raw_produce(&stack.infra, a, body).await?;
    let sweep_rates = if a.ingest_rates.is_empty() {
        [0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1]
            .iter()
            .map(|f| (peak.rate() * f / 50.0).round().max(1.0) * 50.0)
            .collect()
    } else {
        a.ingest_rates.clone()
    };
    let mut sweep = Vec::new();
    for (n, &rate) in sweep_rates.iter().enumerate() {
        let count = (rate * a.seconds) as usize;
        sweep.push(
            open_loop("ingest: open loop".to_string(), rate, count, |i| {
                sender.send(format!("open-{n}-{i}"))
            })
            .await,
        );
    }
    Ok((peak, raw, sweep))
}

fn print_table(runs: &[&Run]) {
    println!(
        "| {:<62} | {:>9} | {:>10} | {:>8} | {:>6} | {:>7} | {:>7} | {:>8} | {:>8} |",
        "measure",
        "offered/s",
        "achieved/s",
        "requests",
        "failed",
        "p50 ms",
        "p99 ms",
        "p999 ms",
        "max ms"
    );
    println!(
        "|{:-<64}|{:->11}|{:->12}|{:->10}|{:->8}|{:->9}|{:->9}|{:->10}|{:->10}|",
        "", ":", ":", ":", ":", ":", ":", ":", ":"
    );
    for r in runs {
        let offered = r.offered.map(|o| format!("{o:.0}")).unwrap_or_default();
        let ms = |p: f64| {
            if r.latencies.is_empty() {
                String::new()
            } else {
                format!("{:.2}", r.percentile_ms(p))
            }
        };
        println!(
            "| {:<62} | {:>9} | {:>10.0} | {:>8} | {:>6} | {:>7} | {:>7} | {:>8} | {:>8} |",
            r.what,
            offered,
            r.rate(),
            r.count,
            r.failures,
            ms(0.5),
            ms(0.99),
            ms(0.999),
            ms(1.0)
        );
    }
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args();
    let prefix = format!("bench_{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    // Ingest writes webhooks under one prefix; the projection reads a commits topic of its own
    // under another, so its rate counts commit events only.
    let writes = Stack::new(&prefix).await?;
    let reads = Stack::new(&format!("{prefix}_read")).await?;
    let schema = format!("{prefix}_read");
    let measured = async {
        let (peak, raw, sweep) = ingest(&writes, &a).await?;
        let projected = projection(&reads, &a, &schema).await?;
        let queries = queries(&reads, &a, &schema).await?;
        anyhow::Ok((peak, raw, sweep, projected, queries))
    }
    .await;
    writes.clean_up(None).await;
    reads.clean_up(Some(&schema)).await;
    let (peak, raw, sweep, projected, queries) = measured?;

    println!(
        "\nTributary pipeline load benchmark (loopback; servers in their own processes; \
         {} s per open-loop run)\n",
        a.seconds
    );
    let mut all: Vec<&Run> = vec![&peak, &raw];
    all.extend(sweep.iter());
    all.push(&projected);
    all.extend(queries.iter());
    print_table(&all);

    println!(
        "\ningest / raw produce throughput (closed loop, {} in flight each): {:.2}",
        a.concurrency,
        peak.rate() / raw.rate()
    );
    let mut ordered: Vec<&Run> = sweep.iter().collect();
    ordered.sort_by(|x, y| {
        x.offered
            .partial_cmp(&y.offered)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let within = |r: &Run| r.on_schedule() && r.percentile_ms(0.99) < INGEST_P99_TARGET_MS;
    let first_out = ordered.iter().position(|r| !within(r));
    let sustained = match first_out {
        Some(i) => i.checked_sub(1).map(|i| ordered[i]),
        None => ordered.last().copied(),
    };
    match sustained {
        Some(r) => println!(
            "ingest sustained on schedule with p99 < {INGEST_P99_TARGET_MS} ms: {:.0}/s \
             (p99 {:.2} ms; {:.0}% of the closed-loop peak)",
            r.offered.unwrap_or_default(),
            r.percentile_ms(0.99),
            100.0 * r.offered.unwrap_or_default() / peak.rate()
        ),
        None => println!(
            "ingest: no rate of the sweep was served on schedule with p99 < {INGEST_P99_TARGET_MS} ms"
        ),
    }
    if let Some(r) = first_out.map(|i| ordered[i]) {
        println!(
            "  the next rate of the sweep, {:.0}/s: p99 {:.2} ms{}",
            r.offered.unwrap_or_default(),
            r.percentile_ms(0.99),
            if r.on_schedule() {
                ""
            } else {
                ", fell behind its schedule"
            }
        );
    }
    if let Some(r) = queries
        .iter()
        .find(|r| r.offered == Some(QUERY_TARGET_RATE))
    {
        let p99 = r.percentile_ms(0.99);
        println!(
            "query API at {QUERY_TARGET_RATE}/s: p99 {p99:.2} ms (target < {QUERY_P99_TARGET_MS} ms: {}){}",
            verdict(p99 < QUERY_P99_TARGET_MS && r.on_schedule()),
            if r.on_schedule() { "" } else { "; not served on schedule" }
        );
    }
    Ok(())
}
