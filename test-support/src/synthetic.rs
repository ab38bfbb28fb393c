//! Synthetic but valid events, for tests and benchmarks that need volume.

use futures::stream::{FuturesUnordered, StreamExt};
use std::time::Duration;
use tributary::app::Infra;
use tributary_schemas::{event_id, CommitObserved, FileChange};

/// Commit `i` of a synthetic history of `repository`: two files, three authors, a minute apart.
pub fn commit(repository: &str, i: usize) -> CommitObserved {
    let sha = format!("{:040x}", i + 1);
    let author = ["ada", "grace", "linus"][i % 3];
    let at = 1_767_225_600_000 + i as i64 * 60_000;
    CommitObserved {
        event_id: event_id::commit(repository, &sha),
        repository: repository.to_string(),
        tree: format!("{:040x}", 0xffff_0000u64 + i as u64),
        parents: if i == 0 {
            vec![]
        } else {
            vec![format!("{i:040x}")]
        },
        author_name: author.to_string(),
        author_email: format!("{author}@example.com"),
        authored_at: at,
        author_tz_offset_minutes: 0,
        committer_name: author.to_string(),
        committer_email: format!("{author}@example.com"),
        committed_at: at,
        message: format!("commit {i}"),
        files: (0..2u64)
            .map(|f| FileChange {
                path: format!("src/file{}_{f}.rs", i % 50),
                old_path: None,
                status: "modified".into(),
                additions: 3,
                deletions: 1,
                binary: false,
                blob_id: Some(format!("{:040x}", 0xb10b_0000u64 + i as u64 * 2 + f)),
                language: Some("rust".into()),
            })
            .collect(),
        source: "backfill".into(),
        committer_tz_offset_minutes: Some(0),
        files_total: None,
        sha,
    }
}

/// Writes commits `0..n` of `repository` to the commits topic and waits for every ack.
pub async fn produce_commits(infra: &Infra, repository: &str, n: usize) -> anyhow::Result<()> {
    let codec = infra.codec()?;
    let producer = tributary_runtime::kafka::producer(&infra.kafka, Duration::from_secs(60))?;
    let topic = infra.kafka.topics().commits();
    let mut in_flight = FuturesUnordered::new();
    for i in 0..n {
        let payload = codec.encode(&topic, &commit(repository, i)).await?;
        let (producer, topic, key) = (producer.clone(), topic.clone(), repository.to_string());
        in_flight.push(async move {
            tributary_runtime::kafka::send(&producer, &topic, key.as_bytes(), &payload).await
        });
        if in_flight.len() >= 5000 {
            if let Some(r) = in_flight.next().await {
                r?;
            }
        }
    }
    while let Some(r) = in_flight.next().await {
        r?;
    }
    Ok(())
}
