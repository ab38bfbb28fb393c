//! Commit enrichment against a real HTTP server that speaks the OpenAI chat-completions and the
//! Ollama chat protocols on loopback (this test's own, with scripted, malformed, slow and
//! failing answers), through the real broker, registry and PostgreSQL.

use crate::common::*;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tributary::app;
use tributary_processors::enrich::BreakerState;
use tributary_processors::enrich::{EnrichConfig, Enricher, ProviderKind};
use tributary_schemas::{CommitObserved, FileChange};

/// What the scripted model does next.
#[derive(Debug, Clone)]
enum Mode {
    /// Answers with this content.
    Answer(String),
    /// Answers in protocol, but not the JSON the prompt asks for.
    Malformed,
    /// Answers after this long.
    Slow(Duration),
    /// Answers 500.
    Fail,
}

#[derive(Clone)]
struct Model {
    mode: Arc<Mutex<Mode>>,
    hits: Arc<AtomicUsize>,
    last_request: Arc<Mutex<Value>>,
}

impl Model {
    fn set(&self, mode: Mode) {
        *self.mode.lock().expect("mode") = mode;
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

async fn content(model: &Model, request: Value) -> Result<String, axum::http::StatusCode> {
    model.hits.fetch_add(1, Ordering::SeqCst);
    *model.last_request.lock().expect("request") = request;
    let mode = model.mode.lock().expect("mode").clone();
    match mode {
        Mode::Answer(text) => Ok(text),
        Mode::Malformed => Ok("This looks like a bug fix to me.".into()),
        Mode::Slow(d) => {
            tokio::time::sleep(d).await;
            Ok(perf_answer())
        }
        Mode::Fail => Err(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
    }
}

async fn openai(
    State(model): State<Model>,
    Json(request): Json<Value>,
) -> Result<Json<Value>, axum::http::StatusCode> {
    let text = content(&model, request).await?;
    Ok(Json(json!({
        "id": "chatcmpl-1", "object": "chat.completion", "model": "scripted",
        "choices": [{ "index": 0, "finish_reason": "stop",
                      "message": { "role": "assistant", "content": text } }],
    })))
}

async fn ollama(
    State(model): State<Model>,
    Json(request): Json<Value>,
) -> Result<Json<Value>, axum::http::StatusCode> {
    let text = content(&model, request).await?;
    Ok(Json(json!({
        "model": "scripted", "done": true,
        "message": { "role": "assistant", "content": text },
    })))
}

/// Starts the scripted model server; both protocols on one port.
async fn start_model(mode: Mode) -> (SocketAddr, Model) {
    let model = Model {
        mode: Arc::new(Mutex::new(mode)),
        hits: Arc::new(AtomicUsize::new(0)),
        last_request: Arc::new(Mutex::new(Value::Null)),
    };
    let app = Router::new()
        .route("/v1/chat/completions", post(openai))
        .route("/api/chat", post(ollama))
        .with_state(model.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, model)
}

fn perf_answer() -> String {
    "```json\n{\"category\": \"perf\", \"summary\": \"Makes the hot loop faster.\", \"risk\": 42, \
     \"risk_reasons\": [\"changes a hot path\"]}\n```"
        .into()
}

fn config(kind: ProviderKind, addr: SocketAddr) -> EnrichConfig {
    EnrichConfig {
        provider: kind,
        url: format!("http://{addr}"),
        model: "scripted-7b".into(),
        timeout_ms: 400,
        retries: 0,
        concurrency: 4,
        breaker_failures: 3,
        breaker_cooldown_ms: 400,
        ..EnrichConfig::default()
    }
}

fn commit(sha: &str, message: &str) -> CommitObserved {
    CommitObserved {
        event_id: sha.into(),
        repository: "acme/enrich".into(),
        sha: sha.into(),
        tree: "t".into(),
        parents: vec![],
        author_name: "Ada".into(),
        author_email: "ada@example.com".into(),
        authored_at: 1_700_000_000_000,
        author_tz_offset_minutes: 0,
        committer_name: "Ada".into(),
        committer_email: "ada@example.com".into(),
        committed_at: 1_700_000_000_000,
        message: message.into(),
        files: vec![FileChange {
            path: "src/parser.rs".into(),
            old_path: None,
            status: "modified".into(),
            additions: 12,
            deletions: 3,
            binary: false,
            blob_id: Some("b".into()),
            language: Some("rust".into()),
        }],
        source: "backfill".into(),
        committer_tz_offset_minutes: Some(0),
        files_total: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn model_answers_are_used_and_bad_ones_fall_back_with_the_circuit_opening_and_closing() {
    let env = TestEnv::new("enrichunit").await;
    let (addr, model) = start_model(Mode::Answer(perf_answer())).await;
    for kind in [ProviderKind::Openai, ProviderKind::Ollama] {
        let enricher = Enricher::new(
            env.infra.codec().expect("codec"),
            env.infra.kafka.topics(),
            &config(kind, addr),
        )
        .expect("enricher");
        let e = enricher
            .enrich(&commit(&format!("{kind:?}-1"), "Tune the lexer"))
            .await;
        assert_eq!(
            (e.category.as_str(), e.offline, e.risk),
            ("perf", false, 42),
            "{kind:?}: {e:?}"
        );
        assert_eq!(e.model, "scripted-7b");
        assert_eq!(e.prompt_version, "commit-v2");
        assert!(e.fallback_reason.is_none());
        let sent = model.last_request.lock().expect("request").clone();
        assert_eq!(sent["model"], "scripted-7b", "{kind:?}");
        // The answer's shape is asked for as a JSON schema the server enforces.
        let schema = match kind {
            ProviderKind::Openai => &sent["response_format"]["json_schema"]["schema"],
            _ => &sent["format"],
        };
        assert_eq!(
            schema["properties"]["category"]["enum"][0], "feature",
            "{kind:?}: {sent}"
        );
        assert!(sent["messages"][1]["content"]
            .as_str()
            .is_some_and(|m| m.contains("Tune the lexer") && m.contains("src/parser.rs")));
        // The cache answers a redelivered commit without asking again.
        let before = model.hits();
        let again = enricher
            .enrich(&commit(&format!("{kind:?}-1"), "Tune the lexer"))
            .await;
        assert_eq!(again, e);
        assert_eq!(model.hits(), before, "{kind:?}: cached");
    }

    let enricher = Enricher::new(
        env.infra.codec().expect("codec"),
        env.infra.kafka.topics(),
        &config(ProviderKind::Ollama, addr),
    )
    .expect("enricher");
    // Malformed: the offline classifier answers, and says why.
    model.set(Mode::Malformed);
    let e = enricher
        .enrich(&commit("m1", "fix: handle empty input"))
        .await;
    assert!(e.offline, "{e:?}");
    assert_eq!(e.category, "fix");
    assert_eq!(e.model, "offline-classifier");
    assert!(e
        .fallback_reason
        .as_deref()
        .is_some_and(|r| r.contains("malformed") && r.contains("scripted-7b")));
    enricher.breaker().success();

    // Slow: the timeout cuts it short.
    model.set(Mode::Slow(Duration::from_secs(3)));
    let started = std::time::Instant::now();
    let e = enricher.enrich(&commit("s1", "Add a cache")).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "bounded by the timeout"
    );
    assert!(e.offline);
    assert!(
        e.fallback_reason
            .as_deref()
            .is_some_and(|r| r.contains("timed out")),
        "{e:?}"
    );
    enricher.breaker().success();

    // Failing: three failures open the circuit; then nothing is sent until the cool-down.
    model.set(Mode::Fail);
    let before = model.hits();
    for i in 0..3 {
        let e = enricher
            .enrich(&commit(&format!("f{i}"), "Add a cache"))
            .await;
        assert!(
            e.fallback_reason
                .as_deref()
                .is_some_and(|r| r.contains("HTTP 500")),
            "{e:?}"
        );
    }
    assert_eq!(model.hits(), before + 3);
    assert_eq!(enricher.breaker().state(), BreakerState::Open);
    let e = enricher.enrich(&commit("f3", "Add a cache")).await;
    assert!(
        e.fallback_reason
            .as_deref()
            .is_some_and(|r| r.contains("circuit open")),
        "{e:?}"
    );
    assert_eq!(model.hits(), before + 3, "an open circuit sends nothing");

    // The model recovers: after the cool-down one trial goes through and closes the circuit.
    model.set(Mode::Answer(perf_answer()));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let e = enricher.enrich(&commit("r1", "Add a cache")).await;
    assert!(!e.offline, "{e:?}");
    assert_eq!(enricher.breaker().state(), BreakerState::Closed);
    assert_eq!(model.hits(), before + 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn enrichments_land_in_postgres_and_are_served() {
    let env = TestEnv::new("enrich").await;
    let (addr, model) = start_model(Mode::Answer(perf_answer())).await;
    const N: usize = 40;
    produce_commits(&env, "acme/enrich", N).await;
    env.start_projection().await;
    let api = env.start_api().await;
    app::start_enricher(
        &config(ProviderKind::Openai, addr),
        &env.infra,
        None,
        env.shutdown.clone(),
    )
    .await
    .expect("enricher starts");
    let pool = env.pool(&env.read_schema()).await;
    wait_until(Duration::from_secs(60), "every commit enriched", || async {
        try_count(&pool, "SELECT count(*) FROM commit_enrichments").await == Some(N as i64)
    })
    .await;
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM commit_enrichments
             WHERE category = 'perf' AND NOT offline AND model = 'scripted-7b' AND risk = 42"
        )
        .await,
        N as i64
    );
    assert!(model.hits() >= N);

    let (status, list) = env.get(api, "/repos/acme/enrich/commits?limit=1").await;
    assert_eq!(status, 200, "{list}");
    let sha = list["items"][0]["sha"].as_str().expect("sha").to_string();
    let (status, one) = env.get(api, &format!("/commits/{sha}")).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["enrichment"]["category"], "perf");
    assert_eq!(one["enrichment"]["summary"], "Makes the hot loop faster.");
    assert_eq!(one["enrichment"]["offline"], false);
    assert_eq!(
        one["enrichment"]["risk_reasons"],
        json!(["changes a hot path"])
    );

    let (status, stats) = env.get(api, "/repos/acme/enrich/stats").await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(stats["total_commits"], N);
    assert_eq!(stats["by_category"][0]["category"], "perf");
    assert_eq!(stats["by_category"][0]["commits"], N);
    assert_eq!(stats["by_risk"][0]["risk"], "medium");
    assert_eq!(stats["enriched"]["by_model"], N);
    assert_eq!(env.get(api, "/repos/acme/nothing/stats").await.0, 404);
    assert_eq!(
        env.get(api, "/repos/acme/enrich/stats?since=yesterday")
            .await
            .0,
        400
    );
}
