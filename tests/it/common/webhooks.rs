//! Webhook bodies: the octokit fixtures of `tests/fixtures/github-webhooks`, and bodies shaped
//! from them.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The webhook fixtures.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github-webhooks")
}

/// A push webhook body for `repo` at `clone_url`, from the shared fixture's shape.
pub fn push_body(
    repo: &str,
    clone_url: &str,
    git_ref: &str,
    before: &str,
    after: &str,
    forced: bool,
) -> Vec<u8> {
    let raw =
        std::fs::read(fixtures_dir().join("push.with-new-branch.payload.json")).expect("fixture");
    let mut body: Value = serde_json::from_slice(&raw).expect("json");
    body["ref"] = json!(git_ref);
    body["before"] = json!(before);
    body["after"] = json!(after);
    body["created"] = json!(before.chars().all(|c| c == '0'));
    body["forced"] = json!(forced);
    body["commits"] = json!([]);
    body["head_commit"] = Value::Null;
    body["repository"]["full_name"] = json!(repo);
    body["repository"]["name"] = json!(repo.split('/').nth(1).unwrap_or(repo));
    body["repository"]["clone_url"] = json!(clone_url);
    serde_json::to_vec(&body).expect("encode")
}

/// A fixture webhook body.
pub fn fixture(name: &str) -> Value {
    let raw = std::fs::read(fixtures_dir().join(name)).expect("fixture");
    serde_json::from_slice(&raw).expect("json")
}

/// `body` with its repository set to `repo` (`owner/name`).
pub fn with_repository(mut body: Value, repo: &str) -> Value {
    let (owner, name) = repo.split_once('/').expect("owner/name");
    body["repository"]["full_name"] = json!(repo);
    body["repository"]["name"] = json!(name);
    body["repository"]["owner"]["login"] = json!(owner);
    body
}

/// `start` (RFC 3339) plus `minutes`, in RFC 3339 (UTC, seconds).
pub fn minutes_after(start: &str, minutes: i64) -> String {
    let start = chrono::DateTime::parse_from_rfc3339(start).expect("RFC 3339");
    (start + chrono::TimeDelta::minutes(minutes))
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A `deployment_status` delivery: deployment `id` of `sha` to `environment`, created at
/// `created`, with status `state` (id `id * 10`) at `at`.
pub fn deployment_status_body(
    repo: &str,
    (id, sha, environment, state): (i64, &str, &str, &str),
    created: &str,
    at: &str,
) -> Value {
    let mut body = with_repository(fixture("deployment_status.payload.json"), repo);
    body["deployment"]["id"] = json!(id);
    body["deployment"]["sha"] = json!(sha);
    body["deployment"]["environment"] = json!(environment);
    body["deployment"]["created_at"] = json!(created);
    body["deployment_status"]["id"] = json!(id * 10);
    body["deployment_status"]["state"] = json!(state);
    body["deployment_status"]["environment"] = json!(environment);
    body["deployment_status"]["created_at"] = json!(at);
    body
}

/// An `issues` delivery for issue `number` with `labels`, opened at `opened` and, when given,
/// closed at `closed` (then its action is `closed`).
pub fn issue_body(
    repo: &str,
    number: i64,
    labels: &[&str],
    opened: &str,
    closed: Option<&str>,
) -> Value {
    let mut body = with_repository(fixture("issues.opened.payload.json"), repo);
    body["action"] = json!(if closed.is_some() { "closed" } else { "opened" });
    body["issue"]["number"] = json!(number);
    body["issue"]["labels"] = json!(labels
        .iter()
        .map(|l| json!({ "name": l }))
        .collect::<Vec<_>>());
    body["issue"]["created_at"] = json!(opened);
    body["issue"]["updated_at"] = json!(closed.unwrap_or(opened));
    body["issue"]["closed_at"] = json!(closed);
    body["issue"]["state"] = json!(if closed.is_some() { "closed" } else { "open" });
    body
}
