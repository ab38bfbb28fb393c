//! Nothing stalls silently, on the real stack (broker, registry, PostgreSQL, graph server, real
//! HTTP): a projection whose stored offsets lie beyond the end of its log (the broker's store
//! was reset, a topic recreated) says so on its admin endpoint and in its metrics within
//! seconds; an idle live projection (PostgreSQL or graph) follows a replay's switch of the read
//! model within seconds; and a record whose failure is transient but lasting is dead-lettered
//! after the retry bound while the records behind it are projected.

use crate::common::*;
use std::net::SocketAddr;
use std::time::Duration;
use tributary::app;
use tributary::replay::{replay_graph, replay_postgres, ReplayOptions};
use tributary_graph::Namespace;
use tributary_projections::neo4j::GraphProjectionConfig;
use tributary_runtime::backoff::RetryPolicy;
use tributary_runtime::redrive::{DeadLetterFilter, DeadLetterOps};
use tributary_runtime::Shutdown;

/// A loopback address for an admin endpoint.
fn admin_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], free_port()))
}

/// Starts the PostgreSQL projection with its admin endpoint on `admin`, stopped by `shutdown`.
async fn start_projection_at(env: &TestEnv, admin: SocketAddr, shutdown: Shutdown) -> app::Task {
    app::start_postgres_projection(
        &env.projection_config(100),
        &env.infra,
        Some(admin),
        shutdown,
    )
    .await
    .expect("projection starts")
}

/// `GET /health` of an admin endpoint: (status, body).
async fn health(env: &TestEnv, admin: SocketAddr) -> (u16, serde_json::Value) {
    match env.http.get(format!("http://{admin}/health")).send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            (status, r.json().await.unwrap_or_default())
        }
        Err(_) => (0, serde_json::Value::Null),
    }
}

/// Waits up to `secs` seconds until `GET /health` of `admin` answers 200.
async fn wait_healthy(env: &TestEnv, admin: SocketAddr, secs: u64) {
    wait_until(Duration::from_secs(secs), "healthy again", || async {
        health(env, admin).await.0 == 200
    })
    .await;
}

/// Waits until `GET /health` of `admin` answers 503 with a reason containing every one of
/// `parts`.
async fn wait_degraded(
    env: &TestEnv,
    admin: SocketAddr,
    timeout: Duration,
    what: &str,
    parts: &[&str],
) {
    wait_until(timeout, what, || async {
        let (status, body) = health(env, admin).await;
        let reason = body["reason"].as_str().unwrap_or_default();
        status == 503 && parts.iter().all(|p| reason.contains(p))
    })
    .await;
}

/// The values of `metric` whose labels include every one of `labels`, from `GET /metrics`.
async fn gauge_values(
    env: &TestEnv,
    admin: SocketAddr,
    metric: &str,
    labels: &[(&str, &str)],
) -> Vec<f64> {
    let Ok(r) = env.http.get(format!("http://{admin}/metrics")).send().await else {
        return Vec::new();
    };
    let text = r.text().await.unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with(&format!("{metric}{{")))
        .filter(|l| {
            labels
                .iter()
                .all(|(k, v)| l.contains(&format!("{k}=\"{v}\"")))
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .collect()
}

/// Pushes the read model's stored offsets of the commits topic `by` records past where they
/// are, as a broker whose store was reset (or a recreated topic) leaves them: the log now
/// ends before them.
async fn push_offsets_past_the_log(pool: &sqlx::PgPool, topic: &str, by: i64) -> u64 {
    sqlx::query(
        "UPDATE projection_offsets SET next_offset = next_offset + $1
         WHERE projection = 'postgres' AND topic = $2",
    )
    .bind(by)
    .bind(topic)
    .execute(pool)
    .await
    .expect("offsets moved")
    .rows_affected()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_projection_past_the_end_of_its_log_says_so_within_seconds() {
    let env = TestEnv::new("stall_ahead").await;
    produce_commits(&env, "acme/ahead", 20).await;
    let admin = admin_addr();
    start_projection_at(&env, admin, env.shutdown.clone()).await;
    let pool = env.pool(&env.read_schema()).await;
    wait_until(Duration::from_secs(60), "20 commits projected", || async {
        try_count(&pool, "SELECT count(*) FROM commits").await == Some(20)
    })
    .await;
    assert_eq!(health(&env, admin).await.0, 200, "healthy while caught up");

    // While the projection runs idle, its read model's offsets come to lie past the end of the
    // log (one partition holds all 20 commits: they share their key).
    let topic = env.infra.kafka.topics().commits();
    assert_eq!(push_offsets_past_the_log(&pool, &topic, 1000).await, 1);
    let stored = 1020.to_string();
    wait_degraded(
        &env,
        admin,
        Duration::from_secs(15),
        "health degraded, naming the partition, the offsets and the fix",
        &[
            &format!("{topic}/"),
            &format!("stored offset {stored} is beyond the end of the log"),
            "high watermark 20",
            "tributary replay postgres",
        ],
    )
    .await;
    // The gauges say it too: how far past the end, and that the partition's records are not
    // being consumed (lag is not 0).
    let ahead = gauge_values(
        &env,
        admin,
        "tributary_projection_offsets_ahead_of_log",
        &[("projection", "postgres"), ("topic", &topic)],
    )
    .await;
    assert!(ahead.contains(&1000.0), "ahead gauge: {ahead:?}");
    let lag = gauge_values(
        &env,
        admin,
        "tributary_consumer_lag_records",
        &[("component", "postgres"), ("topic", &topic)],
    )
    .await;
    assert!(lag.contains(&20.0), "lag gauge: {lag:?}");

    // Resetting the offsets (the operator's fix) releases it, and it is healthy again.
    assert_eq!(push_offsets_past_the_log(&pool, &topic, -1000).await, 1);
    wait_until(
        Duration::from_secs(15),
        "healthy after the reset",
        || async { health(&env, admin).await.0 == 200 },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_idle_live_projection_follows_a_replay_switch_within_seconds() {
    let env = TestEnv::new("stall_replay").await;
    let repository = "acme/replayed";
    produce_commits(&env, repository, 20).await;
    // A first run projects the log, then stops.
    let first = Shutdown::new();
    let task = start_projection_at(&env, admin_addr(), first.clone()).await;
    let pool = env.pool(&env.read_schema()).await;
    wait_until(Duration::from_secs(60), "20 commits projected", || async {
        try_count(&pool, "SELECT count(*) FROM commits").await == Some(20)
    })
    .await;
    first.trigger();
    task.await.expect("joined").expect("stopped cleanly");
    // The broker's store is reset under the read model: its offsets lie past the end of the log.
    let topic = env.infra.kafka.topics().commits();
    assert_eq!(push_offsets_past_the_log(&pool, &topic, 1000).await, 1);

    // The live projection starts on it, says so, and waits.
    let admin = admin_addr();
    start_projection_at(&env, admin, env.shutdown.clone()).await;
    wait_degraded(
        &env,
        admin,
        Duration::from_secs(15),
        "health degraded at start",
        &["stored offset 1020 is beyond the end"],
    )
    .await;

    // The operator's fix: a replay rebuilds the read model from the log and switches it.
    let report = replay_postgres(
        &env.projection_config(100),
        &env.infra,
        ReplayOptions {
            in_place: false,
            keep: false,
        },
        |_| {},
    )
    .await
    .expect("replay");
    assert_eq!(report.records, 20);
    let live = env.pool(&env.read_schema()).await;
    assert_eq!(count(&live, "SELECT count(*) FROM commits").await, 20);

    // The idle live projection follows the switch: a commit produced now (the same key, so the
    // partition it had held back) is in the new live read model within seconds.
    produce_commits(&env, repository, 21).await;
    wait_until(
        Duration::from_secs(10),
        "the new commit in the switched read model",
        || async {
            try_count(
                &live,
                "SELECT count(*) FROM commits WHERE message = 'commit 20'",
            )
            .await
                == Some(1)
        },
    )
    .await;
    assert_eq!(count(&live, "SELECT count(*) FROM commits").await, 21);
    wait_healthy(&env, admin, 10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_lasting_transient_failure_is_dead_lettered_after_the_bound_and_the_rest_flows() {
    let mut env = TestEnv::new("stall_retry").await;
    env.infra.kafka.retry = RetryPolicy {
        max_attempts: 3,
        max_seconds: 60,
    };
    let admin = admin_addr();
    start_projection_at(&env, admin, env.shutdown.clone()).await;
    let pool = env.pool(&env.read_schema()).await;
    wait_until(
        Duration::from_secs(30),
        "the read model migrated",
        || async { try_count(&pool, "SELECT count(*) FROM commits").await == Some(0) },
    )
    .await;
    // One record meets a failure PostgreSQL classes as transient (serialization failure,
    // SQLSTATE 40001) every time it is written: retrying cannot help.
    sqlx::raw_sql(
        "CREATE FUNCTION test_stuck() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.message = 'stuck' THEN
             RAISE EXCEPTION 'simulated lasting conflict' USING ERRCODE = '40001';
           END IF;
           RETURN NEW;
         END $$;
         CREATE TRIGGER test_stuck BEFORE INSERT OR UPDATE ON commits
           FOR EACH ROW EXECUTE FUNCTION test_stuck();",
    )
    .execute(&pool)
    .await
    .expect("trigger");

    let topic = env.infra.kafka.topics().commits();
    let codec = env.infra.codec().expect("codec");
    let stuck_offset = produce_commits_marking(&env, "acme/stuck", 10, (3, "stuck")).await;
    // The nine others are projected, those behind the stuck one included.
    wait_until(
        Duration::from_secs(60),
        "the nine other commits",
        || async { try_count(&pool, "SELECT count(*) FROM commits").await == Some(9) },
    )
    .await;
    // The stuck one is in the dead-letter topic with the attempts and its last error.
    let ops = DeadLetterOps::connect(env.infra.kafka.clone(), codec, &env.infra.database_url)
        .await
        .expect("dead letters");
    wait_until(Duration::from_secs(30), "the dead letter", || async {
        ops.list().await.is_ok_and(|l| !l.is_empty())
    })
    .await;
    let letters = ops.list().await.expect("dead letters listed");
    assert_eq!(letters.len(), 1, "{letters:?}");
    let letter = &letters[0];
    assert_eq!(
        (letter.component.as_str(), letter.source_topic.as_str()),
        ("postgres", topic.as_str())
    );
    assert_eq!(letter.source_offset, stuck_offset);
    assert!(
        letter.error.contains("after 3 attempts")
            && letter.error.contains("simulated lasting conflict"),
        "{}",
        letter.error
    );
    wait_until(
        Duration::from_secs(15),
        "healthy after moving on",
        || async { health(&env, admin).await.0 == 200 },
    )
    .await;

    // Once the cause is gone, a redrive brings it back.
    sqlx::query("DROP TRIGGER test_stuck ON commits")
        .execute(&pool)
        .await
        .expect("fix");
    let sent = ops
        .redrive(&DeadLetterFilter::default())
        .await
        .expect("redrive");
    assert_eq!(sent.len(), 1);
    wait_until(Duration::from_secs(30), "the redriven commit", || async {
        try_count(
            &pool,
            "SELECT count(*) FROM commits WHERE message = 'stuck'",
        )
        .await
            == Some(1)
    })
    .await;
    assert_eq!(count(&pool, "SELECT count(*) FROM commits").await, 10);
}

/// Commit nodes in namespace `ns` of the graph (`None` when the query fails).
async fn graph_commits(g: &neo4rs::Graph, ns: &Namespace) -> Option<i64> {
    let q = ns.query("MATCH (c:Commit) RETURN count(c) AS n");
    let rows = tributary_graph::read_rows(g, q).await.ok()?;
    rows.first().and_then(|r| r.get::<i64>("n").ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_idle_graph_projection_follows_a_namespace_switch_within_seconds() {
    let env = TestEnv::new("stall_graph").await;
    let graph = env.start_graph().await;
    let config = GraphProjectionConfig { max_batch: 100 };
    let repository = "acme/graphed";
    produce_commits(&env, repository, 20).await;
    let g = tributary_graph::connect(&graph, 2).expect("graph");
    let plain = Namespace::plain();
    // A first run projects the log, then stops.
    let first = Shutdown::new();
    let task = app::start_graph_projection(&config, &graph, &env.infra, None, first.clone())
        .await
        .expect("graph projection starts");
    wait_until(Duration::from_secs(60), "20 commit nodes", || async {
        graph_commits(&g, &plain).await == Some(20)
    })
    .await;
    first.trigger();
    task.await.expect("joined").expect("stopped cleanly");
    // The broker's store is reset under the graph: its offsets lie past the end of the log.
    let topic = env.infra.kafka.topics().commits();
    let mut txn = g.start_txn().await.expect("txn");
    txn.run(
        neo4rs::query(
            "MATCH (o:ProjectionOffset {projection: 'neo4j', topic: $topic}) \
             SET o.next_offset = o.next_offset + 1000",
        )
        .param("topic", topic.as_str()),
    )
    .await
    .expect("offsets moved");
    txn.commit().await.expect("committed");

    // The live graph projection starts on it and says so.
    let admin = admin_addr();
    app::start_graph_projection(
        &config,
        &graph,
        &env.infra,
        Some(admin),
        env.shutdown.clone(),
    )
    .await
    .expect("graph projection starts");
    wait_degraded(
        &env,
        admin,
        Duration::from_secs(15),
        "health degraded at start",
        &[
            "stored offset 1020 is beyond the end",
            "tributary replay neo4j",
        ],
    )
    .await;

    // A replay rebuilds the graph into the other namespace and switches to it.
    let report = replay_graph(
        &config,
        &graph,
        &env.infra,
        ReplayOptions {
            in_place: false,
            keep: false,
        },
        |_| {},
    )
    .await
    .expect("replay");
    assert_eq!(report.records, 20);
    let live = tributary_graph::live_namespace(&g)
        .await
        .expect("live namespace");
    assert_eq!(live, Namespace::new("blue").expect("namespace"));
    assert_eq!(graph_commits(&g, &live).await, Some(20));

    // The idle projection follows the switch: a commit produced now is in the new copy within
    // seconds.
    produce_commits(&env, repository, 21).await;
    wait_until(
        Duration::from_secs(10),
        "the new commit in the switched namespace",
        || async { graph_commits(&g, &live).await == Some(21) },
    )
    .await;
    wait_healthy(&env, admin, 10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_store_down_past_the_retry_bound_is_waited_for_not_dead_lettered() {
    let mut env = TestEnv::new("stall_storedown").await;
    env.infra.kafka.retry = RetryPolicy {
        max_attempts: 2,
        max_seconds: 1,
    };
    let pg = PrivatePostgres::create(&env.tmp.path().join("pg"));
    env.infra.database_url = pg.url();
    const N: i64 = 3000;
    produce_commits(&env, "acme/storedown", N as usize).await;
    let admin = admin_addr();
    app::start_postgres_projection(
        &env.projection_config(25),
        &env.infra,
        Some(admin),
        env.shutdown.clone(),
    )
    .await
    .expect("projection starts");
    let (url, schema) = (pg.url(), env.read_schema());
    wait_commits_over(&url, &schema, 100).await;

    // The store goes away for longer than the retry bound: the loop says it waits for it.
    pg.stop();
    wait_degraded(
        &env,
        admin,
        Duration::from_secs(90),
        "health: waiting for the store past the retry bound",
        &["past the retry bound; waiting for it"],
    )
    .await;
    pg.start();

    // Back: everything is projected, once, and nothing was dead-lettered for the outage.
    wait_until(
        Duration::from_secs(120),
        "every commit projected",
        || async {
            try_count_fresh(&url, &schema, "SELECT count(*) FROM commits").await == Some(N)
        },
    )
    .await;
    assert_eq!(
        count_fresh(&url, &schema, "SELECT count(*) FROM commit_files").await,
        2 * N
    );
    let ops = DeadLetterOps::connect(
        env.infra.kafka.clone(),
        env.infra.codec().expect("codec"),
        &env.infra.database_url,
    )
    .await
    .expect("dead letters");
    let letters = ops.list().await.expect("dead letters listed");
    assert!(letters.is_empty(), "{letters:?}");
    wait_healthy(&env, admin, 15).await;
}
