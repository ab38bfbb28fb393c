//! The mapping from GitHub webhook payloads to Tributary events. Pure: no I/O.
//!
//! Real payloads are not always the documented example: GitHub omits or nulls fields by event,
//! action and age of the object. Every field that GitHub's webhook schemas mark optional or
//! nullable is optional here, and the few the events require are derived when GitHub leaves
//! them out:
//! - `issue.state` / `pull_request.state` (absent on `pinned`/`unpinned` and some older
//!   deliveries): `closed` when `closed_at` is set, else `open` (GitHub clears `closed_at` on
//!   reopen, so the two agree);
//! - `pull_request.merged` (null or absent outside `closed`): whether `merged_at` is set;
//! - `release.created_at` (null for some drafts): `published_at`, else the delivery's time;
//! - push commits without `added`/`removed`/`modified` or `author.username`: empty lists, none.
//!
//! A payload still missing what an event needs is a [`NormalizeError::Field`]: the caller keeps
//! it raw and counts it; only a body that is not JSON is poison ([`NormalizeError::is_poison`]).

use serde_json::Value;
use tributary_schemas::{
    event_id, ActivityObserved, Deployment, DeploymentStatus, Issue, PullRequest, PushObserved,
    PushedCommit, RefChange, Release, WebhookReceived,
};

/// What a webhook becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Normalized {
    /// A push.
    Push(Box<PushObserved>),
    /// Repository activity.
    Activity(Box<ActivityObserved>),
    /// An event type Tributary does not model: kept raw only.
    Unmodeled,
}

/// Why a webhook could not be normalized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    /// The body is not a JSON object.
    #[error("payload is not a JSON object: {0}")]
    NotJson(String),
    /// A required field is missing or has the wrong type.
    #[error("{event} payload: missing or invalid field `{field}`")]
    Field {
        /// Event name.
        event: String,
        /// JSON path of the field.
        field: &'static str,
    },
}

impl NormalizeError {
    /// Whether the record is poison (dead-lettered): only a body that is not JSON is. A JSON
    /// payload the model cannot hold is kept raw in `webhooks.raw` and counted instead.
    pub fn is_poison(&self) -> bool {
        matches!(self, NormalizeError::NotJson(_))
    }
}

/// The modeled event names, and the metrics label of the others.
pub fn event_label(event: &str) -> &'static str {
    const MODELED_OR_COMMON: &[&str] = &[
        "ping",
        "push",
        "pull_request",
        "deployment",
        "deployment_status",
        "issues",
        "release",
        "create",
        "delete",
        "issue_comment",
        "pull_request_review",
        "check_run",
        "check_suite",
        "workflow_run",
        "workflow_job",
        "status",
        "star",
        "watch",
        "fork",
    ];
    MODELED_OR_COMMON
        .iter()
        .find(|e| **e == event)
        .copied()
        .unwrap_or("other")
}

struct Payload<'a> {
    event: &'a str,
    root: Value,
}

impl Payload<'_> {
    fn at(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(&self.root, |v, key| v.get(key))
    }

    fn str(&self, path: &'static str) -> Result<String, NormalizeError> {
        self.opt_str(path).ok_or_else(|| self.missing(path))
    }

    fn opt_str(&self, path: &str) -> Option<String> {
        self.at(path).and_then(Value::as_str).map(str::to_string)
    }

    fn i64(&self, path: &'static str) -> Result<i64, NormalizeError> {
        self.at(path)
            .and_then(Value::as_i64)
            .ok_or_else(|| self.missing(path))
    }

    fn opt_i64(&self, path: &str) -> Option<i64> {
        self.at(path).and_then(Value::as_i64)
    }

    fn bool(&self, path: &str) -> bool {
        self.opt_bool(path).unwrap_or(false)
    }

    fn opt_bool(&self, path: &str) -> Option<bool> {
        self.at(path).and_then(Value::as_bool)
    }

    /// `<object>.state`, or, when GitHub leaves it out, `closed` if `<object>.closed_at` is set
    /// and `open` otherwise.
    fn state(&self, state: &str, closed_at: &str) -> String {
        self.opt_str(state).unwrap_or_else(|| {
            if self.opt_time(closed_at).is_some() {
                "closed".into()
            } else {
                "open".into()
            }
        })
    }

    fn time(&self, path: &'static str) -> Result<i64, NormalizeError> {
        self.opt_time(path).ok_or_else(|| self.missing(path))
    }

    fn opt_time(&self, path: &str) -> Option<i64> {
        self.at(path).and_then(parse_time)
    }

    fn missing(&self, field: &'static str) -> NormalizeError {
        NormalizeError::Field {
            event: self.event.to_string(),
            field,
        }
    }
}

/// A GitHub time: an RFC 3339 string, or seconds since the epoch (push payloads use both).
fn parse_time(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.timestamp_millis()),
        Value::Number(n) => n.as_i64().map(|s| s * 1000),
        _ => None,
    }
}

fn body_json(webhook: &WebhookReceived) -> Result<Value, NormalizeError> {
    let content_type = webhook
        .headers
        .get("content-type")
        .map(String::as_str)
        .unwrap_or("application/json");
    let body = webhook
        .payload()
        .map_err(|e| NormalizeError::NotJson(e.to_string()))?;
    let bytes: std::borrow::Cow<'_, [u8]> =
        if content_type.starts_with("application/x-www-form-urlencoded") {
            let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
                .map_err(|e| NormalizeError::NotJson(e.to_string()))?;
            let payload = form
                .into_iter()
                .find(|(k, _)| k == "payload")
                .map(|(_, v)| v)
                .ok_or_else(|| NormalizeError::NotJson("form body without payload".into()))?;
            payload.into_bytes().into()
        } else {
            body
        };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(NormalizeError::NotJson("not an object".into())),
        Err(e) => Err(NormalizeError::NotJson(e.to_string())),
    }
}

/// Normalizes one webhook.
pub fn normalize(webhook: &WebhookReceived) -> Result<Normalized, NormalizeError> {
    let kind = match webhook.event.as_str() {
        "push" => None,
        "pull_request" => Some("pull_request"),
        "deployment" => Some("deployment"),
        "deployment_status" => Some("deployment_status"),
        "issues" => Some("issue"),
        "release" => Some("release"),
        "create" | "delete" => Some("ref"),
        _ => return Ok(Normalized::Unmodeled),
    };
    let p = Payload {
        event: &webhook.event,
        root: body_json(webhook)?,
    };
    let repository = p.str("repository.full_name")?;
    let delivery = &webhook.delivery_id;
    let Some(kind) = kind else {
        return push(&p, webhook, repository).map(|p| Normalized::Push(Box::new(p)));
    };
    let mut a = ActivityObserved {
        event_id: event_id::normalized(delivery, kind),
        delivery_id: delivery.clone(),
        kind: kind.to_string(),
        action: p.opt_str("action"),
        repository,
        actor: p.opt_str("sender.login"),
        occurred_at: webhook.received_at,
        pull_request: None,
        deployment: None,
        deployment_status: None,
        issue: None,
        release: None,
        ref_change: None,
    };
    match kind {
        "pull_request" => {
            let pr = PullRequest {
                number: p.i64("pull_request.number")?,
                title: p.str("pull_request.title")?,
                state: p.state("pull_request.state", "pull_request.closed_at"),
                author: p.opt_str("pull_request.user.login"),
                merged: p
                    .opt_bool("pull_request.merged")
                    .unwrap_or_else(|| p.opt_time("pull_request.merged_at").is_some()),
                head_ref: p.str("pull_request.head.ref")?,
                head_sha: p.str("pull_request.head.sha")?,
                base_ref: p.str("pull_request.base.ref")?,
                merge_commit_sha: p.opt_str("pull_request.merge_commit_sha"),
                additions: p.opt_i64("pull_request.additions"),
                deletions: p.opt_i64("pull_request.deletions"),
                changed_files: p.opt_i64("pull_request.changed_files"),
                created_at: p.time("pull_request.created_at")?,
                updated_at: p.time("pull_request.updated_at")?,
                closed_at: p.opt_time("pull_request.closed_at"),
                merged_at: p.opt_time("pull_request.merged_at"),
            };
            a.occurred_at = pr.updated_at;
            a.pull_request = Some(pr);
        }
        "deployment" => {
            let d = deployment(&p)?;
            a.occurred_at = d.created_at;
            a.deployment = Some(d);
        }
        "deployment_status" => {
            let s = DeploymentStatus {
                id: p.i64("deployment_status.id")?,
                deployment_id: p.i64("deployment.id")?,
                state: p.str("deployment_status.state")?,
                environment: p.opt_str("deployment_status.environment"),
                description: p.opt_str("deployment_status.description"),
                created_at: p.time("deployment_status.created_at")?,
            };
            a.occurred_at = s.created_at;
            a.deployment_status = Some(s);
            a.deployment = Some(deployment(&p)?);
        }
        "issue" => {
            let labels = p
                .at("issue.labels")
                .and_then(Value::as_array)
                .map(|ls| {
                    ls.iter()
                        .filter_map(|l| l.get("name").and_then(Value::as_str).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let i = Issue {
                number: p.i64("issue.number")?,
                title: p.str("issue.title")?,
                state: p.state("issue.state", "issue.closed_at"),
                author: p.opt_str("issue.user.login"),
                labels,
                created_at: p.time("issue.created_at")?,
                updated_at: p.time("issue.updated_at")?,
                closed_at: p.opt_time("issue.closed_at"),
            };
            a.occurred_at = i.updated_at;
            a.issue = Some(i);
        }
        "release" => {
            let published_at = p.opt_time("release.published_at");
            let r = Release {
                id: p.i64("release.id")?,
                tag_name: p.str("release.tag_name")?,
                name: p.opt_str("release.name"),
                target_commitish: p.opt_str("release.target_commitish"),
                draft: p.bool("release.draft"),
                prerelease: p.bool("release.prerelease"),
                author: p.opt_str("release.author.login"),
                created_at: p
                    .opt_time("release.created_at")
                    .or(published_at)
                    .unwrap_or(webhook.received_at),
                published_at,
            };
            a.occurred_at = r.published_at.unwrap_or(r.created_at);
            a.release = Some(r);
        }
        _ => {
            // create / delete
            a.action = Some(
                if webhook.event == "create" {
                    "created"
                } else {
                    "deleted"
                }
                .into(),
            );
            a.ref_change = Some(RefChange {
                git_ref: p.str("ref")?,
                ref_type: p.str("ref_type")?,
            });
        }
    }
    Ok(Normalized::Activity(Box::new(a)))
}

fn deployment(p: &Payload<'_>) -> Result<Deployment, NormalizeError> {
    Ok(Deployment {
        id: p.i64("deployment.id")?,
        sha: p.str("deployment.sha")?,
        git_ref: p.str("deployment.ref")?,
        environment: p.str("deployment.environment")?,
        task: p.opt_str("deployment.task"),
        creator: p.opt_str("deployment.creator.login"),
        created_at: p.time("deployment.created_at")?,
    })
}

fn push(
    p: &Payload<'_>,
    webhook: &WebhookReceived,
    repository: String,
) -> Result<PushObserved, NormalizeError> {
    let strings = |v: &Value, key: &str| -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let commits = p
        .at("commits")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .filter_map(|c| {
                    let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
                    let author = |k: &str| {
                        c.get("author")
                            .and_then(|a| a.get(k))
                            .and_then(Value::as_str)
                            .map(str::to_string)
                    };
                    Some(PushedCommit {
                        sha: s("id")?,
                        message: s("message").unwrap_or_default(),
                        timestamp: s("timestamp"),
                        author_name: author("name"),
                        author_email: author("email"),
                        author_username: author("username"),
                        added: strings(c, "added"),
                        removed: strings(c, "removed"),
                        modified: strings(c, "modified"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let (commits, commits_total) = cap_commits(commits);
    Ok(PushObserved {
        event_id: event_id::normalized(&webhook.delivery_id, "push"),
        delivery_id: webhook.delivery_id.clone(),
        repository,
        clone_url: p.opt_str("repository.clone_url"),
        git_ref: p.str("ref")?,
        before: p.str("before")?,
        after: p.str("after")?,
        created: p.bool("created"),
        deleted: p.bool("deleted"),
        forced: p.bool("forced"),
        pusher: p.opt_str("pusher.name"),
        commits,
        observed_at: webhook.received_at,
        commits_total,
    })
}

/// The most bytes of commit messages and paths a push event lists: with the rest of the event,
/// well inside the record budget (`tributary_runtime::budget`, 4 MiB by default). GitHub lists up
/// to 2,048 commits in a push, each with its whole message.
pub const MAX_PUSHED_COMMITS_BYTES: usize = 1024 * 1024;

/// `commits` cut to [`MAX_PUSHED_COMMITS_BYTES`] (the first ones kept), with the number there
/// were when cut.
fn cap_commits(commits: Vec<PushedCommit>) -> (Vec<PushedCommit>, Option<i32>) {
    let total = commits.len();
    let mut used = 0usize;
    let mut kept = Vec::new();
    for c in commits {
        let size = 256
            + c.message.len()
            + [&c.added, &c.removed, &c.modified]
                .iter()
                .flat_map(|l| l.iter())
                .map(|p| p.len() + 2)
                .sum::<usize>();
        if used + size > MAX_PUSHED_COMMITS_BYTES {
            break;
        }
        used += size;
        kept.push(c);
    }
    let cut = kept.len() < total;
    (kept, cut.then(|| i32::try_from(total).unwrap_or(i32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::PathBuf;

    fn fixture(name: &str) -> WebhookReceived {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/github-webhooks");
        let body = std::fs::read(dir.join(name)).expect("fixture exists");
        let event = name.split('.').next().unwrap_or_default().to_string();
        WebhookReceived {
            event_id: event_id::webhook(name),
            delivery_id: name.to_string(),
            event,
            hook_id: None,
            headers: HashMap::new(),
            body,
            body_sha256: String::new(),
            received_at: 1_000,
        }
    }

    #[test]
    fn push_fixtures() {
        let Normalized::Push(p) = normalize(&fixture("push.with-new-branch.payload.json")).unwrap()
        else {
            panic!("not a push")
        };
        assert_eq!(p.repository, "Codertocat/Hello-World");
        assert!(p.created);
        assert_eq!(p.before, "0".repeat(40));
        assert_eq!(p.commits.len(), 1);
        assert_eq!(p.commits[0].added, vec!["README.md".to_string()]);
        let Normalized::Push(tag) = normalize(&fixture("push.payload.json")).unwrap() else {
            panic!("not a push")
        };
        assert!(tag.deleted && tag.commits.is_empty());
    }

    #[test]
    fn activity_fixtures() {
        for (file, kind) in [
            ("pull_request.opened.payload.json", "pull_request"),
            ("pull_request.closed.payload.json", "pull_request"),
            ("deployment.payload.json", "deployment"),
            ("deployment_status.payload.json", "deployment_status"),
            ("issues.opened.payload.json", "issue"),
            ("release.published.payload.json", "release"),
        ] {
            match normalize(&fixture(file)) {
                Ok(Normalized::Activity(a)) => {
                    assert_eq!(a.kind, kind, "{file}");
                    assert_eq!(a.repository, "Codertocat/Hello-World", "{file}");
                }
                other => panic!("{file}: {other:?}"),
            }
        }
        let Normalized::Activity(ds) =
            normalize(&fixture("deployment_status.payload.json")).unwrap()
        else {
            panic!()
        };
        let status = ds.deployment_status.expect("status");
        assert_eq!(Some(status.deployment_id), ds.deployment.map(|d| d.id));
    }

    #[test]
    fn unmodeled_and_broken() {
        assert_eq!(
            normalize(&fixture("ping.payload.json")),
            Ok(Normalized::Unmodeled)
        );
        let mut broken = fixture("issues.opened.payload.json");
        broken.body = br#"{"repository":{"full_name":"a/b"},"issue":{}}"#.to_vec();
        assert!(matches!(
            normalize(&broken),
            Err(NormalizeError::Field {
                field: "issue.number",
                ..
            })
        ));
        broken.body = b"nope".to_vec();
        assert!(matches!(
            normalize(&broken),
            Err(NormalizeError::NotJson(_))
        ));
    }

    // Trimmed real shapes: the fields GitHub's webhook schemas mark optional or nullable are
    // left out (or null), as GitHub sends them for some events and actions.

    fn webhook(event: &str, body: serde_json::Value) -> WebhookReceived {
        WebhookReceived {
            event_id: event_id::webhook(event),
            delivery_id: format!("{event}-delivery"),
            event: event.to_string(),
            hook_id: None,
            headers: HashMap::new(),
            body: serde_json::to_vec(&body).expect("json"),
            body_sha256: String::new(),
            received_at: 1_700_000_000_000,
        }
    }

    fn activity(event: &str, body: serde_json::Value) -> ActivityObserved {
        match normalize(&webhook(event, body)) {
            Ok(Normalized::Activity(a)) => *a,
            other => panic!("{event}: {other:?}"),
        }
    }

    fn repository() -> serde_json::Value {
        serde_json::json!({"id": 1, "name": "r", "full_name": "o/r"})
    }

    /// `issues` with action `pinned`: GitHub's issue object has no `state`.
    fn pinned_issue(closed_at: serde_json::Value) -> serde_json::Value {
        serde_json::json!({
            "action": "pinned",
            "issue": {
                "number": 7,
                "title": "Pinned",
                "user": null,
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-02T00:00:00Z",
                "closed_at": closed_at,
            },
            "repository": repository(),
        })
    }

    #[test]
    fn an_issue_without_state_takes_it_from_closed_at() {
        let a = activity("issues", pinned_issue(serde_json::Value::Null));
        assert_eq!(a.action.as_deref(), Some("pinned"));
        assert_eq!(a.actor, None, "no sender");
        let issue = a.issue.expect("issue");
        assert_eq!((issue.number, issue.state.as_str()), (7, "open"));
        assert!(issue.labels.is_empty() && issue.author.is_none());
        let closed = activity("issues", pinned_issue("2026-01-02T00:00:00Z".into()));
        assert_eq!(closed.issue.expect("issue").state, "closed");
        let mut stated = pinned_issue(serde_json::Value::Null);
        stated["issue"]["state"] = "closed".into();
        assert_eq!(
            activity("issues", stated).issue.expect("issue").state,
            "closed",
            "a given state wins"
        );
    }

    #[test]
    fn a_pull_request_without_merged_or_state_derives_them() {
        let body = serde_json::json!({
            "action": "closed",
            "number": 3,
            "pull_request": {
                "number": 3,
                "title": "Fix",
                "user": null,
                "merged": null,
                "head": {"ref": "fix", "sha": "a".repeat(40), "repo": null},
                "base": {"ref": "main", "sha": "b".repeat(40)},
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-03T00:00:00Z",
                "closed_at": "2026-01-03T00:00:00Z",
                "merged_at": "2026-01-03T00:00:00Z",
                "merge_commit_sha": null,
            },
            "repository": repository(),
        });
        let pr = activity("pull_request", body.clone())
            .pull_request
            .expect("pull request");
        assert!(pr.merged, "merged_at is set");
        assert_eq!(pr.state, "closed");
        assert_eq!((pr.additions, pr.merge_commit_sha), (None, None));
        let mut unmerged = body;
        unmerged["pull_request"]["merged_at"] = serde_json::Value::Null;
        let pr = activity("pull_request", unmerged)
            .pull_request
            .expect("pull request");
        assert!(!pr.merged);
    }

    #[test]
    fn a_release_with_null_created_at_uses_published_at_or_the_delivery_time() {
        let body = serde_json::json!({
            "action": "published",
            "release": {
                "id": 9,
                "tag_name": "v1",
                "name": null,
                "author": null,
                "draft": false,
                "created_at": null,
                "published_at": "2026-01-05T00:00:00Z",
            },
            "repository": repository(),
        });
        let published = chrono::DateTime::parse_from_rfc3339("2026-01-05T00:00:00Z")
            .expect("time")
            .timestamp_millis();
        let a = activity("release", body.clone());
        let r = a.release.expect("release");
        assert_eq!((r.created_at, r.published_at), (published, Some(published)));
        assert_eq!((r.name, r.author, r.target_commitish), (None, None, None));
        let mut draft = body;
        draft["action"] = "created".into();
        draft["release"]["draft"] = true.into();
        draft["release"]["published_at"] = serde_json::Value::Null;
        let r = activity("release", draft).release.expect("release");
        assert_eq!((r.created_at, r.draft), (1_700_000_000_000, true));
    }

    #[test]
    fn a_deployment_status_without_environment_or_description_or_creators() {
        let body = serde_json::json!({
            "action": "created",
            "deployment_status": {
                "id": 20,
                "state": "success",
                "creator": null,
                "description": null,
                "created_at": "2026-01-01T00:10:00Z",
            },
            "deployment": {
                "id": 2,
                "sha": "c".repeat(40),
                "ref": "main",
                "environment": "production",
                "creator": null,
                "created_at": "2026-01-01T00:00:00Z",
            },
            "repository": repository(),
        });
        let a = activity("deployment_status", body);
        let s = a.deployment_status.expect("status");
        assert_eq!(
            (s.deployment_id, s.environment, s.description),
            (2, None, None)
        );
        let d = a.deployment.expect("deployment");
        assert_eq!((d.task, d.creator), (None, None));
    }

    #[test]
    fn a_push_commit_without_file_lists_or_username() {
        let body = serde_json::json!({
            "ref": "refs/heads/main",
            "before": "0".repeat(40),
            "after": "d".repeat(40),
            "repository": repository(),
            "pusher": {"name": "ada", "email": null},
            "head_commit": null,
            "commits": [{
                "id": "d".repeat(40),
                "message": "m",
                "timestamp": "2026-01-01T00:00:00Z",
                "author": {"name": "Ada", "email": "ada@example.com"},
            }],
        });
        let Normalized::Push(p) = normalize(&webhook("push", body)).expect("push") else {
            panic!("not a push")
        };
        assert_eq!(p.commits.len(), 1);
        let c = &p.commits[0];
        assert!(c.added.is_empty() && c.removed.is_empty() && c.modified.is_empty());
        assert_eq!(c.author_username, None);
        assert!(
            !p.created && !p.deleted && !p.forced,
            "absent booleans are false"
        );
    }

    #[test]
    fn only_a_body_that_is_not_json_is_poison() {
        let mut no_number = pinned_issue(serde_json::Value::Null);
        no_number["issue"]
            .as_object_mut()
            .expect("object")
            .remove("number");
        let e = normalize(&webhook("issues", no_number)).expect_err("cannot be modeled");
        assert_eq!(
            e,
            NormalizeError::Field {
                event: "issues".into(),
                field: "issue.number"
            }
        );
        assert!(!e.is_poison(), "kept raw and counted");
        let no_repository = serde_json::json!({"action": "pinned", "issue": {"number": 1}});
        let e = normalize(&webhook("issues", no_repository)).expect_err("no repository");
        assert!(!e.is_poison());
        let mut not_json = webhook("issues", serde_json::Value::Null);
        not_json.body = b"{not json".to_vec();
        assert!(normalize(&not_json).expect_err("not JSON").is_poison());
        not_json.body = b"[1, 2]".to_vec();
        assert!(normalize(&not_json).expect_err("not an object").is_poison());
        // Unmodeled event types are not even parsed.
        assert_eq!(
            normalize(&webhook("discussion", serde_json::json!({}))),
            Ok(Normalized::Unmodeled)
        );
    }

    #[test]
    fn a_form_encoded_pinned_issue_is_modeled() {
        let json = serde_json::to_string(&pinned_issue(serde_json::Value::Null)).expect("json");
        let mut w = webhook("issues", serde_json::Value::Null);
        w.headers.insert(
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        );
        w.body = serde_urlencoded::to_string([("payload", json)])
            .expect("form")
            .into_bytes();
        match normalize(&w) {
            Ok(Normalized::Activity(a)) => assert_eq!(a.issue.expect("issue").state, "open"),
            other => panic!("{other:?}"),
        }
    }
}
