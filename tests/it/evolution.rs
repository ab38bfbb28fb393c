//! Schema evolution on the real stack: `CommitObserved` v2 adds an optional field; records
//! written with v1 and v2 sit side by side on the topic and every consumer of it (the
//! PostgreSQL and graph projections) reads both. An incompatible change is refused by the
//! registry and by `tributary schemas check`.

use crate::common::*;
use schema_registry_converter::async_impl::avro::AvroEncoder;
use schema_registry_converter::async_impl::schema_registry::SrSettings;
use schema_registry_converter::schema_registry_common::{
    SchemaType, SubjectNameStrategy, SuppliedSchema,
};
use serde::Serialize;
use std::process::Command;
use std::time::Duration;
use tributary_schemas::{CommitObserved, Event, FileChange};

const V1: &str = include_str!("../../schemas/avro/history/CommitObserved.v1.avsc");

/// `CommitObserved` as v1 wrote it (no `committer_tz_offset_minutes`).
#[derive(Serialize)]
struct CommitV1 {
    event_id: String,
    repository: String,
    sha: String,
    tree: String,
    parents: Vec<String>,
    author_name: String,
    author_email: String,
    authored_at: i64,
    author_tz_offset_minutes: i32,
    committer_name: String,
    committer_email: String,
    committed_at: i64,
    message: String,
    files: Vec<FileChange>,
    source: String,
}

impl From<CommitObserved> for CommitV1 {
    fn from(c: CommitObserved) -> Self {
        Self {
            event_id: c.event_id,
            repository: c.repository,
            sha: c.sha,
            tree: c.tree,
            parents: c.parents,
            author_name: c.author_name,
            author_email: c.author_email,
            authored_at: c.authored_at,
            author_tz_offset_minutes: c.author_tz_offset_minutes,
            committer_name: c.committer_name,
            committer_email: c.committer_email,
            committed_at: c.committed_at,
            message: c.message,
            files: c.files,
            source: c.source,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v1_and_v2_records_are_read_side_by_side() {
    let env = TestEnv::new("evolve").await;
    let topic = env.infra.kafka.topics().commits();
    let producer = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(10))
        .expect("producer");
    // Two v1 records, as an older build wrote them...
    let settings = SrSettings::new(env.infra.registry_url.clone());
    let old_writer = AvroEncoder::new(settings);
    let v1 = SubjectNameStrategy::TopicRecordNameStrategyWithSchema(
        topic.clone(),
        SuppliedSchema::new(
            Some(CommitObserved::RECORD_NAME.to_string()),
            SchemaType::Avro,
            V1.to_string(),
        ),
    );
    for i in 0..2 {
        let old = CommitV1::from(tributary_test_support::synthetic::commit("acme/evolve", i));
        let bytes = old_writer
            .encode_struct(old, &v1)
            .await
            .expect("v1 encodes");
        tributary_runtime::kafka::send(&producer, &topic, b"acme/evolve", &bytes)
            .await
            .expect("acknowledged");
    }
    // ...then v2 records from this build, on the same topic and subject.
    let codec = env.infra.codec().expect("codec");
    for i in 2..5 {
        let bytes = codec
            .encode(
                &topic,
                &tributary_test_support::synthetic::commit("acme/evolve", i),
            )
            .await
            .expect("v2 is registered as a compatible version and encodes");
        tributary_runtime::kafka::send(&producer, &topic, b"acme/evolve", &bytes)
            .await
            .expect("acknowledged");
    }
    let subject = format!("{topic}-{}", CommitObserved::RECORD_NAME);
    let versions: Vec<i64> = env
        .http
        .get(format!(
            "{}/subjects/{subject}/versions",
            env.infra.registry_url
        ))
        .send()
        .await
        .expect("registry")
        .json()
        .await
        .expect("versions");
    assert_eq!(versions, vec![1, 2], "v1 and v2 under one subject");

    let graph = env.start_graph().await;
    env.start_projection().await;
    env.start_graph_projection(&graph).await;
    let pool = env.pool(&env.read_schema()).await;
    wait_until(
        Duration::from_secs(60),
        "five commits projected",
        || async { try_count(&pool, "SELECT count(*) FROM commits").await == Some(5) },
    )
    .await;
    let g = tributary_graph::connect(&graph, 2).expect("graph");
    wait_until(
        Duration::from_secs(60),
        "five commits in the graph",
        || async {
            let rows = tributary_graph::read_rows(
                &g,
                neo4rs::query("MATCH (c:Commit {repo: 'acme/evolve'}) RETURN count(c) AS n"),
            )
            .await
            .unwrap_or_default();
            rows.first().and_then(|r| r.get::<i64>("n").ok()) == Some(5)
        },
    )
    .await;
    let (_, repo) = env.get(env.start_api().await, "/repos/acme/evolve").await;
    assert_eq!(repo["commits"], 5, "{repo}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incompatible_change_is_refused_by_the_registry_and_by_schemas_check() {
    let env = TestEnv::new("breaking").await;
    let topic = env.infra.kafka.topics().commits();
    let codec = env.infra.codec().expect("codec");
    codec
        .encode(
            &topic,
            &tributary_test_support::synthetic::commit("acme/breaking", 0),
        )
        .await
        .expect("the current schema registers");
    // A new field without a default: old records cannot be read with it.
    let broken = CommitObserved::SCHEMA.replace(
        r#"{"name": "message", "type": "string"},"#,
        r#"{"name": "message", "type": "string"}, {"name": "reviewer", "type": "string"},"#,
    );
    assert_ne!(broken, CommitObserved::SCHEMA, "the edit applied");
    let subject = format!("{topic}-{}", CommitObserved::RECORD_NAME);
    let refused = env
        .http
        .post(format!(
            "{}/subjects/{subject}/versions",
            env.infra.registry_url
        ))
        .header("content-type", "application/vnd.schemaregistry.v1+json")
        .json(&serde_json::json!({ "schema": broken }))
        .send()
        .await
        .expect("registry");
    assert_eq!(refused.status().as_u16(), 409, "the registry refuses it");

    let dir = env.tmp.path().join("avro");
    std::fs::create_dir_all(dir.join("history")).expect("mkdir");
    std::fs::write(dir.join("history/CommitObserved.v1.avsc"), V1).expect("history");
    let check = |dir: &std::path::Path, offline: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tributary"));
        cmd.args(["schemas", "check", "--schemas-dir"])
            .arg(dir)
            .args(["--registry-url", &env.infra.registry_url]);
        if offline {
            cmd.arg("--offline");
        }
        cmd.output().expect("runs")
    };
    std::fs::write(dir.join("CommitObserved.avsc"), CommitObserved::SCHEMA).expect("write");
    let fine = check(&dir, false);
    assert!(
        fine.status.success(),
        "{}",
        String::from_utf8_lossy(&fine.stdout)
    );
    std::fs::write(dir.join("CommitObserved.avsc"), &broken).expect("write");
    for offline in [true, false] {
        let out = check(&dir, offline);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !out.status.success(),
            "refused (offline: {offline}): {stdout}"
        );
        assert!(
            stdout.contains("INCOMPATIBLE  dev.tributary.CommitObserved"),
            "{stdout}"
        );
        if !offline {
            assert!(
                stdout.contains(&subject),
                "the registry's verdict: {stdout}"
            );
        }
    }
}
