//! The loop of PostgreSQL projections, exactly once in effect: each batch of rows and the
//! consumer offsets after it are written in one database transaction, and on start the loop seeks
//! to the offsets it stored. Kafka's own committed offsets are never trusted for this.
//!
//! A record that cannot be decoded, or that its projector rejects as poison, is rolled back to a
//! savepoint and sent to the dead-letter topic before the transaction commits; the rest of the
//! batch is kept. A transient failure (PostgreSQL or the registry away) rolls the whole batch back
//! and retries it with backoff: nothing is skipped.

use crate::backoff::Backoff;
use crate::config::KafkaArgs;
use crate::dlq::{DeadLetters, SourceRecord};
use crate::health::Health;
use crate::kafka;
use crate::shutdown::Shutdown;
use rdkafka::consumer::Consumer;
use rdkafka::producer::FutureProducer;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use sqlx::{PgConnection, PgPool};
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

impl From<sqlx::Error> for ApplyError {
    fn from(e: sqlx::Error) -> Self {
        if is_transient(&e) {
            ApplyError::Transient(e.to_string())
        } else {
            ApplyError::Poison(e.to_string())
        }
    }
}

/// Whether a PostgreSQL error is worth retrying: connection loss, pool exhaustion, serialization
/// failures and deadlocks, server shutdown, resource exhaustion.
pub fn is_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            ["08", "40", "53", "57", "58"]
                .iter()
                .any(|p| c.starts_with(p))
        }),
        _ => false,
    }
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
    /// The projection's name: its consumer group, its offsets key, its metrics label.
    fn name(&self) -> &'static str;
    /// The topics it reads.
    fn topics(&self, kafka: &KafkaArgs) -> Vec<String>;
    /// Applies one record inside the batch's transaction. Must be idempotent: a replay or a
    /// duplicate record leaves the same rows.
    fn apply<'a>(
        &'a self,
        conn: &'a mut PgConnection,
        record: &'a ProjectedRecord,
    ) -> impl Future<Output = Result<(), ApplyError>> + Send + 'a;

    /// Applies a whole batch inside its transaction. The default applies record by record;
    /// a projector overrides it with set-based statements where volume matters. When it reports
    /// poison, the loop rolls back and re-applies the batch record by record (with savepoints)
    /// to find and dead-letter the bad ones.
    fn apply_batch<'a>(
        &'a self,
        conn: &'a mut PgConnection,
        records: &'a [ProjectedRecord],
    ) -> impl Future<Output = Result<(), ApplyError>> + Send + 'a {
        async move {
            for record in records {
                self.apply(&mut *conn, record).await?;
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
    /// The read model's pool (its search path is the projection's schema).
    pub pool: PgPool,
    /// Health.
    pub health: Health,
    /// Stops the loop.
    pub shutdown: Shutdown,
    /// Largest batch.
    pub max_batch: usize,
}

/// Creates the offsets table in the pool's schema.
pub async fn ensure_offsets_table(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS projection_offsets (
            projection text NOT NULL,
            topic text NOT NULL,
            partition integer NOT NULL,
            next_offset bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (projection, topic, partition))",
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The offsets a projection stored: (topic, partition) -> next offset to read.
pub async fn stored_offsets(
    pool: &PgPool,
    projection: &str,
) -> Result<HashMap<(String, i32), i64>, sqlx::Error> {
    let rows: Vec<(String, i32, i64)> = sqlx::query_as(
        "SELECT topic, partition, next_offset FROM projection_offsets WHERE projection = $1",
    )
    .bind(projection)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(t, p, o)| ((t, p), o)).collect())
}

/// Why a projection stopped.
#[derive(Debug, thiserror::Error)]
pub enum ProjectionFailure {
    /// Kafka set-up failed.
    #[error(transparent)]
    Kafka(#[from] kafka::KafkaFailure),
    /// PostgreSQL set-up failed.
    #[error("postgres: {0}")]
    Postgres(#[from] sqlx::Error),
}

/// Runs `projector` until shutdown.
pub async fn run<P: Projector>(projector: P, ctx: Context) -> Result<(), ProjectionFailure> {
    let name = projector.name();
    let mut backoff = Backoff::default();
    // Wait for PostgreSQL at start rather than failing: the stack may still be coming up.
    let offsets = loop {
        match async {
            ensure_offsets_table(&ctx.pool).await?;
            stored_offsets(&ctx.pool, name).await
        }
        .await
        {
            Ok(o) => break o,
            Err(e) if is_transient(&e) && !ctx.shutdown.is_triggered() => {
                ctx.health.degraded(format!("postgres unavailable: {e}"));
                backoff.wait().await;
            }
            Err(e) => return Err(e.into()),
        }
    };
    let consumer = kafka::consumer(&ctx.kafka, &format!("{}.{}", ctx.kafka.topic_prefix, name))?;
    let mut assignment = TopicPartitionList::new();
    for topic in projector.topics(&ctx.kafka) {
        for partition in kafka::partitions(&consumer, &topic)? {
            let offset = match offsets.get(&(topic.clone(), partition)) {
                Some(o) => Offset::Offset(*o),
                None => Offset::Beginning,
            };
            assignment
                .add_partition_offset(&topic, partition, offset)
                .map_err(kafka::KafkaFailure::from)?;
        }
    }
    consumer
        .assign(&assignment)
        .map_err(kafka::KafkaFailure::from)?;
    let dead_letters = DeadLetters::new(
        ctx.producer.clone(),
        ctx.codec.clone(),
        ctx.kafka.topics().dlq(),
        name,
    );
    tracing::info!(
        projection = name,
        partitions = assignment.count(),
        "projection started"
    );
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
        if !commit_batch(&projector, &ctx, &dead_letters, batch).await {
            break;
        }
    }
    tracing::info!(projection = name, "projection stopped");
    Ok(())
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

/// Applies one batch and its offsets in one transaction, retrying transient failures. Returns
/// false when shutdown interrupted it (nothing of the batch was committed).
async fn commit_batch<P: Projector>(
    projector: &P,
    ctx: &Context,
    dead_letters: &DeadLetters,
    batch: Vec<SourceRecord>,
) -> bool {
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
            Ok(None) => return false,
            Err(reason) => poison.push((source.clone(), reason)),
        }
    }
    let mut next: BTreeMap<(String, i32), i64> = BTreeMap::new();
    for r in &batch {
        next.insert((r.topic.clone(), r.partition), r.offset + 1);
    }

    let mut backoff = Backoff::default();
    let mut isolate = false;
    loop {
        let started = Instant::now();
        match try_commit(
            projector,
            ctx,
            dead_letters,
            &records,
            &poison,
            &next,
            isolate,
        )
        .await
        {
            Ok(()) => {
                metrics::histogram!("tributary_projection_commit_seconds", "projection" => name)
                    .record(started.elapsed().as_secs_f64());
                metrics::histogram!("tributary_projection_batch_size", "projection" => name)
                    .record(batch.len() as f64);
                for r in &batch {
                    metrics::counter!("tributary_records_consumed_total", "component" => name, "topic" => r.topic.clone())
                        .increment(1);
                }
                ctx.health.ok();
                return true;
            }
            Err(CommitError::NeedsIsolation) => {
                // A bad record in the batch: redo it record by record to dead-letter just that one.
                isolate = true;
            }
            Err(CommitError::Transient(e)) => {
                tracing::warn!(projection = name, error = %e, attempt = backoff.attempts(), "batch failed; retrying");
                ctx.health.degraded(format!("retrying batch: {e}"));
                if ctx.shutdown.is_triggered() {
                    return false;
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
}

impl From<sqlx::Error> for CommitError {
    fn from(e: sqlx::Error) -> Self {
        CommitError::Transient(e.to_string())
    }
}

#[allow(clippy::too_many_arguments)]
async fn try_commit<P: Projector>(
    projector: &P,
    ctx: &Context,
    dead_letters: &DeadLetters,
    records: &[ProjectedRecord],
    decode_poison: &[(SourceRecord, String)],
    next: &BTreeMap<(String, i32), i64>,
    isolate: bool,
) -> Result<(), CommitError> {
    let mut tx = ctx.pool.begin().await?;
    let mut poison: Vec<(&SourceRecord, String)> =
        decode_poison.iter().map(|(s, e)| (s, e.clone())).collect();
    if !isolate {
        match projector.apply_batch(&mut tx, records).await {
            Ok(()) => {}
            Err(ApplyError::Poison(reason)) => {
                tracing::info!(reason, "poison in batch; isolating it record by record");
                return Err(CommitError::NeedsIsolation);
            }
            Err(ApplyError::Transient(reason)) => return Err(CommitError::Transient(reason)),
        }
    } else {
        for record in records {
            sqlx::query("SAVEPOINT record").execute(&mut *tx).await?;
            match projector.apply(&mut tx, record).await {
                Ok(()) => {}
                Err(ApplyError::Poison(reason)) => {
                    sqlx::query("ROLLBACK TO SAVEPOINT record")
                        .execute(&mut *tx)
                        .await?;
                    poison.push((&record.source, reason));
                }
                Err(ApplyError::Transient(reason)) => return Err(CommitError::Transient(reason)),
            }
            sqlx::query("RELEASE SAVEPOINT record")
                .execute(&mut *tx)
                .await?;
        }
    }
    for ((topic, partition), offset) in next {
        sqlx::query(
            "INSERT INTO projection_offsets (projection, topic, partition, next_offset)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (projection, topic, partition)
             DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()",
        )
        .bind(projector.name())
        .bind(topic)
        .bind(partition)
        .bind(offset)
        .execute(&mut *tx)
        .await?;
    }
    // Dead letters are acknowledged before the offsets that skip their records commit.
    for (source, reason) in &poison {
        dead_letters
            .send(source, reason, &ctx.shutdown)
            .await
            .map_err(|e| CommitError::Transient(e.to_string()))?;
    }
    tx.commit().await?;
    Ok(())
}
