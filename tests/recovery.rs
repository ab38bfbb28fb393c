//! The projection killed with SIGKILL mid-stream and restarted ends with exactly the right rows:
//! no loss, no duplicates (rows and offsets commit in one transaction).

mod common;

use common::*;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn spawn_projection(env: &TestEnv) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(["project", "postgres", "--admin-listen", "127.0.0.1:0"])
        .env("TRIBUTARY_BROKERS", &env.infra.kafka.brokers)
        .env("TRIBUTARY_TOPIC_PREFIX", &env.infra.kafka.topic_prefix)
        .env("TRIBUTARY_REGISTRY_URL", &env.infra.registry_url)
        .env("TRIBUTARY_DATABASE_URL", &env.infra.database_url)
        .env("TRIBUTARY_READ_SCHEMA", env.read_schema())
        .env("TRIBUTARY_PROJECTION_MAX_BATCH", "25")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("projection process starts")
}

async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap_or(-1)
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
            count(&pool, "SELECT count(*) FROM commits").await >= threshold
        })
        .await;
        child.kill().expect("SIGKILL"); // std's kill is SIGKILL on unix
        child.wait().expect("reaped");
        let at_kill = count(&pool, "SELECT count(*) FROM commits").await;
        assert!(at_kill < N, "killed mid-stream ({at_kill} of {N})");
        kills += 1;
    }
    assert_eq!(kills, 2);

    let mut child = spawn_projection(&env);
    wait_until(Duration::from_secs(120), "projection caught up", || async {
        count(&pool, "SELECT count(*) FROM commits").await == N
    })
    .await;
    // Let it run a little longer: nothing more may appear.
    tokio::time::sleep(Duration::from_secs(1)).await;
    child.kill().expect("stop");
    child.wait().expect("reaped");

    assert_eq!(count(&pool, "SELECT count(*) FROM commits").await, N);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM commit_files").await,
        2 * N
    );
    // Contributors count each commit once: a replayed batch would inflate them.
    assert_eq!(
        count(
            &pool,
            "SELECT COALESCE(sum(commits), 0)::bigint FROM contributors"
        )
        .await,
        N
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM contributors").await, 3);
    assert_eq!(
        count(&pool, "SELECT COALESCE(sum(next_offset), 0)::bigint FROM projection_offsets WHERE topic LIKE '%commits%'").await,
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
            let c = tributary::synthetic::commit("acme/poison", i);
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
        || async { count(&pool, "SELECT count(*) FROM commits").await == 20 },
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
