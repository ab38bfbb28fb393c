//! The production deployment files, checked structurally (no Docker engine runs here):
//! every service of `docker-compose.kafka.yml` has an image or a build and a health check (the
//! one-shot topic creation aside), every Tributary component is configured by environment with
//! the secrets taken from the caller's, Prometheus scrapes every component where it serves
//! `/metrics`, `promtool check config` accepts the scrape config, and every Grafana dashboard
//! panel uses a provisioned data source. (`tests/dashboards.rs` runs every dashboard query.)

use serde_yaml::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn load(path: &str) -> Value {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut value: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    value.apply_merge().expect("merge keys");
    value
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other).unwrap_or_default(),
    }
}

#[test]
fn compose_services_are_complete_and_prometheus_scrapes_every_component() {
    let compose = load("docker-compose.kafka.yml");
    let services = compose["services"].as_mapping().expect("services");
    let names: BTreeSet<String> = services.keys().map(text).collect();
    for required in [
        "kafka-1",
        "kafka-2",
        "kafka-3",
        "schema-registry",
        "postgres",
        "neo4j",
        "prometheus",
        "grafana",
        "topics",
        "ingest",
        "normalizer",
        "fetcher",
        "ast",
        "enrich",
        "git-poller",
        "project-postgres",
        "project-neo4j",
        "api",
    ] {
        assert!(names.contains(required), "service {required}");
    }
    let mut admin_targets = BTreeSet::new();
    for (name, service) in services {
        let name = text(name);
        assert!(
            service.get("image").is_some() || service.get("build").is_some(),
            "{name}: image or build"
        );
        if name != "topics" {
            let test = &service["healthcheck"]["test"];
            assert!(
                test.as_sequence().is_some_and(|t| !t.is_empty()),
                "{name}: health check"
            );
        }
        let is_tributary = service["image"].as_str() == Some("tributary:latest");
        if !is_tributary {
            continue;
        }
        let env = service["environment"].as_mapping().expect("environment");
        let get = |k: &str| env.get(k).map(text).unwrap_or_default();
        assert!(get("TRIBUTARY_BROKERS").contains("kafka-3:9092"), "{name}");
        assert_eq!(get("TRIBUTARY_REGISTRY_URL"), "http://schema-registry:8081");
        assert_eq!(get("TRIBUTARY_KAFKA_IDEMPOTENCE"), "true", "{name}");
        for secret in ["TRIBUTARY_WEBHOOK_SECRET", "TRIBUTARY_JWT_SECRET"] {
            let value = get(secret);
            assert!(
                value.is_empty() || value.starts_with("${"),
                "{name}: {secret} comes from the environment"
            );
        }
        // Where the component serves /metrics: the admin port, or its own HTTP port.
        let port = match get("TRIBUTARY_ADMIN_LISTEN").rsplit(':').next() {
            Some(p) if !p.is_empty() => p.to_string(),
            _ => match name.as_str() {
                "ingest" => "8080".into(),
                "api" => "3000".into(),
                _ => continue,
            },
        };
        let health = text(&service["healthcheck"]["test"][1]);
        assert!(
            health.contains(&format!(":{port}/health")),
            "{name}: {health}"
        );
        admin_targets.insert(format!("{name}:{port}"));
    }
    assert_eq!(admin_targets.len(), 9, "{admin_targets:?}");

    let prometheus = load("deploy/prometheus/prometheus.yml");
    let scraped: BTreeSet<String> = prometheus["scrape_configs"]
        .as_sequence()
        .expect("scrape_configs")
        .iter()
        .flat_map(|job| {
            job["static_configs"]
                .as_sequence()
                .cloned()
                .unwrap_or_default()
        })
        .flat_map(|c| c["targets"].as_sequence().cloned().unwrap_or_default())
        .map(|t| text(&t))
        .collect();
    assert_eq!(
        scraped, admin_targets,
        "every component scraped, nothing else"
    );
}

#[test]
fn promtool_accepts_the_scrape_config() {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/prometheus/prometheus.yml");
    let out = std::process::Command::new("promtool")
        .arg("check")
        .arg("config")
        .arg(&config)
        .output()
        .expect("promtool runs (Debian's prometheus, installed by scripts/install.sh)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_image_builds_the_one_binary_in_two_stages() {
    let dockerfile =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Dockerfile"))
            .expect("Dockerfile");
    let stages = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .count();
    assert_eq!(stages, 2, "build stage and runtime stage");
    assert!(dockerfile.contains("cargo build --locked --release --bin tributary"));
    assert!(dockerfile.contains("COPY --from=build"));
    assert!(
        dockerfile.contains("USER tributary"),
        "not root at run time"
    );
    assert!(dockerfile.contains("ENTRYPOINT [\"tributary\"]"));
}

#[test]
fn every_dashboard_panel_uses_a_provisioned_datasource() {
    let sources = load("deploy/grafana/provisioning/datasources/datasources.yml");
    let provisioned: BTreeSet<(String, String)> = sources["datasources"]
        .as_sequence()
        .expect("datasources")
        .iter()
        .map(|d| (text(&d["uid"]), text(&d["type"])))
        .collect();
    assert_eq!(provisioned.len(), 2, "{provisioned:?}");

    // Grafana loads the dashboards from where compose mounts them.
    let provider = load("deploy/grafana/provisioning/dashboards/dashboards.yml");
    let path = text(&provider["providers"][0]["options"]["path"]);
    let compose = load("docker-compose.kafka.yml");
    let mounts: Vec<String> = compose["services"]["grafana"]["volumes"]
        .as_sequence()
        .expect("grafana volumes")
        .iter()
        .map(text)
        .collect();
    assert!(
        mounts
            .iter()
            .any(|m| m.starts_with("./deploy/grafana/dashboards:")
                && m.contains(&format!(":{path}:"))),
        "{mounts:?}"
    );
    assert!(mounts
        .iter()
        .any(|m| m.starts_with("./deploy/grafana/provisioning:/etc/grafana/provisioning")));

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/grafana/dashboards");
    let mut uids = BTreeSet::new();
    let mut queries = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("dashboards")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "pipeline health and engineering");
    for file in files {
        let name = file.display().to_string();
        let dashboard: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect(&name);
        assert!(uids.insert(dashboard["uid"].as_str().expect("uid").to_string()));
        let uses = |ds: &serde_json::Value, what: &str| {
            let key = (
                ds["uid"].as_str().unwrap_or_default().to_string(),
                ds["type"].as_str().unwrap_or_default().to_string(),
            );
            assert!(provisioned.contains(&key), "{name}: {what} uses {ds}");
        };
        for variable in dashboard["templating"]["list"]
            .as_array()
            .expect("templating")
        {
            uses(&variable["datasource"], "variable");
        }
        let panels = dashboard["panels"].as_array().expect("panels");
        assert!(panels.len() >= 10, "{name}");
        let mut ids = BTreeSet::new();
        for panel in panels {
            let title = panel["title"].as_str().expect("title");
            assert!(
                ids.insert(panel["id"].as_i64().expect("id")),
                "{name}: {title}"
            );
            assert!(panel["gridPos"]["w"].as_i64().is_some(), "{title}: gridPos");
            uses(&panel["datasource"], title);
            for target in panel["targets"].as_array().expect("targets") {
                uses(&target["datasource"], title);
                let query = target["expr"].as_str().or(target["rawSql"].as_str());
                assert!(query.is_some_and(|q| !q.trim().is_empty()), "{title}");
                queries += 1;
            }
        }
    }
    assert!(queries >= 30, "{queries} queries");
}
