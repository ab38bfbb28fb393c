//! Backfill and polling: emit every commit between the stored tips and the current ones.

use super::config::{redact_url, GitConfig};
use super::policy::{self, FetchPolicy, LocationKind, PolicyError};
use super::state::{RegisteredRepository, SourceState};
use super::walk::{self, WalkError};
use futures::stream::{FuturesUnordered, StreamExt};
use git2::{Oid, Repository};
use rdkafka::producer::FutureProducer;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
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
    /// The fetch policy refused a location or a name: nothing was fetched.
    #[error(transparent)]
    Refused(#[from] PolicyError),
    /// A fetch took longer than `TRIBUTARY_GIT_FETCH_TIMEOUT_SECS`.
    #[error("fetch of {location} timed out after {seconds} s (TRIBUTARY_GIT_FETCH_TIMEOUT_SECS)")]
    FetchTimedOut {
        /// Where from (without credentials).
        location: String,
        /// The bound.
        seconds: u64,
    },
    /// A fetch received more than `TRIBUTARY_GIT_FETCH_MAX_BYTES`.
    #[error(
        "fetch of {location} aborted: more than {limit} bytes received (TRIBUTARY_GIT_FETCH_MAX_BYTES)"
    )]
    FetchTooLarge {
        /// Where from (without credentials).
        location: String,
        /// The bound.
        limit: u64,
    },
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

impl SyncError {
    /// Whether retrying later may help: network trouble, a timed-out fetch, broker or
    /// state-store failures. Anything else (refused by the fetch policy, no such repository,
    /// refused credentials, a corrupt pack, too large, a record over the budget) fails the same
    /// way again.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::FetchTimedOut { .. } => true,
            SyncError::Fetch { source, .. } => {
                matches!(
                    source.class(),
                    git2::ErrorClass::Net | git2::ErrorClass::Os | git2::ErrorClass::Ssl
                ) && source.code() != git2::ErrorCode::Auth
            }
            // A record over the budget fails the same way every time: never retried.
            SyncError::Kafka(k) => !tributary_runtime::kafka::is_message_too_large(k),
            SyncError::State(_) | SyncError::Join(_) => true,
            SyncError::Codec(c) => c.is_retriable(),
            SyncError::Git(_) | SyncError::Refused(_) | SyncError::FetchTooLarge { .. } => false,
        }
    }
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
    policy: FetchPolicy,
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
    policy::location_kind(location) != LocationKind::LocalPath
}

/// Sets libgit2's process-wide connect and read timeouts of its sockets (HTTPS included): a
/// server that accepts and never answers fails the fetch instead of holding it forever.
fn set_network_timeouts(seconds: u64) {
    static CURRENT: std::sync::Mutex<Option<i32>> = std::sync::Mutex::new(None);
    let millis = i32::try_from(seconds.max(1).saturating_mul(1000)).unwrap_or(i32::MAX);
    let mut current = CURRENT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if *current == Some(millis) {
        return;
    }
    // SAFETY: both calls store one `int` that libgit2 reads when it opens a socket; they are
    // made while the producer is built, before it starts any fetch, and serialized here.
    let result = unsafe {
        git2::opts::set_server_connect_timeout_in_milliseconds(millis)
            .and_then(|()| git2::opts::set_server_timeout_in_milliseconds(millis))
    };
    match result {
        Ok(()) => *current = Some(millis),
        Err(error) => tracing::warn!(%error, "cannot set libgit2's network timeouts"),
    }
}

/// Why a fetch's callbacks stopped the transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abort {
    TimedOut,
    TooLarge,
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
        set_network_timeouts(config.fetch_timeout_secs);
        let policy = FetchPolicy::new(&config.allowed_hosts, &config.credentials_host);
        Self {
            config,
            policy,
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

    /// The fetch policy.
    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// The configuration.
    pub fn config(&self) -> &GitConfig {
        &self.config
    }

    /// Registers a repository (path or URL) under `name` (or its default name), re-pointing an
    /// existing registration: the operator's `repos add`, never an event. Local paths and
    /// `file://` are allowed here only; a remote URL must pass the fetch policy.
    pub async fn register(
        &self,
        location: &str,
        name: Option<&str>,
    ) -> Result<RegisteredRepository, SyncError> {
        let kind = policy::location_kind(location);
        let remote = kind != LocationKind::LocalPath;
        let location = match kind {
            LocationKind::Remote => self.policy.check_remote(location)?,
            LocationKind::FileUrl => location.to_string(),
            LocationKind::LocalPath => std::fs::canonicalize(location)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|_| location.to_string()),
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

    /// The registration a push of `full_name` from `clone_url` syncs, registering the
    /// repository on first sight. Refused (nothing registered, nothing fetched): an invalid
    /// `full_name`; a clone URL the fetch policy refuses (not `https://` to an allowed host, or
    /// not naming `full_name`) unless it is exactly the registered location; a registered
    /// remote repository named under another location (a push never re-points one). A
    /// repository the operator registered as a local path or `file://` syncs from there.
    pub async fn resolve_push(
        &self,
        full_name: &str,
        clone_url: &str,
    ) -> Result<RegisteredRepository, SyncError> {
        policy::validate_full_name(full_name)?;
        let registered = match self.state.repository(full_name).await? {
            Some(repo) => repo,
            None => {
                let location = self.policy.check_event_location(clone_url, full_name)?;
                let candidate = RegisteredRepository {
                    name: full_name.to_string(),
                    location,
                    remote: true,
                };
                // Another push may have registered it meanwhile: what is stored wins.
                self.state.register_if_absent(&candidate).await?
            }
        };
        if policy::same_location(&registered.location, clone_url) {
            return Ok(registered);
        }
        self.policy.check_event_location(clone_url, full_name)?;
        if policy::operator_only(&registered.location) {
            return Ok(registered);
        }
        Err(PolicyError::Location {
            location: redact_url(clone_url),
            rule: format!(
                "{full_name} is registered at {}; a push never changes a registered \
                 repository's location (the operator re-points it with `repos add`)",
                redact_url(&registered.location)
            ),
        }
        .into())
    }

    fn mirror_path(&self, name: &str) -> PathBuf {
        self.config
            .mirrors
            .join(format!("{}.git", name.replace('/', "__")))
    }

    /// Opens the repository, fetching a remote into its mirror first. A remote other than an
    /// operator's `file://` is checked against the fetch policy again (a registration stored
    /// before the policy existed is not trusted), and fetched in its checked form.
    fn open(&self, repo: &RegisteredRepository) -> Result<Repository, SyncError> {
        if !repo.remote {
            return Ok(Repository::open(&repo.location).map_err(WalkError)?);
        }
        let fetch_url = match policy::location_kind(&repo.location) {
            LocationKind::FileUrl => repo.location.clone(),
            _ => self.policy.check_remote(&repo.location)?,
        };
        let path = self.mirror_path(&repo.name);
        let fetch_err = |source| SyncError::Fetch {
            location: redact_url(&repo.location),
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
            let mut remote = mirror.remote_anonymous(&fetch_url).map_err(fetch_err)?;
            let mut options = git2::FetchOptions::new();
            let mut callbacks = git2::RemoteCallbacks::new();
            if self.config.has_token() {
                let (user, token, policy) = (
                    self.config.git_username.clone(),
                    self.config.git_token.clone(),
                    self.policy.clone(),
                );
                // Asked for the URL libgit2 is talking to: the token goes to the configured
                // host over HTTPS, nowhere else.
                callbacks.credentials(move |url, _user, allowed| {
                    if !policy.sends_credentials(url)
                        || !allowed.contains(git2::CredentialType::USER_PASS_PLAINTEXT)
                    {
                        tracing::warn!(
                            url = %redact_url(url),
                            "credentials refused: only sent over HTTPS to TRIBUTARY_GIT_CREDENTIALS_HOST"
                        );
                        return Err(git2::Error::from_str(
                            "no credentials for this host (TRIBUTARY_GIT_CREDENTIALS_HOST)",
                        ));
                    }
                    use secrecy::ExposeSecret;
                    git2::Cred::userpass_plaintext(&user, token.expose_secret())
                });
            }
            // The whole transfer is bounded in time and size; each read of a silent server by
            // libgit2's socket timeout (`set_network_timeouts`).
            let abort = Arc::new(std::sync::Mutex::new(None::<Abort>));
            let fetch_started = Instant::now();
            let timeout = Duration::from_secs(self.config.fetch_timeout_secs);
            let deadline = fetch_started + timeout;
            let max_bytes = self.config.fetch_max_bytes;
            let check = {
                let abort = abort.clone();
                move |received: u64| -> bool {
                    let reason = if Instant::now() > deadline {
                        Abort::TimedOut
                    } else if received > max_bytes {
                        Abort::TooLarge
                    } else {
                        return true;
                    };
                    *abort
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(reason);
                    false
                }
            };
            let check_progress = check.clone();
            callbacks.transfer_progress(move |progress| {
                check_progress(progress.received_bytes() as u64)
            });
            callbacks.sideband_progress(move |_| check(0));
            options.remote_callbacks(callbacks);
            // A redirect could lead off the allow-list: none is followed.
            options.follow_redirects(git2::RemoteRedirect::None);
            // `--prune`: a branch deleted upstream disappears from the mirror too.
            options.prune(git2::FetchPrune::On);
            let fetched = remote.fetch(
                &["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
                Some(&mut options),
                None,
            );
            let aborted = *abort
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let location = redact_url(&repo.location);
            match (fetched, aborted) {
                (Ok(()), _) => {}
                (Err(_), Some(Abort::TimedOut)) => {
                    return Err(SyncError::FetchTimedOut {
                        location,
                        seconds: self.config.fetch_timeout_secs,
                    })
                }
                (Err(_), Some(Abort::TooLarge)) => {
                    return Err(SyncError::FetchTooLarge {
                        location,
                        limit: max_bytes,
                    })
                }
                // A silent server: libgit2's socket timeout fired (through TLS it reads as an
                // `EAGAIN` "SSL error"), so the fetch failed only once its bound had passed.
                (Err(e), None)
                    if e.code() == git2::ErrorCode::Timeout
                        || fetch_started.elapsed() + Duration::from_millis(100) >= timeout =>
                {
                    return Err(SyncError::FetchTimedOut {
                        location,
                        seconds: self.config.fetch_timeout_secs,
                    })
                }
                (Err(e), None) => return Err(fetch_err(e)),
            }
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
                let mut seen = walk::SeenBlobs::default();
                for oid in oids {
                    let c = walk::read_commit(
                        &git,
                        &repo_owned.name,
                        oid,
                        source,
                        this.config.max_blob_bytes,
                        this.config.max_commit_files,
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
            // again, except at a README path. A full re-emit sends everything on purpose.
            if !full && !item.blobs.is_empty() {
                let ids: Vec<String> = item.blobs.iter().map(|b| b.blob_id.clone()).collect();
                let fresh: HashSet<String> = self
                    .state
                    .unemitted_blobs(&ids)
                    .await?
                    .into_iter()
                    .collect();
                // A blob the walk emits again at a README path passes too (rare: a file
                // moved or copied to a README path), so that the read model knows the README.
                item.blobs.retain(|b| {
                    fresh.contains(&b.blob_id)
                        || tributary_schemas::language::readme_rank(&b.path).is_some()
                });
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
