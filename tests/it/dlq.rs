//! Dead letters end to end on the real stack: a record the PostgreSQL projection cannot apply
//! lands in the dead-letter topic while the rest of its partition is projected; the admin API
//! lists it with its error and source position; after the fix, a redrive projects it, once.

use crate::common::*;
use serde_json::Value;
use std::net::SocketAddr;
use std::time::Duration;

async fn admin(env: &TestEnv, api: SocketAddr, method: &str, path: &str) -> (u16, Value) {
    let request = match method {
        "POST" => env.http.post(format!("http://{api}{path}")),
        _ => env.http.get(format!("http://{api}{path}")),
    };
    let r = request
        .bearer_auth(env.token(&["admin"]))
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn poison_is_listed_and_redriven_after_the_fix() {
    let env = TestEnv::new("dlq").await;
    env.start_projection().await;
    let pool = env.pool(&env.read_schema()).await;
    // The "bug": the read model refuses one record, as a too-strict migration would.
    wait_until(
        Duration::from_secs(30),
        "the read model migrated",
        || async { try_count(&pool, "SELECT count(*) FROM commits").await == Some(0) },
    )
    .await;
    sqlx::query(
        "ALTER TABLE commits ADD CONSTRAINT test_no_poison CHECK (message NOT LIKE 'poison%')",
    )
    .execute(&pool)
    .await
    .expect("constraint");

    let topic = env.infra.kafka.topics().commits();
    let poison_offset = produce_commits_marking(&env, "acme/dlq", 10, (5, "poison pill")).await;
    wait_until(Duration::from_secs(60), "the nine good commits", || async {
        try_count(&pool, "SELECT count(*) FROM commits").await == Some(9)
    })
    .await;

    let api = env.start_api().await;
    assert_eq!(env.get(api, "/admin/dlq").await.0, 403, "readers may not");
    wait_until(
        Duration::from_secs(30),
        "the dead letter listed",
        || async {
            let (status, body) = admin(&env, api, "GET", "/admin/dlq").await;
            status == 200 && body["items"].as_array().is_some_and(|i| i.len() == 1)
        },
    )
    .await;
    let (_, listed) = admin(&env, api, "GET", "/admin/dlq").await;
    let letter = &listed["items"][0];
    assert_eq!(letter["component"], "postgres");
    assert_eq!(letter["source_topic"], topic.as_str());
    assert_eq!(letter["source_offset"], poison_offset);
    assert!(
        letter["error"]
            .as_str()
            .unwrap_or_default()
            .contains("test_no_poison"),
        "{letter}"
    );
    assert_eq!(letter["redriven_at"], Value::Null);
    let (_, none) = admin(&env, api, "GET", "/admin/dlq?component=neo4j").await;
    assert_eq!(none["items"].as_array().map(Vec::len), Some(0));

    // The fix, then the redrive: the record is projected, and only once.
    sqlx::query("ALTER TABLE commits DROP CONSTRAINT test_no_poison")
        .execute(&pool)
        .await
        .expect("fix");
    let (status, sent) = admin(&env, api, "POST", "/admin/dlq/redrive?component=postgres").await;
    assert_eq!(
        (status, sent["redriven"].as_i64()),
        (200, Some(1)),
        "{sent}"
    );
    wait_until(Duration::from_secs(60), "the redriven commit", || async {
        try_count(
            &pool,
            "SELECT count(*) FROM commits WHERE message = 'poison pill'",
        )
        .await
            == Some(1)
    })
    .await;
    assert_eq!(count(&pool, "SELECT count(*) FROM commits").await, 10);
    let (_, again) = admin(&env, api, "POST", "/admin/dlq/redrive").await;
    assert_eq!(again["redriven"].as_i64(), Some(0), "each dead letter once");
    let (_, after) = admin(&env, api, "GET", "/admin/dlq").await;
    assert!(after["items"][0]["redriven_at"].is_string(), "{after}");
    // A redriven duplicate changes nothing. The commits table is keyed by sha, so its count
    // cannot show a duplicate applied twice: what would is the contributor tally (counted per
    // new commit) and a second dead letter (a duplicate refused by the key).
    let dead_letters = env.infra.kafka.topics().dlq();
    assert_eq!(topic_records(&env, &dead_letters), 1);
    let (_, forced) = admin(&env, api, "POST", "/admin/dlq/redrive?again=true").await;
    assert_eq!(forced["redriven"].as_i64(), Some(1));
    env.wait_caught_up(ReadModel::Postgres, Duration::from_secs(60))
        .await;
    assert_eq!(count(&pool, "SELECT count(*) FROM commits").await, 10);
    assert_eq!(
        count(
            &pool,
            "SELECT COALESCE(sum(commits), 0)::bigint FROM contributors"
        )
        .await,
        10,
        "the duplicate counted its commit again"
    );
    assert_eq!(
        topic_records(&env, &dead_letters),
        1,
        "the duplicate was dead-lettered"
    );
}
