//! The code graph end to end, on the real stack and a real graph server (kglite, Bolt 5) reached
//! by neo4rs through the Bolt 4.4 bridge: the bridge itself, a generated multi-language
//! repository whose callers, callees, imports and impact are known, and push webhooks that make
//! the fetcher pull new commits into the graph.

use crate::common::*;
use neo4rs::query;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::message::Message;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::time::Duration;
use tributary::app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn neo4rs_reaches_a_bolt5_server_through_the_bridge() {
    let env = TestEnv::new("bridge").await;
    let args = env.start_graph().await;
    let g = tributary_graph::connect(&args, 2).expect("pool");

    let mut tx = g
        .start_txn()
        .await
        .expect("login through the bridge, then BEGIN");
    tx.run(query(
        "CREATE (a:Person {key: 'a', name: 'Ada'}) CREATE (b:Person {key: 'b', name: 'Bob'}) \
         CREATE (a)-[:KNOWS {since: 2020}]->(b)",
    ))
    .await
    .expect("create");
    tx.commit().await.expect("commit");

    // Nodes, relationships and paths arrive in their Bolt 4.4 shape (no element ids).
    let mut rows = g
        .execute(query(
            "MATCH p = (a:Person {key: 'a'})-[r:KNOWS]->(b:Person) RETURN a, r, b, p",
        ))
        .await
        .expect("read");
    let row = rows.next().await.expect("row").expect("one row");
    let a: neo4rs::Node = row.get("a").expect("a node");
    assert_eq!(a.get::<String>("name").expect("name"), "Ada");
    assert!(a.labels().contains(&"Person"));
    let r: neo4rs::Relation = row.get("r").expect("a relationship");
    assert_eq!(r.typ(), "KNOWS");
    assert_eq!(r.get::<i64>("since").expect("since"), 2020);
    let p: neo4rs::Path = row.get("p").expect("a path");
    assert_eq!((p.nodes().len(), p.rels().len()), (2, 1));
    assert!(rows.next().await.expect("end").is_none());
    // A stream holds its pooled connection until dropped.
    drop(rows);

    // Parameters of every common type go through unchanged.
    let mut rows = g
        .execute(
            query("RETURN $s AS s, $i AS i, $f AS f, $l AS l, $n AS n")
                .param("s", "héllo")
                .param("i", -70_000i64)
                .param("f", 1.5f64)
                .param("l", vec![1i64, 2, 3])
                .param("n", Option::<String>::None),
        )
        .await
        .expect("params");
    let row = rows.next().await.expect("row").expect("one row");
    assert_eq!(row.get::<String>("s").expect("s"), "héllo");
    assert_eq!(row.get::<i64>("i").expect("i"), -70_000);
    assert_eq!(row.get::<f64>("f").expect("f"), 1.5);
    assert_eq!(row.get::<Vec<i64>>("l").expect("l"), vec![1, 2, 3]);
    assert_eq!(row.get::<Option<String>>("n").expect("n"), None);
    drop(rows);

    // A date-time with an offset crosses both ways as the same instant and offset.
    let when = chrono::DateTime::parse_from_rfc3339("2024-01-01T12:00:00+02:00").expect("time");
    let mut rows = g
        .execute(query("RETURN $t AS t").param("t", when))
        .await
        .expect("datetime");
    let row = rows.next().await.expect("row").expect("one row");
    let back: chrono::DateTime<chrono::FixedOffset> = row.get("t").expect("a datetime");
    assert_eq!(back, when);
    assert_eq!(back.offset().local_minus_utc(), 7200);
    drop(rows);

    // A server error comes back as an error, and the connection stays usable.
    let bad = async {
        let mut s = g.execute(query("MATCH (n RETURN n")).await?;
        s.next().await
    }
    .await;
    assert!(bad.is_err(), "a syntax error is an error");
    let mut rows = g
        .execute(query("MATCH (n:Person) RETURN count(n) AS n"))
        .await
        .expect("still usable");
    let row = rows.next().await.expect("row").expect("one row");
    assert_eq!(row.get::<i64>("n").expect("n"), 2);
}

/// The generated repository: known definitions, imports and calls across files and languages.
/// `helper` is defined once (calls to it resolve by that name); `shared` twice in Python (a call
/// that imports neither does not resolve, until the second commit removes one of them) and once
/// in Go (where the call in the same file resolves, whatever Python defines).
const UTIL_V1: &str =
    "import os\n\ndef helper():\n    return os.getcwd()\n\ndef shared():\n    return 1\n";
const UTIL_V2: &str = "import os\n\ndef helper():\n    return os.getcwd() + '/'\n";
const FILES: &[(&str, &str)] = &[
    ("app/util.py", UTIL_V1),
    (
        "app/main.py",
        "from app import util\n\nclass Service:\n    def run(self):\n        return start()\n\n    def stop(self):\n        return helper()\n\ndef start():\n    return helper()\n\ndef use_shared():\n    return shared()\n",
    ),
    ("app/other.py", "def shared():\n    return 3\n"),
    (
        "lib/a.go",
        "package lib\n\nfunc shared() int { return 2 }\n\nfunc useShared() int { return shared() }\n",
    ),
    (
        "src/lib.rs",
        "use std::fmt;\n\npub struct Shape;\n\nimpl Shape {\n    pub fn area(&self) -> f64 { square(2.0) }\n}\n\nfn square(x: f64) -> f64 { x * x }\n",
    ),
    (
        "web/index.js",
        "import { api } from './api.js';\nexport function render() { return api(); }\n",
    ),
];

/// `(qualified_name, depth)` of a walk's items.
fn walked(body: &Value) -> BTreeSet<(String, i64)> {
    body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| {
                    (
                        i["qualified_name"].as_str().unwrap_or_default().to_string(),
                        i["depth"].as_i64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn set(items: &[(&str, i64)]) -> BTreeSet<(String, i64)> {
    items.iter().map(|(n, d)| (n.to_string(), *d)).collect()
}

/// A walk from the code graph, checked against the same walk from the PostgreSQL read model.
async fn walk_both(env: &TestEnv, api: SocketAddr, path: &str) -> Value {
    let (status, graph) = env.get(api, path).await;
    assert_eq!(status, 200, "{path}: {graph}");
    let sep = if path.contains('?') { '&' } else { '?' };
    let (status, pg) = env
        .get(api, &format!("{path}{sep}source=postgres&repo=acme/graph"))
        .await;
    assert_eq!(status, 200, "{path} from postgres: {pg}");
    assert_eq!(walked(&graph), walked(&pg), "{path}: graph vs postgres");
    assert_eq!(graph["unresolved"], pg["unresolved"], "{path}: unresolved");
    assert_eq!(graph["symbol"]["id"], pg["symbol"]["id"]);
    graph
}

/// The id of the one definition named `qualified_name`, as the PostgreSQL read model gives it.
async fn symbol_id(env: &TestEnv, api: SocketAddr, repo: &str, qualified_name: &str) -> String {
    let name = qualified_name
        .rsplit(['.', ':'])
        .next()
        .unwrap_or(qualified_name);
    let (status, body) = env
        .get(api, &format!("/repos/{repo}/symbols?q={name}"))
        .await;
    assert_eq!(status, 200, "{body}");
    body["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["qualified_name"] == qualified_name))
        .and_then(|i| i["id"].as_str())
        .unwrap_or_else(|| panic!("{qualified_name} in {body}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn generated_repository_gives_the_expected_callers_callees_and_imports() {
    let env = TestEnv::new("graph").await;
    let graph = env.start_graph().await;
    let dir = env.tmp.path().join("poly");
    init_repository(&dir, FILES, "polyglot");

    app::start_ast_analyzer(&env.infra, None, env.shutdown.clone())
        .await
        .expect("analyzer starts");
    env.start_projection().await;
    env.start_graph_projection(&graph).await;
    let api = env.start_api_with(Some(&graph)).await;
    let (producer, repo, _) = env.register_and_backfill(&dir, "acme/graph").await;

    // Symbols come from PostgreSQL; their ids are the graph's ids.
    wait_until(
        Duration::from_secs(90),
        "symbols in the read model",
        || async {
            let (_, body) = env.get(api, "/repos/acme/graph/symbols?limit=100").await;
            body["items"].as_array().is_some_and(|i| i.len() == 14)
        },
    )
    .await;
    let (_, all) = env.get(api, "/repos/acme/graph/symbols?limit=100").await;
    let defined: BTreeSet<(String, String, String)> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap_or_default().to_string(),
                i["kind"].as_str().unwrap_or_default().to_string(),
                i["qualified_name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        ("app/main.py", "class", "Service"),
        ("app/main.py", "method", "Service.run"),
        ("app/main.py", "method", "Service.stop"),
        ("app/main.py", "function", "start"),
        ("app/main.py", "function", "use_shared"),
        ("app/other.py", "function", "shared"),
        ("app/util.py", "function", "helper"),
        ("app/util.py", "function", "shared"),
        ("lib/a.go", "function", "shared"),
        ("lib/a.go", "function", "useShared"),
        ("src/lib.rs", "class", "Shape"),
        ("src/lib.rs", "method", "Shape::area"),
        ("src/lib.rs", "function", "square"),
        ("web/index.js", "function", "render"),
    ]
    .iter()
    .map(|(p, k, q)| (p.to_string(), k.to_string(), q.to_string()))
    .collect();
    assert_eq!(defined, expected);

    let helper = symbol_id(&env, api, "acme/graph", "helper").await;
    let run = symbol_id(&env, api, "acme/graph", "Service.run").await;
    let use_shared = symbol_id(&env, api, "acme/graph", "use_shared").await;
    let go_use_shared = symbol_id(&env, api, "acme/graph", "useShared").await;
    let area = symbol_id(&env, api, "acme/graph", "Shape::area").await;

    // The graph catches up with the same commit.
    // Files reach the graph in any order (analyses are spread over partitions); wait for the
    // whole first commit before asserting on it.
    let env_ref = &env;
    let (helper_id, area_id, shared_id, run_id) = (&helper, &area, &use_shared, &run);
    let settled = || async move {
        let (helper, area, use_shared, run) = (helper_id, area_id, shared_id, run_id);
        let walk = |path: String| async move { env_ref.get(api, &path).await.1 };
        let helper_callers = walk(format!("/symbols/{helper}/callers")).await;
        let area_callees = walk(format!("/symbols/{area}/callees")).await;
        let shared_callees = walk(format!("/symbols/{use_shared}/callees")).await;
        let run_callees = walk(format!("/symbols/{run}/callees?depth=3")).await;
        walked(&helper_callers).len() == 2
            && walked(&area_callees).len() == 1
            && shared_callees["unresolved"]
                .as_array()
                .is_some_and(|u| u.len() == 1)
            && run_callees["unresolved"]
                .as_array()
                .is_some_and(|u| u.len() == 1)
    };
    wait_until(
        Duration::from_secs(90),
        "the first commit in the graph",
        settled,
    )
    .await;
    let body = walk_both(&env, api, &format!("/symbols/{helper}/callers")).await;
    assert_eq!(body["symbol"]["qualified_name"], "helper");
    assert_eq!(body["symbol"]["path"], "app/util.py");
    assert_eq!(walked(&body), set(&[("Service.stop", 1), ("start", 1)]));
    let body = walk_both(&env, api, &format!("/symbols/{helper}/callers?depth=2")).await;
    assert_eq!(
        walked(&body),
        set(&[("Service.stop", 1), ("start", 1), ("Service.run", 2)])
    );
    let body = walk_both(&env, api, &format!("/symbols/{run}/callees?depth=3")).await;
    assert_eq!(walked(&body), set(&[("start", 1), ("helper", 2)]));
    assert_eq!(
        body["unresolved"],
        json!([{ "name": "getcwd", "depth": 3 }])
    );
    let body = walk_both(&env, api, &format!("/symbols/{area}/callees")).await;
    assert_eq!(walked(&body), set(&[("square", 1)]));
    // `shared` has two Python definitions and neither is imported: the call stays on the name.
    let body = walk_both(&env, api, &format!("/symbols/{use_shared}/callees")).await;
    assert_eq!(walked(&body), set(&[]));
    assert_eq!(
        body["unresolved"],
        json!([{ "name": "shared", "depth": 1 }])
    );
    // Go's call of its own `shared` resolves in its file: Python's do not count.
    let body = walk_both(&env, api, &format!("/symbols/{go_use_shared}/callees")).await;
    assert_eq!(walked(&body), set(&[("shared", 1)]));
    assert_eq!(body["items"][0]["path"], "lib/a.go");

    let (status, deps) = env.get(api, "/repos/acme/graph/dependencies").await;
    assert_eq!(status, 200, "{deps}");
    let edges: BTreeSet<(String, String)> = deps["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap_or_default().to_string(),
                e["to"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for (from, to) in [
        ("app/util.py", "os"),
        ("src/lib.rs", "std::fmt"),
        ("web/index.js", "./api.js"),
    ] {
        assert!(
            edges.contains(&(from.to_string(), to.to_string())),
            "{from} -> {to} in {deps}"
        );
    }

    // Bad input: clear errors.
    assert_eq!(
        env.get(api, &format!("/symbols/{helper}/callers?depth=9"))
            .await
            .0,
        400
    );
    assert_eq!(env.get(api, "/symbols/nope/callers").await.0, 404);
    assert_eq!(
        env.get(api, &format!("/symbols/{helper}/callers?source=postgres"))
            .await
            .0,
        400,
        "postgres needs the repository"
    );
    assert_eq!(
        env.get(api, &format!("/symbols/{helper}/callers?source=mysql"))
            .await
            .0,
        400
    );

    // Second commit: helper's body changes and util.py's `shared` goes away, so the call in
    // use_shared now resolves to the one Python `shared` left.
    std::fs::write(dir.join("app/util.py"), UTIL_V2).expect("write");
    git(&dir, &["commit", "-q", "-am", "one shared"]);
    let second = git(&dir, &["rev-parse", "HEAD"]);
    producer.sync(&repo, false).await.expect("poll");
    let callees_of_use_shared = format!("/symbols/{use_shared}/callees");
    // Both stores catch up on their own schedule: wait for each.
    let from_postgres = format!("{callees_of_use_shared}?source=postgres&repo=acme/graph");
    wait_until(Duration::from_secs(90), "the call re-resolved", || async {
        let (_, graph) = env.get(api, &callees_of_use_shared).await;
        let (_, pg) = env.get(api, &from_postgres).await;
        walked(&graph) == set(&[("shared", 1)]) && walked(&pg) == set(&[("shared", 1)])
    })
    .await;
    let body = walk_both(&env, api, &callees_of_use_shared).await;
    assert_eq!(body["items"][0]["path"], "app/other.py");
    assert_eq!(body["unresolved"], json!([]));

    // The read model compares the commit with its parent once both analyses are projected.
    let impact_path = format!("/commits/{}/impact", &second[..10]);
    let changed_in = |impact: &Value| -> BTreeSet<(String, String)> {
        impact["changed"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|c| {
                        (
                            c["qualified_name"].as_str().unwrap_or_default().to_string(),
                            c["change"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let expected_changes: BTreeSet<(String, String)> =
        [("helper", "changed"), ("shared", "removed")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    // The graph drops a file's symbols when its new blob is committed and builds them again
    // when that blob's analysis arrives: wait for both stores, then look once more.
    let expected_impact = set(&[("Service.stop", 1), ("start", 1), ("Service.run", 2)]);
    wait_until(
        Duration::from_secs(90),
        "the second version analyzed in both stores",
        || async {
            let (status, impact) = env.get(api, &impact_path).await;
            status == 200
                && changed_in(&impact) == expected_changes
                && walked(&json!({ "items": impact["impacted"] })) == expected_impact
        },
    )
    .await;
    let (_, impact) = env.get(api, &impact_path).await;
    assert_eq!(changed_in(&impact), expected_changes);
    assert_eq!(
        walked(&json!({ "items": impact["impacted"] })),
        expected_impact
    );
}

async fn commit_count(env: &TestEnv, api: SocketAddr) -> usize {
    let (_, body) = env.get(api, "/repos/acme/pushed/commits?limit=500").await;
    body["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn push_webhooks_fetch_new_commits_into_the_read_models() {
    let env = TestEnv::new("fetch").await;
    let graph = env.start_graph().await;
    let origin = env.tmp.path().join("origin");
    let first = init_repository(
        &origin,
        &[(
            "svc/jobs.py",
            "def schedule():\n    return enqueue()\n\ndef enqueue():\n    return 1\n",
        )],
        "jobs",
    );
    let clone_url = format!("file://{}", origin.display());

    let ingest = env.start_ingest(1024 * 1024).await;
    env.start_normalizer().await;
    let producer = app::git_producer(&env.git_config(), &env.infra)
        .await
        .expect("producer");
    // A local location is fetched only for a repository the operator registered (`repos add`).
    producer
        .register(&clone_url, Some("acme/pushed"))
        .await
        .expect("registered");
    app::start_fetcher(producer.clone(), &env.infra, None, env.shutdown.clone())
        .await
        .expect("fetcher starts");
    app::start_ast_analyzer(&env.infra, None, env.shutdown.clone())
        .await
        .expect("analyzer starts");
    env.start_projection().await;
    env.start_graph_projection(&graph).await;
    let api = env.start_api_with(Some(&graph)).await;
    let push = |git_ref: &str, before: &str, after: &str, forced: bool| {
        let (git_ref, before, after) = (git_ref.to_string(), before.to_string(), after.to_string());
        let (env, clone_url) = (&env, clone_url.clone());
        async move {
            env.send_push(
                ingest,
                "acme/pushed",
                &clone_url,
                (&git_ref, &before, &after),
                forced,
            )
            .await
        }
    };
    let zeros = "0".repeat(40);

    // A new repository's first push: its history arrives, symbols and calls with it.
    push("refs/heads/main", &zeros, &first, false).await;
    wait_until(Duration::from_secs(90), "the pushed commit", || async {
        commit_count(&env, api).await == 1
    })
    .await;
    wait_until(
        Duration::from_secs(90),
        "its calls in the graph",
        || async {
            let (status, body) = env.get(api, "/repos/acme/pushed/symbols?q=enqueue").await;
            let Some(id) = body["items"][0]["id"].as_str().filter(|_| status == 200) else {
                return false;
            };
            let (_, callers) = env.get(api, &format!("/symbols/{id}/callers")).await;
            walked(&callers) == set(&[("schedule", 1)])
        },
    )
    .await;

    // A fast-forward, then a force-push that rewrites it, then a new branch.
    std::fs::write(
        origin.join("svc/jobs.py"),
        "def schedule():\n    return enqueue()\n\ndef enqueue():\n    return retry()\n\ndef retry():\n    return 2\n",
    )
    .expect("write");
    git(&origin, &["commit", "-q", "-am", "retry"]);
    let second = git(&origin, &["rev-parse", "HEAD"]);
    push("refs/heads/main", &first, &second, false).await;
    wait_until(Duration::from_secs(90), "the second commit", || async {
        commit_count(&env, api).await == 2
    })
    .await;
    git(
        &origin,
        &["commit", "-q", "--amend", "-m", "retry, reworded"],
    );
    let rewritten = git(&origin, &["rev-parse", "HEAD"]);
    assert_ne!(rewritten, second);
    push("refs/heads/main", &second, &rewritten, true).await;
    git(&origin, &["checkout", "-q", "-b", "feature"]);
    // Back to the first version of the file: content the pipeline has already seen.
    git(&origin, &["checkout", "-q", &first, "--", "svc/jobs.py"]);
    git(&origin, &["commit", "-q", "-am", "revert on a branch"]);
    let feature = git(&origin, &["rev-parse", "HEAD"]);
    push("refs/heads/feature", &zeros, &feature, false).await;
    wait_until(
        Duration::from_secs(90),
        "the rewritten and branch commits",
        || async { commit_count(&env, api).await == 4 },
    )
    .await;
    for sha in [&first, &second, &rewritten, &feature] {
        let (status, _) = env.get(api, &format!("/commits/{sha}")).await;
        assert_eq!(status, 200, "commit {sha} queryable");
    }
    // Nothing is left to fetch, and no blob went out twice.
    let repo = tributary_producers::git::RegisteredRepository {
        name: "acme/pushed".into(),
        location: clone_url.clone(),
        remote: true,
    };
    let report = producer.sync(&repo, false).await.expect("sync");
    assert_eq!((report.commits, report.blobs), (0, 0));
    let consumer: StreamConsumer =
        tributary_runtime::kafka::consumer(&env.infra.kafka, &format!("{}-blobs", env.id))
            .expect("consumer");
    consumer
        .subscribe(&[&env.infra.kafka.topics().blobs()])
        .expect("subscribe");
    let mut blobs: HashMap<Vec<u8>, usize> = HashMap::new();
    while let Ok(Ok(m)) = tokio::time::timeout(Duration::from_secs(5), consumer.recv()).await {
        *blobs
            .entry(m.key().unwrap_or_default().to_vec())
            .or_default() += 1;
    }
    assert_eq!(blobs.len(), 2, "two distinct contents of svc/jobs.py");
    assert!(
        blobs.values().all(|n| *n == 1),
        "each blob emitted once: {blobs:?}"
    );
}
