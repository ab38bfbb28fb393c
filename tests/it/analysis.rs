//! End to end on the real stack: a generated multi-language repository is backfilled, the AST
//! analyzer turns its blobs into analyses on the `analysis` topic, with exactly the symbols,
//! imports and calls the files contain.

use crate::common::*;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::message::Message;
use std::collections::HashMap;
use std::time::Duration;
use tributary::app;
use tributary_schemas::AnalysisProduced;

const FILES: &[(&str, &str)] = &[
    (
        "src/lib.rs",
        "use std::fmt;\n\n/// A shape.\npub struct Shape;\n\nimpl Shape {\n    /// Its area.\n    pub fn area(&self) -> f64 { helper(2.0) }\n}\n\nfn helper(x: f64) -> f64 { x * x }\n",
    ),
    (
        "app/main.py",
        "import os\n\nclass Service:\n    \"\"\"Serves.\"\"\"\n    def run(self):\n        return start()\n\ndef start():\n    return os.getcwd()\n",
    ),
    ("web/index.js", "import { api } from './api.js';\nexport function render() { return api(); }\n"),
    ("cmd/main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { greet() }\n\nfunc greet() { fmt.Println(\"hi\") }\n"),
    ("src/Main.java", "import java.util.List;\n\npublic class Main {\n  void go() { stop(); }\n  void stop() {}\n}\n"),
    ("native/util.c", "#include <stdlib.h>\n\nint twice(int x) { return x * 2; }\nint quad(int x) { return twice(twice(x)); }\n"),
    ("README.md", "# Demo\n"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn generated_repository_yields_the_expected_symbols_imports_and_calls() {
    let env = TestEnv::new("ast").await;
    let dir = env.tmp.path().join("poly");
    let first = init_repository(&dir, FILES, "polyglot");
    // A second version of src/lib.rs: one more function, and a rename of the Markdown file.
    std::fs::write(
        dir.join("src/lib.rs"),
        format!(
            "{}\n/// Cubes.\npub fn cube(x: f64) -> f64 {{ if x > 0.0 {{ helper(x) * x }} else {{ 0.0 }} }}\n",
            FILES[0].1.replace("x * x", "x * x * 1.0")
        ),
    )
    .expect("write");
    git(&dir, &["mv", "README.md", "ABOUT.md"]);
    git(&dir, &["commit", "-q", "-am", "cube"]);

    app::start_ast_analyzer(&env.infra, None, env.shutdown.clone())
        .await
        .expect("analyzer starts");
    env.start_projection().await;
    let api = env.start_api().await;
    let (_, _, report) = env.register_and_backfill(&dir, "acme/poly").await;
    assert_eq!(
        report.blobs,
        FILES.len() + 1,
        "seven files and the new lib.rs"
    );

    let consumer: StreamConsumer =
        tributary_runtime::kafka::consumer(&env.infra.kafka, &format!("{}-reader", env.id))
            .expect("consumer");
    consumer
        .subscribe(&[&env.infra.kafka.topics().analysis()])
        .expect("subscribe");
    let codec = env.infra.codec().expect("codec");
    let mut by_path: HashMap<String, AnalysisProduced> = HashMap::new();
    let first_blobs: std::collections::HashSet<String> = git(&dir, &["ls-tree", "-r", &first])
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_string))
        .collect();
    let mut received = 0;
    while received < FILES.len() + 1 {
        let m = tokio::time::timeout(Duration::from_secs(60), consumer.recv())
            .await
            .expect("analyses arrive")
            .expect("consumed");
        let a: AnalysisProduced = codec
            .decode_as(m.payload().expect("value"))
            .await
            .expect("an analysis");
        assert_eq!(m.key(), Some(a.blob_id.as_bytes()), "keyed by blob id");
        received += 1;
        // The first commit's version of each path is the one checked below (analyses of
        // different blobs arrive in any order: they are spread over partitions).
        if first_blobs.contains(&a.blob_id) {
            by_path.insert(a.path.clone(), a);
        }
    }

    let names = |path: &str| -> Vec<(String, String)> {
        by_path[path]
            .symbols
            .iter()
            .map(|s| (s.kind.clone(), s.qualified_name.clone()))
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let callers = |path: &str| -> Vec<(String, String)> {
        let a = &by_path[path];
        a.calls
            .iter()
            .map(|c| {
                let caller = c
                    .caller
                    .map(|i| a.symbols[i as usize].qualified_name.clone())
                    .unwrap_or_default();
                (caller, c.callee.clone())
            })
            .collect()
    };

    assert_eq!(
        names("src/lib.rs"),
        pairs(&[
            ("class", "Shape"),
            ("method", "Shape::area"),
            ("function", "helper")
        ])
    );
    assert_eq!(
        by_path["src/lib.rs"].symbols[1].doc.as_deref(),
        Some("Its area.")
    );
    assert_eq!(by_path["src/lib.rs"].imports, vec!["std::fmt".to_string()]);
    assert_eq!(callers("src/lib.rs"), pairs(&[("Shape::area", "helper")]));

    assert_eq!(
        names("app/main.py"),
        pairs(&[
            ("class", "Service"),
            ("method", "Service.run"),
            ("function", "start")
        ])
    );
    assert_eq!(
        callers("app/main.py"),
        pairs(&[("Service.run", "start"), ("start", "getcwd")])
    );

    assert_eq!(names("web/index.js"), pairs(&[("function", "render")]));
    assert_eq!(
        by_path["web/index.js"].imports,
        vec!["./api.js".to_string()]
    );
    assert_eq!(callers("web/index.js"), pairs(&[("render", "api")]));

    assert_eq!(
        names("cmd/main.go"),
        pairs(&[("function", "main"), ("function", "greet")])
    );
    assert_eq!(
        callers("cmd/main.go"),
        pairs(&[("main", "greet"), ("greet", "Println")])
    );

    assert_eq!(
        names("src/Main.java"),
        pairs(&[
            ("class", "Main"),
            ("method", "Main.go"),
            ("method", "Main.stop")
        ])
    );
    assert_eq!(callers("src/Main.java"), pairs(&[("Main.go", "stop")]));

    assert_eq!(
        names("native/util.c"),
        pairs(&[("function", "twice"), ("function", "quad")])
    );
    assert_eq!(
        callers("native/util.c"),
        pairs(&[("quad", "twice"), ("quad", "twice")])
    );
    assert_eq!(
        by_path["native/util.c"].imports,
        vec!["stdlib.h".to_string()]
    );

    assert_eq!(
        by_path["README.md"].skipped.as_deref(),
        Some("language not analyzed")
    );
    assert!(by_path
        .values()
        .all(|a| a.analyzer_version == tributary_processors::ast::ANALYZER_VERSION));

    // The read model and the API: files at each commit, symbol search, hotspots.
    wait_until(Duration::from_secs(60), "analyses projected", || async {
        let (_, files) = env.get(api, "/repos/acme/poly/files").await;
        files["items"]
            .as_array()
            .is_some_and(|f| f.len() == FILES.len() && f.iter().all(|x| x["lines"].is_number()))
    })
    .await;
    let (_, now) = env.get(api, "/repos/acme/poly/files").await;
    let paths: Vec<&str> = now["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        vec![
            "ABOUT.md",
            "app/main.py",
            "cmd/main.go",
            "native/util.c",
            "src/Main.java",
            "src/lib.rs",
            "web/index.js"
        ]
    );
    let lib_now = &now["items"][5];
    assert_eq!(lib_now["symbols"], 4);
    assert_eq!(lib_now["language"], "rust");
    let (status, then) = env
        .get(api, &format!("/repos/acme/poly/files?at={}", &first[..12]))
        .await;
    assert_eq!(status, 200);
    let then_paths: Vec<&str> = then["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(then_paths.contains(&"README.md") && !then_paths.contains(&"ABOUT.md"));
    let lib_then = then["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|f| f["path"] == "src/lib.rs")
        .expect("lib.rs");
    assert_eq!(lib_then["symbols"], 3);
    assert_eq!(
        env.get(api, "/repos/acme/poly/files?at=0000000").await.0,
        404
    );

    let (_, found) = env.get(api, "/repos/acme/poly/symbols?q=CUBE").await;
    assert_eq!(found["items"][0]["qualified_name"], "cube");
    assert_eq!(found["items"][0]["doc"], "Cubes.");
    assert_eq!(found["items"][0]["path"], "src/lib.rs");
    assert_eq!(found["items"][0]["complexity"], 2);
    let (_, methods) = env
        .get(api, "/repos/acme/poly/symbols?kind=method&limit=10")
        .await;
    let method_names: Vec<&str> = methods["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|s| s["qualified_name"].as_str())
        .collect();
    assert_eq!(
        method_names,
        vec!["Shape::area", "Main.go", "Service.run", "Main.stop"]
    );

    let (_, hot) = env.get(api, "/repos/acme/poly/hotspots").await;
    assert_eq!(
        hot["items"][0]["path"], "src/lib.rs",
        "changed twice and the most complex"
    );
    assert_eq!(hot["items"][0]["changes"], 2);

    // What each commit did to the definitions.
    let second = git(&dir, &["rev-parse", "HEAD"]);
    let (status, diff) = env.get(api, &format!("/commits/{second}/symbols")).await;
    assert_eq!(status, 200, "{diff}");
    let changes: Vec<(String, String, String)> = diff["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap_or_default().to_string(),
                c["qualified_name"].as_str().unwrap_or_default().to_string(),
                c["change"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = [("helper", "changed"), ("cube", "added")]
        .iter()
        .map(|(n, c)| ("src/lib.rs".to_string(), n.to_string(), c.to_string()))
        .collect();
    assert_eq!(changes, expected);
    let (_, root) = env
        .get(api, &format!("/commits/{}/symbols", &first[..10]))
        .await;
    let root = root["items"].as_array().expect("items");
    assert_eq!(
        root.len(),
        14,
        "every definition of the first commit is new"
    );
    assert!(root.iter().all(|c| c["change"] == "added"));
}
