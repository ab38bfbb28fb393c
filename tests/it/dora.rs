//! DORA metrics end to end: a real repository (with a squash-merged pull request), deployment,
//! status, pull request and incident webhooks through ingest and the normalizer, the PostgreSQL
//! projection deriving deployments' changes by git ancestry, and `/metrics/dora` over real HTTP.
//! Every expected figure is computed by hand below.

use crate::common::*;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The scenario's day: every time is an offset in minutes from its midnight (UTC).
const DAY: &str = "2026-03-02";

fn time(minutes: i64) -> String {
    minutes_after(&format!("{DAY}T00:00:00Z"), minutes)
}

/// Commits `files` as `email`, authored and committed at `minutes`; returns the sha.
fn commit_at(
    dir: &Path,
    files: &[(&str, &str)],
    message: &str,
    email: &str,
    minutes: i64,
) -> String {
    write_files(dir, files);
    git(dir, &["add", "."]);
    let when = time(minutes);
    output_of(
        Command::new("git")
            .args(["commit", "-q", "-m", message])
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", email)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_NAME", email)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_COMMITTER_DATE", &when),
    );
    git(dir, &["rev-parse", "HEAD"])
}

fn deployment_status(
    repo: &str,
    id: i64,
    sha: &str,
    environment: &str,
    state: &str,
    minutes: i64,
) -> Value {
    deployment_status_body(
        repo,
        (id, sha, environment, state),
        &time(minutes - 1),
        &time(minutes),
    )
}

fn issue(repo: &str, number: i64, labels: &[&str], opened: i64, closed: Option<i64>) -> Value {
    issue_body(
        repo,
        number,
        labels,
        &time(opened),
        closed.map(time).as_deref(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn known_deployments_incidents_and_a_squash_merge_give_the_hand_computed_metrics() {
    let env = TestEnv::new("dora").await;
    let repo = "acme/dora";
    let dir = env.tmp.path().join("origin");
    std::fs::create_dir_all(&dir).expect("mkdir");
    git(&dir, &["init", "-q", "-b", "main"]);

    // History (minutes after midnight):
    //   c0  10  ada    README          -- deployed by D1 (the baseline) at 15
    //   c1  30  alice  billing/a.py
    //   f1 120, f2 180  bob  on branch `feature` (from c1), pull request #7
    //   s1 360  bob    billing/pay.py  -- the squash of #7 onto main
    //   D2 deploys s1 at 480
    //   c2 540  carol  web/x.ts
    //   c3 600  carol  web/y.ts         -- D3 deploys c3 at 720
    let c0 = commit_at(
        &dir,
        &[("README", "dora\n")],
        "start",
        "ada@example.com",
        10,
    );
    commit_at(
        &dir,
        &[("billing/a.py", "A = 1\n")],
        "billing: a",
        "alice@example.com",
        30,
    );
    git(&dir, &["checkout", "-q", "-b", "feature"]);
    commit_at(
        &dir,
        &[("billing/pay.py", "def pay():\n    pass\n")],
        "pay: draft",
        "bob@example.com",
        120,
    );
    let f2 = commit_at(
        &dir,
        &[("billing/pay.py", "def pay():\n    return 1\n")],
        "pay: done",
        "bob@example.com",
        180,
    );
    git(&dir, &["checkout", "-q", "main"]);
    git(&dir, &["merge", "-q", "--squash", "feature"]);
    let s1 = commit_at(&dir, &[], "Pay (#7)", "bob@example.com", 360);
    let c2 = commit_at(
        &dir,
        &[("web/x.ts", "export const x = 1;\n")],
        "web: x",
        "carol@example.com",
        540,
    );
    let c3 = commit_at(
        &dir,
        &[("web/y.ts", "export const y = 2;\n")],
        "web: y",
        "carol@example.com",
        600,
    );
    assert_eq!(git(&dir, &["rev-parse", "HEAD~1"]), c2);

    let teams = env.tmp.path().join("teams.json");
    std::fs::write(
        &teams,
        r#"{"payments": {"authors": ["bob@example.com"], "paths": ["billing/"]},
            "web": {"authors": ["carol@example.com"]}}"#,
    )
    .expect("teams file");
    let ingest = env.start_ingest(1024 * 1024).await;
    env.start_normalizer().await;
    env.start_projection().await;
    let mut config = env.api_config();
    config.teams_file = Some(teams);
    let api = env.start_api_configured(config, None).await;

    // The webhooks come first: deployments wait for their commits (arrival order must not matter).
    let mut pr = with_repository(fixture("pull_request.closed.payload.json"), repo);
    pr["number"] = json!(7);
    pr["pull_request"]["number"] = json!(7);
    pr["pull_request"]["merged"] = json!(true);
    pr["pull_request"]["merge_commit_sha"] = json!(s1);
    pr["pull_request"]["head"]["sha"] = json!(f2);
    pr["pull_request"]["head"]["ref"] = json!("feature");
    pr["pull_request"]["created_at"] = json!(time(200));
    pr["pull_request"]["updated_at"] = json!(time(360));
    pr["pull_request"]["closed_at"] = json!(time(360));
    pr["pull_request"]["merged_at"] = json!(time(360));
    let deliveries = [
        ("pull_request", pr),
        (
            "deployment_status",
            deployment_status(repo, 1, &c0, "production", "success", 15),
        ),
        (
            "deployment_status",
            deployment_status(repo, 2, &s1, "production", "success", 480),
        ),
        (
            "deployment_status",
            deployment_status(repo, 3, &c3, "production", "success", 720),
        ),
        // Not counted: a failed deployment, and a deployment to another environment.
        (
            "deployment_status",
            deployment_status(repo, 4, &c3, "production", "failure", 800),
        ),
        (
            "deployment_status",
            deployment_status(repo, 5, &c2, "staging", "success", 560),
        ),
        // Incident #21 follows D2 (opened 570, closed 600); #20 follows D3 (780 to 900).
        (
            "issues",
            issue(repo, 21, &["incident", "sev2"], 570, Some(600)),
        ),
        ("issues", issue(repo, 20, &["incident"], 780, Some(900))),
        // Not incidents: a bug, and an incident of staging.
        ("issues", issue(repo, 22, &["bug"], 750, None)),
        (
            "issues",
            issue(
                repo,
                23,
                &["incident", "environment:staging"],
                570,
                Some(575),
            ),
        ),
    ];
    for (event, body) in deliveries {
        env.send_webhook(ingest, event, serde_json::to_vec(&body).expect("json"))
            .await;
    }
    let pool = env.pool(&env.read_schema()).await;
    wait_until(
        Duration::from_secs(60),
        "deployments projected, waiting for commits",
        || async {
            try_count(
                &pool,
                "SELECT count(*) FROM dora_deployments WHERE NOT changes_complete",
            )
            .await
                == Some(4)
                && try_count(&pool, "SELECT count(*) FROM issues").await == Some(4)
        },
    )
    .await;

    let (_producer, _registered, report) = env.register_and_backfill(&dir, repo).await;
    assert_eq!(report.commits, 7, "c0, c1, f1, f2, s1, c2, c3");
    wait_until(
        Duration::from_secs(60),
        "every deployment's changes",
        || async {
            try_count(
                &pool,
                "SELECT count(*) FROM dora_deployments WHERE changes_complete",
            )
            .await
                == Some(4)
        },
    )
    .await;

    let hours = |h: f64| h * 3600.0;
    let (status, all) = env
        .get(
            api,
            &format!("/metrics/dora?repo={repo}&env=production&from={DAY}&to=2026-03-03"),
        )
        .await;
    assert_eq!(status, 200, "{all}");
    // Deployment frequency: D1, D2, D3 (D4 failed, D5 is staging) in one day.
    assert_eq!(all["deployment_frequency"]["deployments"], 3);
    assert_eq!(all["deployment_frequency"]["per_day"], 3.0);
    // Lead time: D2 ships c1 (480-30 = 450 min) and s1, whose change starts at the pull
    // request's first commit f1 (480-120 = 360 min, not 480-360 = 120 min of the squash commit);
    // D3 ships c2 (720-540 = 180) and c3 (720-600 = 120). D1 is the baseline.
    // Sorted: 120, 180, 360, 450 → median (180+360)/2 = 270 min; mean 1110/4 = 277.5 min;
    // p90 (nearest rank 4) = 450 min.
    let lead = &all["lead_time_for_changes"];
    assert_eq!(lead["count"], 4, "{all}");
    assert_eq!(lead["median_seconds"], hours(4.5), "{all}");
    assert_eq!(lead["mean_seconds"], 277.5 * 60.0, "{all}");
    assert_eq!(lead["p90_seconds"], hours(7.5), "{all}");
    // Change failure rate: D2 (#21) and D3 (#20) failed, D1 did not: 2/3.
    assert_eq!(all["change_failure_rate"]["failed"], 2);
    assert_eq!(all["change_failure_rate"]["rate"], 2.0 / 3.0);
    // Time to restore: #21 30 min, #20 120 min → median 75 min.
    assert_eq!(all["time_to_restore"]["incidents"], 2);
    assert_eq!(
        all["time_to_restore"]["durations"]["median_seconds"],
        hours(1.25)
    );
    assert_eq!(all["pending_deployments"], 0);

    // The payments team (bob, billing/): only D2 ships its changes (c1 by path, s1 by author):
    // lead times 450 and 360 → median 405 min; D2 failed (#21, 30 min to restore).
    let (status, payments) = env
        .get(
            api,
            &format!("/metrics/dora?repo={repo}&from={DAY}&to=2026-03-03&team=payments"),
        )
        .await;
    assert_eq!(status, 200, "{payments}");
    assert_eq!(payments["deployment_frequency"]["deployments"], 1);
    assert_eq!(
        payments["lead_time_for_changes"]["median_seconds"],
        405.0 * 60.0
    );
    assert_eq!(payments["change_failure_rate"]["rate"], 1.0);
    assert_eq!(
        payments["time_to_restore"]["durations"]["median_seconds"],
        1800.0
    );
    // The web team (carol): D3 only; lead times 180, 120 → 150 min; #20 took 120 min.
    let (_, web) = env
        .get(
            api,
            &format!("/metrics/dora?repo={repo}&from={DAY}&to=2026-03-03&team=web"),
        )
        .await;
    assert_eq!(
        web["lead_time_for_changes"]["median_seconds"],
        150.0 * 60.0,
        "{web}"
    );
    assert_eq!(
        web["time_to_restore"]["durations"]["median_seconds"],
        hours(2.0)
    );

    // Staging: D5 alone is its baseline; incident #23 (5 min) follows it.
    let (_, staging) = env
        .get(
            api,
            &format!("/metrics/dora?repo={repo}&env=staging&from={DAY}&to=2026-03-03"),
        )
        .await;
    assert_eq!(
        staging["deployment_frequency"]["deployments"], 1,
        "{staging}"
    );
    assert_eq!(staging["lead_time_for_changes"], Value::Null);
    assert_eq!(staging["change_failure_rate"]["rate"], 1.0);
    assert_eq!(
        staging["time_to_restore"]["durations"]["median_seconds"],
        300.0
    );

    // Bad parameters are refused with a reason; no token is refused.
    for bad in [
        "/metrics/dora?repo=nope",
        "/metrics/dora?from=yesterday",
        "/metrics/dora?from=2026-03-03&to=2026-03-02",
        "/metrics/dora?team=nobody",
    ] {
        let (status, body) = env.get(api, bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{body}"
        );
    }
    let unauthenticated = env
        .http
        .get(format!("http://{api}/metrics/dora"))
        .send()
        .await
        .expect("request");
    assert_eq!(unauthenticated.status().as_u16(), 401);
}
