//! Code navigation end to end (issue 15): a repository whose `helper` moves between files from
//! one commit to the next, and a name that collides with it elsewhere, backfilled through the
//! real stack; `/repos/{o}/{n}/definition` and `/symbols/{id}/references` answer at each commit
//! from PostgreSQL, the code graph answers references for the newest code, and the whole call
//! graph (`/repos/{o}/{n}/calls`) says how each call was resolved.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;
use tributary::app;

/// Commit 1: `main.py` imports `helper` from `tools/a.py`; `other/b.py` defines a `helper` of
/// its own (so the name is not unique) and calls it; a top-level script line calls `run`.
const V1: &[(&str, &str)] = &[
    ("tools/__init__.py", ""),
    ("tools/a.py", "def helper(x):\n    return x + 1\n"),
    (
        "other/b.py",
        "def helper(x):\n    return x - 1\n\n\ndef use():\n    return helper(2)\n",
    ),
    (
        "main.py",
        "from tools.a import helper as h\n\n\nclass Runner:\n    def go(self):\n        return self.step()\n\n    def step(self):\n        return h(1)\n\n\ndef run():\n    return Runner().go()\n\n\nif __name__ == \"__main__\":\n    run()\n",
    ),
];

/// Commit 2: `helper` moves to `tools/c.py` and `main.py` imports it from there (line 1 only).
const A_V2: &str = "def unrelated():\n    return 0\n";
const C_V2: &str = "\n\ndef helper(x):\n    return x + 2\n";
const MAIN_V2_IMPORT: &str = "from tools.c import helper as h\n";

/// The site of the call `h(1)` in `main.py`: line 9, the name at column 16.
const CALL_LINE: i64 = 9;
const CALL_COLUMN: i64 = 16;

fn id_of(calls: &Value, path: &str, qualified_name: &str) -> String {
    calls["symbols"]
        .as_array()
        .and_then(|s| {
            s.iter()
                .find(|s| s["path"] == path && s["qualified_name"] == qualified_name)
        })
        .and_then(|s| s["id"].as_str())
        .unwrap_or_else(|| panic!("{path} {qualified_name} in {calls}"))
        .to_string()
}

/// (caller path, caller qualified name, target path, target qualified name, resolution) of
/// every resolved site of a `/calls` answer.
fn edges(calls: &Value) -> BTreeSet<(String, String, String, String, String)> {
    let symbols = calls["symbols"].as_array().cloned().unwrap_or_default();
    let find = |id: &Value| {
        symbols
            .iter()
            .find(|s| s["id"] == *id)
            .map(|s| {
                (
                    s["path"].as_str().unwrap_or_default().to_string(),
                    s["qualified_name"].as_str().unwrap_or_default().to_string(),
                )
            })
            .unwrap_or_default()
    };
    calls["sites"]
        .as_array()
        .map(|sites| {
            sites
                .iter()
                .filter(|s| s["target"].is_string())
                .map(|s| {
                    let (cp, cq) = find(&s["caller"]);
                    let (tp, tq) = find(&s["target"]);
                    let kind = s["resolution"].as_str().unwrap_or_default().to_string();
                    (cp, cq, tp, tq, kind)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn edge(c: (&str, &str), t: (&str, &str), kind: &str) -> (String, String, String, String, String) {
    (c.0.into(), c.1.into(), t.0.into(), t.1.into(), kind.into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn definitions_and_references_follow_a_definition_moved_between_commits() {
    let env = TestEnv::new("nav").await;
    let graph = env.start_graph().await;
    let dir = env.tmp.path().join("nav");
    let first = init_repository(&dir, V1, "helper in tools/a.py");
    app::start_ast_analyzer(&env.infra, None, env.shutdown.clone())
        .await
        .expect("analyzer starts");
    env.start_projection().await;
    env.start_graph_projection(&graph).await;
    let api = env.start_api_with(Some(&graph)).await;
    let (producer, repo, _) = env.register_and_backfill(&dir, "acme/nav").await;
    let calls_at = |sha: String| format!("/repos/acme/nav/calls?at={sha}");
    wait_until(
        Duration::from_secs(90),
        "the first commit analyzed",
        || async {
            let (_, body) = env.get(api, &calls_at(first.clone())).await;
            body["sites"].as_array().is_some_and(|s| s.len() == 6)
        },
    )
    .await;

    // The whole call graph of the first commit, with how each call was resolved.
    let (status, v1) = env.get(api, &calls_at(first.clone())).await;
    assert_eq!(status, 200, "{v1}");
    assert_eq!(
        edges(&v1),
        [
            edge(("other/b.py", "use"), ("other/b.py", "helper"), "local"),
            edge(
                ("main.py", "Runner.go"),
                ("main.py", "Runner.step"),
                "receiver"
            ),
            edge(
                ("main.py", "Runner.step"),
                ("tools/a.py", "helper"),
                "import"
            ),
            edge(("main.py", "run"), ("main.py", "Runner"), "local"),
            edge(("main.py", "run"), ("main.py", "Runner.go"), "receiver"),
            edge(("main.py", "<module>"), ("main.py", "run"), "local"),
        ]
        .into_iter()
        .collect(),
        "{v1}"
    );
    // (`Runner().go()`: the receiver is constructed right there, so its type is known.)
    let helper_v1 = id_of(&v1, "tools/a.py", "helper");
    let step = id_of(&v1, "main.py", "Runner.step");

    // The definition the call at main.py:9:16 reaches, at the first commit.
    let position =
        format!("/repos/acme/nav/definition?path=main.py&line={CALL_LINE}&column={CALL_COLUMN}");
    let (status, found) = env.get(api, &format!("{position}&at={first}")).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["symbol"]["id"], helper_v1.as_str());
    assert_eq!(found["symbol"]["path"], "tools/a.py");
    assert_eq!(found["resolution"], "import");
    assert_eq!(found["site"]["callee"], "h");
    // Without a column, a line with one call is enough.
    let (status, same) = env
        .get(
            api,
            &format!("/repos/acme/nav/definition?path=main.py&line={CALL_LINE}&at={first}"),
        )
        .await;
    assert_eq!(
        (status, &same["symbol"]["id"]),
        (200, &found["symbol"]["id"])
    );
    // A definition's own line answers with itself.
    let (status, itself) = env
        .get(
            api,
            &format!("/repos/acme/nav/definition?path=tools/a.py&line=1&at={first}"),
        )
        .await;
    assert_eq!(status, 200, "{itself}");
    assert_eq!(itself["resolution"], "definition");
    assert_eq!(itself["symbol"]["id"], helper_v1.as_str());

    // Every call site of tools/a.py's helper: the one in Runner.step, not other/b.py's.
    let (status, refs) = env
        .get(
            api,
            &format!("/symbols/{helper_v1}/references?repo=acme/nav&at={first}"),
        )
        .await;
    assert_eq!(status, 200, "{refs}");
    let items = refs["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{refs}");
    assert_eq!(items[0]["path"], "main.py");
    assert_eq!(items[0]["line"], CALL_LINE);
    assert_eq!(items[0]["column"], CALL_COLUMN);
    assert_eq!(items[0]["caller"]["id"], step.as_str());
    assert_eq!(items[0]["resolution"], "import");

    // Second commit: helper moves to tools/c.py.
    let main_v2 = V1
        .iter()
        .find(|(p, _)| *p == "main.py")
        .map(|(_, text)| {
            let mut lines: Vec<&str> = text.lines().collect();
            lines[0] = MAIN_V2_IMPORT.trim_end();
            lines.join("\n") + "\n"
        })
        .expect("main.py");
    write_files(
        &dir,
        &[
            ("tools/a.py", A_V2),
            ("tools/c.py", C_V2),
            ("main.py", &main_v2),
        ],
    );
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "helper moves to tools/c.py"]);
    let second = git(&dir, &["rev-parse", "HEAD"]);
    producer.sync(&repo, false).await.expect("poll");
    wait_until(
        Duration::from_secs(90),
        "the second commit analyzed",
        || async {
            let (_, body) = env.get(api, &calls_at(second.clone())).await;
            edges(&body).contains(&edge(
                ("main.py", "Runner.step"),
                ("tools/c.py", "helper"),
                "import",
            ))
        },
    )
    .await;
    let (_, v2) = env.get(api, &calls_at(second.clone())).await;
    let helper_v2 = id_of(&v2, "tools/c.py", "helper");
    let (status, moved) = env.get(api, &format!("{position}&at={second}")).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["symbol"]["id"], helper_v2.as_str());
    assert_eq!(moved["symbol"]["start_line"], 3);
    // The first commit still answers as it was.
    let (_, again) = env.get(api, &format!("{position}&at={first}")).await;
    assert_eq!(again["symbol"]["id"], helper_v1.as_str());
    // At the second commit tools/a.py's helper is gone; c.py's has the reference.
    let (status, _) = env
        .get(
            api,
            &format!("/symbols/{helper_v1}/references?repo=acme/nav&at={second}"),
        )
        .await;
    assert_eq!(status, 404);
    let (_, refs2) = env
        .get(
            api,
            &format!("/symbols/{helper_v2}/references?repo=acme/nav&at={second}"),
        )
        .await;
    assert_eq!(refs2["items"].as_array().map(Vec::len), Some(1), "{refs2}");
    assert_eq!(refs2["items"][0]["caller"]["id"], step.as_str());

    // The code graph holds the newest code: the same reference, with its line.
    wait_until(Duration::from_secs(90), "the graph's reference", || async {
        let (_, body) = env
            .get(
                api,
                &format!("/symbols/{helper_v2}/references?source=graph"),
            )
            .await;
        body["items"].as_array().is_some_and(|i| i.len() == 1)
    })
    .await;
    let (_, from_graph) = env
        .get(
            api,
            &format!("/symbols/{helper_v2}/references?source=graph"),
        )
        .await;
    assert_eq!(from_graph["items"][0]["path"], "main.py");
    assert_eq!(from_graph["items"][0]["line"], CALL_LINE);
    assert_eq!(from_graph["items"][0]["caller"]["id"], step.as_str());
    assert_eq!(from_graph["items"][0]["resolution"], "import");

    // Bad input: clear errors.
    for (path, status) in [
        ("/repos/acme/nav/definition?line=9".to_string(), 400),
        (
            "/repos/acme/nav/definition?path=main.py&line=0".to_string(),
            400,
        ),
        (
            "/repos/acme/nav/definition?path=main.py&line=500".to_string(),
            404,
        ),
        (
            format!("/symbols/{helper_v2}/references?source=postgres"),
            400,
        ),
        (
            format!("/symbols/{helper_v2}/references?source=graph&at={first}"),
            400,
        ),
    ] {
        let (got, body) = env.get(api, &path).await;
        assert_eq!(got, status, "{path}: {body}");
    }
}
