//! The consume-process-produce loop of stateless processors, at least once: a record's offset is
//! stored only after every output it produced (or its dead letter) was acknowledged by the
//! broker. Processors are deterministic, so reprocessing after a crash yields the same keys and
//! event ids and downstream dedupes.

use crate::backoff::Backoff;
use crate::config::KafkaArgs;
use crate::dlq::{DeadLetters, SourceRecord};
use crate::kafka;
use crate::{Health, RecordError, Shutdown};
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

/// A stateless stream processor.
pub trait Processor: Send + Sync + 'static {
    /// The component name: consumer group, metrics label, dead-letter component.
    fn name(&self) -> &'static str;
    /// The topics it consumes.
    fn inputs(&self) -> Vec<String>;
    /// Turns one record into the records to write. Must be deterministic. Poison is
    /// dead-lettered at once; a transient failure is retried with backoff within the retry
    /// bound (`KafkaArgs::retry`), then dead-lettered with the reason.
    fn process(
        &self,
        record: &SourceRecord,
    ) -> impl Future<Output = Result<Vec<Output>, RecordError>> + Send;
    /// Records of a batch processed at once (their outputs keep the input order). 1 unless
    /// processing waits on something slow and parallel, like a model endpoint.
    fn concurrency(&self) -> usize {
        1
    }
    /// The most records one batch holds: small for a processor whose records are slow (a
    /// fetch), so that one batch never outlasts the consumer's poll interval.
    fn max_batch(&self) -> usize {
        MAX_BATCH
    }
    /// The longest one attempt at one record may take (a fetch's timeout, a model call's).
    /// With the retry bound it sets how long a batch may take between two polls of the consumer.
    fn attempt_timeout(&self) -> Duration {
        Duration::from_secs(60)
    }
}

/// How long a batch of `processor` may take between two polls of its consumer: its records are
/// processed `concurrency` at a time, each within the retry bound plus one last attempt; with
/// room, never under librdkafka's default (5 minutes) nor over its maximum (24 hours).
fn max_poll_interval<P: Processor>(processor: &P, kafka: &KafkaArgs) -> Duration {
    let per_record = Duration::from_secs(kafka.retry.max_seconds) + processor.attempt_timeout();
    let waves = processor
        .max_batch()
        .max(1)
        .div_ceil(processor.concurrency().max(1));
    let waves = u32::try_from(waves).unwrap_or(u32::MAX);
    (per_record.saturating_mul(waves) + Duration::from_secs(60))
        .clamp(Duration::from_secs(300), Duration::from_secs(86_400))
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
    let consumer = kafka::member_consumer(
        &ctx.kafka,
        &group,
        name,
        max_poll_interval(&processor, &ctx.kafka),
    )?;
    let inputs = processor.inputs();
    let input_refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    consumer.subscribe(&input_refs)?;
    let dead_letters = DeadLetters::new(ctx.producer.clone(), ctx.codec.clone(), &ctx.kafka, name);
    tracing::info!(component = name, ?inputs, "processor started");

    while !ctx.shutdown.is_triggered() {
        let batch = match kafka::next_batch(
            &consumer,
            processor.max_batch().max(1),
            BATCH_WAIT,
            None,
            &ctx.shutdown,
        )
        .await
        {
            kafka::Next::Shutdown | kafka::Next::Idle => break,
            kafka::Next::Batch(batch) => batch,
            kafka::Next::Failed(e) => {
                tracing::warn!(component = name, error = %e, "consume error");
                ctx.health.degraded(format!("consume error: {e}"));
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        // Up to `concurrency` records in flight, a new one started as soon as any finishes (a
        // slow record does not hold the window); results kept by index, so that outputs are
        // written, and offsets stored, in input order, up to the first record not done.
        let limit = processor.concurrency().max(1);
        let mut results: Vec<Option<Vec<Output>>> = vec![None; batch.len()];
        let mut in_flight = futures::stream::FuturesUnordered::new();
        let mut next = 0;
        let mut interrupted = false;
        loop {
            // On shutdown nothing more is started (the records in flight end; the rest of the
            // batch, never stored, is redone later): a batch of slow records (model calls) must
            // not hold a stop for minutes.
            interrupted |= ctx.shutdown.is_triggered();
            while !interrupted && in_flight.len() < limit && next < batch.len() {
                let index = next;
                let work = process_traced(&processor, &ctx, &dead_letters, &batch[index], name);
                in_flight.push(async move { (index, work.await) });
                next += 1;
            }
            let Some((index, (record, started, outcome))) = in_flight.next().await else {
                break;
            };
            let Some(out) = outcome else {
                interrupted = true; // shutdown: start nothing more, let the others end
                continue;
            };
            results[index] = Some(out);
            metrics::histogram!("tributary_record_processing_seconds", "component" => name)
                .record(started.elapsed().as_secs_f64());
            metrics::counter!("tributary_records_consumed_total", "component" => name, "topic" => record.topic.clone())
                .increment(1);
        }
        let completed = results.iter().take_while(|r| r.is_some()).count();
        // Each output with the index of the record that produced it.
        let outputs: Vec<(usize, Output)> = results
            .into_iter()
            .take(completed)
            .enumerate()
            .flat_map(|(index, out)| out.unwrap_or_default().into_iter().map(move |o| (index, o)))
            .collect();

        let Some(refused) = produce_all(&ctx, name, outputs).await else {
            break; // shutdown while the broker was unavailable: nothing stored, all redone later
        };
        // Records whose outputs the broker refused for good (too large, or past the retry
        // bound) go to the dead-letter topic before their offsets are stored.
        let mut interrupted = false;
        for (index, reason) in refused {
            if dead_letters
                .send(&batch[index], &reason, &ctx.shutdown)
                .await
                .is_err()
            {
                interrupted = true;
                break;
            }
        }
        if interrupted {
            break; // shutdown: nothing stored, the batch is redone later
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
/// shutdown interrupted it (the record will be processed again). A transient failure is retried
/// with backoff within the retry bound (`KafkaArgs::retry`); past it the record is dead-lettered
/// with the attempts, the time spent and the last error, and the partition moves on.
async fn process_one<P: Processor>(
    processor: &P,
    ctx: &Context,
    dead_letters: &DeadLetters,
    record: &SourceRecord,
) -> Option<Vec<Output>> {
    let mut backoff = Backoff::default();
    let started = Instant::now();
    let policy = ctx.kafka.retry;
    loop {
        let reason = match processor.process(record).await {
            Ok(out) => return Some(out),
            Err(e) if !e.is_transient() => e.reason().to_string(),
            Err(e) => {
                let e = e.reason();
                let attempts = backoff.attempts() + 1;
                if policy.exhausted(attempts, started) {
                    metrics::counter!("tributary_retries_exhausted_total", "component" => processor.name())
                        .increment(1);
                    gave_up(attempts, started, e)
                } else {
                    ctx.health.degraded(format!("retrying: {e}"));
                    tracing::warn!(error = %e, attempt = attempts, "transient failure; retrying");
                    if ctx.shutdown.is_triggered() {
                        return None;
                    }
                    backoff.wait().await;
                    continue;
                }
            }
        };
        return match dead_letters.send(record, &reason, &ctx.shutdown).await {
            Ok(()) => Some(Vec::new()),
            Err(_) => None,
        };
    }
}

/// The dead-letter reason of a record given up on after `attempts` transient failures.
fn gave_up(attempts: u32, started: Instant, last: &str) -> String {
    format!(
        "gave up after {attempts} attempts in {:.1} s (TRIBUTARY_RETRY_MAX_ATTEMPTS, \
         TRIBUTARY_RETRY_MAX_SECONDS): {last}",
        started.elapsed().as_secs_f64()
    )
}

/// Writes every output and waits for the acknowledgements, resending what failed. Returns the
/// records (by index, with the reason) whose outputs the broker refused for good: an output over
/// the record budget (never resent: it would fail the same way), or one still refused past the
/// retry bound while the broker answered. While the broker does not answer at all, nothing
/// counts against the bound (the dead-letter topic is on the same broker): the loop waits,
/// degraded. `None` when shutdown interrupted it.
async fn produce_all(
    ctx: &Context,
    name: &str,
    mut pending: Vec<(usize, Output)>,
) -> Option<Vec<(usize, String)>> {
    let mut backoff = Backoff::default();
    let started = Instant::now();
    let mut answered_failures = 0u32;
    let mut refused: BTreeMap<usize, String> = BTreeMap::new();
    while !pending.is_empty() {
        let sends = pending
            .iter()
            .map(|(_, o)| kafka::send(&ctx.producer, &o.topic, &o.key, &o.payload));
        let results = join_all(sends).await;
        let mut failed = Vec::new();
        let mut last_error = String::new();
        for ((index, o), r) in pending.into_iter().zip(results) {
            match r {
                Ok(_) => metrics::counter!("tributary_records_produced_total", "component" => name.to_string(), "topic" => o.topic.clone()).increment(1),
                Err(e) if kafka::is_message_too_large(&e) => {
                    let reason = format!(
                        "an output to {} of {} bytes is over the record budget of {} bytes \
                         (TRIBUTARY_MAX_MESSAGE_BYTES, and the topic's max.message.bytes): {e}",
                        o.topic,
                        o.payload.len(),
                        ctx.kafka.max_message_bytes
                    );
                    tracing::warn!(topic = %o.topic, bytes = o.payload.len(), "output over the record budget; its record goes to the dead-letter topic");
                    refused.entry(index).or_insert(reason);
                }
                Err(e) => {
                    tracing::warn!(error = %e, topic = %o.topic, "produce failed; will resend");
                    last_error = e.to_string();
                    failed.push((index, o));
                }
            }
        }
        pending = failed;
        if pending.is_empty() {
            break;
        }
        // Only failures while the broker answers count against the bound.
        let producer = ctx.producer.clone();
        let reachable = tokio::task::spawn_blocking(move || {
            kafka::broker_reachable(&producer, Duration::from_secs(5))
        })
        .await
        .unwrap_or(false);
        if reachable {
            answered_failures += 1;
            if ctx.kafka.retry.exhausted(answered_failures, started) {
                let reason = gave_up(answered_failures, started, &last_error);
                for (index, _) in pending.drain(..) {
                    refused.entry(index).or_insert_with(|| reason.clone());
                }
                break;
            }
        }
        ctx.health.degraded("broker unavailable");
        if ctx.shutdown.is_triggered() {
            return None;
        }
        backoff.wait().await;
    }
    Some(refused.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Slow(usize, usize, u64);

    impl Processor for Slow {
        fn name(&self) -> &'static str {
            "slow"
        }
        fn inputs(&self) -> Vec<String> {
            Vec::new()
        }
        async fn process(&self, _: &SourceRecord) -> Result<Vec<Output>, RecordError> {
            Ok(Vec::new())
        }
        fn concurrency(&self) -> usize {
            self.0
        }
        fn max_batch(&self) -> usize {
            self.1
        }
        fn attempt_timeout(&self) -> Duration {
            Duration::from_secs(self.2)
        }
    }

    #[test]
    fn the_poll_interval_covers_a_slow_batch_within_librdkafkas_range() {
        let kafka = KafkaArgs::new("127.0.0.1:1", "t");
        // 32 fetches, 4 at a time, each up to 300 s of retries plus a 600 s attempt.
        assert_eq!(
            max_poll_interval(&Slow(4, 32, 600), &kafka),
            Duration::from_secs(8 * 900 + 60)
        );
        // The default loop (512 records one at a time) is capped at librdkafka's maximum.
        assert_eq!(
            max_poll_interval(&Slow(1, 512, 60), &kafka),
            Duration::from_secs(86_400)
        );
        let mut quick = kafka.clone();
        quick.retry.max_seconds = 1;
        assert_eq!(
            max_poll_interval(&Slow(4, 4, 0), &quick),
            Duration::from_secs(300)
        );
    }
}
