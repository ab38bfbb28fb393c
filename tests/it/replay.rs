//! Replay on the real stack: wipe nothing, run `replay postgres`, and the rebuilt read model is
//! equal to the live one, table by table and row by row, while the API answers 200 throughout;
//! the live projection then continues in the new model. The code graph likewise, with
//! namespaces for schemas.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tributary::app;
use tributary::replay::{replay_graph, replay_postgres, ReplayOptions};
use tributary_graph::Namespace;

/// Columns of `table` whose values come from the log (not sequences, not the clock).
async fn logged_columns(pool: &sqlx::PgPool, schema: &str, table: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = $2
           AND COALESCE(column_default, '') NOT LIKE 'nextval%'
           AND COALESCE(column_default, '') NOT LIKE 'now()%'
         ORDER BY ordinal_position",
    )
    .bind(schema)
    .bind(table)
    .fetch_all(pool)
    .await
    .expect("columns")
}

/// Readers that GET each of their paths in turn, every 20 ms, until stopped.
struct Readers {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Vec<(u16, Value)>>,
}

impl Readers {
    fn start(env: &TestEnv, api: std::net::SocketAddr, paths: &[&str]) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (flag, http, token) = (stop.clone(), env.http.clone(), env.token(&["reader"]));
        let paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        let task = tokio::spawn(async move {
            let mut answers = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                for path in &paths {
                    let answer = match http
                        .get(format!("http://{api}{path}"))
                        .bearer_auth(&token)
                        .send()
                        .await
                    {
                        Ok(r) => (
                            r.status().as_u16(),
                            r.json::<Value>().await.unwrap_or_default(),
                        ),
                        Err(_) => (0, Value::Null),
                    };
                    answers.push(answer);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            answers
        });
        Self { stop, task }
    }

    /// Stops them; every answer's status and body, in order.
    async fn stop(self) -> Vec<(u16, Value)> {
        self.stop.store(true, Ordering::Relaxed);
        self.task.await.expect("readers")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replay_rebuilds_an_equal_read_model_while_the_api_serves() {
    let env = TestEnv::new("replay").await;
    // Activity from every webhook fixture, and a few thousand commits.
    let ingest = env.start_ingest(25 * 1024 * 1024).await;
    env.start_normalizer().await;
    let mut fixtures: Vec<_> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".payload.json"))
        .collect();
    fixtures.sort();
    for (i, file) in fixtures.iter().enumerate() {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let event = name.split('.').next().unwrap_or_default().to_string();
        tributary::webhook_client::send(
            &env.http,
            &format!("http://{ingest}/webhooks/github"),
            WEBHOOK_SECRET.as_bytes(),
            &event,
            &format!("replay-{i}"),
            std::fs::read(file).expect("fixture"),
        )
        .await
        .expect("sent");
    }
    produce_commits(&env, "acme/replay", 3000).await;
    env.start_projection().await;
    let schema = env.read_schema();
    let live = env.pool(&schema).await;
    wait_until(Duration::from_secs(120), "the live read model", || async {
        try_count(&live, "SELECT count(*) FROM commits").await == Some(3000)
            && try_count(&live, "SELECT count(*) FROM webhook_deliveries").await
                == Some(fixtures.len() as i64)
    })
    .await;

    // Readers keep reading during the rebuild.
    let api = env.start_api().await;
    let readers = Readers::start(
        &env,
        api,
        &[
            "/repos",
            "/repos/acme/replay/commits?limit=5",
            "/contributors",
        ],
    );

    let mut seen_progress = 0;
    let report = replay_postgres(
        &env.projection_config(500),
        &env.infra,
        ReplayOptions {
            in_place: false,
            keep: true,
        },
        |_| seen_progress += 1,
    )
    .await
    .expect("replay");
    let statuses: Vec<u16> = readers.stop().await.into_iter().map(|(s, _)| s).collect();
    assert!(seen_progress > 0, "progress reported");
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| *s == 200),
        "{statuses:?}"
    );
    let old = report.kept.clone().expect("old schema kept");
    assert!(report.records >= 3000, "{report:?}");
    // The rebuilt model went live with planner statistics (a manual ANALYZE: autovacuum's
    // runs are counted apart), so no listing is planned without column statistics.
    let analyzed: Vec<String> = sqlx::query_scalar(
        "SELECT relname::text FROM pg_stat_user_tables
         WHERE schemaname = $1 AND relname IN ('commits', 'commit_files')
           AND last_analyze IS NOT NULL
         ORDER BY 1",
    )
    .bind(&schema)
    .fetch_all(&live)
    .await
    .expect("statistics");
    assert_eq!(
        analyzed,
        ["commit_files", "commits"],
        "analyzed before the switch"
    );

    // Every table, row for row (sequence and clock columns aside).
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'
         ORDER BY 1",
    )
    .bind(&old)
    .fetch_all(&live)
    .await
    .expect("tables");
    assert!(tables.len() >= 10, "{tables:?}");
    for table in &tables {
        let columns = logged_columns(&live, &old, table).await.join(", ");
        let rows_old = count(&live, &format!("SELECT count(*) FROM {old}.{table}")).await;
        let rows_new = count(&live, &format!("SELECT count(*) FROM {schema}.{table}")).await;
        assert_eq!(rows_old, rows_new, "{table}: row counts");
        for (a, b) in [(&old, &schema), (&schema, &old)] {
            let differing = count(
                &live,
                &format!(
                    "SELECT count(*) FROM (SELECT {columns} FROM {a}.{table}
                     EXCEPT ALL SELECT {columns} FROM {b}.{table}) d"
                ),
            )
            .await;
            assert_eq!(differing, 0, "{table}: rows of {a} missing from {b}");
        }
    }

    // The live projection goes on in the new read model.
    produce_commits(&env, "acme/after", 10).await;
    wait_until(
        Duration::from_secs(60),
        "new commits in the new read model",
        || async {
            count(
                &live,
                "SELECT count(*) FROM commits WHERE repository = 'acme/after'",
            )
            .await
                == 10
        },
    )
    .await;
    assert_eq!(count(&live, "SELECT count(*) FROM commits").await, 3010);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn in_place_replay_rebuilds_the_live_schema_beside_a_running_projection() {
    let env = TestEnv::new("inplace").await;
    produce_commits(&env, "acme/inplace", 800).await;
    env.start_projection().await;
    let pool = env.pool(&env.read_schema()).await;
    wait_until(Duration::from_secs(60), "the live read model", || async {
        try_count(&pool, "SELECT count(*) FROM commits").await == Some(800)
    })
    .await;
    let files_before = count(&pool, "SELECT count(*) FROM commit_files").await;
    let report = replay_postgres(
        &env.projection_config(100),
        &env.infra,
        ReplayOptions {
            in_place: true,
            keep: false,
        },
        |_| {},
    )
    .await
    .expect("in-place replay");
    assert!(report.kept.is_none());
    // Both the replay and the live projection (which re-seeked to the beginning when the
    // offsets were reset) wrote: still each commit exactly once, and counted once (the rows
    // are keyed; the contributor tallies count what each write found new).
    env.wait_caught_up(ReadModel::Postgres, Duration::from_secs(60))
        .await;
    assert_eq!(count(&pool, "SELECT count(*) FROM commits").await, 800);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM commit_files").await,
        files_before
    );
    assert_eq!(
        count(
            &pool,
            "SELECT COALESCE(sum(commits), 0)::bigint FROM contributors"
        )
        .await,
        800
    );
    produce_commits(&env, "acme/inplace-after", 5).await;
    wait_until(
        Duration::from_secs(60),
        "the live projection goes on",
        || async { try_count(&pool, "SELECT count(*) FROM commits").await == Some(805) },
    )
    .await;
}

/// Python with calls, so the graph has `CALLS` edges to rebuild.
const CALLS_PY: &str = "def helper(x):\n    return x + 1\n\n\ndef start():\n    return helper(1)\n\n\ndef main():\n    start()\n    print(helper(2))\n";

/// A canonical dump of one namespace's copy of the code graph: every node key by label, a few
/// logged properties, and every relationship with its logged properties (kglite adds `id` and
/// `title` of its own, so whole property maps are not compared).
async fn graph_dump(g: &neo4rs::Graph, ns: &Namespace) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let read = |text: String| {
        let q = ns.query(&text);
        async move { tributary_graph::read_rows(g, q).await.expect("graph read") }
    };
    for label in tributary_projections::neo4j::LABELS {
        for row in read(format!(
            "MATCH (n:{label}) RETURN n.key AS key, \
             coalesce(n.qualified_name, n.blob, n.sha, toString(n.next_offset), n.version, '') AS p1, \
             coalesce(toString(n.start_line), n.analyzed_blob, n.subject, '') AS p2, \
             coalesce(toString(n.complexity), toString(n.deleted), '') AS p3"
        ))
        .await
        {
            let text = |k: &str| row.get::<String>(k).unwrap_or_default();
            out.insert(format!(
                "{label} {} {} {} {}",
                text("key"),
                text("p1"),
                text("p2"),
                text("p3")
            ));
        }
        for row in read(format!(
            "MATCH (a:{label})-[r]->(b) RETURN a.key AS a, type(r) AS t, b.key AS b, \
             coalesce(r.name, r.status, '') AS p"
        ))
        .await
        {
            let text = |k: &str| row.get::<String>(k).unwrap_or_default();
            out.insert(format!(
                "{label} {} -{}-> {} {}",
                text("a"),
                text("t"),
                text("b"),
                text("p")
            ));
        }
    }
    out
}

/// Relationships that appear more than once between the same two nodes with the same type in
/// the graph copy `ns` (the dump above is a set, so it cannot show them): each as
/// `a -TYPE-> b xN`.
async fn duplicate_relationships(g: &neo4rs::Graph, ns: &Namespace) -> Vec<String> {
    let mut out = Vec::new();
    // By label, so that the namespace applies (an unlabeled pattern spans every copy).
    for label in tributary_projections::neo4j::LABELS {
        let q = ns.query(&format!(
            "MATCH (a:{label})-[r]->(b) WITH a.key AS a, type(r) AS t, b.key AS b, \
             count(r) AS n WHERE n > 1 RETURN a, t, b, n"
        ));
        for row in tributary_graph::read_rows(g, q).await.expect("graph read") {
            let text = |k: &str| row.get::<String>(k).unwrap_or_default();
            out.push(format!(
                "{} -{}-> {} x{}",
                text("a"),
                text("t"),
                text("b"),
                row.get::<i64>("n").unwrap_or_default()
            ));
        }
    }
    out
}

/// Whether every current file of the graph copy `ns` holds the analysis of its blob.
async fn graph_settled(g: &neo4rs::Graph, ns: &Namespace, commits: i64) -> bool {
    let n = |text: &str| {
        let q = ns.query(text);
        async move {
            tributary_graph::read_rows(g, q)
                .await
                .ok()
                .and_then(|rows| rows.first().and_then(|r| r.get::<i64>("n").ok()))
                .unwrap_or(-1)
        }
    };
    n("MATCH (c:Commit) WHERE c.subject IS NOT NULL RETURN count(c) AS n").await == commits
        && n(
            "MATCH (f:File) WHERE f.deleted = false AND f.blob IS NOT NULL \
              AND (f.analyzed_blob IS NULL OR f.analyzed_blob <> f.blob) RETURN count(f) AS n",
        )
        .await
            == 0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn graph_replay_builds_a_new_namespace_and_switches_while_the_api_serves() {
    let env = TestEnv::new("greplay").await;
    let graph = env.start_graph().await;
    let g = tributary_graph::connect(&graph, 2).expect("graph");
    let dir = env.tmp.path().join("repo");
    std::fs::create_dir_all(&dir).expect("mkdir");
    make_repository(&dir, 30);
    std::fs::write(dir.join("calls.py"), CALLS_PY).expect("write");
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "calls"]);

    app::start_ast_analyzer(&env.infra, None, env.shutdown.clone())
        .await
        .expect("analyzer starts");
    env.start_graph_projection(&graph).await;
    let api = env.start_api_with(Some(&graph)).await;
    let (producer, repo, _) = env.register_and_backfill(&dir, "acme/greplay").await;
    let commits = rev_list_count(&dir);
    let plain = Namespace::plain();
    wait_until(Duration::from_secs(120), "the live code graph", || async {
        graph_settled(&g, &plain, commits).await
    })
    .await;
    let helper =
        tributary_schemas::event_id::symbol("acme/greplay", "calls.py", "function", "helper", 0);
    let callers_path = format!("/symbols/{helper}/callers?depth=2");
    let callers = |body: &Value| -> BTreeSet<String> {
        body["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i["qualified_name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (status, body) = env.get(api, &callers_path).await;
    assert_eq!(status, 200, "{body}");
    let expected_callers: BTreeSet<String> =
        ["start", "main"].iter().map(|s| s.to_string()).collect();
    assert_eq!(callers(&body), expected_callers);
    let before = graph_dump(&g, &plain).await;
    assert!(before.len() > 100, "{}", before.len());
    // The whole history again (a full re-emit: every commit a second time on the topic): the
    // projection creates a commit's and a file's relationships only when it first sees them,
    // so the duplicates change nothing.
    producer.sync(&repo, true).await.expect("full re-emit");
    env.wait_caught_up(ReadModel::Graph(&graph), Duration::from_secs(90))
        .await;
    let again = graph_dump(&g, &plain).await;
    let moved = |d: &BTreeSet<String>| -> BTreeSet<String> {
        d.iter()
            .filter(|l| !l.starts_with("ProjectionOffset"))
            .cloned()
            .collect()
    };
    let (old, new) = (moved(&before), moved(&again));
    assert_eq!(
        (
            old.difference(&new).collect::<Vec<_>>(),
            new.difference(&old).collect::<Vec<_>>()
        ),
        (vec![], vec![]),
        "only the offsets move"
    );
    let before = again;
    assert_eq!(
        duplicate_relationships(&g, &plain).await,
        Vec::<String>::new()
    );

    // Readers see the old copy or the new one, never a gap.
    let readers = Readers::start(&env, api, &[callers_path.as_str()]);
    let config = tributary_projections::neo4j::GraphProjectionConfig { max_batch: 100 };
    let mut seen_progress = 0;
    let report = replay_graph(
        &config,
        &graph,
        &env.infra,
        ReplayOptions {
            in_place: false,
            keep: true,
        },
        |_| seen_progress += 1,
    )
    .await
    .expect("replay");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let answers = readers.stop().await;
    assert!(seen_progress > 0);
    assert!(answers.len() > 3, "{}", answers.len());
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(callers(body), expected_callers, "{body}");
    }
    assert!(report.kept.is_some(), "{report:?}");
    let blue = Namespace::new("blue").expect("ns");
    assert_eq!(
        tributary_graph::live_namespace(&g).await.expect("live"),
        blue
    );
    assert_eq!(
        graph_dump(&g, &blue).await,
        before,
        "the rebuilt copy equals the old one"
    );
    assert_eq!(graph_dump(&g, &plain).await, before, "the old copy is kept");
    assert_eq!(
        duplicate_relationships(&g, &blue).await,
        Vec::<String>::new()
    );

    // The running projection follows the switch: a new commit lands in the new copy only.
    std::fs::write(
        dir.join("calls.py"),
        format!("{CALLS_PY}\n\ndef later():\n    helper(3)\n"),
    )
    .expect("write");
    git(&dir, &["commit", "-q", "-am", "later"]);
    producer.sync(&repo, false).await.expect("poll");
    wait_until(
        Duration::from_secs(60),
        "the new commit in the new copy",
        || async { graph_settled(&g, &blue, commits + 1).await },
    )
    .await;
    let mut with_later = expected_callers.clone();
    with_later.insert("later".into());
    wait_until(
        Duration::from_secs(30),
        "callers from the new copy",
        || async { callers(&env.get(api, &callers_path).await.1) == with_later },
    )
    .await;
    assert!(
        graph_settled(&g, &plain, commits).await,
        "the old copy stays as it was"
    );
    let after = graph_dump(&g, &blue).await;

    // Again, dropping the replaced copy this time; then in place.
    let report = replay_graph(
        &config,
        &graph,
        &env.infra,
        ReplayOptions::default(),
        |_| {},
    )
    .await
    .expect("second replay");
    assert!(report.kept.is_none());
    let green = Namespace::new("green").expect("ns");
    assert_eq!(
        tributary_graph::live_namespace(&g).await.expect("live"),
        green
    );
    assert_eq!(graph_dump(&g, &green).await, after);
    assert_eq!(
        duplicate_relationships(&g, &green).await,
        Vec::<String>::new()
    );
    assert!(
        graph_dump(&g, &blue).await.is_empty(),
        "the replaced copy is gone"
    );
    // In place, one record per transaction: the batches of a hundred (whose rows go as a few
    // `UNWIND` lists, a file's newest state winning) left the graph that records one by one leave.
    replay_graph(
        &tributary_projections::neo4j::GraphProjectionConfig { max_batch: 1 },
        &graph,
        &env.infra,
        ReplayOptions {
            in_place: true,
            keep: false,
        },
        |_| {},
    )
    .await
    .expect("in-place replay");
    assert_eq!(
        tributary_graph::live_namespace(&g).await.expect("live"),
        green
    );
    assert_eq!(graph_dump(&g, &green).await, after);
    assert_eq!(
        duplicate_relationships(&g, &green).await,
        Vec::<String>::new()
    );
    assert_eq!(callers(&env.get(api, &callers_path).await.1), with_later);
}
