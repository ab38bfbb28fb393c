//! Enrichment by a real model: SmolLM2-135M-Instruct served by llama.cpp's own HTTP server (the
//! model server `scripts/install.sh` installs and `scripts/stack.sh` starts; here one of the
//! test's own on a free port), through the real broker, registry and PostgreSQL. The
//! scripted-server tests (`enrich.rs`) cover timeouts, 500s and malformed answers; this one
//! shows that the real thing answers within the schema, that its answers replace offline ones,
//! and that a crash of the server opens the circuit and its return closes it.

use crate::common::*;
use std::time::Duration;
use tributary::app;
use tributary_processors::enrich::{EnrichConfig, ProviderKind};
use tributary_test_support::model::{ModelServer, ALIAS};

/// Commits `files` as the next commit of `dir`, one second after the last (git times have
/// whole seconds).
fn commit(dir: &std::path::Path, files: &[(&str, &str)], message: &str) {
    std::thread::sleep(Duration::from_millis(1100));
    write_files(dir, files);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// Enrichments of `acme/model` in the read model matching `condition`.
async fn enrichments(pool: &sqlx::PgPool, condition: &str) -> Option<i64> {
    try_count(
        pool,
        &format!("SELECT count(*) FROM commit_enrichments WHERE repository = 'acme/model' AND ({condition})"),
    )
    .await
}

/// Waits up to 300 s (the tests around this one share the two cores with the model) until `n`
/// enrichments of `acme/model` are the served model's.
async fn wait_for_model_answers(pool: &sqlx::PgPool, n: i64, what: &str) {
    let condition = format!("NOT offline AND model = '{ALIAS}'");
    wait_until(Duration::from_secs(300), what, || async {
        enrichments(pool, &condition).await == Some(n)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_served_model_enriches_replaces_offline_answers_and_outlives_its_crash() {
    let env = TestEnv::new("model").await;
    let dir = env.tmp.path().join("repo");
    init_repository(
        &dir,
        &[("src/parser.rs", "pub fn parse() {}\n")],
        "Add a parser for the config format",
    );
    commit(
        &dir,
        &[("src/parser.rs", "pub fn parse() { /* tabs */ }\n")],
        "Fix a crash when the config file contains tabs",
    );
    commit(
        &dir,
        &[("README.md", "# Usage\n\nRun it.\n")],
        "Document how to run the parser",
    );
    // The server's port is chosen now and the server started later: until then the enricher
    // finds nothing there.
    let port = free_port();
    let config = EnrichConfig {
        provider: ProviderKind::Openai,
        url: format!("http://127.0.0.1:{port}"),
        model: ALIAS.into(),
        // Generous: the tests around this one share the two cores with the model.
        timeout_ms: 120_000,
        retries: 0,
        // One request at a time: the circuit's half-open trial is then the only request in
        // flight, so what each phase expects does not depend on which request ran first.
        concurrency: 1,
        breaker_failures: 2,
        breaker_cooldown_ms: 1_000,
        ..EnrichConfig::default()
    };
    env.start_projection().await;
    app::start_enricher(&config, &env.infra, None, env.shutdown.clone())
        .await
        .expect("enricher starts");
    let pool = env.pool(&env.read_schema()).await;

    // 1. No server yet: every commit is answered offline, saying why.
    let (producer, repo, report) = env.register_and_backfill(&dir, "acme/model").await;
    assert_eq!(report.commits, 3);
    wait_until(Duration::from_secs(60), "three offline answers", || async {
        enrichments(&pool, "offline AND fallback_reason IS NOT NULL").await == Some(3)
    })
    .await;

    // 2. The server comes up; the same commits seen again (a second backfill) are answered by
    //    the model, and its answers replace the offline ones.
    let mut server = ModelServer::start_on(port, 1)
        .await
        .expect("the model server starts (scripts/install.sh installs it)");
    producer.sync(&repo, true).await.expect("second backfill");
    wait_for_model_answers(&pool, 3, "the model's answers in place of the offline ones").await;
    // What the schema constrains, as stored: a known category, a summary, a risk in range.
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM commit_enrichments WHERE repository = 'acme/model'
               AND category IN ('feature','fix','refactor','docs','test','build','chore','perf','security')
               AND length(summary) > 0 AND risk BETWEEN 0 AND 100
               AND prompt_version = 'commit-v2' AND fallback_reason IS NULL"
        )
        .await,
        3
    );

    // 3. The server dies mid-run: the next commits fall back, and after two failures the
    //    circuit opens (the rest are not even sent).
    server.kill();
    for i in 0..4 {
        commit(
            &dir,
            &[(&format!("src/mod{i}.rs"), "pub fn f() {}\n")],
            &format!("Add module {i}"),
        );
    }
    producer.sync(&repo, false).await.expect("poll");
    wait_until(
        Duration::from_secs(60),
        "the new commits answered offline",
        || async { enrichments(&pool, "offline").await == Some(4) },
    )
    .await;
    assert!(
        enrichments(&pool, "offline AND fallback_reason LIKE '%circuit open%'")
            .await
            .is_some_and(|n| n >= 1),
        "an open circuit answered some of them"
    );

    // 4. The server is back: after the cool-down one trial request goes through and closes the
    //    circuit, and the next commit is the model's again.
    let _server = ModelServer::start_on(port, 1)
        .await
        .expect("the model server starts again");
    commit(
        &dir,
        &[("src/parser.rs", "pub fn parse() { /* faster */ }\n")],
        "Speed up parsing of long lines",
    );
    producer.sync(&repo, false).await.expect("poll");
    wait_for_model_answers(&pool, 4, "the model answering again").await;
}
