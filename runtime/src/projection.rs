//! The loop of projections, exactly once in effect: each batch of read-model writes and the
//! consumer offsets after it are committed in one transaction of the read model's own store
//! ([`ReadStore`]: PostgreSQL or the graph), and on start the loop seeks to the offsets it stored.
//! Kafka's own committed offsets are never trusted for this.
//!
//! A record that cannot be decoded, or that its projector rejects as poison, is sent to the
//! dead-letter topic before the offset that skips it commits: the batch is redone one record per
//! transaction to set the bad one apart, and the rest is kept. A transient failure (the store or
//! the registry away) rolls the whole batch back and retries it with backoff: nothing is skipped.

use crate::backoff::Backoff;
use crate::config::KafkaArgs;
use crate::dlq::{DeadLetters, SourceRecord};
use crate::health::Health;
use crate::kafka;
use crate::shutdown::Shutdown;
use rdkafka::consumer::Consumer;
use rdkafka::producer::FutureProducer;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::time::{Duration, Instant};
use tributary_schemas::{CodecError, Decoded, EventCodec};

/// Why a record could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The record is bad: dead-lettered, the batch goes on.
    #[error("poison record: {0}")]
    Poison(String),
    /// A dependency failed: the batch is retried.
    #[error("transient failure: {0}")]
    Transient(String),
}

impl ApplyError {
    /// Whether retrying later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, ApplyError::Transient(_))
    }
}

/// Next offset to read, by (topic, partition).
pub type Offsets = BTreeMap<(String, i32), i64>;

/// Where a projection keeps its read model and its offsets, with transactions that cover both.
pub trait ReadStore: Send + Sync + 'static {
    /// An open transaction; dropped without [`ReadStore::commit`] it must change nothing.
    type Tx: Send;

    /// Creates what the offsets need (idempotent; called once when a loop starts).
    fn prepare_offsets(&self) -> impl Future<Output = Result<(), ApplyError>> + Send;
    /// The stored offsets of `projection`.
    fn stored_offsets(
        &self,
        projection: &str,
    ) -> impl Future<Output = Result<HashMap<(String, i32), i64>, ApplyError>> + Send;
    /// Opens a transaction.
    fn begin(&self) -> impl Future<Output = Result<Self::Tx, ApplyError>> + Send;
    /// Moves `projection`'s offsets from `expected` to `next` inside `tx`, compare-and-set:
    /// returns `Ok(false)`, changing nothing, when a stored offset is not the expected one
    /// (another writer moved it: a replay switched the read model, or a second instance runs).
    /// A partition with no stored offset yet accepts any expected value.
    fn store_offsets<'a>(
        &'a self,
        tx: &'a mut Self::Tx,
        projection: &'a str,
        expected: &'a Offsets,
        next: &'a Offsets,
    ) -> impl Future<Output = Result<bool, ApplyError>> + Send + 'a;
    /// Commits `tx`.
    fn commit(&self, tx: Self::Tx) -> impl Future<Output = Result<(), ApplyError>> + Send;
    /// Abandons `tx`.
    fn rollback(&self, tx: Self::Tx) -> impl Future<Output = ()> + Send;
}

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
    ) -> impl Future<Output = Result<(), ApplyError>> + Send + 'a;

    /// Applies a whole batch inside its transaction. The default applies record by record;
    /// a projector overrides it with set-based statements where volume matters. When it reports
    /// poison, the loop rolls back and re-applies the batch one record per transaction to find
    /// and dead-letter the bad ones.
    fn apply_batch<'a>(
        &'a self,
        tx: &'a mut <Self::Store as ReadStore>::Tx,
        records: &'a [ProjectedRecord],
    ) -> impl Future<Output = Result<(), ApplyError>> + Send + 'a {
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

/// Why a projection stopped.
#[derive(Debug, thiserror::Error)]
pub enum ProjectionFailure {
    /// Kafka set-up failed.
    #[error(transparent)]
    Kafka(#[from] kafka::KafkaFailure),
    /// The read model's store failed at start.
    #[error("read model store: {0}")]
    Store(ApplyError),
}

/// Runs `projector` over `store` until shutdown.
pub async fn run<P: Projector>(
    projector: P,
    store: P::Store,
    ctx: Context,
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
    let topics = projector.topics(&ctx.kafka);
    let partitions = seek(&consumer, &topics, &offsets)?;
    let dead_letters = DeadLetters::new(
        ctx.producer.clone(),
        ctx.codec.clone(),
        ctx.kafka.topics().dlq(),
        name,
    );
    tracing::info!(projection = name, partitions, "projection started");
    ctx.health.ok();

    while !ctx.shutdown.is_triggered() {
        let batch = match kafka::next_batch(
            &consumer,
            ctx.max_batch,
            Duration::from_millis(50),
            &ctx.shutdown,
        )
        .await
        {
            None => break,
            Some(Ok(batch)) => batch,
            Some(Err(e)) => {
                tracing::warn!(projection = name, error = %e, "consume error");
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        match commit_batch(&projector, &store, &ctx, &dead_letters, batch).await {
            Committed::Yes => {}
            Committed::Stopped => break,
            Committed::OffsetsMoved => {
                // Someone else moved the stored offsets (a replay switched the read model):
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
                seek(&consumer, &topics, &offsets)?;
            }
        }
    }
    tracing::info!(projection = name, "projection stopped");
    Ok(())
}

/// Assigns every partition of `topics` to `consumer` at its stored offset (the beginning when
/// none); returns how many partitions.
fn seek(
    consumer: &kafka::MeteredConsumer,
    topics: &[String],
    offsets: &HashMap<(String, i32), i64>,
) -> Result<usize, kafka::KafkaFailure> {
    let mut assignment = TopicPartitionList::new();
    for topic in topics {
        for partition in kafka::partitions(consumer, topic)? {
            let offset = match offsets.get(&(topic.clone(), partition)) {
                Some(o) => Offset::Offset(*o),
                None => Offset::Beginning,
            };
            assignment.add_partition_offset(topic, partition, offset)?;
        }
    }
    consumer.assign(&assignment)?;
    Ok(assignment.count())
}

/// How a batch ended.
enum Committed {
    /// Applied with its offsets.
    Yes,
    /// Shutdown interrupted it; nothing of it was committed.
    Stopped,
    /// The stored offsets were not where this consumer was: nothing committed; re-seek.
    OffsetsMoved,
}

/// Decodes a record, retrying while the registry is unreachable. `Err` is the poison reason;
/// `Ok(None)` means shutdown.
async fn decode(ctx: &Context, record: &SourceRecord) -> Result<Option<Decoded>, String> {
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

/// Applies one batch and its offsets in one transaction, retrying transient failures.
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
    for source in batch.iter() {
        match decode(ctx, source).await {
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
    let mut isolate = false;
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
            isolate,
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
                return Committed::Yes;
            }
            Err(CommitError::OffsetsMoved) => return Committed::OffsetsMoved,
            Err(CommitError::NeedsIsolation) => {
                // A bad record in the batch: redo it record by record to dead-letter just that one.
                isolate = true;
            }
            Err(CommitError::Transient(e)) => {
                tracing::warn!(projection = name, error = %e, attempt = backoff.attempts(), "batch failed; retrying");
                ctx.health.degraded(format!("retrying batch: {e}"));
                if ctx.shutdown.is_triggered() {
                    return Committed::Stopped;
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

impl From<ApplyError> for CommitError {
    fn from(e: ApplyError) -> Self {
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
    isolate: bool,
) -> Result<(), CommitError> {
    let name = projector.name();
    if isolate {
        return commit_one_by_one(
            projector,
            store,
            ctx,
            dead_letters,
            records,
            decode_poison,
            (first, next),
        )
        .await;
    }
    let mut tx = store.begin().await?;
    match projector.apply_batch(&mut tx, records).await {
        Ok(()) => {}
        Err(ApplyError::Poison(reason)) => {
            store.rollback(tx).await;
            tracing::info!(reason, "poison in batch; isolating it record by record");
            return Err(CommitError::NeedsIsolation);
        }
        Err(ApplyError::Transient(reason)) => {
            store.rollback(tx).await;
            return Err(CommitError::Transient(reason));
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
/// dead-lettered first; the batch's own end offsets close it.
async fn commit_one_by_one<P: Projector>(
    projector: &P,
    store: &P::Store,
    ctx: &Context,
    dead_letters: &DeadLetters,
    records: &[ProjectedRecord],
    decode_poison: &[(SourceRecord, String)],
    (first, next): (&Offsets, &Offsets),
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
            Err(ApplyError::Poison(reason)) => {
                store.rollback(tx).await;
                dead_letters
                    .send(&record.source, &reason, &ctx.shutdown)
                    .await
                    .map_err(|e| CommitError::Transient(e.to_string()))?;
                tx = store.begin().await?;
            }
            Err(ApplyError::Transient(reason)) => {
                store.rollback(tx).await;
                return Err(CommitError::Transient(reason));
            }
        }
        finish(store, tx, name, &expected, &after).await?;
        at.insert(tp, record.source.offset + 1);
    }
    let tx = store.begin().await?;
    finish(store, tx, name, &at, next).await
}
