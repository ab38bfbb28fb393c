//! Backfill and polling: emit every commit between the stored tips and the current ones.

use super::config::GitConfig;
use super::state::{RegisteredRepository, SourceState};
use super::walk::{self, WalkError};
use futures::stream::{FuturesUnordered, StreamExt};
use git2::{Oid, Repository};
use rdkafka::producer::FutureProducer;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;
use tributary_runtime::{kafka, Health, Shutdown};
use tributary_schemas::{EventCodec, Topics};

/// Why a sync failed. Nothing is marked as emitted unless every event was acknowledged, so the
/// next sync redoes the work.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Reading the repository failed.
    #[error(transparent)]
    Git(#[from] WalkError),
    /// Fetching a remote failed.
    #[error("fetch of {location} failed: {source}")]
    Fetch {
        /// Where from (never with credentials: they are not part of the location).
        location: String,
        /// libgit2's error.
        source: git2::Error,
    },
    /// Encoding failed.
    #[error(transparent)]
    Codec(#[from] tributary_schemas::CodecError),
    /// The broker did not acknowledge.
    #[error("kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    /// The state store failed.
    #[error("state: {0}")]
    State(#[from] sqlx::Error),
    /// A blocking task panicked or was cancelled.
    #[error("internal: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// What a sync emitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Commits emitted.
    pub commits: usize,
    /// Blobs emitted.
    pub blobs: usize,
}

/// Emits commits and blobs of registered repositories.
#[derive(Clone)]
pub struct GitProducer {
    config: GitConfig,
    state: SourceState,
    producer: FutureProducer,
    codec: EventCodec,
    topics: Topics,
    /// One sync at a time per repository (the poller and the push fetcher share a mirror).
    locks: Arc<std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

/// The name a repository is registered under when none is given: `owner/name` from a GitHub-like
/// URL, else `local/<folder name>`.
pub fn default_name(location: &str) -> String {
    let trimmed = location.trim_end_matches('/').trim_end_matches(".git");
    let parts: Vec<&str> = trimmed
        .split(['/', ':'])
        .filter(|p| !p.is_empty())
        .collect();
    if is_url(location) && !location.starts_with("file://") && parts.len() >= 2 {
        return format!("{}/{}", parts[parts.len() - 2], parts[parts.len() - 1]);
    }
    format!("local/{}", parts.last().copied().unwrap_or("repository"))
}

/// Whether a location is a URL to fetch rather than a local path.
pub fn is_url(location: &str) -> bool {
    location.contains("://") || location.starts_with("git@")
}

const MAX_IN_FLIGHT: usize = 2000;

impl GitProducer {
    /// A producer writing to `topics`.
    pub fn new(
        config: GitConfig,
        state: SourceState,
        producer: FutureProducer,
        codec: EventCodec,
        topics: Topics,
    ) -> Self {
        Self {
            config,
            state,
            producer,
            codec,
            topics,
            locks: Arc::default(),
        }
    }

    fn lock_for(&self, repository: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        locks.entry(repository.to_string()).or_default().clone()
    }

    /// The state store.
    pub fn state(&self) -> &SourceState {
        &self.state
    }

    /// Registers a repository (path or URL) under `name` (or its default name).
    pub async fn register(
        &self,
        location: &str,
        name: Option<&str>,
    ) -> Result<RegisteredRepository, SyncError> {
        let remote = is_url(location);
        let location = if remote {
            location.to_string()
        } else {
            std::fs::canonicalize(location)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|_| location.to_string())
        };
        let repo = RegisteredRepository {
            name: name
                .map(str::to_string)
                .unwrap_or_else(|| default_name(&location)),
            location,
            remote,
        };
        self.state.register(&repo).await?;
        Ok(repo)
    }

    fn mirror_path(&self, name: &str) -> PathBuf {
        self.config
            .mirrors
            .join(format!("{}.git", name.replace('/', "__")))
    }

    /// Opens the repository, fetching a remote into its mirror first.
    fn open(&self, repo: &RegisteredRepository) -> Result<Repository, SyncError> {
        if !repo.remote {
            return Ok(Repository::open(&repo.location).map_err(WalkError)?);
        }
        let path = self.mirror_path(&repo.name);
        let fetch_err = |source| SyncError::Fetch {
            location: super::config::redact_url(&repo.location),
            source,
        };
        let mirror = match Repository::open_bare(&path) {
            Ok(m) => m,
            Err(_) => {
                std::fs::create_dir_all(&path)
                    .map_err(|e| fetch_err(git2::Error::from_str(&e.to_string())))?;
                Repository::init_bare(&path).map_err(fetch_err)?
            }
        };
        {
            let mut remote = mirror.remote_anonymous(&repo.location).map_err(fetch_err)?;
            let mut options = git2::FetchOptions::new();
            if !self.config.git_token.is_empty() {
                let (user, token) = (
                    self.config.git_username.clone(),
                    self.config.git_token.clone(),
                );
                let mut callbacks = git2::RemoteCallbacks::new();
                callbacks.credentials(move |_url, _user, _allowed| {
                    git2::Cred::userpass_plaintext(&user, &token)
                });
                options.remote_callbacks(callbacks);
            }
            // `--prune`: a branch deleted upstream disappears from the mirror too.
            options.prune(git2::FetchPrune::On);
            remote
                .fetch(
                    &["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
                    Some(&mut options),
                    None,
                )
                .map_err(fetch_err)?;
        }
        Ok(mirror)
    }

    /// Emits everything new in `repo` since the stored tips (`full`: the whole history).
    pub async fn sync(
        &self,
        repo: &RegisteredRepository,
        full: bool,
    ) -> Result<SyncReport, SyncError> {
        let span = tracing::info_span!("sync", repository = %repo.name, full);
        let lock = self.lock_for(&repo.name);
        let _guard = lock.lock().await;
        self.sync_inner(repo, full).instrument(span).await
    }

    async fn sync_inner(
        &self,
        repo: &RegisteredRepository,
        full: bool,
    ) -> Result<SyncReport, SyncError> {
        let stored = if full {
            Vec::new()
        } else {
            self.state.tips(&repo.name).await?
        };
        let this = self.clone();
        let repo_owned = repo.clone();
        let source = if full { "backfill" } else { "poll" };
        // libgit2 work is blocking: read on a blocking thread, send from here.
        let (tx, mut rx) = tokio::sync::mpsc::channel::<walk::CommitWithBlobs>(256);
        let reader =
            tokio::task::spawn_blocking(move || -> Result<Vec<(String, String)>, SyncError> {
                let git = this.open(&repo_owned)?;
                let tips = walk::ref_tips(&git)?;
                let tip_oids: Vec<Oid> = tips.iter().map(|(_, o)| *o).collect();
                let hide: Vec<Oid> = stored
                    .iter()
                    .filter_map(|(_, sha)| Oid::from_str(sha).ok())
                    .collect();
                let oids = walk::commits_between(&git, &tip_oids, &hide)?;
                let mut seen = HashSet::new();
                for oid in oids {
                    let c = walk::read_commit(
                        &git,
                        &repo_owned.name,
                        oid,
                        source,
                        this.config.max_blob_bytes,
                        &mut seen,
                    )?;
                    if tx.blocking_send(c).is_err() {
                        break; // the sender side stopped on an error
                    }
                }
                Ok(tips.into_iter().map(|(n, o)| (n, o.to_string())).collect())
            });

        let commits_topic = self.topics.commits();
        let blobs_topic = self.topics.blobs();
        let mut in_flight = FuturesUnordered::new();
        let mut report = SyncReport::default();
        let mut failure: Option<SyncError> = None;
        let mut emitted_blobs: Vec<String> = Vec::new();
        while let Some(mut item) = rx.recv().await {
            // Content-addressed: a blob emitted by an earlier sync (any repository) is not sent
            // again. A full re-emit sends everything on purpose.
            if !full && !item.blobs.is_empty() {
                let ids: Vec<String> = item.blobs.iter().map(|b| b.blob_id.clone()).collect();
                let fresh: HashSet<String> = self
                    .state
                    .unemitted_blobs(&ids)
                    .await?
                    .into_iter()
                    .collect();
                item.blobs.retain(|b| fresh.contains(&b.blob_id));
            }
            emitted_blobs.extend(item.blobs.iter().map(|b| b.blob_id.clone()));
            for blob in &item.blobs {
                let bytes = self.codec.encode(&blobs_topic, blob).await?;
                in_flight.push(send_owned(
                    self.producer.clone(),
                    blobs_topic.clone(),
                    blob.blob_id.clone(),
                    bytes,
                ));
                report.blobs += 1;
            }
            let bytes = self.codec.encode(&commits_topic, &item.commit).await?;
            in_flight.push(send_owned(
                self.producer.clone(),
                commits_topic.clone(),
                repo.name.clone(),
                bytes,
            ));
            report.commits += 1;
            while in_flight.len() > MAX_IN_FLIGHT {
                if let Some(Err(e)) = in_flight.next().await {
                    failure.get_or_insert(e.into());
                }
            }
            if failure.is_some() {
                break;
            }
        }
        while let Some(r) = in_flight.next().await {
            if let Err(e) = r {
                failure.get_or_insert(e.into());
            }
        }
        drop(rx);
        let tips = reader.await??;
        if let Some(e) = failure {
            return Err(e);
        }
        self.state.mark_blobs_emitted(&emitted_blobs).await?;
        self.state.save_tips(&repo.name, &tips).await?;
        tracing::info!(commits = report.commits, blobs = report.blobs, "sync done");
        Ok(report)
    }

    /// Polls every registered repository every `check_interval` until shutdown.
    pub async fn poll_forever(&self, health: Health, shutdown: Shutdown) {
        let interval = Duration::from_secs(self.config.check_interval_secs.max(1));
        loop {
            self.poll_once(&health).await;
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = shutdown.wait() => return,
            }
        }
    }

    /// Polls every registered repository once.
    pub async fn poll_once(&self, health: &Health) -> usize {
        let repos = match self.state.repositories().await {
            Ok(r) => r,
            Err(e) => {
                health.degraded(format!("state store unavailable: {e}"));
                tracing::warn!(error = %e, "cannot list repositories");
                return 0;
            }
        };
        let mut emitted = 0;
        let mut failed = false;
        for repo in repos {
            match self.sync(&repo, false).await {
                Ok(r) => emitted += r.commits,
                Err(e) => {
                    failed = true;
                    tracing::warn!(repository = %repo.name, error = %e, "poll failed; retried next interval");
                    let _ = self.state.save_error(&repo.name, &e.to_string()).await;
                }
            }
        }
        if failed {
            health.degraded("a repository failed to sync; see last_error");
        } else {
            health.ok();
        }
        emitted
    }
}

async fn send_owned(
    producer: FutureProducer,
    topic: String,
    key: String,
    payload: Vec<u8>,
) -> Result<(i32, i64), rdkafka::error::KafkaError> {
    kafka::send(&producer, &topic, key.as_bytes(), &payload).await
}

/// Whether `path` looks like a git repository (for friendly CLI errors).
pub fn looks_like_repository(path: &Path) -> bool {
    Repository::open(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names() {
        assert_eq!(
            default_name("https://github.com/octo/hello.git"),
            "octo/hello"
        );
        assert_eq!(default_name("git@github.com:octo/hello.git"), "octo/hello");
        assert_eq!(default_name("/tmp/work/myrepo"), "local/myrepo");
        assert_eq!(default_name("/tmp/work/myrepo/"), "local/myrepo");
        assert!(is_url("file:///tmp/x"));
        assert_eq!(default_name("file:///tmp/x/upstream"), "local/upstream");
        assert!(!is_url("/tmp/x"));
    }
}
