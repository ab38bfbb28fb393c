//! Secrets and limits at the door, on the real stack over real HTTP (issue 13, item 4): the
//! built binary refuses to start with an empty or short webhook or JWT secret (and a keys file
//! with a short HS256 secret); ingest cuts off a client that sends its body slowly (408) and
//! refuses deliveries past its cap in flight (503 + `Retry-After`) until the held ones are gone;
//! the query API caps event streams per token subject (429) and in all (503), ends a stream when
//! its token expires, and answers `/health` and `/health/all` from cached checks, not a database
//! query (or a broker probe) per request.

use crate::common::*;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tributary_producers::ingest::signature;

/// The built `tributary` binary with `args`, with a clean environment of secrets plus `env`;
/// returns (exit success, stderr). Fails the test when it does not exit within a minute.
fn run_binary(args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tributary"));
    command
        .args(args)
        .env_remove("TRIBUTARY_WEBHOOK_SECRET")
        .env_remove("TRIBUTARY_JWT_SECRET")
        .env_remove("TRIBUTARY_JWT_KEYS_FILE")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("binary starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut stderr);
            }
            return (status.success(), stderr);
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!(
                "`tributary {}` did not exit within a minute",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Asserts the run refused to start, naming `needles` and never echoing `secret`.
fn assert_refused(run: (bool, String), needles: &[&str], secret: &str) {
    let (ok, stderr) = run;
    assert!(!ok, "started anyway; stderr: {stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} not in: {stderr}");
    }
    if !secret.is_empty() {
        assert!(!stderr.contains(secret), "the secret was echoed: {stderr}");
    }
}

#[test]
fn empty_and_short_secrets_refuse_to_start() {
    let short = "short-secret-17by";
    let good = "a-webhook-or-jwt-secret-of-32-bytes!";
    // Ingest: unset, empty, short.
    assert_refused(
        run_binary(&["ingest", "--listen", "127.0.0.1:0"], &[]),
        &["TRIBUTARY_WEBHOOK_SECRET is empty", "32 bytes"],
        "",
    );
    assert_refused(
        run_binary(
            &["ingest", "--listen", "127.0.0.1:0"],
            &[("TRIBUTARY_WEBHOOK_SECRET", "")],
        ),
        &["TRIBUTARY_WEBHOOK_SECRET is empty", "32 bytes"],
        "",
    );
    assert_refused(
        run_binary(
            &["ingest", "--listen", "127.0.0.1:0"],
            &[("TRIBUTARY_WEBHOOK_SECRET", short)],
        ),
        &[
            "TRIBUTARY_WEBHOOK_SECRET is 17 bytes long",
            "at least 32 bytes",
        ],
        short,
    );
    // Token: unset and short refused; a good secret mints a token (the control).
    assert_refused(
        run_binary(&["token"], &[]),
        &["TRIBUTARY_JWT_SECRET is empty", "32 bytes"],
        "",
    );
    assert_refused(
        run_binary(&["token"], &[("TRIBUTARY_JWT_SECRET", short)]),
        &["TRIBUTARY_JWT_SECRET is 17 bytes long", "at least 32 bytes"],
        short,
    );
    let minted = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("token")
        .env("TRIBUTARY_JWT_SECRET", good)
        .output()
        .expect("token runs");
    assert!(minted.status.success(), "{minted:?}");
    assert_eq!(
        String::from_utf8_lossy(&minted.stdout).split('.').count(),
        3
    );

    // Serve: a short secret is refused before anything starts; no secret and no keys file is
    // refused; a keys file with a short HS256 secret is refused.
    let database = std::env::var("TRIBUTARY_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/tributary_test".to_string());
    let schema = format!(
        "t_door_{}_read",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let serve = ["serve", "--listen", "127.0.0.1:0", "--no-graph"];
    let serve_env = |extra: &[(&'static str, String)]| {
        let mut env = vec![
            ("TRIBUTARY_DATABASE_URL", database.clone()),
            ("TRIBUTARY_READ_SCHEMA", schema.clone()),
        ];
        env.extend(extra.iter().cloned());
        env
    };
    let run_serve = |env: Vec<(&'static str, String)>| {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        run_binary(&serve, &env)
    };
    assert_refused(
        run_serve(serve_env(&[("TRIBUTARY_JWT_SECRET", short.to_string())])),
        &["TRIBUTARY_JWT_SECRET is 17 bytes long", "at least 32 bytes"],
        short,
    );
    assert_refused(
        run_serve(serve_env(&[("TRIBUTARY_JWT_SECRET", String::new())])),
        &["TRIBUTARY_JWT_SECRET"],
        "",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let keys = dir.path().join("keys.json");
    std::fs::write(
        &keys,
        serde_json::json!({"keys": [{"kid": "k1", "alg": "HS256", "secret": short}]}).to_string(),
    )
    .expect("keys file");
    assert_refused(
        run_serve(serve_env(&[(
            "TRIBUTARY_JWT_KEYS_FILE",
            keys.display().to_string(),
        )])),
        &["key k1", "at least 32 bytes"],
        short,
    );
}

/// A raw HTTP/1.1 request to ingest whose body is announced but not (yet) sent.
fn slow_delivery_headers(content_length: usize) -> String {
    format!(
        "POST /webhooks/github HTTP/1.1\r\nHost: ingest\r\nContent-Type: application/json\r\n\
         X-GitHub-Event: push\r\nX-GitHub-Delivery: {}\r\nX-Hub-Signature-256: sha256={}\r\n\
         Content-Length: {content_length}\r\n\r\n",
        uuid::Uuid::new_v4(),
        "0".repeat(64)
    )
}

/// Opens a connection to `addr`, sends the headers of a `content_length`-byte delivery, then
/// one byte per second from a thread of its own (until the connection breaks or `stop`).
/// Whether the server has already answered a slow client (it was refused, not held).
fn was_answered(stream: &std::net::TcpStream) -> bool {
    let mut byte = [0u8; 1];
    let _ = stream.set_nonblocking(true);
    let answered = matches!(stream.peek(&mut byte), Ok(n) if n > 0);
    let _ = stream.set_nonblocking(false);
    answered
}

fn slow_client(
    addr: SocketAddr,
    content_length: usize,
) -> (
    std::net::TcpStream,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .write_all(slow_delivery_headers(content_length).as_bytes())
        .expect("headers");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (mut writer, stopped) = (stream.try_clone().expect("clone"), stop.clone());
    std::thread::spawn(move || {
        for _ in 0..content_length {
            if stopped.load(std::sync::atomic::Ordering::SeqCst) || writer.write_all(b" ").is_err()
            {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    (stream, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_that_sends_its_body_slowly_is_cut_off() {
    let env = TestEnv::new("slowbody").await;
    let mut config = env.ingest_config(1024 * 1024);
    config.body_timeout_ms = 2_000;
    let ingest = app_ingest(&env, config).await;
    let answer = tokio::task::spawn_blocking(move || {
        let (mut stream, stop) = slow_client(ingest, 100);
        stream
            .set_read_timeout(Some(Duration::from_secs(15)))
            .expect("timeout");
        let started = Instant::now();
        let mut answer = Vec::new();
        // Read until the server closes the connection (or the read times out).
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        (
            String::from_utf8_lossy(&answer).into_owned(),
            started.elapsed(),
        )
    })
    .await
    .expect("client");
    let (text, took) = answer;
    assert!(text.starts_with("HTTP/1.1 408"), "answer: {text:?}");
    assert!(text.contains("body_timeout"), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("connection: close"),
        "{text}"
    );
    // Cut off at the 2 s timeout, not when the 100 bytes were done (100 s).
    assert!(took < Duration::from_secs(8), "took {took:?}");
}

/// Starts ingest with `config` on this test's stack.
async fn app_ingest(
    env: &TestEnv,
    config: tributary_producers::ingest::IngestConfig,
) -> SocketAddr {
    tributary::app::start_ingest(config, &env.infra, env.shutdown.clone())
        .await
        .expect("ingest starts")
}

async fn signed_delivery(env: &TestEnv, ingest: SocketAddr) -> reqwest::Response {
    let body = br#"{"zen":"Keep it logically awesome."}"#.to_vec();
    env.http
        .post(format!("http://{ingest}/webhooks/github"))
        .header("content-type", "application/json")
        .header("x-github-event", "ping")
        .header("x-github-delivery", uuid::Uuid::new_v4().to_string())
        .header(
            "x-hub-signature-256",
            signature::sign(WEBHOOK_SECRET.as_bytes(), &body),
        )
        .body(body)
        .send()
        .await
        .expect("delivery")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deliveries_past_the_cap_in_flight_are_refused_until_the_held_ones_are_gone() {
    let env = TestEnv::new("inflight").await;
    let mut config = env.ingest_config(1024 * 1024);
    config.max_in_flight = 2;
    config.body_timeout_ms = 60_000;
    let ingest = app_ingest(&env, config).await;
    assert_eq!(signed_delivery(&env, ingest).await.status(), 200);

    // Two slow clients hold both permits. A slow client that reached the server while a probe
    // held a permit was itself refused (it has an answer to read): it is replaced, so the probes
    // below only pass once both permits are really held.
    let held = std::sync::Arc::new(std::sync::Mutex::new(
        (0..2)
            .map(|_| slow_client(ingest, 1000))
            .collect::<Vec<_>>(),
    ));
    let refused = std::sync::Arc::new(std::sync::Mutex::new(None));
    wait_until(
        Duration::from_secs(20),
        "a delivery refused as overloaded",
        || {
            let (env, refused, held) = (&env, refused.clone(), held.clone());
            async move {
                for client in held.lock().expect("lock").iter_mut() {
                    if was_answered(&client.0) {
                        client.1.store(true, std::sync::atomic::Ordering::SeqCst);
                        *client = slow_client(ingest, 1000);
                    }
                }
                let r = signed_delivery(env, ingest).await;
                if r.status() != 503 {
                    return false;
                }
                let retry_after = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let body: serde_json::Value = r.json().await.unwrap_or_default();
                *refused.lock().expect("lock") = Some((retry_after, body));
                true
            }
        },
    )
    .await;
    let (retry_after, body) = refused.lock().expect("lock").take().expect("refusal");
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert_eq!(body["error"]["code"], "overloaded", "{body}");

    // The slow clients go away: their permits come back and deliveries flow again.
    let held = std::mem::take(&mut *held.lock().expect("lock"));
    for (stream, stop) in held {
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = stream.shutdown(std::net::Shutdown::Both);
    }
    wait_until(
        Duration::from_secs(10),
        "a delivery accepted again",
        || async { signed_delivery(&env, ingest).await.status() == 200 },
    )
    .await;
}

fn mint(subject: &str, ttl_secs: i64) -> String {
    tributary_query_api::auth::mint(
        JWT_SECRET.as_bytes(),
        subject,
        &["reader"],
        "tributary",
        "tributary-api",
        ttl_secs,
    )
    .expect("token")
}

async fn open_stream(env: &TestEnv, api: SocketAddr, token: &str) -> reqwest::Response {
    env.http
        .get(format!("http://{api}/events/stream"))
        .bearer_auth(token)
        .send()
        .await
        .expect("stream request")
}

async fn error_code(r: reqwest::Response) -> String {
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn event_streams_are_capped_per_subject_and_in_all() {
    let env = TestEnv::new("ssecap").await;
    let mut config = env.api_config();
    config.sse_max_per_subject = 2;
    config.sse_max_streams = 3;
    let api = env.start_api_configured(config, None).await;
    let (alice, bob, carol) = (mint("alice", 600), mint("bob", 600), mint("carol", 600));

    let alice1 = open_stream(&env, api, &alice).await;
    let _alice2 = open_stream(&env, api, &alice).await;
    assert_eq!(
        (alice1.status().as_u16(), _alice2.status().as_u16()),
        (200, 200)
    );
    let third = open_stream(&env, api, &alice).await;
    assert_eq!(third.status(), 429);
    assert_eq!(error_code(third).await, "too_many_streams");
    // Another subject has its own allowance, up to the total.
    let _bob1 = open_stream(&env, api, &bob).await;
    assert_eq!(_bob1.status(), 200);
    let full = open_stream(&env, api, &carol).await;
    assert_eq!(full.status(), 503);
    assert!(full.headers().contains_key("retry-after"));
    assert_eq!(error_code(full).await, "streams_full");

    // A client that goes away gives its slot back.
    drop(alice1);
    let reopened = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    wait_until(Duration::from_secs(40), "a freed stream slot", || {
        let (env, carol, reopened) = (&env, &carol, reopened.clone());
        async move {
            let r = open_stream(env, api, carol).await;
            let ok = r.status() == 200;
            // Kept open, so that a retry does not count it twice.
            reopened.lock().expect("lock").push(r);
            ok
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stream_ends_by_itself_when_its_token_expires() {
    let env = TestEnv::new("sseexp").await;
    let api = env.start_api().await;
    let mut stream = open_stream(&env, api, &mint("short-lived", 3)).await;
    assert_eq!(stream.status(), 200);
    let started = Instant::now();
    let mut text = String::new();
    let ended = tokio::time::timeout(Duration::from_secs(15), async {
        while let Some(chunk) = stream.chunk().await.expect("chunk") {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "the stream was still open after 15 s: {text:?}"
    );
    assert!(text.contains("event: expired"), "{text:?}");
    assert!(text.contains("token expired"), "{text:?}");
    assert!(started.elapsed() >= Duration::from_secs(1), "ended at once");
}

/// The value of `tributary_api_health_checks_total{check="<check>"}` in this process.
async fn health_checks(env: &TestEnv, api: SocketAddr, check: &str) -> f64 {
    let text = env
        .http
        .get(format!("http://{api}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    let prefix = format!("tributary_api_health_checks_total{{check=\"{check}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn health_answers_from_cached_checks_not_a_query_per_request() {
    // The checks are counted by the process's recorder: no other test's query API may count.
    if own_process(
        module_path!(),
        "health_answers_from_cached_checks_not_a_query_per_request",
    )
    .await
    {
        return;
    }
    let env = TestEnv::new("healthcache").await;
    let api = env.start_api().await;
    let health = || async {
        let r = env
            .http
            .get(format!("http://{api}/health"))
            .send()
            .await
            .expect("health");
        (
            r.status().as_u16(),
            r.json::<serde_json::Value>().await.unwrap_or_default(),
        )
    };
    // Answered (and correct) from the first check on.
    let (status, first) = health().await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["checks"][1]["name"], "postgres");
    assert_eq!(first["checks"][1]["status"], "ok");

    let before = health_checks(&env, api, "postgres").await;
    let started = Instant::now();
    for _ in 0..10 {
        let answers = futures::future::join_all((0..30).map(|_| health())).await;
        assert!(answers.iter().all(|(s, _)| *s == 200));
    }
    let queried = health_checks(&env, api, "postgres").await - before;
    let ticks = started.elapsed().as_secs_f64() / 2.0;
    // 300 answers; the database was asked once per 2 s refresh of the query API (the only one
    // in this process), not once per answer.
    assert!(
        queried < 40.0 + 8.0 * ticks,
        "{queried} database checks for 300 /health answers in {:?}",
        started.elapsed()
    );

    // `/health/all` probes the broker at most once per interval, whoever asks.
    let reader = env.token(&["reader"]);
    let all = || async {
        env.http
            .get(format!("http://{api}/health/all"))
            .bearer_auth(&reader)
            .send()
            .await
            .expect("health/all")
            .status()
            .as_u16()
    };
    assert_eq!(all().await, 200);
    let before = health_checks(&env, api, "kafka").await;
    let started = Instant::now();
    let answers = futures::future::join_all((0..40).map(|_| all())).await;
    assert!(answers.iter().all(|s| *s == 200), "{answers:?}");
    let probed = health_checks(&env, api, "kafka").await - before;
    let ticks = started.elapsed().as_secs_f64() / 2.0;
    assert!(
        probed <= 3.0 + 4.0 * ticks,
        "{probed} broker probes for 40 /health/all answers in {:?}",
        started.elapsed()
    );
}
