//! Soak benchmark of the edges on the real local stack (start it with `scripts/stack.sh start`):
//! `--seconds` (default 600) of mixed traffic at `--rate` requests per second (default 40), then
//! a checker that nothing accepted was lost or duplicated and that everything refused has a
//! reason.
//!
//! The components run in this process (ingest, normalizer, push fetcher, PostgreSQL projection,
//! each as in `tributary up`), on a topic prefix and schemas of their own; the load generator
//! runs on a runtime of its own. The traffic, by weight:
//!
//! | kind | what is sent | expected outcome |
//! |---|---|---|
//! | valid | signed `push`, `issues`, `ping`, some resent with the same delivery id | 202 (200 for ping and for a resend), in the read model exactly once |
//! | bad signature | a valid body signed with another secret | 401 with an error code |
//! | oversized | a 26 MiB body (over the 25 MiB cap) | 413 with an error code, answered before the body is read; a client still sending then sees the connection closed (status 0 in the table) |
//! | malformed | signed, not JSON | 400 with an error code |
//! | unreachable push | a signed push whose clone URL is an allow-listed loopback host that never answers | 202; its fetch dead-lettered after the retry bound, with the reason |
//! | refused push | a signed push whose clone URL is a local path | 202; dead-lettered by the fetcher with the rule it broke |
//! | poison | bytes that are not a registry-framed record, written straight to `webhooks.raw` | dead-lettered by the normalizer with the reason |
//!
//! Lost: an accepted delivery missing from the read model (`webhook_deliveries`), or an
//! unreachable, refused or poison record without a dead letter. Duplicated: a delivery id stored
//! more than once on `webhooks.raw` (the log, where no primary key hides a second copy) or a
//! record dead-lettered more than once.
//!
//! `cargo bench --bench soak -- [--seconds S] [--rate R]`

use rand_like::Mix;
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tributary::app::{self, Infra};
use tributary_producers::git::GitConfig;
use tributary_producers::ingest::IngestConfig;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_runtime::backoff::RetryPolicy;
use tributary_runtime::redrive::DeadLetterOps;
use tributary_runtime::{KafkaArgs, Shutdown};

const SECRET: &str = "soak-webhook-secret-of-at-least-32-bytes";
const WRONG_SECRET: &str = "not-the-soak-webhook-secret-32-bytes-long";
const MAX_BODY: usize = 25 * 1024 * 1024;

/// A deterministic mix of kinds by weight (no randomness crate needed for a fixed schedule).
mod rand_like {
    /// Cycles through the kinds so that each appears in proportion to its weight.
    pub struct Mix {
        schedule: Vec<usize>,
        next: usize,
    }

    impl Mix {
        pub fn new(weights: &[usize]) -> Self {
            // Smooth weighted round robin: spreads each kind over the cycle.
            let total: usize = weights.iter().sum();
            let mut current = vec![0i64; weights.len()];
            let mut schedule = Vec::with_capacity(total);
            for _ in 0..total {
                for (c, w) in current.iter_mut().zip(weights) {
                    *c += *w as i64;
                }
                let (best, _) = current
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, c)| **c)
                    .unwrap_or((0, &0));
                current[best] -= total as i64;
                schedule.push(best);
            }
            Self { schedule, next: 0 }
        }

        pub fn next_kind(&mut self) -> usize {
            let k = self.schedule[self.next % self.schedule.len()];
            self.next += 1;
            k
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Valid,
    Resend,
    BadSignature,
    Oversized,
    Malformed,
    UnreachablePush,
    RefusedPush,
    Poison,
}

const KINDS: [(Kind, usize); 8] = [
    (Kind::Valid, 60),
    (Kind::Resend, 8),
    (Kind::BadSignature, 8),
    (Kind::Oversized, 2),
    (Kind::Malformed, 6),
    (Kind::UnreachablePush, 4),
    (Kind::RefusedPush, 4),
    (Kind::Poison, 8),
];

/// What the generator saw for one kind.
#[derive(Default, Debug)]
struct Tally {
    sent: usize,
    /// HTTP status (0: transport error) → count.
    statuses: BTreeMap<u16, usize>,
    /// Refused with a JSON error code.
    with_reason: usize,
}

#[derive(Default)]
struct Record {
    tallies: BTreeMap<Kind, Tally>,
    /// Delivery ids answered 2xx on first send.
    accepted: Vec<String>,
    /// Delivery ids of pushes that must end as dead letters of the fetcher.
    fetch_dead: Vec<String>,
    /// Keys of the poison records written.
    poison: Vec<String>,
    /// Latency of every HTTP request, ms.
    latencies: Vec<f64>,
}

fn arg(name: &str, default: f64) -> f64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn push_body(repo: &str, clone_url: &str, after: &str) -> Vec<u8> {
    let (owner, name) = repo.split_once('/').unwrap_or(("soak", repo));
    serde_json::to_vec(&serde_json::json!({
        "ref": "refs/heads/main",
        "before": "0".repeat(40),
        "after": after,
        "created": true, "deleted": false, "forced": false,
        "repository": {"full_name": repo, "name": name, "owner": {"login": owner},
                        "clone_url": clone_url, "default_branch": "main"},
        "pusher": {"name": "soak"},
        "commits": [], "head_commit": null
    }))
    .unwrap_or_default()
}

fn issue_body(repo: &str, number: usize) -> Vec<u8> {
    let (owner, name) = repo.split_once('/').unwrap_or(("soak", repo));
    serde_json::to_vec(&serde_json::json!({
        "action": "opened",
        "issue": {"number": number, "title": format!("issue {number}"), "state": "open",
                   "labels": [], "user": {"login": "soak"},
                   "created_at": "2026-11-30T12:00:00Z", "updated_at": "2026-11-30T12:00:00Z",
                   "closed_at": null},
        "repository": {"full_name": repo, "name": name, "owner": {"login": owner}},
        "sender": {"login": "soak"}
    }))
    .unwrap_or_default()
}

fn sign(secret: &str, body: &[u8]) -> String {
    tributary_producers::ingest::signature::sign(secret.as_bytes(), body)
}

/// Sends one webhook; returns (status, has a JSON error code, latency ms).
async fn send(
    http: &reqwest::Client,
    ingest: SocketAddr,
    event: &str,
    delivery: &str,
    body: bytes::Bytes,
    signature: String,
) -> (u16, bool, f64) {
    let started = Instant::now();
    let response = http
        .post(format!("http://{ingest}/webhooks/github"))
        .header("content-type", "application/json")
        .header("x-github-event", event)
        .header("x-github-delivery", delivery)
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match response {
        Ok(r) => {
            let status = r.status().as_u16();
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            (status, body["error"]["code"].is_string(), ms)
        }
        Err(_) => (0, false, ms),
    }
}

/// A loopback listener that accepts connections and never answers: an unreachable remote.
async fn black_hole() -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket); // kept open, never read or written
        }
    });
    Ok(addr)
}

fn git(dir: &std::path::Path, args: &[&str]) -> anyhow::Result<()> {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Soak")
        .env("GIT_AUTHOR_EMAIL", "soak@example.com")
        .env("GIT_COMMITTER_NAME", "Soak")
        .env("GIT_COMMITTER_EMAIL", "soak@example.com")
        .status()?;
    anyhow::ensure!(status.success(), "git {args:?} failed");
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let seconds = arg("--seconds", 600.0);
    let rate = arg("--rate", 40.0).max(1.0);
    tributary_telemetry::init_tracing();
    let id = format!("soak_{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let env = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.into());
    let mut kafka = KafkaArgs::new(env("TRIBUTARY_BROKERS", "127.0.0.1:9092"), id.clone());
    kafka.idempotence = false; // the local tansu broker (see README)
                               // Bounds small enough that an unreachable fetch ends within the soak.
    kafka.retry = RetryPolicy {
        max_attempts: 2,
        max_seconds: 30,
    };
    let infra = Infra {
        kafka,
        registry_url: env("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081"),
        database_url: env(
            "TRIBUTARY_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/tributary",
        ),
    };
    tributary_runtime::kafka::ensure_topics(&infra.kafka, tributary::defaults::PARTITIONS).await?;
    let shutdown = Shutdown::new();
    let tmp = tempfile::tempdir()?;

    // The operator's repository (a local path, registered as `repos add` does).
    let repo_dir = tmp.path().join("repo");
    std::fs::create_dir_all(&repo_dir)?;
    git(&repo_dir, &["init", "-q", "-b", "main"])?;
    std::fs::write(repo_dir.join("README.md"), "soak\n")?;
    git(&repo_dir, &["add", "."])?;
    git(&repo_dir, &["commit", "-q", "-m", "soak"])?;
    let hole = black_hole().await?;
    let git_config = soak_git_config(&id, tmp.path(), hole);
    let producer = app::git_producer(&git_config, &infra).await?;
    let registered = producer
        .register(&repo_dir.to_string_lossy(), Some("soak/local"))
        .await?;
    producer.sync(&registered, true).await?;

    let ingest = app::start_ingest(soak_ingest_config()?, &infra, shutdown.clone()).await?;
    app::start_normalizer(&infra, None, shutdown.clone()).await?;
    app::start_fetcher(producer, &infra, None, shutdown.clone()).await?;
    let schema = format!("{id}_read");
    app::start_postgres_projection(
        &PostgresProjectionConfig {
            schema: schema.clone(),
            max_batch: 500,
        },
        &infra,
        None,
        shutdown.clone(),
    )
    .await?;

    println!(
        "soak: {seconds:.0} s at {rate:.0} requests/s on prefix {id} (ingest {ingest}, black hole {hole})"
    );
    let record = Arc::new(Mutex::new(Record::default()));
    let load = {
        let record = record.clone();
        let infra = infra.clone();
        // The generator on a runtime of its own, so that it does not queue behind the servers.
        std::thread::spawn(move || -> anyhow::Result<()> {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()?;
            runtime.block_on(generate(seconds, rate, ingest, hole, &infra, record))
        })
    };
    load.join()
        .map_err(|_| anyhow::anyhow!("the load generator panicked"))??;

    // Drain: every accepted delivery projected and every expected dead letter written.
    let (accepted, fetch_dead, poison) = {
        let r = record.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        (r.accepted.clone(), r.fetch_dead.clone(), r.poison.clone())
    };
    let codec = infra.codec()?;
    let pool = tributary_postgres::connect(&infra.database_url, &schema, 2).await?;
    let ops =
        DeadLetterOps::connect(infra.kafka.clone(), infra.codec()?, &infra.database_url).await?;
    let drain_started = Instant::now();
    let mut projected: Vec<String>;
    let mut letters;
    let (mut fetch_lettered, mut poison_lettered);
    loop {
        projected = sqlx::query_scalar("SELECT delivery_id FROM webhook_deliveries")
            .fetch_all(&pool)
            .await?;
        letters = ops.list().await?;
        (fetch_lettered, poison_lettered) = lettered(&letters, &codec).await;
        let projected_set: std::collections::HashSet<&String> = projected.iter().collect();
        let done = accepted.iter().all(|d| projected_set.contains(d))
            && fetch_dead.iter().all(|d| fetch_lettered.contains(d))
            && poison.iter().all(|k| poison_lettered.contains(k));
        if done || drain_started.elapsed() > Duration::from_secs(300) {
            break;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let drain_secs = drain_started.elapsed().as_secs_f64();

    // The log: how many times each delivery id is on webhooks.raw.
    let on_log = count_log_keys(&infra).await?;
    let projected: std::collections::HashSet<String> = projected.into_iter().collect();
    let lost_accepted = accepted.iter().filter(|d| !projected.contains(*d)).count();
    let duplicated_on_log = on_log.values().filter(|n| **n > 1).count();
    // One component's letters by source record (the normalizer and the PostgreSQL projection
    // both read webhooks.raw, so a poison record has a letter from each: not a duplicate).
    let mut letters_by_source: HashMap<(String, String, i32, i64), usize> = HashMap::new();
    for l in &letters {
        *letters_by_source
            .entry((
                l.component.clone(),
                l.source_topic.clone(),
                l.source_partition,
                l.source_offset,
            ))
            .or_default() += 1;
    }
    let duplicated_letters = letters_by_source.values().filter(|n| **n > 1).count();
    let fetcher_letters: Vec<_> = letters
        .iter()
        .filter(|l| l.component == "fetcher")
        .collect();
    let normalizer_letters: Vec<_> = letters
        .iter()
        .filter(|l| l.component == "normalizer")
        .collect();
    let without_reason = letters.iter().filter(|l| l.error.trim().is_empty()).count();

    let r = record.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
    println!();
    println!("| kind | sent | answers | refused with a reason | expected |");
    println!("|---|---:|---|---:|---|");
    for (kind, tally) in &r.tallies {
        let answers = tally
            .statuses
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let expected = match kind {
            Kind::Valid => "202/200, projected once",
            Kind::Resend => "200 duplicate",
            Kind::BadSignature => "401",
            Kind::Oversized => "413 (0: the client was cut off still sending)",
            Kind::Malformed => "400",
            Kind::UnreachablePush => "202, fetch dead-lettered",
            Kind::RefusedPush => "202, fetch refused into the DLQ",
            Kind::Poison => "dead-lettered by the normalizer",
        };
        println!(
            "| {kind:?} | {} | {answers} | {} | {expected} |",
            tally.sent, tally.with_reason
        );
    }
    let mut latencies = r.latencies.clone();
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        latencies
            .get(((latencies.len().saturating_sub(1)) as f64 * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    println!();
    println!("| check | figure |");
    println!("|---|---:|");
    println!("| deliveries accepted | {} |", accepted.len());
    println!(
        "| accepted deliveries in the read model | {} |",
        accepted.len() - lost_accepted
    );
    println!("| **lost** (accepted, not in the read model) | **{lost_accepted}** |");
    println!("| **duplicated** (a delivery id twice on webhooks.raw) | **{duplicated_on_log}** |");
    println!(
        "| dead letters of the fetcher (expected {}) | {} |",
        fetch_dead.len(),
        fetcher_letters.len()
    );
    println!(
        "| dead letters of the normalizer (poison written: {}) | {} |",
        poison.len(),
        normalizer_letters.len()
    );
    println!(
        "| **duplicated dead letters** (one source record twice) | **{duplicated_letters}** |"
    );
    println!("| dead letters without a reason | {without_reason} |");
    println!("| drain after the load (s) | {drain_secs:.1} |");
    println!("| ingest requests | {} |", latencies.len());
    println!(
        "| ingest latency p50 / p99 / max (ms) | {:.1} / {:.1} / {:.1} |",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
    // Each expected dead letter found by what it carries: the fetcher's by the push's delivery
    // id, the normalizer's by the poison record's key.
    let lost_letters = fetch_dead
        .iter()
        .filter(|d| !fetch_lettered.contains(*d))
        .count()
        + poison
            .iter()
            .filter(|k| !poison_lettered.contains(*k))
            .count();
    println!("| **lost dead letters** | **{lost_letters}** |");
    let ok = lost_accepted == 0
        && duplicated_on_log == 0
        && duplicated_letters == 0
        && lost_letters == 0
        && without_reason == 0;
    println!();
    println!(
        "soak: {}",
        if ok {
            "lost: 0, duplicated: 0"
        } else {
            "FAILED"
        }
    );
    shutdown.trigger();
    drop(r);
    anyhow::ensure!(ok, "the soak lost or duplicated records");
    Ok(())
}

/// The delivery ids of the pushes the fetcher dead-lettered (decoded from the letters' copies)
/// and the keys of the records the normalizer dead-lettered.
async fn lettered(
    letters: &[tributary_runtime::redrive::ListedDeadLetter],
    codec: &tributary_schemas::EventCodec,
) -> (
    std::collections::HashSet<String>,
    std::collections::HashSet<String>,
) {
    let mut pushes = std::collections::HashSet::new();
    let mut keys = std::collections::HashSet::new();
    for l in letters {
        match l.component.as_str() {
            "fetcher" => {
                if let Some(payload) = &l.original.1 {
                    if let Ok(push) = codec
                        .decode_as::<tributary_schemas::PushObserved>(payload)
                        .await
                    {
                        pushes.insert(push.delivery_id);
                    }
                }
            }
            "normalizer" => {
                if let Some(key) = &l.original.0 {
                    keys.insert(String::from_utf8_lossy(key).into_owned());
                }
            }
            _ => {}
        }
    }
    (pushes, keys)
}

/// Counts each key on `webhooks.raw` (ingest keys records by delivery id).
async fn count_log_keys(infra: &Infra) -> anyhow::Result<HashMap<String, usize>> {
    use rdkafka::consumer::Consumer;
    use rdkafka::Message;
    let topic = infra.kafka.topics().webhooks_raw();
    let consumer = tributary_runtime::kafka::consumer(&infra.kafka, "soak-log-check")?;
    let marks = tributary_runtime::kafka::watermarks(&consumer, std::slice::from_ref(&topic))?;
    let mut assignment = rdkafka::TopicPartitionList::new();
    let mut remaining = 0i64;
    for ((t, p), (low, high)) in &marks {
        if high > low {
            assignment.add_partition_offset(t, *p, rdkafka::Offset::Offset(*low))?;
            remaining += high - low;
        }
    }
    let mut counts = HashMap::new();
    if remaining == 0 {
        return Ok(counts);
    }
    consumer.assign(&assignment)?;
    while remaining > 0 {
        let m = tokio::time::timeout(Duration::from_secs(30), consumer.recv()).await??;
        remaining -= 1;
        let key = m
            .key()
            .map(|k| String::from_utf8_lossy(k).into_owned())
            .unwrap_or_default();
        *counts.entry(key).or_default() += 1;
    }
    Ok(counts)
}

async fn generate(
    seconds: f64,
    rate: f64,
    ingest: SocketAddr,
    hole: SocketAddr,
    infra: &Infra,
    record: Arc<Mutex<Record>>,
) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let raw = tributary_runtime::kafka::producer(&infra.kafka, Duration::from_secs(30))?;
    let raw_topic = infra.kafka.topics().webhooks_raw();
    let oversized = bytes::Bytes::from(vec![b' '; MAX_BODY + 1024 * 1024]);
    let mut mix = Mix::new(&KINDS.map(|(_, w)| w));
    let interval = Duration::from_secs_f64(1.0 / rate);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let mut n = 0usize;
    while started.elapsed().as_secs_f64() < seconds {
        let due = started + interval.mul_f64(n as f64);
        tokio::time::sleep_until(due.into()).await;
        n += 1;
        let kind = KINDS[mix.next_kind()].0;
        let delivery = format!("soak-{n}-{}", uuid::Uuid::new_v4().simple());
        let (event, body, secret, expect_letter): (&str, bytes::Bytes, &str, bool) = match kind {
            Kind::Valid => {
                let body = match n % 3 {
                    0 => push_body(
                        "soak/local",
                        "https://github.com/soak/local.git",
                        &format!("{n:040x}"),
                    ),
                    1 => issue_body("soak/issues", n),
                    _ => b"{\"zen\":\"soak\",\"hook_id\":1}".to_vec(),
                };
                let event = ["push", "issues", "ping"][n % 3];
                (event, body.into(), SECRET, false)
            }
            Kind::Resend => {
                // GitHub's redelivery of a delivery already answered.
                let previous = record
                    .lock()
                    .map_err(|_| anyhow::anyhow!("poisoned"))?
                    .accepted
                    .last()
                    .cloned();
                let Some(previous) = previous else {
                    continue;
                };
                // The id decides, whatever the body.
                let body = issue_body("soak/issues", 0);
                let (status, reason, ms) = send(
                    &http,
                    ingest,
                    "issues",
                    &previous,
                    body.clone().into(),
                    sign(SECRET, &body),
                )
                .await;
                let mut r = record.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
                let t = r.tallies.entry(kind).or_default();
                t.sent += 1;
                *t.statuses.entry(status).or_default() += 1;
                t.with_reason += usize::from(reason);
                r.latencies.push(ms);
                continue;
            }
            Kind::BadSignature => (
                "issues",
                issue_body("soak/issues", n).into(),
                WRONG_SECRET,
                false,
            ),
            Kind::Oversized => ("push", oversized.clone(), SECRET, false),
            Kind::Malformed => (
                "push",
                bytes::Bytes::from_static(b"{not json"),
                SECRET,
                false,
            ),
            Kind::UnreachablePush => (
                "push",
                push_body(
                    &format!("soak/unreachable-{n}"),
                    &format!("https://{hole}/soak/unreachable-{n}.git"),
                    &format!("{n:040x}"),
                )
                .into(),
                SECRET,
                true,
            ),
            Kind::RefusedPush => (
                "push",
                push_body(
                    &format!("soak/refused-{n}"),
                    "/etc/passwd-like/local/path",
                    &format!("{n:040x}"),
                )
                .into(),
                SECRET,
                true,
            ),
            Kind::Poison => {
                let key = format!("poison-{n}");
                tributary_runtime::kafka::send(
                    &raw,
                    &raw_topic,
                    key.as_bytes(),
                    b"not an avro record",
                )
                .await?;
                let mut r = record.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
                r.tallies.entry(kind).or_default().sent += 1;
                r.poison.push(key);
                continue;
            }
        };
        let signature = sign(secret, &body);
        let http = http.clone();
        let record = record.clone();
        tasks.spawn(async move {
            let (status, reason, ms) = send(&http, ingest, event, &delivery, body, signature).await;
            if let Ok(mut r) = record.lock() {
                let t = r.tallies.entry(kind).or_default();
                t.sent += 1;
                *t.statuses.entry(status).or_default() += 1;
                t.with_reason += usize::from(reason);
                r.latencies.push(ms);
                if (200..300).contains(&status) {
                    r.accepted.push(delivery.clone());
                    if expect_letter {
                        r.fetch_dead.push(delivery);
                    }
                }
            }
        });
        while let Some(done) = tasks.try_join_next() {
            done?;
        }
    }
    while let Some(done) = tasks.join_next().await {
        done?;
    }
    Ok(())
}

/// The ingest settings of the soak (the defaults, no rate limit: the soak is not about it).
fn soak_ingest_config() -> anyhow::Result<IngestConfig> {
    Ok(IngestConfig {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        secret: SECRET.to_string().into(),
        max_body_bytes: MAX_BODY,
        rate_per_source: tributary_http::rate_limit::Rate::UNLIMITED,
        max_in_flight: 256,
        ..tributary::defaults::of()?
    })
}

/// The fetcher of the soak: the black hole is an allowed host (so its fetches are tried and time
/// out), with a short fetch timeout.
fn soak_git_config(id: &str, dir: &std::path::Path, hole: SocketAddr) -> GitConfig {
    GitConfig {
        mirrors: dir.join("mirrors"),
        state_schema: format!("{id}_sources"),
        allowed_hosts: vec!["github.com".into(), hole.to_string()],
        // An unreachable push costs two attempts of a second: the fetcher keeps up with the
        // soak's 1.6 of them per second beside the others.
        fetch_timeout_secs: 1,
        fetch_concurrency: 16,
        ..GitConfig::default()
    }
}
