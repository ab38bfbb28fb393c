//! The mapping from GitHub webhook payloads to Tributary events. Pure: no I/O.

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

/// A modeled event whose payload lacks what it needs.
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
        self.at(path).and_then(Value::as_bool).unwrap_or(false)
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
    let bytes: std::borrow::Cow<'_, [u8]> =
        if content_type.starts_with("application/x-www-form-urlencoded") {
            let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&webhook.body)
                .map_err(|e| NormalizeError::NotJson(e.to_string()))?;
            let payload = form
                .into_iter()
                .find(|(k, _)| k == "payload")
                .map(|(_, v)| v)
                .ok_or_else(|| NormalizeError::NotJson("form body without payload".into()))?;
            payload.into_bytes().into()
        } else {
            webhook.body.as_slice().into()
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
                state: p.str("pull_request.state")?,
                author: p.opt_str("pull_request.user.login"),
                merged: p.bool("pull_request.merged"),
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
                state: p.str("issue.state")?,
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
            let r = Release {
                id: p.i64("release.id")?,
                tag_name: p.str("release.tag_name")?,
                name: p.opt_str("release.name"),
                target_commitish: p.opt_str("release.target_commitish"),
                draft: p.bool("release.draft"),
                prerelease: p.bool("release.prerelease"),
                author: p.opt_str("release.author.login"),
                created_at: p.time("release.created_at")?,
                published_at: p.opt_time("release.published_at"),
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::PathBuf;

    fn fixture(name: &str) -> WebhookReceived {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/github-webhooks");
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
}
