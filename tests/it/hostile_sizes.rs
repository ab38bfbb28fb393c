//! Sizes agree end to end (issue "Safe at the edges", item 2), on the real stack: GitHub's
//! largest webhook is accepted and normalized; a file just under the blob cap and a commit of
//! sixty thousand files backfill completely (the file list cut at its cap, and the read model
//! says so); an output over a processor's record budget sends its record to the dead-letter
//! topic with a cut copy instead of stalling the partition, the next record flows, and a redrive
//! sends back the original bytes read from the source topic.

use crate::common::*;
use serde_json::json;
use std::path::Path;
use std::time::Duration;
use tributary::app;
use tributary_producers::git::GitConfig;
use tributary_runtime::redrive::{DeadLetterFilter, DeadLetterOps};

/// A push delivery for `repo` of about `bytes`, shaped like GitHub's largest real ones: many
/// commits (GitHub lists up to 2,048), each with a message and the paths it touched (a vendoring
/// or generated-code commit touches thousands).
fn padded_push(repo: &str, bytes: usize) -> Vec<u8> {
    let base = push_body(
        repo,
        &format!("https://github.com/{repo}.git"),
        "refs/heads/main",
        &"0".repeat(40),
        &"a".repeat(40),
        false,
    );
    let mut body: serde_json::Value = serde_json::from_slice(&base).expect("json");
    let words = [
        "update",
        "vendored",
        "dependencies",
        "regenerate",
        "bindings",
        "for",
        "the",
        "new",
        "schema",
        "fix",
        "flaky",
        "test",
        "in",
        "parser",
        "module",
        "refactor",
        "error",
        "handling",
        "and",
        "logging",
        "bump",
        "version",
        "of",
        "client",
        "library",
    ];
    let mut commits = Vec::new();
    let mut size = base.len();
    let mut i = 0u64;
    while size < bytes && commits.len() < 2048 {
        // A pseudo-random sha per commit (incompressible, as real ones are).
        let sha = format!(
            "{:016x}{:016x}{:08x}",
            i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            i ^ 0xdead_beef_cafe,
            i
        );
        let message = (0..40)
            .map(|w| words[((i * 7 + w * 13) % words.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ");
        let paths: Vec<String> = (0..400)
            .map(|f| {
                format!(
                    "vendor/github.com/org{}/pkg{}/src/file_{f:04}.go",
                    i % 50,
                    f % 37
                )
            })
            .collect();
        let commit = json!({
            "id": sha, "tree_id": sha, "distinct": true, "message": message,
            "timestamp": "2026-11-30T12:00:00Z",
            "url": format!("https://github.com/{repo}/commit/{sha}"),
            "author": {"name": "Ada Lovelace", "email": "ada@example.com", "username": "ada"},
            "committer": {"name": "Ada Lovelace", "email": "ada@example.com", "username": "ada"},
            "added": [], "removed": [], "modified": paths
        });
        size += commit.to_string().len() + 1;
        commits.push(commit);
        i += 1;
    }
    body["commits"] = json!(commits);
    serde_json::to_vec(&body).expect("encode")
}

/// The pushes of `repo` in the read model (`None` while the query fails).
async fn pushes_of(env: &TestEnv, repo: &str) -> Option<i64> {
    let pool = env.pool(&env.read_schema()).await;
    let n = try_count(
        &pool,
        &format!("SELECT count(*) FROM pushes WHERE repository = '{repo}'"),
    )
    .await;
    pool.close().await;
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn githubs_largest_webhook_is_accepted_and_normalized() {
    let env = TestEnv::new("size_webhook").await;
    let ingest = env.start_ingest(25 * 1024 * 1024).await;
    env.start_normalizer().await;
    env.start_projection().await;
    let api = env.start_api().await;

    let body = padded_push("big/webhook", 25_000_000);
    let body_len = body.len();
    assert!(
        (25_000_000..=25 * 1024 * 1024).contains(&body_len),
        "{body_len}"
    );
    let commits = serde_json::from_slice::<serde_json::Value>(&body).expect("json")["commits"]
        .as_array()
        .map_or(0, Vec::len);
    let answer = tributary::webhook_client::send(
        &env.http,
        &format!("http://{ingest}/webhooks/github"),
        WEBHOOK_SECRET.as_bytes(),
        "push",
        "size-delivery-25mb",
        body,
    )
    .await
    .expect("sent");
    assert_eq!(answer.status, 202, "{}", answer.body);

    let find = |pushes: &serde_json::Value| {
        pushes["items"]
            .as_array()
            .and_then(|items| {
                items
                    .iter()
                    .find(|p| p["delivery_id"] == "size-delivery-25mb")
            })
            .cloned()
    };
    wait_until(
        Duration::from_secs(120),
        "the 25 MB push projected",
        || async {
            let (status, pushes) = env.get(api, "/repos/big/webhook/pushes").await;
            status == 200 && find(&pushes).is_some()
        },
    )
    .await;
    let push = find(&env.get(api, "/repos/big/webhook/pushes").await.1).unwrap_or_default();
    // Its commit list did not fit in one record: cut, counted and marked.
    assert_eq!(
        push["commit_count"], commits as i64,
        "{}",
        push["commit_count"]
    );
    assert_eq!(push["commits_truncated"], true);
    let listed = push["commit_shas"].as_array().map_or(0, Vec::len);
    assert!(listed > 0 && listed < commits, "{listed} of {commits}");
    // The delivery's size as received, not as stored compressed.
    let pool = env.pool(&env.read_schema()).await;
    assert_eq!(
        count(&pool, "SELECT body_bytes::bigint FROM webhook_deliveries WHERE delivery_id = 'size-delivery-25mb'").await,
        body_len as i64
    );
}

/// `dir` registered as `name` and backfilled by a git producer with the production caps (the
/// test harness's default blob cap is smaller).
async fn backfill_with_default_caps(env: &TestEnv, dir: &Path, name: &str) {
    let config = GitConfig {
        mirrors: env.tmp.path().join("mirrors"),
        state_schema: format!("{}_sources", env.id),
        ..GitConfig::default()
    };
    env.register_and_backfill_with(config, dir, name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_file_just_under_the_blob_cap_is_emitted_analyzed_and_projected() {
    let env = TestEnv::new("size_blob").await;
    env.start_projection().await;
    app::start_ast_analyzer(&env.infra, None, env.shutdown.clone())
        .await
        .expect("analyzer starts");
    let dir = env.tmp.path().join("repo");
    // 1,020,000 bytes: over librdkafka's default message.max.bytes (1,000,000), under the
    // 1 MiB blob cap. Shaped like real megabyte source files: generated tables beside a few
    // functions.
    let mut text = String::from(
        "\"\"\"Generated lookup tables.\"\"\"\n\ndef lookup(key):\n    return TABLE[key]\n\n\
         def size():\n    return len(TABLE)\n\nTABLE = [\n",
    );
    let mut row = 0u64;
    while text.len() < 1_020_000 - 64 {
        text.push_str(&format!(
            "    ({row}, {}, \"{:08x}\"),\n",
            row * 31 % 977,
            row * 2_654_435_761 % 4_294_967_296
        ));
        row += 1;
    }
    text.push_str("]\n");
    text.push_str(&"#".repeat(1_020_000 - text.len() - 1));
    text.push('\n');
    assert_eq!(text.len(), 1_020_000);
    init_repository(
        &dir,
        &[("big.py", &text), ("README.md", "hi\n")],
        "big file",
    );
    let blob = git(&dir, &["rev-parse", "HEAD:big.py"]);
    backfill_with_default_caps(&env, &dir, "size/blob").await;

    let pool = env.pool(&env.read_schema()).await;
    let expected = rev_list_count(&dir);
    wait_until(Duration::from_secs(120), "the big file analyzed", || async {
        try_count(
            &pool,
            &format!("SELECT count(*) FROM file_analyses WHERE blob_id = '{blob}' AND skipped IS NULL"),
        )
        .await
            == Some(1)
    })
    .await;
    let definitions: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT name FROM symbols WHERE blob_id = '{blob}' ORDER BY name"
    ))
    .fetch_all(&pool)
    .await
    .expect("symbols");
    assert!(
        definitions.contains(&"lookup".to_string()) && definitions.contains(&"size".to_string()),
        "{definitions:?}"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM commits WHERE repository = 'size/blob'"
        )
        .await,
        expected
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_commit_of_sixty_thousand_files_backfills_with_its_file_list_cut_and_marked() {
    let env = TestEnv::new("size_commit").await;
    env.start_projection().await;
    let api = env.start_api().await;
    let dir = env.tmp.path().join("repo");
    init_repository(&dir, &[("README.md", "hi\n")], "first");
    for d in 0..60 {
        let folder = dir.join(format!("d{d:02}"));
        std::fs::create_dir_all(&folder).expect("mkdir");
        for f in 0..1000 {
            std::fs::write(
                folder.join(format!("file_{f:04}.txt")),
                format!("{d} {f}\n"),
            )
            .expect("write");
        }
    }
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "sixty thousand files"]);
    let head = git(&dir, &["rev-parse", "HEAD"]);
    backfill_with_default_caps(&env, &dir, "size/commit").await;

    let pool = env.pool(&env.read_schema()).await;
    let expected = rev_list_count(&dir);
    wait_until(
        Duration::from_secs(180),
        "every commit projected",
        || async {
            try_count(
                &pool,
                "SELECT count(*) FROM commits WHERE repository = 'size/commit'",
            )
            .await
                == Some(expected)
        },
    )
    .await;
    let (status, commit) = env.get(api, &format!("/commits/{head}")).await;
    assert_eq!(status, 200, "{commit}");
    assert_eq!(
        commit["files_changed"], 60_000,
        "{}",
        commit["files_changed"]
    );
    assert_eq!(commit["files_truncated"], true);
    assert_eq!(
        commit["files"].as_array().map(Vec::len),
        Some(GitConfig::default().max_commit_files)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_dead_letter_over_the_budget_carries_a_cut_copy_and_redrives_the_original() {
    let env = TestEnv::new("size_dlq").await;
    // A normalizer whose record budget (1.2 MiB) is smaller than the record it is given (2 MB).
    let mut small = env.infra.clone();
    small.kafka.max_message_bytes = 1_200 * 1024;
    app::start_normalizer(&small, None, env.shutdown.clone())
        .await
        .expect("normalizer starts");
    env.start_projection().await;

    // Both records on one partition (one key): the big poison one first, then a good push.
    let producer = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(30))
        .expect("producer");
    let codec = env.infra.codec().expect("codec");
    let topic = env.infra.kafka.topics().webhooks_raw();
    let poison: Vec<u8> = (0..2_000_000u32).map(|i| (i % 251) as u8).collect();
    let big_len = poison.len();
    tributary_runtime::kafka::send(&producer, &topic, b"one-partition", &poison)
        .await
        .expect("acknowledged");
    let good = push_body(
        "size/big",
        "https://github.com/size/big.git",
        "refs/heads/main",
        &"a".repeat(40),
        &"b".repeat(40),
        false,
    );
    let record = tributary_schemas::WebhookReceived {
        event_id: tributary_schemas::event_id::webhook("size-delivery-small"),
        delivery_id: "size-delivery-small".into(),
        event: "push".into(),
        hook_id: None,
        headers: [("x-github-event".to_string(), "push".to_string())].into(),
        body_sha256: String::new(),
        body: good,
        received_at: chrono::Utc::now().timestamp_millis(),
    };
    let bytes = codec.encode(&topic, &record).await.expect("encoded");
    tributary_runtime::kafka::send(&producer, &topic, b"one-partition", &bytes)
        .await
        .expect("acknowledged");
    wait_until(
        Duration::from_secs(60),
        "the push after the big poison",
        || async { pushes_of(&env, "size/big").await == Some(1) },
    )
    .await;

    let ops = DeadLetterOps::connect(
        env.infra.kafka.clone(),
        env.infra.codec().expect("codec"),
        &env.infra.database_url,
    )
    .await
    .expect("dead-letter ops");
    wait_until(
        Duration::from_secs(30),
        "the normalizer's dead letter",
        || async {
            ops.list()
                .await
                .expect("list")
                .iter()
                .any(|l| l.component == "normalizer")
        },
    )
    .await;
    // The PostgreSQL projection reads webhooks.raw too (and dead-letters the poison with the
    // default budget, whole): the normalizer's letter is the cut one.
    let letters: Vec<_> = ops
        .list()
        .await
        .expect("list")
        .into_iter()
        .filter(|l| l.component == "normalizer")
        .collect();
    assert_eq!(letters.len(), 1, "{letters:?}");
    let letter = &letters[0];
    assert!(letter.payload_cut, "the letter holds a cut copy");
    assert_eq!(letter.payload_bytes, big_len);
    let copy = letter.original.1.as_ref().map_or(0, Vec::len);
    assert!(copy < 1_200 * 1024, "the copy fits the budget: {copy}");
    assert_eq!(
        letter.original.1.as_deref(),
        Some(&poison[..copy]),
        "the copy is the start"
    );

    // A redrive sends the original record, read from its source position, not the cut copy.
    let consumer =
        tributary_runtime::kafka::consumer(&env.infra.kafka, "size-dlq-check").expect("consumer");
    let before = tributary_runtime::kafka::watermarks(&consumer, std::slice::from_ref(&topic))
        .expect("watermarks");
    let sent = ops
        .redrive(&DeadLetterFilter {
            component: Some("normalizer".into()),
            ..Default::default()
        })
        .await
        .expect("redrive");
    assert_eq!(sent.len(), 1);
    let after = tributary_runtime::kafka::watermarks(&consumer, std::slice::from_ref(&topic))
        .expect("watermarks");
    let (partition, end) = after
        .iter()
        .find(|(key, (_, high))| before.get(key).is_some_and(|(_, h)| h < high))
        .map(|((_, p), (_, high))| (*p, *high))
        .expect("the redriven record on webhooks.raw");
    let mut assignment = rdkafka::TopicPartitionList::new();
    assignment
        .add_partition_offset(&topic, partition, rdkafka::Offset::Offset(end - 1))
        .expect("assignment");
    rdkafka::consumer::Consumer::assign(&consumer, &assignment).expect("assign");
    let message = tokio::time::timeout(Duration::from_secs(30), consumer.recv())
        .await
        .expect("in time")
        .expect("message");
    let resent = rdkafka::Message::payload(&message).map_or(0, <[u8]>::len);
    assert_eq!(
        resent, letter.payload_bytes,
        "the whole original was resent"
    );
}
