//! Pipeline benchmark on the real local stack (start it with `scripts/stack.sh start`):
//!
//! 1. ingest: signed push webhooks accepted end to end (202 after the broker's ack), with
//!    latency percentiles, against the broker's raw produce rate for the same records (reference);
//! 2. ingest under a fixed offered rate (open loop: a request is sent at its scheduled time
//!    whatever the others do, and its latency counts from that time, so a stall is not hidden);
//! 3. projection: commit events per second into PostgreSQL from a full topic;
//! 4. the query API's commit listing under a fixed offered rate (open loop), over that model.
//!
//! `cargo bench --bench pipeline -- [--webhooks N] [--concurrency C] [--commits M]
//!  [--ingest-rate R] [--query-rate Q] [--seconds S]`

use futures::stream::{FuturesUnordered, StreamExt};
use std::time::{Duration, Instant};
use tributary::app::{self, Infra};
use tributary_producers::ingest::IngestConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_runtime::{KafkaArgs, Shutdown};
use tributary_schemas::{event_id, WebhookReceived};

struct Args {
    webhooks: usize,
    concurrency: usize,
    commits: usize,
    /// Offered ingest rate (webhooks/s) of the open-loop run; 0: half the closed-loop rate.
    ingest_rate: usize,
    /// Offered query rate (requests/s) of the open-loop run.
    query_rate: usize,
    /// Length of each open-loop run.
    seconds: usize,
}

fn args() -> Args {
    let mut a = Args {
        webhooks: 20_000,
        concurrency: 64,
        commits: 50_000,
        ingest_rate: 0,
        query_rate: 1_000,
        seconds: 10,
    };
    let argv: Vec<String> = std::env::args().collect();
    for w in argv.windows(2) {
        let n = w[1].parse().unwrap_or(0);
        match w[0].as_str() {
            "--webhooks" if n > 0 => a.webhooks = n,
            "--concurrency" if n > 0 => a.concurrency = n,
            "--commits" if n > 0 => a.commits = n,
            "--ingest-rate" if n > 0 => a.ingest_rate = n,
            "--query-rate" if n > 0 => a.query_rate = n,
            "--seconds" if n > 0 => a.seconds = n,
            _ => {}
        }
    }
    a
}

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx].as_secs_f64() * 1000.0
}

struct Row {
    what: String,
    count: usize,
    secs: f64,
    latencies: Vec<Duration>,
}

impl Row {
    fn rate(&self) -> f64 {
        self.count as f64 / self.secs
    }
}

/// Sends `make(i)` at `rate` per second for `seconds`, each at its scheduled time, and returns
/// the latencies counted from the scheduled times (sorted) and how many failed.
async fn open_loop<F, Fut>(rate: usize, seconds: usize, make: F) -> (Vec<Duration>, usize)
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let start = tokio::time::Instant::now();
    let mut running = FuturesUnordered::new();
    for i in 0..rate * seconds {
        let at = start + interval * i as u32;
        tokio::time::sleep_until(at).await;
        let request = make(i);
        running.push(tokio::spawn(async move {
            let ok = request.await;
            (at.elapsed(), ok)
        }));
    }
    let mut latencies = Vec::with_capacity(rate * seconds);
    let mut failures = 0;
    while let Some(done) = running.next().await {
        match done {
            Ok((latency, ok)) => {
                latencies.push(latency);
                failures += usize::from(!ok);
            }
            Err(_) => failures += 1,
        }
    }
    latencies.sort();
    (latencies, failures)
}

/// Ingest at a fixed offered rate (open loop).
async fn bench_ingest_open_loop(
    infra: &Infra,
    a: &Args,
    rate: usize,
    shutdown: &Shutdown,
) -> anyhow::Result<Row> {
    let (url, http, body) = warmed_ingest(
        infra,
        a.webhooks + rate * a.seconds + 1,
        256,
        "open-warm",
        shutdown,
    )
    .await?;
    let started = Instant::now();
    let (latencies, failures) = open_loop(rate, a.seconds, |i| {
        let (http, url, body) = (http.clone(), url.clone(), body.clone());
        async move {
            let delivery = format!("open-{i}");
            tributary::webhook_client::send(&http, &url, SECRET.as_bytes(), "push", &delivery, body)
                .await
                .is_ok_and(|a| a.status == 202)
        }
    })
    .await;
    anyhow::ensure!(failures == 0, "{failures} webhooks were not accepted");
    Ok(Row {
        what: format!("ingest at a fixed {rate} webhooks/s (open loop)"),
        count: latencies.len(),
        secs: started.elapsed().as_secs_f64(),
        latencies,
    })
}

/// The query API's commit listing at a fixed offered rate (open loop), over `schema`.
async fn bench_query(
    infra: &Infra,
    a: &Args,
    schema: &str,
    shutdown: &Shutdown,
) -> anyhow::Result<Row> {
    let secret = "bench-jwt-secret";
    let mut config =
        <tributary_query_api::QueryApiConfig as clap::FromArgMatches>::from_arg_matches(
            &<tributary_query_api::QueryApiConfig as clap::Args>::augment_args(clap::Command::new(
                "q",
            ))
            .try_get_matches_from([
                "q",
                "--jwt-secret",
                secret,
                "--listen",
                "127.0.0.1:0",
            ])?,
        )?;
    config.read_schema = schema.to_string();
    config.reader_rate_limit = tributary_runtime::rate_limit::Rate::UNLIMITED;
    let addr = app::start_query_api(config, infra, None, shutdown.clone()).await?;
    let token = tributary_query_api::auth::mint(
        secret.as_bytes(),
        "bench",
        &["reader"],
        "tributary",
        "tributary-api",
        3600,
    )?;
    let url = format!("http://{addr}/repos/bench/history/commits?limit=50");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;
    for _ in 0..200 {
        let r = http.get(&url).bearer_auth(&token).send().await?;
        anyhow::ensure!(r.status() == 200, "commit listing answered {}", r.status());
    }
    let started = Instant::now();
    let (latencies, failures) = open_loop(a.query_rate, a.seconds, |_| {
        let request = http.get(&url).bearer_auth(&token).send();
        async move {
            match request.await {
                Ok(r) if r.status() == 200 => r.bytes().await.is_ok(),
                _ => false,
            }
        }
    })
    .await;
    anyhow::ensure!(failures == 0, "{failures} queries failed");
    Ok(Row {
        what: format!(
            "query API: commit listing (50 per page) at a fixed {}/s (open loop)",
            a.query_rate
        ),
        count: latencies.len(),
        secs: started.elapsed().as_secs_f64(),
        latencies,
    })
}

/// The webhook secret of the benchmark's ingest servers.
const SECRET: &str = "bench-secret";

/// The body every ingest run sends, and the raw-produce reference wraps.
fn push_body() -> std::io::Result<Vec<u8>> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/github-webhooks/push.with-new-branch.payload.json"
    ))
}

/// Starts an ingest server and warms it up (schema registration, `pool` connections) with 50
/// deliveries named `<warm>-<i>`; returns its URL, the client and the body to send.
async fn warmed_ingest(
    infra: &Infra,
    dedupe_capacity: usize,
    pool: usize,
    warm: &str,
    shutdown: &Shutdown,
) -> anyhow::Result<(String, reqwest::Client, Vec<u8>)> {
    let addr = app::start_ingest(ingest_config(dedupe_capacity)?, infra, shutdown.clone()).await?;
    let url = format!("http://{addr}/webhooks/github");
    let body = push_body()?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(pool)
        .build()?;
    for i in 0..50 {
        let delivery = format!("{warm}-{i}");
        tributary::webhook_client::send(
            &http,
            &url,
            SECRET.as_bytes(),
            "push",
            &delivery,
            body.clone(),
        )
        .await?;
    }
    Ok((url, http, body))
}

fn ingest_config(dedupe_capacity: usize) -> anyhow::Result<IngestConfig> {
    Ok(IngestConfig {
        listen: "127.0.0.1:0".parse()?,
        secret: SECRET.into(),
        max_body_bytes: 25 * 1024 * 1024,
        ack_timeout_ms: 5000,
        dedupe_capacity,
        rate_per_source: tributary_runtime::rate_limit::Rate::UNLIMITED,
        trust_forwarded_for: false,
    })
}

async fn bench_ingest(infra: &Infra, a: &Args, shutdown: &Shutdown) -> anyhow::Result<Row> {
    let (url, http, body) =
        warmed_ingest(infra, a.webhooks + 1, a.concurrency, "warm", shutdown).await?;
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(a.webhooks);
    let mut in_flight = FuturesUnordered::new();
    let mut failures = 0usize;
    for i in 0..a.webhooks {
        let (http, url, body) = (http.clone(), url.clone(), body.clone());
        in_flight.push(async move {
            let t = Instant::now();
            let r = tributary::webhook_client::send(
                &http,
                &url,
                SECRET.as_bytes(),
                "push",
                &format!("bench-{i}"),
                body,
            )
            .await;
            (t.elapsed(), r.map(|a| a.status == 202).unwrap_or(false))
        });
        if in_flight.len() >= a.concurrency {
            if let Some((lat, ok)) = in_flight.next().await {
                latencies.push(lat);
                failures += usize::from(!ok);
            }
        }
    }
    while let Some((lat, ok)) = in_flight.next().await {
        latencies.push(lat);
        failures += usize::from(!ok);
    }
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(failures == 0, "{failures} webhooks were not accepted");
    latencies.sort();
    Ok(Row {
        what: "ingest: signed webhook -> 202 after broker ack".into(),
        count: a.webhooks,
        secs,
        latencies,
    })
}

async fn bench_raw_produce(infra: &Infra, a: &Args) -> anyhow::Result<Row> {
    let producer = tributary_runtime::kafka::producer(&infra.kafka, Duration::from_secs(30))?;
    let codec = infra.codec()?;
    let topic = infra.kafka.topics().webhooks_raw();
    let body = push_body()?;
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
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(a.webhooks);
    let mut in_flight = FuturesUnordered::new();
    for i in 0..a.webhooks {
        let (producer, topic, payload) = (producer.clone(), topic.clone(), payload.clone());
        in_flight.push(async move {
            let t = Instant::now();
            let key = format!("raw-{i}");
            let r =
                tributary_runtime::kafka::send(&producer, &topic, key.as_bytes(), &payload).await;
            (t.elapsed(), r.is_ok())
        });
        if in_flight.len() >= a.concurrency {
            if let Some((lat, ok)) = in_flight.next().await {
                anyhow::ensure!(ok, "raw produce failed");
                latencies.push(lat);
            }
        }
    }
    while let Some((lat, ok)) = in_flight.next().await {
        anyhow::ensure!(ok, "raw produce failed");
        latencies.push(lat);
    }
    let secs = started.elapsed().as_secs_f64();
    latencies.sort();
    Ok(Row {
        what: "reference: raw produce of the same records (acks=all)".into(),
        count: a.webhooks,
        secs,
        latencies,
    })
}

async fn bench_projection(
    infra: &Infra,
    a: &Args,
    prefix: &str,
    shutdown: &Shutdown,
) -> anyhow::Result<Row> {
    tributary::synthetic::produce_commits(infra, "bench/history", a.commits).await?;
    let schema = format!("{prefix}_read");
    let pool = tributary_runtime::postgres::connect(&infra.database_url, &schema, 2).await?;
    let started = Instant::now();
    app::start_postgres_projection(
        &PostgresProjectionConfig {
            schema: schema.clone(),
            max_batch: 1000,
        },
        infra,
        None,
        shutdown.clone(),
    )
    .await?;
    loop {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM commits")
            .fetch_one(&pool)
            .await
            .unwrap_or(0);
        if n as usize >= a.commits {
            break;
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(600),
            "projection did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(Row {
        what: "projection: commit events -> PostgreSQL (from a full topic)".into(),
        count: a.commits,
        secs: started.elapsed().as_secs_f64(),
        latencies: vec![],
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args();
    let prefix = format!("bench_{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let infra = Infra {
        kafka: KafkaArgs::new(
            env_or("TRIBUTARY_BROKERS", "127.0.0.1:9092"),
            prefix.clone(),
        ),
        registry_url: env_or("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081"),
        database_url: env_or(
            "TRIBUTARY_TEST_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/tributary_test",
        ),
    };
    tributary_runtime::kafka::ensure_topics(&infra.kafka, 3).await?;
    let shutdown = Shutdown::new();
    let ingest = bench_ingest(&infra, &a, &shutdown).await?;
    let raw = bench_raw_produce(&infra, &a).await?;
    let rate = if a.ingest_rate > 0 {
        a.ingest_rate
    } else {
        (ingest.rate() / 2.0).max(1.0) as usize
    };
    let ingest_fixed = bench_ingest_open_loop(&infra, &a, rate, &shutdown).await?;
    let projection = bench_projection(&infra, &a, &prefix, &shutdown).await?;
    let query = bench_query(&infra, &a, &format!("{prefix}_read"), &shutdown).await?;
    shutdown.trigger();

    println!(
        "\nTributary pipeline benchmark (loopback, {} concurrent clients; topic prefix {prefix})\n",
        a.concurrency
    );
    println!(
        "| {:<68} | {:>8} | {:>9} | {:>10} | {:>8} | {:>8} | {:>8} |",
        "measure", "events", "seconds", "events/s", "p50 ms", "p99 ms", "p999 ms"
    );
    println!(
        "|{:-<70}|{:-<10}|{:-<11}|{:-<12}|{:-<10}|{:-<10}|{:-<10}|",
        "", "", "", "", "", "", ""
    );
    for r in [&ingest, &raw, &ingest_fixed, &projection, &query] {
        println!(
            "| {:<68} | {:>8} | {:>9.2} | {:>10.0} | {:>8.2} | {:>8.2} | {:>8.2} |",
            r.what,
            r.count,
            r.secs,
            r.rate(),
            percentile(&r.latencies, 0.5),
            percentile(&r.latencies, 0.99),
            percentile(&r.latencies, 0.999)
        );
    }
    println!(
        "\ningest / raw produce throughput ratio: {:.2}",
        ingest.rate() / raw.rate()
    );
    Ok(())
}
