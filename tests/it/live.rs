//! The live event stream (real webhook to a real SSE client) and the generated documentation
//! pages (rendered in headless Chromium), on the real local stack.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use tributary::app;

/// Reads SSE frames from `response` until one satisfies `wanted` or `timeout` passes.
async fn next_event(
    response: &mut reqwest::Response,
    buffer: &mut String,
    timeout: Duration,
    wanted: impl Fn(&str, &Value) -> bool,
) -> Option<(String, Value)> {
    let deadline = Instant::now() + timeout;
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let frame: String = buffer.drain(..end + 2).collect();
            let mut kind = String::new();
            let mut data = String::new();
            for line in frame.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    kind = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim());
                }
            }
            if let Ok(value) = serde_json::from_str::<Value>(&data) {
                if wanted(&kind, &value) {
                    return Some((kind, value));
                }
            }
        }
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, response.chunk()).await {
            Ok(Ok(Some(bytes))) => buffer.push_str(&String::from_utf8_lossy(&bytes)),
            _ => return None,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_pushed_commit_reaches_the_event_stream_within_two_seconds() {
    let env = TestEnv::new("live").await;
    let origin = env.tmp.path().join("origin");
    let first = init_repository(&origin, &[("lib.py", "def one():\n    return 1\n")], "one");
    let clone_url = format!("file://{}", origin.display());

    let ingest = env.start_ingest(1024 * 1024).await;
    env.start_normalizer().await;
    let producer = app::git_producer(&env.git_config(), &env.infra)
        .await
        .expect("producer");
    // A local location is fetched only for a repository the operator registered (`repos add`).
    producer
        .register(&clone_url, Some("acme/live"))
        .await
        .expect("registered");
    app::start_fetcher(producer, &env.infra, None, env.shutdown.clone())
        .await
        .expect("fetcher starts");
    env.start_projection().await;
    let api = env.start_api().await;
    // Bad filters are refused; no token is refused.
    let token = env.token(&["reader"]);
    let stream_url = format!("http://{api}/events/stream");
    let status = |r: reqwest::Response| r.status().as_u16();
    assert_eq!(
        status(env.http.get(&stream_url).send().await.expect("request")),
        401
    );
    assert_eq!(
        status(
            env.http
                .get(format!("{stream_url}?types=commit,gossip"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("request")
        ),
        400
    );

    // Warm up: the first push registers the repository and brings its history.
    let mut warm = env
        .http
        .get(format!("{stream_url}?repo=acme/live"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("stream");
    assert_eq!(warm.status(), 200);
    assert!(warm
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream")));
    let zeros = "0".repeat(40);
    env.send_push(
        ingest,
        "acme/live",
        &clone_url,
        ("refs/heads/main", &zeros, &first),
        false,
    )
    .await;
    let mut buffer = String::new();
    let seen = next_event(
        &mut warm,
        &mut buffer,
        Duration::from_secs(60),
        |kind, v| kind == "commit" && v["sha"] == first.as_str(),
    )
    .await;
    assert!(seen.is_some(), "the first commit on the stream");

    // Measured: a new commit, from its webhook to the stream, filtered to commits of the
    // repository (a token in the query, as a browser's EventSource sends it).
    write_files(&origin, &[("lib.py", "def one():\n    return 2\n")]);
    git(&origin, &["commit", "-q", "-am", "two"]);
    let second = git(&origin, &["rev-parse", "HEAD"]);
    let mut stream = env
        .http
        .get(format!(
            "{stream_url}?repo=acme/live&types=commit&access_token={token}"
        ))
        .send()
        .await
        .expect("stream");
    assert_eq!(stream.status(), 200);
    let sent_at = Instant::now();
    env.send_push(
        ingest,
        "acme/live",
        &clone_url,
        ("refs/heads/main", &first, &second),
        false,
    )
    .await;
    let mut buffer = String::new();
    let seen = next_event(
        &mut stream,
        &mut buffer,
        Duration::from_secs(10),
        |kind, v| {
            assert_eq!(kind, "commit", "only commits: {v}");
            assert_eq!(v["repository"], "acme/live", "only this repository");
            v["sha"] == second.as_str()
        },
    )
    .await;
    let latency = sent_at.elapsed();
    let (_, event) = seen.expect("the pushed commit on the stream");
    assert_eq!(event["subject"], "two");
    println!("webhook to event stream: {} ms", latency.as_millis());
    assert!(latency < Duration::from_secs(2), "delivered in {latency:?}");
}

/// A page opened in headless Chromium (as env's machine notes require); returns the DOM after
/// its script ran, and writes a screenshot to `shot` when given.
fn chromium(url: &str, profile: &Path, shot: Option<&Path>) -> String {
    let mut cmd = Command::new("chromium");
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=3000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    match shot {
        Some(path) => {
            cmd.arg(format!("--screenshot={}", path.display()))
                .arg("--window-size=1280,1600");
        }
        None => {
            cmd.arg("--dump-dom");
        }
    }
    // scripts/install.sh installs chromium.
    output_of(cmd.arg(url))
}

/// The `id` of every element whose opening tag contains `needle`.
fn article_ids_with(dom: &str, needle: &str) -> Vec<String> {
    dom.split("<article")
        .skip(1)
        .filter_map(|a| {
            let tag = &a[..a.find('>')?];
            if !tag.contains(needle) {
                return None;
            }
            let id = tag.split("id=\"").nth(1)?.split('"').next()?;
            Some(id.to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn documentation_pages_show_symbols_links_and_search_in_chromium() {
    let env = TestEnv::new("docs").await;
    let dir = env.tmp.path().join("repo");
    init_repository(
        &dir,
        &[
            (
                "app/util.py",
                "def helper(x):\n    \"\"\"Adds one to x.\"\"\"\n    return x + 1\n",
            ),
            (
                "app/main.py",
                "from app.util import helper\n\n\ndef start():\n    return helper(1)\n\n\nclass Service:\n    def run(self):\n        return start()\n",
            ),
            // A folder importing another: an edge of the module diagram.
            (
                "app/cli/run.py",
                "import sys\nfrom app.util import helper\n\nprint(helper(len(sys.argv)))\n",
            ),
            (
                "README.md",
                "# Docs demo & <friends>\n\nStart at [the service](app/main.py). \
                 <script>document.title = 'pwned'</script>\n\n<div onclick=\"x()\">raw</div>\n",
            ),
            ("config.yml", "name: demo\nsteps:\n  - run: test\n"),
        ],
        "docs <demo>",
    );
    app::start_ast_analyzer(&env.infra, None, env.shutdown.clone())
        .await
        .expect("analyzer starts");
    env.start_projection().await;
    let api = env.start_api().await;
    env.register_and_backfill(&dir, "acme/docs").await;
    wait_until(Duration::from_secs(60), "the code model", || async {
        let (_, body) = env.get(api, "/docs/acme/docs?format=json").await;
        body["files"].as_array().is_some_and(|files| {
            files
                .iter()
                .map(|f| f["symbols"].as_array().map_or(0, Vec::len))
                .sum::<usize>()
                == 4
        })
    })
    .await;
    // The README comes from `blobs`, the files' line counts from their analyses.
    wait_until(
        Duration::from_secs(60),
        "the README and every analysis",
        || async {
            let (_, body) = env.get(api, "/docs/acme/docs?format=json").await;
            body["overview"]["readme_html"].is_string()
                && body["files"]
                    .as_array()
                    .is_some_and(|files| files.iter().all(|f| f["lines"].is_i64()))
        },
    )
    .await;

    // JSON: the same model the page is rendered from.
    let (_, page) = env.get(api, "/docs/acme/docs?format=json").await;
    let symbols: Vec<Value> = page["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["symbols"].as_array().cloned().unwrap_or_default())
        .collect();
    let by_name = |qn: &str| {
        symbols
            .iter()
            .find(|s| s["qualified_name"] == qn)
            .unwrap_or_else(|| panic!("{qn} in {page}"))
    };
    let helper = by_name("helper");
    let start = by_name("start");
    assert_eq!(helper["doc"], "Adds one to x.");
    assert_eq!(helper["callers"][0]["id"], start["id"]);
    assert_eq!(
        by_name("Service.run")["callees"][0]["qualified_name"],
        "start"
    );
    let modules: Vec<&str> = page["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .filter_map(|m| m["module"].as_str())
        .collect();
    assert_eq!(modules, vec![".", "app", "app/cli"]);
    // The overview: the README (escaped), the diagram's edge, the most called.
    let overview = &page["overview"];
    assert_eq!(overview["readme_path"], "README.md");
    let readme = overview["readme_html"].as_str().expect("readme html");
    assert!(
        readme.contains("<h1>Docs demo &amp; &lt;friends&gt;</h1>"),
        "{readme}"
    );
    assert!(readme.contains("&lt;script&gt;document.title"), "{readme}");
    assert!(
        !readme.contains("<script") && !readme.contains("<div"),
        "{readme}"
    );
    assert!(
        readme.contains("<a href=\"#file-app/main.py\">the service</a>"),
        "{readme}"
    );
    let edges = overview["modules"]["edges"].as_array().expect("edges");
    assert!(
        edges
            .iter()
            .any(|e| e["from"] == "app/cli" && e["to"] == "app"),
        "{edges:?}"
    );
    assert!(
        overview["modules"]["external_imports"].as_u64() >= Some(1),
        "sys"
    );
    assert_eq!(overview["most_called"][0]["symbol"]["id"], helper["id"]);
    // `start`, and the top-level code of app/cli/run.py.
    assert_eq!(overview["most_called"][0]["callers"], 2);
    // Code files first (one with no definitions, but parsed, among them), then the others,
    // each with its real line count.
    let files: Vec<(&str, bool, i64)> = page["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default(),
                f["code"].as_bool().unwrap_or_default(),
                f["lines"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        files,
        vec![
            ("app/main.py", true, 10),
            ("app/util.py", true, 3),
            ("app/cli/run.py", true, 4),
            ("README.md", false, 5),
            ("config.yml", false, 3),
        ]
    );
    assert_eq!(env.get(api, "/docs/acme/docs?format=pdf").await.0, 400);
    assert_eq!(env.get(api, "/docs/acme/nope").await.0, 404);

    // HTML in a real browser.
    let token = env.token(&["reader"]);
    let base = format!("http://{api}/docs/acme/docs?access_token={token}");
    let profile = env.tmp.path().join("chromium");
    let dom = chromium(&base, &profile, None);
    for qn in ["helper", "start", "Service", "Service.run"] {
        assert!(
            dom.contains(&format!("data-name=\"{}\"", qn.to_lowercase())),
            "{qn} shown"
        );
    }
    assert!(dom.contains("Adds one to x."));
    assert!(dom.contains("docs &lt;demo&gt;"), "text is escaped");
    // The overview opens the page: the README's heading, its script shown and not run.
    let readme = dom
        .split("id=\"readme\"")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("the README on the page");
    assert!(
        readme.contains("<h1>Docs demo &amp; &lt;friends&gt;</h1>"),
        "{readme}"
    );
    assert!(readme.contains("&lt;script&gt;document.title"), "{readme}");
    assert!(
        !dom.contains("pwned</title>"),
        "the README's script did not run"
    );
    assert!(dom.find("id=\"readme\"") < dom.find("id=\"search\""));
    // The module diagram, inline: an arrow from app/cli to app, boxes for both.
    let svg = dom
        .split("<svg")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .expect("an inline svg");
    assert!(
        svg.contains("data-from=\"app/cli\" data-to=\"app\""),
        "{svg}"
    );
    for module in ["app", "app/cli"] {
        assert!(svg.contains(&format!("data-module=\"{module}\"")), "{svg}");
    }
    // The most called, linked to its entry.
    let most_called = dom
        .split("class=\"most-called\"")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .expect("the most called");
    assert!(
        most_called.contains(&format!(
            "href=\"#sym-{}\"",
            helper["id"].as_str().expect("id")
        )),
        "{most_called}"
    );
    // Code files before the others; YAML and Markdown with their real line counts.
    let section = |path: &str| {
        dom.find(&format!("id=\"file-{path}\""))
            .unwrap_or_else(|| panic!("{path}'s section"))
    };
    assert!(section("app/cli/run.py") < section("README.md"));
    assert!(section("app/util.py") < section("config.yml"));
    assert!(dom.contains("yaml, 3 lines"), "YAML counted");
    assert!(dom.contains("markdown, 5 lines"), "Markdown counted");
    // The callers link of `helper` leads to `start`'s entry.
    let helper_anchor = format!("sym-{}", helper["id"].as_str().expect("id"));
    let start_anchor = format!("sym-{}", start["id"].as_str().expect("id"));
    let entry = dom
        .split(&format!("id=\"{helper_anchor}\""))
        .nth(1)
        .and_then(|rest| rest.split("</article>").next())
        .expect("helper's entry");
    assert!(
        entry.contains(&format!("class=\"callers\" href=\"#{start_anchor}\"")),
        "{entry}"
    );
    assert!(dom.contains(&format!("id=\"{start_anchor}\"")));
    // Search: the page's own script filters the entries.
    let searched = chromium(&format!("{base}&q=helper"), &profile, None);
    let hidden = article_ids_with(&searched, "hidden");
    assert_eq!(hidden.len(), 3, "three of four hidden: {hidden:?}");
    assert!(!hidden.contains(&helper_anchor), "helper found");
    assert!(searched.contains("1 matching definitions"));
    // Without a token the page is refused.
    assert_eq!(
        env.http
            .get(format!("http://{api}/docs/acme/docs"))
            .send()
            .await
            .expect("request")
            .status(),
        401
    );
    // A screenshot of the page, kept with the build output.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("mkdir");
    let shot = shots.join("docs-page.png");
    let _ = std::fs::remove_file(&shot);
    chromium(&format!("{base}#{start_anchor}"), &profile, Some(&shot));
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "screenshot written: {size} bytes");
    println!("screenshot: {}", shot.display());
}
