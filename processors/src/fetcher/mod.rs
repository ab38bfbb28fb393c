//! The push fetcher: a `pushes` event leads to the pushed commits being fetched from the
//! repository's clone URL into its mirror and emitted as `commits` and `blobs`, exactly as
//! polling would (the same [`GitProducer::sync`] from the stored tips).
//!
//! Walking from the stored tips covers every shape of push: a fast-forward, a new branch
//! (`before` of zeros), a force-push (the rewritten commits are not reachable from the old tip),
//! several pushes folded into one fetch. A branch deletion emits nothing. The repository is
//! registered under the push's `owner/name` on first sight.
//!
//! Only what the operator allows is fetched (`tributary_producers::git::policy`): a push naming a local path,
//! `file://`, plain `http://`, a host off the allow-list, an invalid `owner/name`, or a registered
//! repository under another location is a poison record (dead-lettered with the rule it broke;
//! nothing fetched, no credential sent), and the next pushes flow. Fetches are bounded in time
//! and size, and pushes of different repositories are fetched concurrently
//! (`TRIBUTARY_FETCH_CONCURRENCY`), so one unreachable or huge repository does not hold up the
//! others; the git producer emits each push's commits itself, as soon as its fetch is done.

use tributary_producers::git::{GitProducer, SyncError};
use tributary_runtime::dlq::SourceRecord;
use tributary_runtime::processor::{Output, Processor};
use tributary_runtime::RecordError;
use tributary_schemas::{EventCodec, PushObserved, Topics};

/// The fetcher processor (reads `pushes`; writes through the git producer).
#[derive(Clone)]
pub struct PushFetcher {
    git: GitProducer,
    codec: EventCodec,
    topics: Topics,
}

impl PushFetcher {
    /// A fetcher emitting through `git`.
    pub fn new(git: GitProducer, codec: EventCodec, topics: Topics) -> Self {
        Self { git, codec, topics }
    }
}

/// Network trouble, a timed-out fetch and broker or state-store failures are retried (within
/// the consume loop's retry bound); anything else about a push (refused by the fetch policy, no
/// such repository, refused credentials, a corrupt pack, too large) is a poison record
/// ([`SyncError::is_transient`]).
fn classify(e: SyncError) -> RecordError {
    let transient = e.is_transient();
    RecordError::classified(e, transient)
}

impl Processor for PushFetcher {
    fn name(&self) -> &'static str {
        "fetcher"
    }

    /// Pushes of a batch fetched at once (`TRIBUTARY_FETCH_CONCURRENCY`); two pushes of one
    /// repository still sync one after the other (the producer's per-repository lock).
    fn concurrency(&self) -> usize {
        self.git.config().fetch_concurrency.max(1)
    }

    /// A few fetches per slot: a batch of slow fetches must not outlast the consumer's poll
    /// interval, and a push of the next batch waits for a short batch at most.
    fn max_batch(&self) -> usize {
        self.concurrency() * 8
    }

    /// A fetch may take its whole timeout.
    fn attempt_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.git.config().fetch_timeout_secs)
    }

    fn inputs(&self) -> Vec<String> {
        vec![self.topics.pushes()]
    }

    async fn process(&self, record: &SourceRecord) -> Result<Vec<Output>, RecordError> {
        let payload = record
            .payload
            .as_deref()
            .ok_or_else(|| RecordError::poison("record has no value"))?;
        let push: PushObserved = self.codec.decode_as(payload).await?;
        if push.deleted {
            tracing::debug!(repository = %push.repository, git_ref = %push.git_ref, "branch deleted; nothing to fetch");
            return Ok(Vec::new());
        }
        let Some(location) = push.clone_url.as_deref().filter(|u| !u.is_empty()) else {
            return Err(RecordError::poison(format!(
                "push to {} has no clone URL to fetch from",
                push.repository
            )));
        };
        let repo = match self.git.resolve_push(&push.repository, location).await {
            Ok(repo) => repo,
            Err(SyncError::Refused(reason)) => {
                metrics::counter!("tributary_fetcher_refused_total").increment(1);
                tracing::warn!(
                    repository = %push.repository,
                    %reason,
                    "push refused by the fetch policy; dead-lettered, nothing fetched"
                );
                return Err(RecordError::poison_from(reason));
            }
            Err(e) => return Err(classify(e)),
        };
        let report = self.git.sync(&repo, false).await.map_err(classify)?;
        metrics::counter!("tributary_fetcher_commits_total").increment(report.commits as u64);
        tracing::info!(
            repository = %push.repository,
            git_ref = %push.git_ref,
            forced = push.forced,
            commits = report.commits,
            blobs = report.blobs,
            "push fetched"
        );
        // The git producer sent and acknowledged its events itself.
        Ok(Vec::new())
    }
}
