//! Limits at the edges, over real HTTP on the real stack: the query API's rate per token subject
//! and role (429 with `Retry-After` once the bucket is empty, served again after the refill),
//! its cap on requests in flight and its request deadline (a request held by a real PostgreSQL
//! lock), and ingest's rate per source address, with and without a trusted proxy's
//! `X-Forwarded-For` (signed deliveries through the real broker and registry).

use crate::common::*;
use std::net::SocketAddr;
use std::time::Duration;
use tributary_http::rate_limit::Rate;
use tributary_producers::ingest::signature;

fn rate(per_second: f64, burst: f64) -> Rate {
    Rate { per_second, burst }
}

async fn get_as(env: &TestEnv, api: SocketAddr, token: &str, path: &str) -> reqwest::Response {
    env.http
        .get(format!("http://{api}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

fn mint(subject: &str, roles: &[&str]) -> String {
    tributary_query_api::auth::mint(
        JWT_SECRET.as_bytes(),
        subject,
        roles,
        "tributary",
        "tributary-api",
        600,
    )
    .expect("token")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_api_limits_each_subject_by_role_and_recovers_after_the_refill() {
    let env = TestEnv::new("apilimits").await;
    let mut config = env.api_config();
    config.reader_rate_limit = rate(1.0, 3.0);
    config.admin_rate_limit = rate(0.5, 1.0);
    let api = env.start_api_configured(config, None).await;
    let alice = mint("alice", &["reader"]);
    let bob = mint("bob", &["reader"]);
    let ops = mint("ops", &["admin"]);

    // The burst (3), then 429 with a reason and Retry-After.
    for i in 0..3 {
        assert_eq!(
            get_as(&env, api, &alice, "/repos").await.status(),
            200,
            "request {i}"
        );
    }
    let limited = get_as(&env, api, &alice, "/repos").await;
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "1");
    let body: serde_json::Value = limited.json().await.expect("json");
    assert_eq!(body["error"]["code"], "rate_limited");
    // Every route counts against the same subject.
    assert_eq!(
        get_as(&env, api, &alice, "/contributors").await.status(),
        429
    );
    // Another subject has its own bucket; an admin has the admin rate (1 at once).
    assert_eq!(get_as(&env, api, &bob, "/repos").await.status(), 200);
    assert_eq!(get_as(&env, api, &ops, "/repos").await.status(), 200);
    assert_eq!(get_as(&env, api, &ops, "/repos").await.status(), 429);
    // Health and metrics are never limited; a bad token is refused for what it is.
    for _ in 0..5 {
        let r = env
            .http
            .get(format!("http://{api}/health"))
            .send()
            .await
            .expect("health");
        assert_eq!(r.status(), 200);
    }
    assert_eq!(
        get_as(&env, api, "not-a-token", "/repos").await.status(),
        401
    );

    // At 1 per second, one token is back after a second: one request passes, the next not.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(get_as(&env, api, &alice, "/repos").await.status(), 200);
    assert_eq!(get_as(&env, api, &alice, "/repos").await.status(), 429);
    // After the whole window the burst is back.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    for _ in 0..3 {
        assert_eq!(get_as(&env, api, &alice, "/repos").await.status(), 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_over_the_cap_are_refused_and_a_stuck_request_times_out() {
    let env = TestEnv::new("apicap").await;
    let mut config = env.api_config();
    config.max_concurrent_requests = 1;
    config.request_timeout_ms = 1_500;
    let api = env.start_api_configured(config, None).await;
    let token = env.token(&["reader"]);
    assert_eq!(get_as(&env, api, &token, "/repos").await.status(), 200);

    // A real lock holds the one request in flight: `/repos` waits for the table.
    let pool = env.pool(&env.read_schema()).await;
    let mut lock = pool.begin().await.expect("transaction");
    sqlx::query("LOCK TABLE repositories IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *lock)
        .await
        .expect("lock");
    let held = {
        let (env_http, token) = (env.http.clone(), token.clone());
        tokio::spawn(async move {
            env_http
                .get(format!("http://{api}/repos"))
                .bearer_auth(token)
                .send()
                .await
                .expect("request")
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let refused = get_as(&env, api, &token, "/contributors").await;
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["retry-after"], "1");
    let body: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(body["error"]["code"], "overloaded");
    // Probes still get through.
    let health = env
        .http
        .get(format!("http://{api}/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), 200);
    // The held request gives up at its deadline with a clear answer.
    let timed_out = held.await.expect("joined");
    assert_eq!(timed_out.status(), 503);
    let body: serde_json::Value = timed_out.json().await.expect("json");
    assert_eq!(body["error"]["code"], "timeout");
    lock.rollback().await.expect("unlock");
    // Released: served again.
    assert_eq!(get_as(&env, api, &token, "/repos").await.status(), 200);
}

async fn deliver(
    env: &TestEnv,
    ingest: SocketAddr,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    let body = std::fs::read(fixtures_dir().join("ping.payload.json")).expect("fixture");
    let mut request = env
        .http
        .post(format!("http://{ingest}/webhooks/github"))
        .header("content-type", "application/json")
        .header("x-github-event", "ping")
        .header("x-github-delivery", uuid::Uuid::new_v4().to_string())
        .header(
            "x-hub-signature-256",
            signature::sign(WEBHOOK_SECRET.as_bytes(), &body),
        );
    if let Some(f) = forwarded_for {
        request = request.header("x-forwarded-for", f);
    }
    request.body(body).send().await.expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ingest_limits_each_source_and_trusts_forwarded_for_only_when_told() {
    let env = TestEnv::new("ingestlimits").await;
    let mut direct = env.ingest_config(1024 * 1024);
    // Slow refill (one every 5 s): a delivery waits for the broker's ack, which takes a while.
    direct.rate_per_source = rate(0.2, 2.0);
    let direct = tributary::app::start_ingest(direct, &env.infra, env.shutdown.clone())
        .await
        .expect("ingest starts");
    // Without trust, a client's X-Forwarded-For changes nothing: the peer is the source.
    assert!(deliver(&env, direct, Some("198.51.100.1"))
        .await
        .status()
        .is_success());
    assert!(deliver(&env, direct, Some("198.51.100.2"))
        .await
        .status()
        .is_success());
    let limited = deliver(&env, direct, Some("198.51.100.3")).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=5).contains(&retry_after), "{retry_after}");
    // Recovery after the time it said.
    tokio::time::sleep(Duration::from_secs(retry_after)).await;
    assert!(deliver(&env, direct, None).await.status().is_success());

    // Behind a trusted proxy, the address it appended (the last one) is the source.
    let mut proxied = env.ingest_config(1024 * 1024);
    proxied.rate_per_source = rate(0.2, 2.0);
    proxied.trust_forwarded_for = true;
    let proxied = tributary::app::start_ingest(proxied, &env.infra, env.shutdown.clone())
        .await
        .expect("ingest starts");
    for _ in 0..2 {
        let r = deliver(&env, proxied, Some("10.0.0.9, 203.0.113.7")).await;
        assert!(r.status().is_success());
    }
    let r = deliver(&env, proxied, Some("10.0.0.8, 203.0.113.7")).await;
    assert_eq!(
        r.status(),
        429,
        "same last address: same source whatever the client claims"
    );
    let r = deliver(&env, proxied, Some("203.0.113.8")).await;
    assert!(r.status().is_success(), "another source has its own bucket");
}
