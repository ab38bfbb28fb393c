//! Events written straight to the topics, past the producers.

use super::TestEnv;
use std::time::Duration;

/// Writes `n` synthetic commits of `repository` straight to the commits topic.
pub async fn produce_commits(env: &TestEnv, repository: &str, n: usize) {
    tributary_test_support::synthetic::produce_commits(&env.infra, repository, n)
        .await
        .expect("synthetic commits acknowledged");
}

/// Writes `n` synthetic commits of `repository` to the commits topic, all on one partition (one
/// key), commit `marked` with `message`; returns that commit's offset.
pub async fn produce_commits_marking(
    env: &TestEnv,
    repository: &str,
    n: usize,
    (marked, message): (usize, &str),
) -> i64 {
    let topic = env.infra.kafka.topics().commits();
    let producer = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(10))
        .expect("producer");
    let codec = env.infra.codec().expect("codec");
    let mut marked_offset = -1;
    for i in 0..n {
        let mut c = tributary_test_support::synthetic::commit(repository, i);
        if i == marked {
            c.message = message.into();
        }
        let bytes = codec.encode(&topic, &c).await.expect("encode");
        let (_, offset) =
            tributary_runtime::kafka::send(&producer, &topic, repository.as_bytes(), &bytes)
                .await
                .expect("acknowledged");
        if i == marked {
            marked_offset = offset;
        }
    }
    marked_offset
}
