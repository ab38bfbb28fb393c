//! The consume-process-produce loop of stateless processors, at least once: a record's offset is
//! stored only after every output it produced (or its dead letter) was acknowledged by the
//! broker. Processors are deterministic, so reprocessing after a crash yields the same keys and
//! event ids and downstream dedupes.

use crate::backoff::Backoff;
use crate::config::KafkaArgs;
use crate::dlq::{DeadLetters, SourceRecord};
use crate::health::Health;
use crate::kafka;
use crate::shutdown::Shutdown;
use futures::future::join_all;
use futures::StreamExt;
use rdkafka::consumer::{CommitMode, Consumer};
use rdkafka::producer::FutureProducer;
use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};
use tracing::Instrument;
use tributary_schemas::EventCodec;

/// One record a processor wants written.
#[derive(Debug, Clone)]
pub struct Output {
    /// Destination topic.
    pub topic: String,
    /// Record key.
    pub key: Vec<u8>,
    /// Encoded value.
    pub payload: Vec<u8>,
}

/// Why a record could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The record itself is bad: it goes to the dead-letter topic and the stream moves on.
    #[error("poison record: {0}")]
    Poison(String),
    /// A dependency failed: the same record is retried with backoff, never skipped.
    #[error("transient failure: {0}")]
    Transient(String),
}

impl From<tributary_schemas::CodecError> for ProcessError {
    fn from(e: tributary_schemas::CodecError) -> Self {
        if e.is_retriable() {
            ProcessError::Transient(e.to_string())
        } else {
            ProcessError::Poison(e.to_string())
        }
    }
}

/// A stateless stream processor.
pub trait Processor: Send + Sync + 'static {
    /// The component name: consumer group, metrics label, dead-letter component.
    fn name(&self) -> &'static str;
    /// The topics it consumes.
    fn inputs(&self) -> Vec<String>;
    /// Turns one record into the records to write. Must be deterministic.
    fn process(
        &self,
        record: &SourceRecord,
    ) -> impl Future<Output = Result<Vec<Output>, ProcessError>> + Send;
    /// Records of a batch processed at once (their outputs keep the input order). 1 unless
    /// processing waits on something slow and parallel, like a model endpoint.
    fn concurrency(&self) -> usize {
        1
    }
}

/// What a processor loop needs from its surroundings.
#[derive(Clone)]
pub struct Context {
    /// Broker and topics.
    pub kafka: KafkaArgs,
    /// The registry codec.
    pub codec: EventCodec,
    /// The producer outputs and dead letters go through.
    pub producer: FutureProducer,
    /// The component's health.
    pub health: Health,
    /// Stops the loop.
    pub shutdown: Shutdown,
}

const MAX_BATCH: usize = 512;
const BATCH_WAIT: Duration = Duration::from_millis(20);

/// Runs `processor` until shutdown.
pub async fn run<P: Processor>(processor: P, ctx: Context) -> Result<(), kafka::KafkaFailure> {
    let name = processor.name();
    let group = format!("{}.{}", ctx.kafka.topic_prefix, name);
    let consumer = kafka::member_consumer(&ctx.kafka, &group, name)?;
    let inputs = processor.inputs();
    let input_refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    consumer.subscribe(&input_refs)?;
    let dead_letters = DeadLetters::new(
        ctx.producer.clone(),
        ctx.codec.clone(),
        ctx.kafka.topics().dlq(),
        name,
    );
    tracing::info!(component = name, ?inputs, "processor started");

    while !ctx.shutdown.is_triggered() {
        let batch = match kafka::next_batch(&consumer, MAX_BATCH, BATCH_WAIT, &ctx.shutdown).await {
            None => break,
            Some(Ok(batch)) => batch,
            Some(Err(e)) => {
                tracing::warn!(component = name, error = %e, "consume error");
                ctx.health.degraded(format!("consume error: {e}"));
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        let mut outputs: Vec<Output> = Vec::new();
        let mut completed = 0usize;
        // Up to `concurrency` records in flight; results taken in input order.
        let limit = processor.concurrency().max(1);
        let mut in_flight = futures::stream::FuturesOrdered::new();
        let mut next = 0;
        loop {
            while in_flight.len() < limit && next < batch.len() {
                in_flight.push_back(process_traced(
                    &processor,
                    &ctx,
                    &dead_letters,
                    &batch[next],
                    name,
                ));
                next += 1;
            }
            let Some((record, started, outcome)) = in_flight.next().await else {
                break;
            };
            let Some(mut out) = outcome else { break };
            outputs.append(&mut out);
            metrics::histogram!("tributary_record_processing_seconds", "component" => name)
                .record(started.elapsed().as_secs_f64());
            metrics::counter!("tributary_records_consumed_total", "component" => name, "topic" => record.topic.clone())
                .increment(1);
            completed += 1;
        }

        if !produce_all(&ctx, name, outputs).await {
            break; // shutdown while the broker was unavailable: nothing stored, all redone later
        }
        // Store the offsets of the records whose effects are now durable.
        let mut last: BTreeMap<(String, i32), i64> = BTreeMap::new();
        for r in &batch[..completed] {
            last.insert((r.topic.clone(), r.partition), r.offset);
        }
        for ((topic, partition), offset) in last {
            if let Err(e) = consumer.store_offset(&topic, partition, offset) {
                tracing::warn!(error = %e, topic, partition, "cannot store offset (partition revoked?)");
            }
        }
        if completed == batch.len() {
            ctx.health.ok();
        }
    }
    if let Err(e) = consumer.commit_consumer_state(CommitMode::Sync) {
        tracing::debug!(error = %e, "final commit");
    }
    tracing::info!(component = name, "processor stopped");
    Ok(())
}

/// [`process_one`] in a span naming the record, with its start time.
async fn process_traced<'a, P: Processor>(
    processor: &P,
    ctx: &Context,
    dead_letters: &DeadLetters,
    record: &'a SourceRecord,
    name: &str,
) -> (&'a SourceRecord, Instant, Option<Vec<Output>>) {
    let started = Instant::now();
    let span = tracing::info_span!("process", component = name, topic = %record.topic, partition = record.partition, offset = record.offset);
    let outcome = process_one(processor, ctx, dead_letters, record)
        .instrument(span)
        .await;
    (record, started, outcome)
}

/// Processes one record: its outputs, or none after its dead letter was written. `None` when
/// shutdown interrupted it (the record will be processed again).
async fn process_one<P: Processor>(
    processor: &P,
    ctx: &Context,
    dead_letters: &DeadLetters,
    record: &SourceRecord,
) -> Option<Vec<Output>> {
    let mut backoff = Backoff::default();
    loop {
        match processor.process(record).await {
            Ok(out) => return Some(out),
            Err(ProcessError::Poison(e)) => {
                return match dead_letters.send(record, &e, &ctx.shutdown).await {
                    Ok(()) => Some(Vec::new()),
                    Err(_) => None,
                };
            }
            Err(ProcessError::Transient(e)) => {
                ctx.health.degraded(format!("retrying: {e}"));
                tracing::warn!(error = %e, attempt = backoff.attempts(), "transient failure; retrying");
                if ctx.shutdown.is_triggered() {
                    return None;
                }
                backoff.wait().await;
            }
        }
    }
}

/// Writes every output and waits for the acknowledgements, resending what failed. Returns false
/// when shutdown interrupted it.
async fn produce_all(ctx: &Context, name: &str, mut pending: Vec<Output>) -> bool {
    let mut backoff = Backoff::default();
    while !pending.is_empty() {
        let sends = pending
            .iter()
            .map(|o| kafka::send(&ctx.producer, &o.topic, &o.key, &o.payload));
        let results = join_all(sends).await;
        let mut failed = Vec::new();
        for (o, r) in pending.into_iter().zip(results) {
            match r {
                Ok(_) => metrics::counter!("tributary_records_produced_total", "component" => name.to_string(), "topic" => o.topic.clone()).increment(1),
                Err(e) => {
                    tracing::warn!(error = %e, topic = %o.topic, "produce failed; will resend");
                    failed.push(o);
                }
            }
        }
        pending = failed;
        if !pending.is_empty() {
            ctx.health.degraded("broker unavailable");
            if ctx.shutdown.is_triggered() {
                return false;
            }
            backoff.wait().await;
        }
    }
    true
}
