//! The Grafana dashboards against the real pipeline: after a workload through every component
//! (webhooks good and bad, a backfill, AST analysis, enrichment by a model on loopback that
//! sometimes fails, a poison record, deployments and incidents, API requests), Prometheus from
//! Debian's package scrapes the pipeline, and every PromQL expression of every dashboard must
//! return data; every SQL panel must run against the PostgreSQL read model and return a row
//! with a value.

use crate::common::*;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tributary::app;
use tributary_processors::enrich::{EnrichConfig, ProviderKind};

/// How Grafana's macros and the dashboards' variables are filled in for the test.
const RATE_INTERVAL: &str = "20s";
const RANGE: &str = "10m";
const TIME_FILTER_FROM: &str = "2000-01-01T00:00:00Z";
const TIME_FILTER_TO: &str = "2100-01-01T00:00:00Z";

/// A model endpoint (OpenAI protocol) that answers, and fails every third request with a 500.
async fn start_flaky_model() -> SocketAddr {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = Router::new().route(
        "/v1/chat/completions",
        post(move |Json(_request): Json<Value>| {
            let calls = calls.clone();
            async move {
                if calls.fetch_add(1, Ordering::SeqCst) % 3 == 2 {
                    return Err(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
                }
                let answer = r#"{"category": "feature", "summary": "Adds a function.", "risk": 20, "risk_reasons": []}"#;
                Ok(Json(json!({
                    "id": "chatcmpl-1", "object": "chat.completion", "model": "flaky",
                    "choices": [{ "index": 0, "finish_reason": "stop",
                                  "message": { "role": "assistant", "content": answer } }],
                })))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// Debian's Prometheus scraping `target` every second; killed on drop.
struct Prometheus {
    child: Child,
    url: String,
}

impl Prometheus {
    fn start(dir: &Path, target: SocketAddr) -> Self {
        let port = free_port();
        let config = dir.join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global: {{scrape_interval: 1s, evaluation_interval: 1s}}\n\
                 scrape_configs:\n  - job_name: tributary-test\n    \
                 static_configs: [{{targets: ['{target}']}}]\n"
            ),
        )
        .expect("config");
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("tsdb").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus runs (Debian's package, installed by scripts/install.sh)");
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// The number of series `expr` returns now (`None` when the query fails).
    async fn series(&self, http: &reqwest::Client, expr: &str) -> Result<usize, String> {
        let r = http
            .get(format!("{}/api/v1/query", self.url))
            .query(&[("query", expr)])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let body: Value = r.json().await.map_err(|e| e.to_string())?;
        if body["status"] != "success" {
            return Err(body.to_string());
        }
        Ok(body["data"]["result"].as_array().map_or(0, Vec::len))
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every query of every dashboard, by data source type: (dashboard, panel title, query).
fn dashboard_queries() -> BTreeMap<String, Vec<(String, String)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/grafana/dashboards");
    let mut by_type: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("dashboards") {
        let path = entry.expect("entry").path();
        let dashboard: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        for panel in dashboard["panels"].as_array().expect("panels") {
            let title = format!("{}: {}", dashboard["title"], panel["title"]);
            for target in panel["targets"].as_array().expect("targets") {
                let kind = target["datasource"]["type"]
                    .as_str()
                    .expect("type")
                    .to_string();
                let query = target["expr"]
                    .as_str()
                    .or(target["rawSql"].as_str())
                    .expect("query");
                by_type
                    .entry(kind)
                    .or_default()
                    .push((title.clone(), query.to_string()));
            }
        }
    }
    by_type
}

/// Grafana's Prometheus macros, as Grafana would fill them in.
fn promql(expr: &str) -> String {
    expr.replace("$__rate_interval", RATE_INTERVAL)
        .replace("$__range", RANGE)
}

/// Grafana's SQL macros and the dashboard variables, as Grafana would fill them in.
fn sql(query: &str, repo: &str) -> String {
    let mut out = query
        .replace("$repo", repo)
        .replace("$environment", "production");
    while let Some(start) = out.find("$__timeFilter(") {
        let rest = &out[start + "$__timeFilter(".len()..];
        let end = rest.find(')').expect("closing parenthesis");
        let column = rest[..end].to_string();
        out = format!(
            "{}{column} BETWEEN '{TIME_FILTER_FROM}' AND '{TIME_FILTER_TO}'{}",
            &out[..start],
            &rest[end + 1..]
        );
    }
    assert!(!out.contains('$'), "a macro or variable left: {out}");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_dashboard_query_returns_data_after_a_workload() {
    // Prometheus scrapes the process's recorder: only this workload's metrics may be in it.
    if own_process(
        module_path!(),
        "every_dashboard_query_returns_data_after_a_workload",
    )
    .await
    {
        return;
    }
    let env = TestEnv::new("dashboards").await;
    let repo = "acme/observed";
    let dir = env.tmp.path().join("origin");
    std::fs::create_dir_all(&dir).expect("mkdir");
    make_repository(&dir, 30);

    let ingest = env.start_ingest(1024 * 1024).await;
    env.start_normalizer().await;
    app::start_ast_analyzer(&env.infra, None, env.shutdown.clone())
        .await
        .expect("analyzer starts");
    let model = start_flaky_model().await;
    let enrich = EnrichConfig {
        provider: ProviderKind::Openai,
        url: format!("http://{model}"),
        model: "flaky-7b".into(),
        timeout_ms: 2_000,
        retries: 0,
        ..EnrichConfig::default()
    };
    app::start_enricher(&enrich, &env.infra, None, env.shutdown.clone())
        .await
        .expect("enricher starts");
    env.start_projection().await;
    let api = env.start_api().await;
    let prometheus = Prometheus::start(env.tmp.path(), api);

    // Git: a backfill (commits, blobs → analysis, enrichment).
    let (_producer, _registered, report) = env.register_and_backfill(&dir, repo).await;
    let commits = rev_list_count(&dir);
    assert_eq!(report.commits as i64, commits);
    let head = git(&dir, &["rev-parse", "HEAD"]);
    let earlier = git(&dir, &["rev-parse", "HEAD~10"]);

    // Webhooks: two deployments and an incident after the second, a merged pull request, a ping;
    // then refused ones (bad signature, malformed body).
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let at = |m: i64| minutes_after(&now, m);
    let mut pr = with_repository(fixture("pull_request.closed.payload.json"), repo);
    pr["pull_request"]["merged"] = json!(true);
    pr["pull_request"]["merged_at"] = json!(at(0));
    pr["pull_request"]["merge_commit_sha"] = json!(head);
    let deliveries = [
        (
            "deployment_status",
            deployment_status_body(
                repo,
                (101, &earlier, "production", "success"),
                &at(0),
                &at(1),
            ),
        ),
        (
            "deployment_status",
            deployment_status_body(repo, (102, &head, "production", "success"), &at(1), &at(2)),
        ),
        (
            "issues",
            issue_body(repo, 9, &["incident"], &at(3), Some(&at(4))),
        ),
        ("pull_request", pr),
        ("ping", with_repository(fixture("ping.payload.json"), repo)),
    ];
    for (event, body) in deliveries {
        env.send_webhook(ingest, event, serde_json::to_vec(&body).expect("json"))
            .await;
    }
    let refused = env
        .http
        .post(format!("http://{ingest}/webhooks/github"))
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", uuid::Uuid::new_v4().to_string())
        .header("X-Hub-Signature-256", format!("sha256={}", "0".repeat(64)))
        .body("{}")
        .send()
        .await
        .expect("request");
    assert_eq!(refused.status().as_u16(), 401);

    // A poison record: not Avro at all, on the raw webhook topic.
    let producer = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(10))
        .expect("producer");
    tributary_runtime::kafka::send(
        &producer,
        &env.infra.kafka.topics().webhooks_raw(),
        b"poison",
        b"not avro",
    )
    .await
    .expect("poison sent");

    let pool = env.pool(&env.read_schema()).await;
    wait_until(
        Duration::from_secs(120),
        "the workload in the read model",
        || async {
            try_count(&pool, "SELECT count(*) FROM commit_enrichments").await == Some(commits)
                && try_count(&pool, "SELECT count(*) FROM file_analyses")
                    .await
                    .is_some_and(|n| n > 0)
                && try_count(
                    &pool,
                    "SELECT count(*) FROM dora_deployments WHERE changes_complete",
                )
                .await
                    == Some(2)
                && try_count(&pool, "SELECT count(*) FROM issues").await == Some(1)
                && try_count(&pool, "SELECT count(*) FROM pull_requests").await == Some(1)
        },
    )
    .await;

    // Queries: good and refused.
    for path in [
        "/repos".to_string(),
        format!("/repos/{repo}/commits"),
        format!("/repos/{repo}/stats"),
        format!("/metrics/dora?repo={repo}"),
        format!("/repos/{repo}/commits?limit=0"),
    ] {
        env.get(api, &path).await;
    }

    // Every SQL panel runs against the read model and returns a row with a value.
    let queries = dashboard_queries();
    let sql_panels = &queries["grafana-postgresql-datasource"];
    assert!(sql_panels.len() >= 10);
    for (title, query) in sql_panels {
        let rows = sqlx::query(&sql(query, repo))
            .fetch_all(&pool)
            .await
            .unwrap_or_else(|e| panic!("{title}: {e}"));
        assert!(!rows.is_empty(), "{title}: no rows");
        let values: Value = sqlx::query_scalar(&format!(
            "SELECT to_jsonb(q) FROM ({}) AS q LIMIT 1",
            sql(query, repo)
        ))
        .fetch_one(&pool)
        .await
        .unwrap_or_else(|e| panic!("{title}: {e}"));
        assert!(
            values
                .as_object()
                .is_some_and(|o| o.values().any(|v| !v.is_null())),
            "{title}: only nulls: {values}"
        );
    }

    // Every PromQL expression returns data once Prometheus has scraped the workload.
    let prom_panels = &queries["prometheus"];
    assert!(prom_panels.len() >= 20);
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut missing: Vec<String> = prom_panels
        .iter()
        .map(|(t, q)| format!("{t}: {q}"))
        .collect();
    while !missing.is_empty() && Instant::now() < deadline {
        // Keep traffic flowing so rates over the short window have samples.
        env.get(api, "/repos").await;
        let mut still = Vec::new();
        for (title, expr) in prom_panels {
            match prometheus.series(&env.http, &promql(expr)).await {
                Ok(n) if n > 0 => {}
                Ok(_) => still.push(format!("{title}: {expr} (no series)")),
                Err(e) => still.push(format!("{title}: {expr} ({e})")),
            }
        }
        missing = still;
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    assert!(
        missing.is_empty(),
        "PromQL without data:\n{}",
        missing.join("\n")
    );
    // The check can fail: a metric nothing records has no series.
    assert_eq!(
        prometheus
            .series(&env.http, "tributary_no_such_metric_total")
            .await,
        Ok(0)
    );
}
