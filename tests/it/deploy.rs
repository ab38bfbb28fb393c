//! The production deployment files, checked structurally (no Docker engine runs here):
//! every service of `docker-compose.kafka.yml` has an image or a build and a health check (the
//! one-shot topic creation aside), every Tributary component is configured by environment with
//! the secrets taken from the caller's, Prometheus scrapes every component where it serves
//! `/metrics`, `promtool check config` accepts the scrape config, and every Grafana dashboard
//! panel uses a provisioned data source. (`dashboards.rs` beside it runs every dashboard query.)
//! The compose file is closed by default: no secret has a fallback value (`${VAR:?...}`), only
//! ingest, the query API and Grafana are published, anything else is bound to 127.0.0.1, and the
//! registry's writes need the credential every component carries in its registry URL.

use serde_yaml::Value;
use std::collections::BTreeSet;
use std::path::Path;
use tributary_test_support::command::output_of;

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
        // The registry runs from the same image but is not a pipeline component.
        if !is_tributary || name == "schema-registry" {
            continue;
        }
        let env = service["environment"].as_mapping().expect("environment");
        let get = |k: &str| env.get(k).map(text).unwrap_or_default();
        assert!(get("TRIBUTARY_BROKERS").contains("kafka-3:9092"), "{name}");
        assert_eq!(
            get("TRIBUTARY_REGISTRY_URL"),
            "http://tributary:${TRIBUTARY_REGISTRY_WRITE_PASSWORD:?set TRIBUTARY_REGISTRY_WRITE_PASSWORD}@schema-registry:8081",
            "{name}: the registry's write credential in the URL"
        );
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
    // Debian's prometheus, installed by scripts/install.sh.
    output_of(
        std::process::Command::new("promtool")
            .arg("check")
            .arg("config")
            .arg(&config),
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

/// The secrets of the deployment: each must come from the caller's environment, without a
/// fallback.
const SECRETS: &[&str] = &[
    "TRIBUTARY_WEBHOOK_SECRET",
    "TRIBUTARY_JWT_SECRET",
    "TRIBUTARY_REGISTRY_WRITE_PASSWORD",
    "POSTGRES_PASSWORD",
    "NEO4J_PASSWORD",
    "GRAFANA_DB_PASSWORD",
    "GRAFANA_ADMIN_PASSWORD",
];

/// Credentials that are optional (empty when unset) rather than secrets with a fallback.
const OPTIONAL_CREDENTIALS: &[&str] = &["TRIBUTARY_LLM_API_KEY"];

fn holds_a_secret(variable: &str) -> bool {
    ["PASSWORD", "SECRET", "TOKEN", "KEY", "AUTH"]
        .iter()
        .any(|w| variable.contains(w))
}

/// Every `${NAME...}` in `text`: (name, what follows the name up to the closing brace).
fn interpolations(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let end = after.find('}').unwrap_or(after.len());
        let inner = &after[..end];
        let name_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        found.push((inner[..name_len].to_string(), inner[name_len..].to_string()));
        rest = &after[end..];
    }
    found
}

/// Every string scalar of a YAML document.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Sequence(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Mapping(map) => map.iter().for_each(|(k, v)| {
            strings(k, out);
            strings(v, out);
        }),
        Value::Tagged(t) => strings(&t.value, out),
        _ => {}
    }
}

/// Checks that every interpolation of a secret in `texts` has no fallback (`:?` or `?`),
/// optional credentials aside (an empty default only); returns the secrets seen.
fn check_no_fallback(texts: &[(String, String)]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for (source, text) in texts {
        for (name, op) in interpolations(text) {
            if !holds_a_secret(&name) {
                continue;
            }
            if OPTIONAL_CREDENTIALS.contains(&name.as_str()) {
                assert!(
                    op.is_empty() || op == ":-" || op.starts_with(":?"),
                    "{source}: {name} may be empty, never a fallback value: `${{{name}{op}}}`"
                );
                continue;
            }
            assert!(
                op.starts_with(":?") || op.starts_with('?'),
                "{source}: `${{{name}{op}}}`: a secret must be required (`${{{name}:?message}}`), \
                 never defaulted"
            );
            seen.insert(name);
        }
    }
    seen
}

/// A published port of a service: (host address, host port), from the short (`[ip:]host:container`)
/// or long (`host_ip`, `published`) syntax; a port without a host side is not published.
fn host_side(port: &Value) -> Option<(String, String)> {
    if let Some(map) = port.as_mapping() {
        let published = map.get("published").map(text)?;
        let ip = map.get("host_ip").map(text).unwrap_or_default();
        return Some((ip, published));
    }
    let spec = text(port);
    let spec = spec.split('/').next().unwrap_or_default();
    let parts: Vec<&str> = spec.rsplitn(3, ':').collect();
    match parts.as_slice() {
        [_container] => None,
        [_container, host] => Some((String::new(), host.to_string())),
        [_container, host, ip] => Some((ip.trim_matches(['[', ']']).to_string(), host.to_string())),
        _ => None,
    }
}

#[test]
fn the_compose_file_is_closed_by_default() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Secrets: no fallback, in compose and in every file it mounts from deploy/.
    let compose_text =
        std::fs::read_to_string(root.join("docker-compose.kafka.yml")).expect("compose");
    let compose: Value = serde_yaml::from_str(&compose_text).expect("yaml");
    let mut texts = Vec::new();
    let mut scalars = Vec::new();
    strings(&compose, &mut scalars);
    texts.extend(
        scalars
            .into_iter()
            .map(|s| ("docker-compose.kafka.yml".to_string(), s)),
    );
    let mut deploy_files = vec![root.join("deploy")];
    while let Some(path) = deploy_files.pop() {
        if path.is_dir() {
            deploy_files.extend(
                std::fs::read_dir(&path)
                    .expect("deploy dir")
                    .map(|e| e.expect("entry").path()),
            );
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            texts.push((path.display().to_string(), text));
        }
    }
    let seen = check_no_fallback(&texts);
    let expected: BTreeSet<String> = SECRETS.iter().map(|s| s.to_string()).collect();
    assert_eq!(seen, expected, "every secret required, and only these");

    // Ports: exactly ingest, the API and Grafana published; anything else on loopback only.
    let compose = load("docker-compose.kafka.yml");
    let services = compose["services"].as_mapping().expect("services");
    let mut published = BTreeSet::new();
    for (name, service) in services {
        let name = text(name);
        assert!(
            service.get("network_mode").is_none(),
            "{name}: no host networking"
        );
        for port in service["ports"].as_sequence().cloned().unwrap_or_default() {
            let Some((ip, host_port)) = host_side(&port) else {
                continue;
            };
            match ip.as_str() {
                "127.0.0.1" | "::1" | "localhost" => {}
                "" | "0.0.0.0" | "::" => {
                    published.insert(format!("{name}:{host_port}"));
                }
                other => panic!("{name}: bound to {other}"),
            }
        }
    }
    let expected: BTreeSet<String> = ["ingest:8080", "api:3000", "grafana:3001"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        published, expected,
        "only ingest, the query API and Grafana are published"
    );

    // The registry requires its write credential, which every component carries.
    let registry = &services[&Value::from("schema-registry")];
    assert_eq!(text(&registry["command"][0]), "registry");
    let password = text(&registry["environment"]["TRIBUTARY_REGISTRY_WRITE_PASSWORD"]);
    assert!(
        password.starts_with("${TRIBUTARY_REGISTRY_WRITE_PASSWORD:?"),
        "{password}"
    );
    for (name, service) in services {
        if let Some(url) = service["environment"]
            .get("TRIBUTARY_REGISTRY_URL")
            .map(text)
        {
            assert!(
                url.starts_with("http://tributary:${TRIBUTARY_REGISTRY_WRITE_PASSWORD:?"),
                "{}: {url}",
                text(name)
            );
        }
    }
}

#[test]
fn the_checks_catch_fallbacks_and_open_ports() {
    // The checks themselves, on the shapes they must refuse.
    let open = |t: &str| {
        std::panic::catch_unwind(|| check_no_fallback(&[("x".into(), t.into())])).is_err()
    };
    assert!(open("postgres://u:${POSTGRES_PASSWORD:-tributary}@db"));
    assert!(open("${NEO4J_PASSWORD-neo4j}"));
    assert!(open("${TRIBUTARY_JWT_SECRET}"), "no message, no refusal");
    assert!(open("${TRIBUTARY_LLM_API_KEY:-sk-default}"));
    assert!(!open("${POSTGRES_PASSWORD:?set it}"));
    assert!(!open("${TRIBUTARY_LLM_API_KEY:-}"));
    assert!(!open("${TRIBUTARY_LLM_URL:-http://x}"), "not a secret");
    assert_eq!(
        host_side(&Value::from("8081:8081")),
        Some((String::new(), "8081".into()))
    );
    assert_eq!(
        host_side(&Value::from("127.0.0.1:9090:9090")),
        Some(("127.0.0.1".into(), "9090".into()))
    );
    assert_eq!(host_side(&Value::from("9092")), None);
}
