//! Faults under a running projection, against a PostgreSQL server of the test's own (a private
//! cluster, so stopping it does not disturb the other tests): stopped mid-stream and started
//! again, the projection reports degraded health meanwhile, retries, skips nothing and repeats
//! nothing.

use crate::common::*;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_stopped_and_started_under_the_projection_loses_and_repeats_nothing() {
    let mut env = TestEnv::new("pgfault").await;
    let pg = PrivatePostgres::create(&env.tmp.path().join("pg"));
    env.infra.database_url = pg.url();
    const N: i64 = 20_000;
    produce_commits(&env, "acme/pgfault", N as usize).await;

    let admin = std::net::SocketAddr::from(([127, 0, 0, 1], free_port()));
    tributary::app::start_postgres_projection(
        &env.projection_config(25),
        &env.infra,
        Some(admin),
        env.shutdown.clone(),
    )
    .await
    .expect("projection starts");
    let schema = env.read_schema();
    let url = pg.url();
    wait_commits_over(&url, &schema, 500).await;

    pg.stop();
    // Stopped between two batches, the next one first waits for a connection (the pool's
    // acquire timeout, 10 s) before it fails and health says so.
    let mut degraded = false;
    for _ in 0..100 {
        let body = env
            .http
            .get(format!("http://{admin}/health"))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        if body == 503 {
            degraded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(degraded, "health reports the outage");
    tokio::time::sleep(Duration::from_secs(2)).await;
    pg.start();

    wait_until(
        Duration::from_secs(120),
        "every commit projected",
        || async {
            try_count_fresh(&url, &schema, "SELECT count(*) FROM commits").await == Some(N)
        },
    )
    .await;
    // A batch whose commit reached the server but whose answer was lost in the outage is
    // applied again; made certain here (the stored offsets moved back), it must not count its
    // commits twice: the contributor tallies count each new commit.
    let pool = env.pool(&schema).await;
    let topic = env.infra.kafka.topics().commits();
    assert!(rewind_offsets(&pool, &topic, 100).await > 0);
    env.wait_caught_up(ReadModel::Postgres, Duration::from_secs(120))
        .await;
    assert_eq!(
        count_fresh(&url, &schema, "SELECT count(*) FROM commit_files").await,
        2 * N
    );
    assert_eq!(
        count_fresh(
            &url,
            &schema,
            "SELECT COALESCE(sum(commits), 0)::bigint FROM contributors"
        )
        .await,
        N,
        "contributor sums count each commit once"
    );
    let status = env
        .http
        .get(format!("http://{admin}/health"))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    assert_eq!(status, 200, "healthy again");
}

/// A broker of the test's own (tansu with SQLite storage in the test's folder), so that killing
/// it does not disturb the other tests.
struct PrivateBroker {
    dir: std::path::PathBuf,
    port: u16,
    child: Option<std::process::Child>,
}

impl PrivateBroker {
    fn start(dir: &Path) -> Self {
        std::fs::create_dir_all(dir).expect("mkdir");
        let mut broker = Self {
            dir: dir.to_path_buf(),
            port: free_port(),
            child: None,
        };
        broker.restart();
        broker
    }

    /// Starts the broker on its port and storage; returns when it accepts connections.
    fn restart(&mut self) {
        let tansu = std::env::var("TRIBUTARY_TANSU").unwrap_or_else(|_| {
            format!(
                "{}/.tributary/bin/tansu",
                std::env::var("HOME").unwrap_or_default()
            )
        });
        let url = format!("tcp://127.0.0.1:{}", self.port);
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("tansu.log"))
            .expect("log");
        use std::io::Write as _;
        writeln!(log, "=== broker start ===").expect("log");
        let child = Command::new(&tansu)
            .args([
                "broker",
                "--listener-url",
                &url,
                "--advertised-listener-url",
                &url,
            ])
            .args(["--storage-engine", "sqlite://tansu.db"])
            .current_dir(&self.dir)
            .stdin(std::process::Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("tansu starts (scripts/install.sh)");
        self.child = Some(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "tansu listens");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no flush, no goodbye.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
        }
    }

    fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The first lines the broker logged since its last start, for a failure message.
    fn log_since_start(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("tansu.log")).unwrap_or_default();
        let since = log
            .rsplit("=== broker start ===")
            .next()
            .unwrap_or_default();
        since.lines().take(40).collect::<Vec<_>>().join("\n")
    }
}

impl Drop for PrivateBroker {
    fn drop(&mut self) {
        self.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn broker_killed_and_restarted_during_ingest_stores_every_delivery_once() {
    let mut env = TestEnv::new("brokerfault").await;
    let mut broker = PrivateBroker::start(&env.tmp.path().join("broker"));
    env.infra.kafka.brokers = broker.address();
    // tansu 0.6.0 cannot take idempotent producers back after a crash (its storage task
    // panics); the local stack runs without idempotence, and so does this test.
    env.infra.kafka.idempotence = false;
    tributary_runtime::kafka::ensure_topics(&env.infra.kafka, 3)
        .await
        .expect("topics on the private broker");
    let ingest = env.start_ingest(25 * 1024 * 1024).await;
    let workers = [env.start_normalizer().await, env.start_projection().await];
    let pool = env.pool(&env.read_schema()).await;

    // A client that retries like GitHub's redelivery: the same delivery until it is accepted.
    const N: usize = 600;
    let body = std::fs::read(fixtures_dir().join("push.payload.json")).expect("fixture");
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let sender = {
        let (http, accepted, body) = (env.http.clone(), accepted.clone(), body.clone());
        tokio::spawn(async move {
            let mut unavailable = 0;
            for i in 0..N {
                loop {
                    let answer = tributary::webhook_client::send(
                        &http,
                        &format!("http://{ingest}/webhooks/github"),
                        WEBHOOK_SECRET.as_bytes(),
                        "push",
                        &format!("brokerfault-{i}"),
                        body.clone(),
                    )
                    .await;
                    match answer.map(|a| a.status) {
                        Ok(202) => break,
                        Ok(503) => unavailable += 1,
                        other => panic!("delivery {i}: {other:?}"),
                    }
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            unavailable
        })
    };
    wait_until(Duration::from_secs(60), "ingest under way", || async {
        accepted.load(std::sync::atomic::Ordering::Relaxed) >= N / 3
    })
    .await;
    broker.kill();
    tokio::time::sleep(Duration::from_secs(8)).await;
    let during_outage = accepted.load(std::sync::atomic::Ordering::Relaxed);
    broker.restart();
    let unavailable = match tokio::time::timeout(Duration::from_secs(180), sender).await {
        Ok(done) => done.expect("sender"),
        Err(_) => panic!(
            "not every delivery was accepted after the restart; broker log:\n{}",
            broker.log_since_start()
        ),
    };
    assert!(unavailable > 0, "clients got 503 while the broker was down");
    assert!(during_outage < N, "the outage happened mid-stream");

    wait_until(
        Duration::from_secs(120),
        "every delivery projected",
        || async {
            try_count(&pool, "SELECT count(*) FROM webhook_deliveries").await == Some(N as i64)
        },
    )
    .await;
    wait_until(
        Duration::from_secs(120),
        "every push normalized and projected",
        || async { try_count(&pool, "SELECT count(*) FROM pushes").await == Some(N as i64) },
    )
    .await;

    // Once: the read model is keyed by delivery id, so its counts cannot show a duplicate. A
    // retry during the outage may have stored a delivery twice on the log; one more is certain
    // here: GitHub redelivers, to an ingest that restarted and forgot what it deduplicated.
    // A duplicate applied as new would be refused by the key and dead-lettered.
    let raw = env.infra.kafka.topics().webhooks_raw();
    let fresh = env.start_ingest(25 * 1024 * 1024).await;
    let answer = tributary::webhook_client::send(
        &env.http,
        &format!("http://{fresh}/webhooks/github"),
        WEBHOOK_SECRET.as_bytes(),
        "push",
        "brokerfault-0",
        body,
    )
    .await
    .expect("redelivered");
    assert_eq!(answer.status, 202, "{}", answer.body);
    let stored = topic_records(&env, &raw);
    assert!(stored > N as i64, "{stored} records for {N} deliveries");
    env.wait_processed("normalizer", &[raw], Duration::from_secs(120))
        .await;
    env.wait_caught_up(ReadModel::Postgres, Duration::from_secs(120))
        .await;
    assert_eq!(count(&pool, "SELECT count(*) FROM pushes").await, N as i64);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM webhook_deliveries").await,
        N as i64
    );
    assert_eq!(
        topic_records(&env, &env.infra.kafka.topics().dlq()),
        0,
        "duplicates dead-lettered"
    );
    // Stop the consumers while their broker is still up: a consumer group member closing
    // against a broker that is gone waits for it (see the note on issue 4).
    env.shutdown.trigger();
    for worker in workers {
        tokio::time::timeout(Duration::from_secs(30), worker)
            .await
            .expect("workers stop after shutdown")
            .expect("joined")
            .expect("stopped cleanly");
    }
}
