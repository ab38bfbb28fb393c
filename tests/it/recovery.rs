//! The projection killed with SIGKILL mid-stream and restarted ends with exactly the right rows:
//! no loss, no duplicates (rows and offsets commit in one transaction).

use crate::common::*;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Starts `tributary <args>` as its own process on `env`'s broker, topics, registry and
/// database, with `extra_env` on top and an admin endpoint on a free port.
fn spawn_worker(env: &TestEnv, args: &[&str], extra_env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(args)
        .args(["--admin-listen", "127.0.0.1:0"])
        .env("TRIBUTARY_BROKERS", &env.infra.kafka.brokers)
        .env("TRIBUTARY_TOPIC_PREFIX", &env.infra.kafka.topic_prefix)
        .env("TRIBUTARY_REGISTRY_URL", &env.infra.registry_url)
        .env("TRIBUTARY_DATABASE_URL", &env.infra.database_url)
        .envs(extra_env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("tributary {args:?} starts: {e}"))
}

/// The sum of the PostgreSQL projection's stored offsets on the commits topic: the number of
/// commit records it has consumed.
const COMMITS_STORED_OFFSETS: &str = "SELECT COALESCE(sum(next_offset), 0)::bigint \
     FROM projection_offsets WHERE projection = 'postgres' AND topic LIKE '%.commits.v1'";

fn spawn_projection(env: &TestEnv) -> Child {
    spawn_worker(
        env,
        &["project", "postgres"],
        &[
            ("TRIBUTARY_READ_SCHEMA", &env.read_schema()),
            ("TRIBUTARY_PROJECTION_MAX_BATCH", "25"),
        ],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn projection_killed_mid_stream_ends_with_exact_counts() {
    let env = TestEnv::new("sigkill").await;
    // Enough records that the projection (batches of 25) is still mid-stream at each kill.
    const N: i64 = 20_000;
    produce_commits(&env, "acme/killed", N as usize).await;
    let pool = env.pool(&env.read_schema()).await;

    let mut kills = 0;
    for threshold in [400, 1600] {
        let mut child = spawn_projection(&env);
        wait_until(Duration::from_secs(60), "projection under way", || async {
            try_count(&pool, "SELECT count(*) FROM commits")
                .await
                .is_some_and(|n| n >= threshold)
        })
        .await;
        child.kill().expect("SIGKILL"); // std's kill is SIGKILL on unix
        child.wait().expect("reaped");
        // Rows and offsets in one snapshot: a commit the killed process had sent may still be
        // completing on the server, between two separate queries.
        let (at_kill, consumed): (i64, i64) = sqlx::query_as(&format!(
            "SELECT (SELECT count(*) FROM commits), ({COMMITS_STORED_OFFSETS})"
        ))
        .fetch_one(&pool)
        .await
        .expect("rows and offsets");
        assert!(at_kill < N, "killed mid-stream ({at_kill} of {N})");
        assert_eq!(consumed, at_kill, "rows and offsets committed together");
        kills += 1;
    }
    assert_eq!(kills, 2);

    let mut child = spawn_projection(&env);
    wait_until(Duration::from_secs(120), "projection caught up", || async {
        try_count(&pool, "SELECT count(*) FROM commits").await == Some(N)
    })
    .await;
    env.wait_caught_up(ReadModel::Postgres, Duration::from_secs(60))
        .await;
    // A replayed batch, made certain (the stored offsets moved back under the running
    // projection, which follows them): the rows are keyed, the contributor tallies are not.
    let topic = env.infra.kafka.topics().commits();
    assert!(rewind_offsets(&pool, &topic, 100).await > 0);
    env.wait_caught_up(ReadModel::Postgres, Duration::from_secs(60))
        .await;
    child.kill().expect("stop");
    child.wait().expect("reaped");

    assert_eq!(count(&pool, "SELECT count(*) FROM commits").await, N);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM commit_files").await,
        2 * N
    );
    // Contributors count each commit once: the replayed batch did not inflate them.
    assert_eq!(
        count(
            &pool,
            "SELECT COALESCE(sum(commits), 0)::bigint FROM contributors"
        )
        .await,
        N,
        "contributor tallies after a replayed batch"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM contributors").await, 3);
    assert_eq!(
        count(&pool, COMMITS_STORED_OFFSETS).await,
        N,
        "stored offsets cover exactly the records"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn poison_record_goes_to_the_dead_letter_topic_and_the_rest_is_projected() {
    use rdkafka::consumer::{Consumer, StreamConsumer};
    use rdkafka::message::Message;
    use rdkafka::producer::FutureProducer;
    use tributary_schemas::DeadLetter;

    let env = TestEnv::new("poison").await;
    // Everything on one partition, so "the middle" is well defined.
    let topic = env.infra.kafka.topics().commits();
    let producer: FutureProducer =
        tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(10))
            .expect("producer");
    let codec = env.infra.codec().expect("codec");
    let mut poison_offset = -1;
    for i in 0..21 {
        let (payload, key) = if i == 10 {
            (
                b"\x00\x00\x00\x00\x01this is not avro".to_vec(),
                "acme/poison",
            )
        } else {
            let c = tributary_test_support::synthetic::commit("acme/poison", i);
            (
                codec.encode(&topic, &c).await.expect("encode"),
                "acme/poison",
            )
        };
        let record = rdkafka::producer::FutureRecord::to(&topic)
            .key(key)
            .payload(&payload)
            .partition(0);
        let (_, offset) = producer
            .send(record, rdkafka::util::Timeout::Never)
            .await
            .map(|d| (d.partition, d.offset))
            .map_err(|(e, _)| e)
            .expect("acknowledged");
        if i == 10 {
            poison_offset = offset;
        }
    }
    env.start_projection().await;
    let pool = env.pool(&env.read_schema()).await;
    wait_until(
        Duration::from_secs(30),
        "the 20 good commits projected",
        || async { try_count(&pool, "SELECT count(*) FROM commits").await == Some(20) },
    )
    .await;

    let consumer: StreamConsumer =
        tributary_runtime::kafka::consumer(&env.infra.kafka, &format!("{}-dlq-reader", env.id))
            .expect("consumer");
    consumer
        .subscribe(&[&env.infra.kafka.topics().dlq()])
        .expect("subscribe");
    let message = tokio::time::timeout(Duration::from_secs(30), consumer.recv())
        .await
        .expect("a dead letter arrives")
        .expect("consumed");
    let letter: DeadLetter = codec
        .decode_as(message.payload().expect("value"))
        .await
        .expect("a DeadLetter");
    assert_eq!(letter.source_topic, topic);
    assert_eq!(letter.source_partition, 0);
    assert_eq!(letter.source_offset, poison_offset);
    assert_eq!(letter.component, "postgres");
    assert!(
        letter.error.contains("undecodable") || letter.error.contains("schema"),
        "{}",
        letter.error
    );
    assert_eq!(
        letter.payload.as_deref(),
        Some(&b"\x00\x00\x00\x00\x01this is not avro"[..])
    );
    let stored: i64 = sqlx::query_scalar(
        "SELECT next_offset FROM projection_offsets WHERE topic = $1 AND partition = 0",
    )
    .bind(&topic)
    .fetch_one(&pool)
    .await
    .expect("offset stored");
    assert_eq!(stored, 21, "the partition moved past the poison record");
}

/// One number from the graph (the query's `n`); a failed query fails the test.
async fn graph_count(graph: &neo4rs::Graph, cypher: &str) -> i64 {
    let rows = tributary_graph::read_rows(graph, neo4rs::query(cypher))
        .await
        .unwrap_or_else(|e| panic!("{cypher}: {e}"));
    rows.first()
        .and_then(|r| r.get::<i64>("n").ok())
        .unwrap_or_else(|| panic!("{cypher}: no number n"))
}

/// [`graph_count`] for a poll: `None` when the query fails.
async fn try_graph_count(graph: &neo4rs::Graph, cypher: &str) -> Option<i64> {
    let rows = tributary_graph::read_rows(graph, neo4rs::query(cypher))
        .await
        .ok()?;
    rows.first().and_then(|r| r.get::<i64>("n").ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn graph_projection_killed_mid_stream_ends_with_exact_counts() {
    let env = TestEnv::new("graphkill").await;
    const N: i64 = 3_000;
    produce_commits(&env, "acme/graphkill", N as usize).await;
    let args = env.start_graph().await;
    let graph = tributary_graph::connect(&args, 2).expect("graph");
    let spawn = || {
        spawn_worker(
            &env,
            &["project", "neo4j"],
            &[
                ("TRIBUTARY_GRAPH_URI", &args.graph_uri),
                ("TRIBUTARY_GRAPH_MAX_BATCH", "20"),
            ],
        )
    };
    let projected = "MATCH (c:Commit) WHERE c.subject IS NOT NULL RETURN count(c) AS n";
    for threshold in [200, 900] {
        let mut child = spawn();
        wait_until(
            Duration::from_secs(120),
            "graph projection under way",
            || async {
                try_graph_count(&graph, projected)
                    .await
                    .is_some_and(|n| n >= threshold)
            },
        )
        .await;
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        let at_kill = graph_count(&graph, projected).await;
        assert!(at_kill < N, "killed mid-stream ({at_kill} of {N})");
    }
    let mut child = spawn();
    wait_until(
        Duration::from_secs(180),
        "graph projection caught up",
        || async { try_graph_count(&graph, projected).await == Some(N) },
    )
    .await;
    env.wait_caught_up(ReadModel::Graph(&args), Duration::from_secs(60))
        .await;
    child.kill().expect("stop");
    child.wait().expect("reaped");

    assert_eq!(graph_count(&graph, projected).await, N);
    assert_eq!(
        graph_count(&graph, "MATCH (c:Commit) RETURN count(c) AS n").await,
        N,
        "no placeholder parent left over"
    );
    assert_eq!(
        graph_count(&graph, "MATCH ()-[t:TOUCHED]->() RETURN count(t) AS n").await,
        2 * N
    );
    assert_eq!(
        graph_count(&graph, "MATCH ()-[p:PARENT]->() RETURN count(p) AS n").await,
        N - 1
    );
    assert_eq!(
        graph_count(
            &graph,
            "MATCH (o:ProjectionOffset {projection: 'neo4j'}) WHERE o.topic ENDS WITH 'commits.v1' \
             RETURN sum(o.next_offset) AS n"
        )
        .await,
        N,
        "stored offsets cover exactly the records"
    );
}

/// Runs the worker `tributary <args>` (processor `component`, reading `input`) on `env`'s
/// topics, SIGKILLs it twice mid-stream (when `progress_sql` reaches a tenth and two fifths of
/// `n`), starts it again, and waits until `progress_sql` counts exactly `n` and nothing is left
/// to process or project: nothing lost, nothing counted twice.
async fn kill_twice_then_finish(
    env: &TestEnv,
    (args, component, input): (&[&str], &str, String),
    extra_env: &[(&str, &str)],
    progress_sql: &str,
    n: i64,
) {
    let pool = env.pool(&env.read_schema()).await;
    let spawn = || spawn_worker(env, args, extra_env);
    for threshold in [n / 10, n * 2 / 5] {
        let mut child = spawn();
        wait_until(Duration::from_secs(90), "worker under way", || async {
            try_count(&pool, progress_sql)
                .await
                .is_some_and(|c| c >= threshold)
        })
        .await;
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        assert!(count(&pool, progress_sql).await < n, "killed mid-stream");
    }
    let mut child = spawn();
    wait_until(Duration::from_secs(120), "every record through", || async {
        try_count(&pool, progress_sql).await == Some(n)
    })
    .await;
    env.wait_processed(component, &[input], Duration::from_secs(60))
        .await;
    env.wait_caught_up(ReadModel::Postgres, Duration::from_secs(60))
        .await;
    child.kill().expect("stop");
    child.wait().expect("reaped");
    assert_eq!(count(&pool, progress_sql).await, n);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn normalizer_killed_mid_stream_leaves_every_push_projected_once() {
    use futures::stream::{FuturesUnordered, StreamExt};
    let env = TestEnv::new("normkill").await;
    const N: i64 = 3_000;
    let body = std::fs::read(fixtures_dir().join("push.payload.json")).expect("fixture");
    let codec = env.infra.codec().expect("codec");
    let producer = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(30))
        .expect("producer");
    let topic = env.infra.kafka.topics().webhooks_raw();
    let mut sends = FuturesUnordered::new();
    for i in 0..N {
        let delivery = format!("normkill-{i}");
        let record = tributary_schemas::WebhookReceived {
            event_id: tributary_schemas::event_id::webhook(&delivery),
            delivery_id: delivery.clone(),
            event: "push".into(),
            hook_id: None,
            headers: Default::default(),
            body: body.clone(),
            body_sha256: String::new(),
            received_at: 0,
        };
        let payload = codec.encode(&topic, &record).await.expect("encode");
        let (producer, topic) = (producer.clone(), topic.clone());
        sends.push(async move {
            tributary_runtime::kafka::send(&producer, &topic, delivery.as_bytes(), &payload).await
        });
    }
    while let Some(r) = sends.next().await {
        r.expect("acknowledged");
    }
    env.start_projection().await;
    kill_twice_then_finish(
        &env,
        (&["process", "normalizer"], "normalizer", topic),
        &[],
        "SELECT count(*) FROM pushes",
        N,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn analyzer_killed_mid_stream_leaves_every_blob_analyzed_once() {
    use futures::stream::{FuturesUnordered, StreamExt};
    let env = TestEnv::new("astkill").await;
    const N: i64 = 2_000;
    let codec = env.infra.codec().expect("codec");
    let producer = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(30))
        .expect("producer");
    let topic = env.infra.kafka.topics().blobs();
    let mut sends = FuturesUnordered::new();
    for i in 0..N {
        let content = format!("def f{i}(x):\n    return g(x) + {i}\n\n\nclass C{i}:\n    pass\n");
        let blob_id = format!("{:040x}", i + 1);
        let record = tributary_schemas::BlobObserved {
            event_id: tributary_schemas::event_id::blob(&blob_id),
            blob_id: blob_id.clone(),
            repository: "acme/astkill".into(),
            path: format!("m{i}.py"),
            language: Some("python".into()),
            size: content.len() as i64,
            binary: false,
            truncated: false,
            content: Some(content.into_bytes()),
        };
        let payload = codec.encode(&topic, &record).await.expect("encode");
        let (producer, topic) = (producer.clone(), topic.clone());
        sends.push(async move {
            tributary_runtime::kafka::send(&producer, &topic, blob_id.as_bytes(), &payload).await
        });
    }
    while let Some(r) = sends.next().await {
        r.expect("acknowledged");
    }
    env.start_projection().await;
    kill_twice_then_finish(
        &env,
        (&["process", "ast"], "ast-analyzer", topic),
        &[],
        "SELECT count(*) FROM file_analyses WHERE symbol_count = 2",
        N,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn enricher_killed_mid_stream_leaves_every_commit_enriched_once() {
    let env = TestEnv::new("enrichkill").await;
    const N: i64 = 10_000;
    produce_commits(&env, "acme/enrichkill", N as usize).await;
    env.start_projection().await;
    let topic = env.infra.kafka.topics().commits();
    kill_twice_then_finish(
        &env,
        (&["process", "enrich"], "enricher", topic),
        &[("TRIBUTARY_LLM_PROVIDER", "none")],
        "SELECT count(*) FROM commit_enrichments",
        N,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_the_batch_in_flight_and_exits_cleanly() {
    let env = TestEnv::new("sigterm").await;
    const N: i64 = 20_000;
    produce_commits(&env, "acme/sigterm", N as usize).await;
    let pool = env.pool(&env.read_schema()).await;
    let mut child = spawn_projection(&env);
    wait_until(Duration::from_secs(60), "projection under way", || async {
        try_count(&pool, "SELECT count(*) FROM commits")
            .await
            .is_some_and(|n| n >= 500)
    })
    .await;
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let started = std::time::Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "stops promptly on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "a clean exit: {exit:?}");
    // What was committed is whole: rows and offsets agree.
    let rows = count(&pool, "SELECT count(*) FROM commits").await;
    assert!(rows < N, "stopped mid-stream");
    assert_eq!(count(&pool, COMMITS_STORED_OFFSETS).await, rows);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM commit_files").await,
        2 * rows
    );
    let mut child = spawn_projection(&env);
    wait_until(
        Duration::from_secs(120),
        "the rest after a restart",
        || async { try_count(&pool, "SELECT count(*) FROM commits").await == Some(N) },
    )
    .await;
    child.kill().expect("stop");
    child.wait().expect("reaped");
}
