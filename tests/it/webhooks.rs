//! End to end on the real stack: signed webhooks through ingest, normalizer and the PostgreSQL
//! projection, read back through the query API.

use crate::common::*;
use std::time::Duration;
use tributary::webhook_client;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_fixture_is_accepted_and_modeled_types_are_queryable() {
    let env = TestEnv::new("webhooks").await;
    let ingest = env.start_ingest(1024 * 1024).await;
    env.start_normalizer().await;
    env.start_projection().await;
    let api = env.start_api().await;
    let url = format!("http://{ingest}/webhooks/github");

    let mut files: Vec<_> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".payload.json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 10, "the shared fixtures");
    for file in &files {
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let event = name.split('.').next().expect("event").to_string();
        let body = std::fs::read(file).expect("read");
        let answer = webhook_client::send(
            &env.http,
            &url,
            WEBHOOK_SECRET.as_bytes(),
            &event,
            &name,
            body,
        )
        .await
        .expect("sent");
        let expected = if event == "ping" { 200 } else { 202 };
        assert_eq!(answer.status, expected, "{name}: {}", answer.body);
    }

    let repo = "/repos/Codertocat/Hello-World";
    wait_until(Duration::from_secs(60), "activity projected", || async {
        let (_, r) = env.get(api, &format!("{repo}/releases")).await;
        let (_, d) = env.get(api, &format!("{repo}/deployments")).await;
        let (_, p) = env.get(api, &format!("{repo}/pushes")).await;
        r["items"].as_array().is_some_and(|a| a.len() == 1)
            && d["items"][0]["latest_state"].is_string()
            && p["items"].as_array().is_some_and(|a| a.len() == 3)
    })
    .await;
    let (status, pulls) = env.get(api, &format!("{repo}/pulls")).await;
    assert_eq!(status, 200);
    let pulls = pulls["items"].as_array().expect("items");
    // opened and closed are the same pull request: one row, in its latest state.
    assert_eq!(pulls.len(), 1);
    assert_eq!(pulls[0]["number"], 2);
    assert_eq!(pulls[0]["state"], "closed");
    let (_, issues) = env.get(api, &format!("{repo}/issues")).await;
    assert_eq!(issues["items"][0]["number"], 1);
    assert_eq!(issues["items"][0]["state"], "open");
    let (_, deployments) = env.get(api, &format!("{repo}/deployments")).await;
    assert_eq!(deployments["items"][0]["latest_state"], "success");
    let (_, releases) = env.get(api, &format!("{repo}/releases")).await;
    assert_eq!(releases["items"][0]["tag_name"], "0.0.1");
    let (status, repo_json) = env.get(api, repo).await;
    assert_eq!(status, 200);
    assert_eq!(repo_json["full_name"], "Codertocat/Hello-World");

    // Every delivery, ping included, is stored raw exactly once.
    let pool = env.pool(&env.read_schema()).await;
    wait_until(Duration::from_secs(30), "deliveries stored", || async {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM webhook_deliveries")
            .fetch_one(&pool)
            .await
            .unwrap_or(0);
        n == 10
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_inputs_get_clear_errors_and_duplicates_are_stored_once() {
    let env = TestEnv::new("badinput").await;
    let cap = 64 * 1024;
    let ingest = env.start_ingest(cap).await;
    env.start_projection().await;
    let url = format!("http://{ingest}/webhooks/github");
    let push = std::fs::read(fixtures_dir().join("push.payload.json")).expect("fixture");

    // Bad signature: 401.
    let r = env
        .http
        .post(&url)
        .header("x-github-event", "push")
        .header("x-github-delivery", "bad-sig")
        .header("x-hub-signature-256", format!("sha256={}", "0".repeat(64)))
        .body(push.clone())
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 401);
    let body: serde_json::Value = r.json().await.expect("json error");
    assert_eq!(body["error"]["code"], "bad_signature");

    // Missing signature: 401; missing event header: 400.
    let r = env
        .http
        .post(&url)
        .header("x-github-event", "push")
        .header("x-github-delivery", "nosig")
        .body(push.clone())
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 401);
    let r = env
        .http
        .post(&url)
        .header("x-github-delivery", "noevent")
        .body(push.clone())
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 400);

    // Over the cap: 413.
    let mut big = b"{\"pad\":\"".to_vec();
    big.extend(std::iter::repeat_n(b'x', cap));
    big.extend(b"\"}");
    let a = webhook_client::send(
        &env.http,
        &url,
        WEBHOOK_SECRET.as_bytes(),
        "push",
        "too-big",
        big,
    )
    .await
    .expect("sent");
    assert_eq!(a.status, 413, "{}", a.body);

    // Malformed JSON, correctly signed: 400.
    let a = webhook_client::send(
        &env.http,
        &url,
        WEBHOOK_SECRET.as_bytes(),
        "push",
        "malformed",
        b"{\"ref\":".to_vec(),
    )
    .await
    .expect("sent");
    assert_eq!(a.status, 400, "{}", a.body);
    assert!(a.body.contains("malformed_payload"));

    // An unknown event: accepted and stored raw.
    let a = webhook_client::send(
        &env.http,
        &url,
        WEBHOOK_SECRET.as_bytes(),
        "made_up_event",
        "unknown-1",
        br#"{"anything":true}"#.to_vec(),
    )
    .await
    .expect("sent");
    assert_eq!(a.status, 202, "{}", a.body);

    // The same delivery twice: the second is recognised; then once more through a fresh ingest
    // (no memory of it), which stores it again: the read model still holds it once.
    for expected in [202, 200] {
        let a = webhook_client::send(
            &env.http,
            &url,
            WEBHOOK_SECRET.as_bytes(),
            "push",
            "dup-1",
            push.clone(),
        )
        .await
        .expect("sent");
        assert_eq!(a.status, expected, "{}", a.body);
    }
    let fresh = env.start_ingest(cap).await;
    let a = webhook_client::send(
        &env.http,
        &format!("http://{fresh}/webhooks/github"),
        WEBHOOK_SECRET.as_bytes(),
        "push",
        "dup-1",
        push.clone(),
    )
    .await
    .expect("sent");
    assert_eq!(a.status, 202);

    let pool = env.pool(&env.read_schema()).await;
    wait_until(Duration::from_secs(30), "deliveries projected", || async {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT delivery_id, event FROM webhook_deliveries ORDER BY delivery_id",
        )
        .fetch_all(&pool)
        .await
        .unwrap_or_default();
        rows == vec![
            ("dup-1".to_string(), "push".to_string()),
            ("unknown-1".to_string(), "made_up_event".to_string()),
        ]
    })
    .await;
    // Nothing refused reached the log: three records (`unknown-1`, `dup-1` twice), all
    // projected, into two rows.
    assert_eq!(
        topic_records(&env, &env.infra.kafka.topics().webhooks_raw()),
        3
    );
    env.wait_caught_up(ReadModel::Postgres, Duration::from_secs(30))
        .await;
    assert_eq!(
        count(&pool, "SELECT count(*) FROM webhook_deliveries").await,
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn query_api_refuses_bad_tokens_and_parameters() {
    let env = TestEnv::new("apierrors").await;
    let api = env.start_api().await;
    let get = |path: &'static str, token: Option<String>| {
        let http = env.http.clone();
        async move {
            let mut req = http.get(format!("http://{api}{path}"));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let r = req.send().await.expect("request");
            let status = r.status().as_u16();
            (
                status,
                r.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    assert_eq!(get("/repos", None).await.0, 401);
    let (s, body) = get("/repos", Some("not.a.token".into())).await;
    assert_eq!(s, 401);
    assert_eq!(body["error"]["message"], "invalid token: malformed token");
    let expired = tributary_query_api::auth::mint(
        JWT_SECRET.as_bytes(),
        "u",
        &["reader"],
        "tributary",
        "tributary-api",
        -3600,
    )
    .expect("token");
    assert_eq!(
        get("/repos", Some(expired)).await.1["error"]["message"],
        "invalid token: token expired"
    );
    let wrong_aud = tributary_query_api::auth::mint(
        JWT_SECRET.as_bytes(),
        "u",
        &["reader"],
        "tributary",
        "elsewhere",
        60,
    )
    .expect("token");
    assert_eq!(get("/repos", Some(wrong_aud)).await.0, 401);
    assert_eq!(get("/repos", Some(env.token(&[]))).await.0, 403);
    let reader = Some(env.token(&["reader"]));
    assert_eq!(get("/repos?limit=100000", reader.clone()).await.0, 400);
    assert_eq!(
        get("/repos/a/b/commits?since=yesterday", reader.clone())
            .await
            .0,
        400
    );
    assert_eq!(
        get("/repos/a/b/commits?cursor=zzz", reader.clone()).await.0,
        400
    );
    assert_eq!(get("/commits/not-hex", reader.clone()).await.0, 400);
    assert_eq!(get("/commits/abcdef0", reader.clone()).await.0, 404);
    assert_eq!(get("/no/such/route", reader.clone()).await.0, 404);
    assert_eq!(get("/health", None).await.0, 200);
    let (s, all) = get("/health/all", reader.clone()).await;
    assert_eq!(s, 200, "{all}");
    let names: Vec<&str> = all["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec!["query-api", "postgres", "kafka", "schema-registry"]
    );
    assert_eq!(get("/health/all", None).await.0, 401);
    let (s, openapi) = get("/openapi.json", None).await;
    assert_eq!(s, 200);
    assert!(openapi["paths"]["/repos/{owner}/{name}/commits"].is_object());
    let metrics = env
        .http
        .get(format!("http://{api}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("tributary_api_request_seconds"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_unreachable_is_503_with_retry_after_and_nothing_acknowledged() {
    let mut env = TestEnv::new("brokerdown").await;
    // The registry is up; the broker this ingest writes to is not (nothing listens on port 9).
    env.infra.kafka.brokers = "127.0.0.1:9".into();
    let mut config = env.ingest_config(1024 * 1024);
    config.ack_timeout_ms = 1500;
    let ingest = tributary::app::start_ingest(config, &env.infra, env.shutdown.clone())
        .await
        .expect("ingest starts without a broker");
    let push = std::fs::read(fixtures_dir().join("push.payload.json")).expect("fixture");
    for _ in 0..2 {
        let r = env
            .http
            .post(format!("http://{ingest}/webhooks/github"))
            .header("x-github-event", "push")
            .header("x-github-delivery", "down-1")
            .header(
                "x-hub-signature-256",
                tributary_producers::ingest::signature::sign(WEBHOOK_SECRET.as_bytes(), &push),
            )
            .body(push.clone())
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status().as_u16(), 503);
        assert_eq!(
            r.headers().get("retry-after").and_then(|v| v.to_str().ok()),
            Some("5")
        );
        let body: serde_json::Value = r.json().await.expect("json");
        assert_eq!(body["error"]["code"], "unavailable");
    }
}
