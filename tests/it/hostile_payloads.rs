//! Real payloads, not only the documented shape, end to end on the real stack: signed webhooks
//! through ingest, the normalizer and the PostgreSQL projection, read back through the query API.
//! GitHub omits or nulls fields by event and action (an `issues` event for `pinned`/`unpinned`
//! has no `issue.state`; a draft release has `created_at: null`; a pull request's `merged` is
//! null outside `closed`; push commits may lack their file lists): those are modeled. A JSON
//! payload the model cannot hold is kept raw and counted; only a body that is not JSON reaches the
//! dead-letter topic.
//!
//! The payloads are inline, trimmed from the shapes in GitHub's webhook documentation and
//! octokit's webhook schemas (`webhook-issues-pinned`, `webhooks_issue_2`: `state` not required;
//! `release.created_at` nullable; `pull_request.merged` nullable; push commit `added`/`removed`/
//! `modified` not required), to the fields Tributary reads plus a few it ignores.

use crate::common::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;
use tributary_schemas::{event_id, WebhookReceived};

const REPO: &str = "acme/hostile";

fn repository() -> Value {
    json!({
        "id": 42,
        "name": "hostile",
        "full_name": REPO,
        "owner": {"login": "acme", "id": 1},
        "private": false,
    })
}

/// `issues` / `pinned`: the issue object has no `state` (and here no labels and a null user).
fn pinned_issue(number: i64, action: &str, closed_at: Option<&str>) -> Value {
    json!({
        "action": action,
        "issue": {
            "id": 1000 + number,
            "number": number,
            "title": format!("Issue {number}"),
            "user": null,
            "assignees": [],
            "comments": 0,
            "created_at": "2026-02-01T00:00:00Z",
            "updated_at": "2026-02-02T00:00:00Z",
            "closed_at": closed_at,
            "author_association": "OWNER",
            "body": null,
        },
        "repository": repository(),
        "sender": {"login": "octocat", "id": 2},
    })
}

/// The deliveries the pipeline must model: (event, body).
fn modeled() -> Vec<(&'static str, Value)> {
    vec![
        ("issues", pinned_issue(1, "pinned", None)),
        (
            "issues",
            pinned_issue(2, "unpinned", Some("2026-02-02T00:00:00Z")),
        ),
        (
            "release",
            json!({
                "action": "created",
                "release": {
                    "id": 77,
                    "tag_name": "v0.1.0-rc1",
                    "name": null,
                    "draft": true,
                    "prerelease": false,
                    "author": null,
                    "created_at": null,
                    "published_at": null,
                },
                "repository": repository(),
            }),
        ),
        (
            "pull_request",
            json!({
                "action": "closed",
                "number": 5,
                "pull_request": {
                    "number": 5,
                    "title": "Harden the edges",
                    "user": null,
                    "merged": null,
                    "head": {"ref": "edges", "sha": "a".repeat(40), "repo": null},
                    "base": {"ref": "main", "sha": "b".repeat(40)},
                    "created_at": "2026-02-01T00:00:00Z",
                    "updated_at": "2026-02-03T00:00:00Z",
                    "closed_at": "2026-02-03T00:00:00Z",
                    "merged_at": "2026-02-03T00:00:00Z",
                    "merge_commit_sha": null,
                },
                "repository": repository(),
            }),
        ),
        (
            "deployment_status",
            json!({
                "action": "created",
                "deployment_status": {
                    "id": 300,
                    "state": "success",
                    "creator": null,
                    "description": null,
                    "created_at": "2026-02-04T00:10:00Z",
                },
                "deployment": {
                    "id": 30,
                    "sha": "c".repeat(40),
                    "ref": "main",
                    "environment": "production",
                    "creator": null,
                    "created_at": "2026-02-04T00:00:00Z",
                },
                "repository": repository(),
            }),
        ),
        (
            "push",
            json!({
                "ref": "refs/heads/main",
                "before": "0".repeat(40),
                "after": "d".repeat(40),
                "created": true,
                "repository": repository(),
                "pusher": {"name": "octocat", "email": null},
                "head_commit": null,
                "commits": [{
                    "id": "d".repeat(40),
                    "message": "trimmed commit",
                    "timestamp": "2026-02-05T00:00:00Z",
                    "author": {"name": "Ada", "email": "ada@example.com"},
                }],
            }),
        ),
    ]
}

/// JSON deliveries the model cannot hold: kept raw and counted, not dead-lettered.
fn unmodelable() -> Vec<(&'static str, Value)> {
    let mut no_number = pinned_issue(3, "pinned", None);
    if let Some(issue) = no_number["issue"].as_object_mut() {
        issue.remove("number");
    }
    vec![
        ("issues", no_number),
        // A modeled event without its repository (as an organization-level shape would be).
        (
            "release",
            json!({"action": "published", "release": {"id": 1, "tag_name": "v1"}}),
        ),
    ]
}

/// The value of `tributary_normalizer_unmodeled_total{event, reason}` in this process.
fn unmodeled(event: &str, reason: &str) -> f64 {
    let labels = [format!("event=\"{event}\""), format!("reason=\"{reason}\"")];
    tributary_telemetry::render_metrics()
        .lines()
        .filter(|l| l.starts_with("tributary_normalizer_unmodeled_total{"))
        .filter(|l| labels.iter().all(|label| l.contains(label.as_str())))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn admin_dlq(env: &TestEnv, api: SocketAddr) -> Value {
    let r = env
        .http
        .get(format!("http://{api}/admin/dlq"))
        .bearer_auth(env.token(&["admin"]))
        .send()
        .await
        .expect("request");
    r.json().await.unwrap_or(Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn real_payload_shapes_are_modeled_or_kept_raw_and_only_non_json_is_dead_lettered() {
    // The normalizer runs in this process: its counters land in this recorder, which no other
    // test's normalizer may count into.
    if own_process(
        module_path!(),
        "real_payload_shapes_are_modeled_or_kept_raw_and_only_non_json_is_dead_lettered",
    )
    .await
    {
        return;
    }
    assert!(
        tributary_telemetry::prometheus().is_some(),
        "metrics recorder"
    );
    let env = TestEnv::new("hostile_payloads").await;
    let ingest = env.start_ingest(1024 * 1024).await;
    env.start_normalizer().await;
    env.start_projection().await;
    let api = env.start_api().await;

    let incomplete_before = unmodeled("issues", "incomplete") + unmodeled("release", "incomplete");
    let other_before = unmodeled("other", "event_type");
    let mut sent = 0;
    for (event, body) in modeled().into_iter().chain(unmodelable()) {
        env.send_webhook(ingest, event, serde_json::to_vec(&body).expect("json"))
            .await;
        sent += 1;
    }
    // An event type Tributary does not model at all.
    env.send_webhook(
        ingest,
        "discussion",
        serde_json::to_vec(&json!({"action": "created", "repository": repository()}))
            .expect("json"),
    )
    .await;
    sent += 1;

    // A body that is not JSON: ingest refuses those (400), so it is written to webhooks.raw
    // directly, as an older ingest or another producer could have.
    let topic = env.infra.kafka.topics().webhooks_raw();
    let producer = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(10))
        .expect("producer");
    let codec = env.infra.codec().expect("codec");
    let garbage = WebhookReceived {
        event_id: event_id::webhook("not-json"),
        delivery_id: "not-json".into(),
        event: "issues".into(),
        hook_id: None,
        headers: HashMap::new(),
        body: b"<html>not json</html>".to_vec(),
        body_sha256: String::new(),
        received_at: 1_770_000_000_000,
    };
    let bytes = codec.encode(&topic, &garbage).await.expect("encode");
    tributary_runtime::kafka::send(&producer, &topic, b"not-json", &bytes)
        .await
        .expect("acknowledged");
    sent += 1;

    // The modeled shapes land in the read model.
    let repo = format!("/repos/{REPO}");
    wait_until(
        Duration::from_secs(60),
        "the trimmed shapes projected",
        || async {
            let (_, i) = env.get(api, &format!("{repo}/issues")).await;
            let (_, r) = env.get(api, &format!("{repo}/releases")).await;
            let (_, p) = env.get(api, &format!("{repo}/pulls")).await;
            let (_, d) = env.get(api, &format!("{repo}/deployments")).await;
            let (_, s) = env.get(api, &format!("{repo}/pushes")).await;
            let len = |v: &Value| v["items"].as_array().map_or(0, Vec::len);
            len(&i) == 2
                && len(&r) == 1
                && len(&p) == 1
                && d["items"][0]["latest_state"].is_string()
                && len(&s) == 1
        },
    )
    .await;
    let (_, issues) = env.get(api, &format!("{repo}/issues")).await;
    let state = |number: i64| {
        issues["items"]
            .as_array()
            .and_then(|a| a.iter().find(|i| i["number"] == number))
            .map(|i| i["state"].clone())
    };
    assert_eq!(state(1), Some(json!("open")), "{issues}");
    assert_eq!(state(2), Some(json!("closed")), "{issues}");
    let (_, releases) = env.get(api, &format!("{repo}/releases")).await;
    assert_eq!(releases["items"][0]["tag_name"], "v0.1.0-rc1");
    assert_eq!(releases["items"][0]["draft"], true, "{releases}");
    let (_, pulls) = env.get(api, &format!("{repo}/pulls")).await;
    assert_eq!(pulls["items"][0]["merged"], true, "{pulls}");
    assert_eq!(pulls["items"][0]["state"], "closed", "{pulls}");
    let (_, deployments) = env.get(api, &format!("{repo}/deployments")).await;
    assert_eq!(deployments["items"][0]["latest_state"], "success");

    // The unmodelable JSON is counted, the unmodeled type too, and every delivery is kept raw.
    wait_until(
        Duration::from_secs(30),
        "the unmodelable payloads counted",
        || async {
            unmodeled("issues", "incomplete") + unmodeled("release", "incomplete")
                - incomplete_before
                >= 2.0
                && unmodeled("other", "event_type") > other_before
        },
    )
    .await;
    let pool = env.pool(&env.read_schema()).await;
    wait_until(
        Duration::from_secs(30),
        "every delivery stored raw",
        || async {
            try_count(&pool, "SELECT count(*) FROM webhook_deliveries").await == Some(sent)
        },
    )
    .await;

    // Only the body that is not JSON is a dead letter.
    wait_until(
        Duration::from_secs(30),
        "the non-JSON dead letter",
        || async {
            admin_dlq(&env, api).await["items"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        },
    )
    .await;
    let letters = admin_dlq(&env, api).await;
    let items = letters["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "only the non-JSON body: {letters}");
    assert_eq!(items[0]["component"], "normalizer", "{letters}");
    assert_eq!(items[0]["source_topic"], topic.as_str());
    assert!(
        items[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("not a JSON object")),
        "{letters}"
    );
}
