//! The loop of projections, exactly once in effect: each batch of read-model writes and the
//! consumer offsets after it are committed in one transaction of the read model's own store
//! ([`ReadStore`]: PostgreSQL or the graph), and on start the loop seeks to the offsets it stored.
//! Kafka's own committed offsets are never trusted for this.
//!
//! A record that cannot be decoded, or that its projector rejects as poison, is sent to the
//! dead-letter topic before the offset that skips it commits: the batch is redone one record per
//! transaction to set the bad one apart, and the rest is kept. A transient failure (the store or
//! the registry away) rolls the whole batch back and retries it with backoff, within the bound of
//! [`KafkaArgs::retry`] (attempts and time). Past it, the batch is redone one record per
//! transaction once more and a record that still fails transiently is dead-lettered with the
//! attempts, the time spent and the last error, so the partition moves on (`dlq redrive` brings it
//! back). When the store itself is down, the offsets past such a record cannot be committed
//! either: the loop then keeps waiting for the store, and says so in its health.
//!
//! Nothing stalls silently ([`Watch`]): while no record arrives the loop re-reads its stored
//! offsets every [`Watch::resync_ms`] and re-seeks when another writer moved them (a replay
//! switched the read model, an operator reset them), and every [`Watch::log_check_ms`] it
//! compares them with the ends of the log. A partition whose stored offset is beyond its high
//! watermark (the broker's store was reset, a topic recreated, a new cluster) or before its low
//! watermark (records deleted before they were projected) is held back: it is not consumed, so
//! that nothing of the new log is skipped unseen, and the loop reports it in its health (the
//! reason names topic, partition, stored offset and watermarks, and the fix), in
//! `tributary_projection_offsets_ahead_of_log` / `_behind_log`, in the lag gauge, and in an error
//! log line naming the fix. It stays held until the stored offsets change: a `tributary replay`
//! (blue/green or `--in-place`) or an operator's reset of the offsets releases it at the next
//! resync.

use crate::backoff::Backoff;
use crate::config::KafkaArgs;
use crate::dlq::{DeadLetters, SourceRecord};
use crate::kafka::{self, Next};
use crate::{Health, RecordError, Shutdown};
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::producer::FutureProducer;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tributary_schemas::{CodecError, Decoded, EventCodec};

pub use tributary_base::store::{Offsets, ReadStore};

/// A decoded record, ready to project.
#[derive(Debug)]
pub struct ProjectedRecord {
    /// Where it came from.
    pub source: SourceRecord,
    /// Its value.
    pub decoded: Decoded,
}

/// Builds one read model from records.
pub trait Projector: Send + Sync + 'static {
    /// Where the read model lives.
    type Store: ReadStore;

    /// The projection's name: its consumer group, its offsets key, its metrics label.
    fn name(&self) -> &'static str;
    /// The topics it reads.
    fn topics(&self, kafka: &KafkaArgs) -> Vec<String>;
    /// Applies one record inside the batch's transaction. Must be idempotent: a replay or a
    /// duplicate record leaves the same rows.
    fn apply<'a>(
        &'a self,
        tx: &'a mut <Self::Store as ReadStore>::Tx,
        record: &'a ProjectedRecord,
    ) -> impl Future<Output = Result<(), RecordError>> + Send + 'a;

    /// Applies a whole batch inside its transaction. The default applies record by record;
    /// a projector overrides it with set-based statements where volume matters. When it reports
    /// poison, the loop rolls back and re-applies the batch one record per transaction to find
    /// and dead-letter the bad ones.
    fn apply_batch<'a>(
        &'a self,
        tx: &'a mut <Self::Store as ReadStore>::Tx,
        records: &'a [ProjectedRecord],
    ) -> impl Future<Output = Result<(), RecordError>> + Send + 'a {
        async move {
            for record in records {
                self.apply(&mut *tx, record).await?;
            }
            Ok(())
        }
    }
}

/// What a projection loop needs.
#[derive(Clone)]
pub struct Context {
    /// Broker and topics.
    pub kafka: KafkaArgs,
    /// Registry codec.
    pub codec: EventCodec,
    /// Producer for dead letters.
    pub producer: FutureProducer,
    /// Health.
    pub health: Health,
    /// Stops the loop.
    pub shutdown: Shutdown,
    /// Largest batch.
    pub max_batch: usize,
}

/// How a projection watches its stored offsets and the ends of the log while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Args)]
pub struct Watch {
    /// Milliseconds without records after which a projection re-reads its stored offsets and
    /// re-seeks if another writer moved them (a replay switched the read model).
    #[arg(
        long = "projection-resync-ms",
        env = "TRIBUTARY_PROJECTION_RESYNC_MS",
        default_value_t = 1000
    )]
    pub resync_ms: u64,
    /// Milliseconds between two comparisons of a projection's stored offsets with the ends of
    /// the log (a stored offset past a partition's end: the broker's store was reset).
    #[arg(
        long = "projection-log-check-ms",
        env = "TRIBUTARY_PROJECTION_LOG_CHECK_MS",
        default_value_t = 5000
    )]
    pub log_check_ms: u64,
}

impl Default for Watch {
    fn default() -> Self {
        Self {
            resync_ms: 1000,
            log_check_ms: 5000,
        }
    }
}

impl Watch {
    /// The settings from the environment (`TRIBUTARY_PROJECTION_RESYNC_MS`,
    /// `TRIBUTARY_PROJECTION_LOG_CHECK_MS`), defaults where unset.
    pub fn from_env() -> Result<Self, ProjectionFailure> {
        use clap::Parser as _;
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            watch: Watch,
        }
        Only::try_parse_from(["projection"])
            .map(|o| o.watch)
            .map_err(|e| ProjectionFailure::Config(e.to_string()))
    }

    fn resync(&self) -> Duration {
        Duration::from_millis(self.resync_ms.max(10))
    }

    fn log_check(&self) -> Duration {
        Duration::from_millis(self.log_check_ms.max(100))
    }
}

/// Why a projection stopped.
#[derive(Debug, thiserror::Error)]
pub enum ProjectionFailure {
    /// Kafka set-up failed.
    #[error(transparent)]
    Kafka(#[from] kafka::KafkaFailure),
    /// The read model's store failed at start.
    #[error("read model store: {0}")]
    Store(#[source] RecordError),
    /// A setting is invalid.
    #[error("projection settings: {0}")]
    Config(String),
}

/// Runs `projector` over `store` until shutdown, watching as the environment says
/// ([`Watch::from_env`]).
pub async fn run<P: Projector>(
    projector: P,
    store: P::Store,
    ctx: Context,
) -> Result<(), ProjectionFailure> {
    run_watched(projector, store, ctx, Watch::from_env()?).await
}

/// Runs `projector` over `store` until shutdown, watching its offsets as `watch` says.
pub async fn run_watched<P: Projector>(
    projector: P,
    store: P::Store,
    ctx: Context,
    watch: Watch,
) -> Result<(), ProjectionFailure> {
    let name = projector.name();
    let mut backoff = Backoff::default();
    // Wait for the store at start rather than failing: the stack may still be coming up.
    let offsets = loop {
        let prepared = async {
            store.prepare_offsets().await?;
            store.stored_offsets(name).await
        };
        match prepared.await {
            Ok(o) => break o,
            Err(e) if e.is_transient() && !ctx.shutdown.is_triggered() => {
                ctx.health
                    .degraded(format!("read model store unavailable: {e}"));
                backoff.wait().await;
            }
            Err(e) => return Err(ProjectionFailure::Store(e)),
        }
    };
    let group = format!("{}.{}", ctx.kafka.topic_prefix, name);
    let consumer = kafka::metered_consumer(&ctx.kafka, &group, name)?;
    let mut watcher = Watcher {
        name,
        topics: projector.topics(&ctx.kafka),
        positions: offsets,
        held: BTreeMap::new(),
        marks: Arc::new(kafka::consumer(&ctx.kafka, &format!("{group}.log-check"))?),
        health: ctx.health.clone(),
        last_check: Instant::now(),
        confirm: watch.resync(),
    };
    watcher.check_log(&consumer).await;
    let partitions = watcher.seek(&consumer)?;
    let dead_letters = DeadLetters::new(ctx.producer.clone(), ctx.codec.clone(), &ctx.kafka, name);
    tracing::info!(
        projection = name,
        partitions,
        held = watcher.held.len(),
        "projection started"
    );
    ctx.health.ok();

    while !ctx.shutdown.is_triggered() {
        let next = kafka::next_batch(
            &consumer,
            ctx.max_batch,
            Duration::from_millis(50),
            Some(watch.resync()),
            &ctx.shutdown,
        )
        .await;
        let batch = match next {
            Next::Shutdown => break,
            Next::Idle => {
                watcher.resync(&store, &consumer).await?;
                if watcher.last_check.elapsed() >= watch.log_check()
                    && watcher.check_log(&consumer).await
                {
                    watcher.seek(&consumer)?;
                }
                continue;
            }
            Next::Failed(e) => {
                tracing::warn!(projection = name, error = %e, "consume error");
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
            Next::Batch(batch) => batch,
        };
        match commit_batch(&projector, &store, &ctx, &dead_letters, batch).await {
            Committed::Yes(next) => watcher.positions.extend(next),
            Committed::Stopped => break,
            Committed::OffsetsMoved => {
                // Someone else moved the stored offsets (a replay switched the read model), or
                // the consumer was moved off them (the broker reset an out-of-range offset):
                // continue from where the store says, not from where this consumer was.
                let offsets = match store.stored_offsets(name).await {
                    Ok(o) => o,
                    Err(e) => {
                        tracing::warn!(projection = name, error = %e, "cannot re-read offsets");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        continue;
                    }
                };
                tracing::info!(projection = name, "stored offsets moved; seeking to them");
                watcher.reposition(offsets, &consumer).await?;
            }
        }
        if watcher.last_check.elapsed() >= watch.log_check() && watcher.check_log(&consumer).await {
            watcher.seek(&consumer)?;
        }
    }
    watcher.release_all(&consumer);
    tracing::info!(projection = name, "projection stopped");
    Ok(())
}

/// Where a held partition's stored offset lies outside its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Held {
    /// The stored offset (the next record to project).
    stored: i64,
    /// The partition's low watermark when last checked.
    low: i64,
    /// Its high watermark when last checked.
    high: i64,
}

impl Held {
    /// Whether the stored offset is past the end (else it is before the start).
    fn ahead(&self) -> bool {
        self.stored > self.high
    }
}

/// The loop's view of its stored offsets and of the partitions it holds back.
struct Watcher {
    name: &'static str,
    topics: Vec<String>,
    /// The stored offsets as this loop last read or committed them.
    positions: HashMap<(String, i32), i64>,
    /// Partitions not consumed because their stored offset is outside the log.
    held: BTreeMap<(String, i32), Held>,
    /// A client for watermark requests, which block: they run on the blocking pool.
    marks: Arc<StreamConsumer>,
    health: Health,
    last_check: Instant,
    /// How long after a first sighting a partition is checked again before it is held (the
    /// resync interval).
    confirm: Duration,
}

/// The health condition of held partitions.
const HELD_CONDITION: &str = "offsets-outside-log";

impl Watcher {
    /// Assigns every partition of the topics that is not held at its stored offset (the
    /// beginning when none); returns how many partitions.
    fn seek(&self, consumer: &kafka::MeteredConsumer) -> Result<usize, kafka::KafkaFailure> {
        let mut assignment = TopicPartitionList::new();
        for topic in &self.topics {
            for partition in kafka::partitions(consumer, topic)? {
                let tp = (topic.clone(), partition);
                if self.held.contains_key(&tp) {
                    continue;
                }
                let offset = match self.positions.get(&tp) {
                    Some(o) => Offset::Offset(*o),
                    None => Offset::Beginning,
                };
                assignment.add_partition_offset(topic, partition, offset)?;
            }
        }
        consumer.assign(&assignment)?;
        Ok(assignment.count())
    }

    /// Takes `stored` as the stored offsets, forgets what was held (the offsets changed: a
    /// replay or a reset), checks them against the log again and seeks to them.
    async fn reposition(
        &mut self,
        stored: HashMap<(String, i32), i64>,
        consumer: &kafka::MeteredConsumer,
    ) -> Result<(), kafka::KafkaFailure> {
        self.positions = stored;
        self.release_all(consumer);
        self.check_log(consumer).await;
        self.seek(consumer)?;
        Ok(())
    }

    /// Re-reads the stored offsets; when another writer moved them, re-seeks to them.
    async fn resync<S: ReadStore>(
        &mut self,
        store: &S,
        consumer: &kafka::MeteredConsumer,
    ) -> Result<(), kafka::KafkaFailure> {
        match store.stored_offsets(self.name).await {
            Ok(stored) => {
                // Idle and the store answers: whatever failure was passing is over.
                self.health.ok();
                if stored != self.positions {
                    tracing::info!(
                        projection = self.name,
                        "stored offsets moved while idle (a replay switched the read model, or \
                         they were reset); seeking to them"
                    );
                    metrics::counter!("tributary_projection_resyncs_total", "projection" => self.name)
                        .increment(1);
                    self.reposition(stored, consumer).await?;
                }
            }
            Err(e) => {
                tracing::warn!(projection = self.name, error = %e, "cannot re-read the stored offsets");
                self.health
                    .degraded(format!("cannot read the stored offsets: {e}"));
            }
        }
        Ok(())
    }

    /// Compares the stored offsets with the watermarks of every partition: a partition whose
    /// offset lies outside its log becomes held (and is reported); a held one gets its
    /// figures refreshed. Returns whether the set of held partitions grew (the caller then
    /// re-seeks without them).
    async fn check_log(&mut self, consumer: &kafka::MeteredConsumer) -> bool {
        self.last_check = Instant::now();
        let Some(mut watermarks) = self.watermarks().await else {
            return false;
        };
        let suspect = watermarks.iter().any(|(tp, (low, high))| {
            !self.held.contains_key(tp)
                && self
                    .positions
                    .get(tp)
                    .is_some_and(|stored| stored > high || stored < low)
        });
        if suspect {
            // A partition is held until its offsets change: hold only what a second look
            // confirms, not a broker's passing answer while it restarts.
            tokio::time::sleep(self.confirm).await;
            let Some(again) = self.watermarks().await else {
                return false;
            };
            watermarks = again;
        }
        let mut grew = false;
        for (tp, (low, high)) in watermarks {
            let Some(stored) = self.positions.get(&tp).copied() else {
                continue;
            };
            let now = Held { stored, low, high };
            match self.held.get_mut(&tp) {
                Some(held) => *held = now,
                None if stored > high || stored < low => {
                    tracing::error!(
                        projection = self.name,
                        topic = %tp.0,
                        partition = tp.1,
                        stored,
                        low,
                        high,
                        "{}. {}",
                        describe(&tp, &now),
                        fix(self.name)
                    );
                    self.held.insert(tp.clone(), now);
                    grew = true;
                }
                None => continue,
            }
            self.publish(consumer, &tp, &now);
        }
        metrics::gauge!("tributary_projection_partitions_held", "projection" => self.name)
            .set(self.held.len() as f64);
        self.report();
        grew
    }

    /// The watermarks of every partition of the topics (`None`, logged, when the broker does
    /// not answer); partitions whose watermarks are unknown are left out.
    async fn watermarks(&self) -> Option<kafka::Watermarks> {
        let (marks, topics) = (self.marks.clone(), self.topics.clone());
        let found =
            tokio::task::spawn_blocking(move || kafka::watermarks(marks.as_ref(), &topics)).await;
        match found {
            Ok(Ok(mut w)) => {
                w.retain(|_, (low, high)| *low >= 0 && *high >= 0);
                Some(w)
            }
            Ok(Err(e)) => {
                tracing::warn!(projection = self.name, error = %e, "cannot read the ends of the log");
                None
            }
            Err(e) => {
                tracing::warn!(projection = self.name, error = %e, "watermark request failed");
                None
            }
        }
    }

    /// The gauges of one held partition.
    fn publish(&self, consumer: &kafka::MeteredConsumer, tp: &(String, i32), held: &Held) {
        let labels = [
            ("projection", self.name.to_string()),
            ("topic", tp.0.clone()),
            ("partition", tp.1.to_string()),
        ];
        metrics::gauge!("tributary_projection_offsets_ahead_of_log", &labels)
            .set((held.stored - held.high).max(0) as f64);
        metrics::gauge!("tributary_projection_offsets_behind_log", &labels)
            .set((held.low - held.stored).max(0) as f64);
        // Nothing of a held partition is consumed: every record in it is lag.
        consumer
            .context()
            .hold(&tp.0, tp.1, (held.high - held.low).max(0));
    }

    /// Releases every held partition (its gauges back to 0, its lag back to the statistics).
    fn release_all(&mut self, consumer: &kafka::MeteredConsumer) {
        for tp in std::mem::take(&mut self.held).into_keys() {
            let labels = [
                ("projection", self.name.to_string()),
                ("topic", tp.0.clone()),
                ("partition", tp.1.to_string()),
            ];
            metrics::gauge!("tributary_projection_offsets_ahead_of_log", &labels).set(0.0);
            metrics::gauge!("tributary_projection_offsets_behind_log", &labels).set(0.0);
            consumer.context().release(&tp.0, tp.1);
        }
        metrics::gauge!("tributary_projection_partitions_held", "projection" => self.name).set(0.0);
        self.report();
    }

    /// The health condition of the held partitions.
    fn report(&self) {
        if self.held.is_empty() {
            self.health.condition(HELD_CONDITION, None);
            return;
        }
        let which: Vec<String> = self.held.iter().map(|(tp, h)| describe(tp, h)).collect();
        self.health.condition(
            HELD_CONDITION,
            Some(format!(
                "{} partition(s) held back, nothing of them is projected: {}. {}",
                self.held.len(),
                which.join("; "),
                fix(self.name)
            )),
        );
    }
}

/// One held partition, for health and logs.
fn describe((topic, partition): &(String, i32), held: &Held) -> String {
    if held.ahead() {
        format!(
            "{topic}/{partition}: stored offset {} is beyond the end of the log (high watermark \
             {}, low {}): the broker's store was reset or the topic recreated",
            held.stored, held.high, held.low
        )
    } else {
        format!(
            "{topic}/{partition}: stored offset {} is before the start of the log (low watermark \
             {}, high {}): records were deleted before they were projected",
            held.stored, held.low, held.high
        )
    }
}

/// The fix, named for the projection.
fn fix(projection: &str) -> String {
    format!(
        "Fix: rebuild the read model from the log with `tributary replay {projection}` (or \
         `tributary replay {projection} --in-place`), or reset this projection's stored offsets; \
         it resumes within seconds of either"
    )
}

/// How a batch ended.
enum Committed {
    /// Applied; the offsets it stored.
    Yes(Offsets),
    /// Shutdown interrupted it; nothing of it was committed.
    Stopped,
    /// The stored offsets were not where this consumer was: nothing committed; re-seek.
    OffsetsMoved,
}

/// Transient failures met so far by one batch, against [`KafkaArgs::retry`].
struct Attempts {
    started: Instant,
    failures: u32,
}

impl Attempts {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            failures: 0,
        }
    }

    /// Counts one more failure; whether the batch is now out of retries.
    fn fail(&mut self, ctx: &Context) -> bool {
        self.failures = self.failures.saturating_add(1);
        ctx.kafka.retry.exhausted(self.failures, self.started)
    }

    /// The dead letter's reason when out of retries.
    fn exhausted(&self, what: &str, last: &str) -> String {
        format!(
            "{what}: still failing after {} attempts over {:.1}s (retry bound \
             TRIBUTARY_RETRY_MAX_ATTEMPTS / TRIBUTARY_RETRY_MAX_SECONDS); last error: {last}",
            self.failures,
            self.started.elapsed().as_secs_f64()
        )
    }
}

/// Decodes a record, retrying while the registry is unreachable, within the batch's retry
/// bound (`budget`): past it the record is poison, with the attempts in the reason. `Err` is
/// the poison reason; `Ok(None)` means shutdown.
async fn decode(
    ctx: &Context,
    record: &SourceRecord,
    budget: &mut Attempts,
) -> Result<Option<Decoded>, String> {
    let Some(payload) = record.payload.as_deref() else {
        return Err("record has no value".into());
    };
    let mut backoff = Backoff::default();
    loop {
        match ctx.codec.decode(payload).await {
            Ok(d) => return Ok(Some(d)),
            Err(
                e @ CodecError::Registry {
                    retriable: true, ..
                },
            ) => {
                if budget.fail(ctx) {
                    return Err(budget.exhausted("schema registry unavailable", &e.to_string()));
                }
                ctx.health.degraded(format!("registry unavailable: {e}"));
                if ctx.shutdown.is_triggered() {
                    return Ok(None);
                }
                backoff.wait().await;
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// How a batch is being committed.
enum Mode {
    /// All of it in one transaction.
    Batch,
    /// One record per transaction, to set poison apart.
    Isolate,
    /// One record per transaction, out of retries: a record that still fails transiently is
    /// dead-lettered with this reason (attempts, time, last error) and skipped.
    OutOfRetries(String),
}

/// Applies one batch and its offsets in one transaction, retrying transient failures within
/// [`KafkaArgs::retry`]; past the bound, records that still fail are dead-lettered one by one.
/// When even that cannot commit (the store is down: no offset can move), it keeps waiting.
async fn commit_batch<P: Projector>(
    projector: &P,
    store: &P::Store,
    ctx: &Context,
    dead_letters: &DeadLetters,
    batch: Vec<SourceRecord>,
) -> Committed {
    let name = projector.name();
    // Decode once; poison found here is dead-lettered together with apply-time poison.
    let mut records = Vec::with_capacity(batch.len());
    let mut poison: Vec<(SourceRecord, String)> = Vec::new();
    let mut decoding = Attempts::new();
    for source in batch.iter() {
        match decode(ctx, source, &mut decoding).await {
            Ok(Some(decoded)) => records.push(ProjectedRecord {
                source: source.clone(),
                decoded,
            }),
            Ok(None) => return Committed::Stopped,
            Err(reason) => poison.push((source.clone(), reason)),
        }
    }
    let mut next: Offsets = BTreeMap::new();
    let mut first: Offsets = BTreeMap::new();
    for r in &batch {
        next.insert((r.topic.clone(), r.partition), r.offset + 1);
        first
            .entry((r.topic.clone(), r.partition))
            .or_insert(r.offset);
    }

    let mut backoff = Backoff::default();
    let mut mode = Mode::Batch;
    let mut applying = Attempts::new();
    loop {
        let started = Instant::now();
        match try_commit(
            projector,
            store,
            ctx,
            dead_letters,
            &records,
            &poison,
            (&first, &next),
            &mode,
        )
        .await
        {
            Ok(()) => {
                metrics::histogram!("tributary_projection_commit_seconds", "projection" => name)
                    .record(started.elapsed().as_secs_f64());
                metrics::histogram!("tributary_projection_batch_records", "projection" => name)
                    .record(batch.len() as f64);
                for r in &batch {
                    metrics::counter!("tributary_records_consumed_total", "component" => name, "topic" => r.topic.clone())
                        .increment(1);
                }
                ctx.health.ok();
                return Committed::Yes(next);
            }
            Err(CommitError::OffsetsMoved) => return Committed::OffsetsMoved,
            Err(CommitError::NeedsIsolation) => {
                // A bad record in the batch: redo it record by record to dead-letter just that one.
                if matches!(mode, Mode::Batch) {
                    mode = Mode::Isolate;
                }
            }
            Err(CommitError::Transient(e)) => {
                if ctx.shutdown.is_triggered() {
                    return Committed::Stopped;
                }
                let out = applying.fail(ctx);
                if out && !matches!(mode, Mode::OutOfRetries(_)) {
                    let reason = applying.exhausted("transient failure", &e);
                    tracing::warn!(
                        projection = name,
                        reason = %reason,
                        "out of retries: redoing the batch record by record; a record that still \
                         fails goes to the dead-letter topic and the partition moves on"
                    );
                    metrics::counter!("tributary_projection_retries_exhausted_total", "projection" => name)
                        .increment(1);
                    mode = Mode::OutOfRetries(reason);
                    continue;
                }
                if out {
                    // Even one record at a time cannot commit: the store is down, and no offset
                    // can move past anything until it is back.
                    tracing::warn!(projection = name, error = %e, attempt = applying.failures, "read model store failing; waiting for it");
                    ctx.health.degraded(format!(
                        "read model store failing past the retry bound; waiting for it (no \
                         offset can be committed while it fails): {e}"
                    ));
                } else {
                    tracing::warn!(projection = name, error = %e, attempt = applying.failures, "batch failed; retrying");
                    ctx.health.degraded(format!(
                        "retrying batch (attempt {} of {}): {e}",
                        applying.failures, ctx.kafka.retry.max_attempts
                    ));
                }
                backoff.wait().await;
            }
        }
    }
}

/// Why a batch did not commit.
enum CommitError {
    /// Retry the same way after a backoff.
    Transient(String),
    /// The set-based apply hit a poison record: retry record by record.
    NeedsIsolation,
    /// The stored offsets are not where the batch starts.
    OffsetsMoved,
}

impl From<RecordError> for CommitError {
    fn from(e: RecordError) -> Self {
        CommitError::Transient(e.to_string())
    }
}

#[allow(clippy::too_many_arguments)]
async fn try_commit<P: Projector>(
    projector: &P,
    store: &P::Store,
    ctx: &Context,
    dead_letters: &DeadLetters,
    records: &[ProjectedRecord],
    decode_poison: &[(SourceRecord, String)],
    (first, next): (&Offsets, &Offsets),
    mode: &Mode,
) -> Result<(), CommitError> {
    let name = projector.name();
    let out_of_retries = match mode {
        Mode::Batch => None,
        Mode::Isolate => Some(None),
        Mode::OutOfRetries(reason) => Some(Some(reason.as_str())),
    };
    if let Some(out_of_retries) = out_of_retries {
        return commit_one_by_one(
            projector,
            store,
            ctx,
            dead_letters,
            records,
            decode_poison,
            (first, next),
            out_of_retries,
        )
        .await;
    }
    let mut tx = store.begin().await?;
    match projector.apply_batch(&mut tx, records).await {
        Ok(()) => {}
        Err(e) if !e.is_transient() => {
            store.rollback(tx).await;
            tracing::info!(
                reason = e.reason(),
                "poison in batch; isolating it record by record"
            );
            return Err(CommitError::NeedsIsolation);
        }
        Err(e) => {
            store.rollback(tx).await;
            return Err(CommitError::Transient(e.reason().to_string()));
        }
    }
    // Dead letters are acknowledged before the offsets that skip their records commit.
    for (source, reason) in decode_poison {
        if let Err(e) = dead_letters.send(source, reason, &ctx.shutdown).await {
            store.rollback(tx).await;
            return Err(CommitError::Transient(e.to_string()));
        }
    }
    finish(store, tx, name, first, next).await
}

/// Moves the offsets from `expected` to `next` in `tx` and commits it; rolls it back when the
/// stored offsets were not the expected ones or the store failed.
async fn finish<S: ReadStore>(
    store: &S,
    mut tx: S::Tx,
    name: &str,
    expected: &Offsets,
    next: &Offsets,
) -> Result<(), CommitError> {
    match store.store_offsets(&mut tx, name, expected, next).await {
        Ok(true) => {
            store.commit(tx).await?;
            Ok(())
        }
        Ok(false) => {
            store.rollback(tx).await;
            Err(CommitError::OffsetsMoved)
        }
        Err(e) => {
            store.rollback(tx).await;
            Err(e.into())
        }
    }
}

/// The batch again, one transaction per record, each with the offset just after its record, so
/// that a poison record is set apart from the good ones around it. Decode poison is
/// dead-lettered first; the batch's own end offsets close it. With `out_of_retries`, a record
/// whose apply fails transiently is dead-lettered too (that reason, then its own error) instead
/// of failing the batch; a failure of the store's own bookkeeping (begin, offsets, commit) still
/// fails it, since nothing can be skipped without committing an offset.
#[allow(clippy::too_many_arguments)]
async fn commit_one_by_one<P: Projector>(
    projector: &P,
    store: &P::Store,
    ctx: &Context,
    dead_letters: &DeadLetters,
    records: &[ProjectedRecord],
    decode_poison: &[(SourceRecord, String)],
    (first, next): (&Offsets, &Offsets),
    out_of_retries: Option<&str>,
) -> Result<(), CommitError> {
    let name = projector.name();
    for (source, reason) in decode_poison {
        dead_letters
            .send(source, reason, &ctx.shutdown)
            .await
            .map_err(|e| CommitError::Transient(e.to_string()))?;
    }
    // Where the stored offsets are as the records commit one by one.
    let mut at = first.clone();
    for record in records {
        let tp = (record.source.topic.clone(), record.source.partition);
        let expected: Offsets = at.get(&tp).map(|o| (tp.clone(), *o)).into_iter().collect();
        let after: Offsets = [(tp.clone(), record.source.offset + 1)]
            .into_iter()
            .collect();
        let mut tx = store.begin().await?;
        match projector.apply(&mut tx, record).await {
            Ok(()) => {}
            Err(e) if !e.is_transient() => {
                let reason = e.reason();
                store.rollback(tx).await;
                dead_letters
                    .send(&record.source, reason, &ctx.shutdown)
                    .await
                    .map_err(|e| CommitError::Transient(e.to_string()))?;
                tx = store.begin().await?;
            }
            Err(e) => {
                let reason = e.reason().to_string();
                store.rollback(tx).await;
                let Some(why) = out_of_retries else {
                    return Err(CommitError::Transient(reason));
                };
                // The transaction that skips it opens first: when the store itself is down,
                // the record is not to blame, and nothing is dead-lettered (the loop waits).
                tx = store.begin().await?;
                if let Err(e) = dead_letters
                    .send(
                        &record.source,
                        &format!("{why}; this record's last error: {reason}"),
                        &ctx.shutdown,
                    )
                    .await
                {
                    store.rollback(tx).await;
                    return Err(CommitError::Transient(e.to_string()));
                }
            }
        }
        finish(store, tx, name, &expected, &after).await?;
        at.insert(tp, record.source.offset + 1);
    }
    let tx = store.begin().await?;
    finish(store, tx, name, &at, next).await
}
