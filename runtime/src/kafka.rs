//! Kafka clients configured for Tributary's delivery guarantees.

use crate::config::KafkaArgs;
use crate::dlq::SourceRecord;
use crate::Shutdown;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::{ClientContext, DefaultClientContext};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{Consumer, ConsumerContext, StreamConsumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::producer::{FutureProducer, FutureRecord, Producer};
use rdkafka::statistics::Statistics;
use rdkafka::util::Timeout;
use std::time::{Duration, Instant};
use tributary_schemas::Retention;

/// Why a Kafka operation failed.
#[derive(Debug, thiserror::Error)]
pub enum KafkaFailure {
    /// The client could not be created or the broker refused.
    #[error("kafka: {0}")]
    Client(#[from] KafkaError),
    /// A topic could not be created.
    #[error("cannot create topic {topic}: {reason}")]
    CreateTopic {
        /// The topic.
        topic: String,
        /// The broker's answer.
        reason: String,
    },
    /// The topic does not exist on the broker.
    #[error("topic {0} does not exist (create topics first: `tributary topics create`)")]
    MissingTopic(String),
}

/// An idempotent producer with `acks=all`: a send resolves only once every in-sync replica has the
/// record, and retries never duplicate. `delivery_timeout` bounds how long a send may take before
/// it fails (ingest keeps it short, to answer 503 within GitHub's budget). The operator's
/// [`KafkaArgs::producer_options`] tune batching on top (they cannot touch the guarantees).
pub fn producer(
    kafka: &KafkaArgs,
    delivery_timeout: Duration,
) -> Result<FutureProducer, KafkaFailure> {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", &kafka.brokers)
        .set("enable.idempotence", kafka.idempotence.to_string())
        .set("acks", "all")
        .set("linger.ms", "2")
        .set("compression.type", "lz4")
        .set(
            "message.timeout.ms",
            delivery_timeout.as_millis().max(1).to_string(),
        )
        .set("socket.connection.setup.timeout.ms", "3000")
        // The record budget (`crate::budget`): a larger record fails at once with
        // `MessageSizeTooLarge`, which no caller retries.
        .set("message.max.bytes", kafka.max_message_bytes.to_string());
    for option in &kafka.producer_options.0 {
        config.set(&option.key, &option.value);
    }
    Ok(config.create()?)
}

/// Sends one record and waits for the broker's acknowledgement. Returns (partition, offset).
pub async fn send(
    producer: &FutureProducer,
    topic: &str,
    key: &[u8],
    payload: &[u8],
) -> Result<(i32, i64), KafkaError> {
    let record = FutureRecord::to(topic).key(key).payload(payload);
    match producer.send(record, Timeout::Never).await {
        Ok(delivery) => Ok((delivery.partition, delivery.offset)),
        Err((e, _)) => Err(e),
    }
}

/// Whether a send failed because the record exceeds the size budget (the producer's
/// `message.max.bytes`, or the topic's `max.message.bytes` on the broker). Sending the same
/// record again fails the same way: callers never retry it (they cut it, split it or
/// dead-letter it).
pub fn is_message_too_large(e: &KafkaError) -> bool {
    matches!(
        e.rdkafka_error_code(),
        Some(RDKafkaErrorCode::MessageSizeTooLarge | RDKafkaErrorCode::InvalidMessageSize)
    )
}

/// The settings every consumer shares: it never commits on its own; offsets are stored by the
/// loops only after the records' effects are durable.
fn consumer_config(kafka: &KafkaArgs, group_id: &str) -> ClientConfig {
    // librdkafka's default response cap (50 MB), raised to the budget when that is larger.
    let fetch_max = kafka.max_message_bytes.max(52_428_800);
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", &kafka.brokers)
        .set("group.id", group_id)
        .set("enable.auto.commit", "true")
        .set("auto.commit.interval.ms", "1000")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        .set("enable.partition.eof", "false")
        .set("session.timeout.ms", "10000")
        // A fetch waits at most this long for new records: each hop of the pipeline (ingest to
        // normalizer to fetcher to projection) adds up to it to the end-to-end latency.
        .set("fetch.wait.max.ms", "100")
        // A fetch asks for up to one whole record of the budget per partition: a broker that
        // answers a request smaller than its first batch with nothing (tansu 0.6 does, unlike
        // Apache Kafka since KIP-74) would otherwise hold the consumer before that record
        // forever.
        .set(
            "fetch.message.max.bytes",
            kafka.max_message_bytes.to_string(),
        )
        .set("fetch.max.bytes", fetch_max.to_string())
        .set(
            "receive.message.max.bytes",
            (fetch_max + 1024 * 1024).to_string(),
        )
        .set("socket.connection.setup.timeout.ms", "3000");
    config
}

/// A consumer for explicit assignment (tools, tests) under `group_id`.
pub fn consumer(kafka: &KafkaArgs, group_id: &str) -> Result<StreamConsumer, KafkaFailure> {
    Ok(consumer_config(kafka, group_id).create()?)
}

/// How often a metered consumer's statistics (and so its lag gauges) are refreshed.
const STATISTICS_INTERVAL: Duration = Duration::from_secs(5);

/// A consumer that publishes its lag per partition as metrics.
pub type MeteredConsumer = StreamConsumer<LagMetrics>;

/// Consumer context that turns librdkafka's statistics into
/// `tributary_consumer_lag_records{component, topic, partition}`: records on the broker not yet
/// handed to the component (high watermark minus the next offset to consume; 0 for a partition
/// this member does not hold). Labels are bounded by the partitions of the inputs.
///
/// The lag never reads 0 for a fetched partition the consumer is not consuming: before the first
/// record is handed over (`app_offset` unknown) it counts from the fetch position, and when that
/// is unknown too, from the low watermark; a position past the end of the log (the broker's store
/// was reset) counts every record of the partition. A loop that holds a
/// partition back on purpose (a projection whose stored offsets are beyond the end of the log)
/// reports that partition's lag itself with [`LagMetrics::hold`], which the statistics do not
/// overwrite until [`LagMetrics::release`].
#[derive(Debug, Clone)]
pub struct LagMetrics {
    component: String,
    held: std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<(String, i32), i64>>>,
}

impl LagMetrics {
    /// The metrics of `component`.
    pub fn new(component: &str) -> Self {
        Self {
            component: component.to_string(),
            held: Default::default(),
        }
    }

    fn gauge(&self, topic: &str, partition: i32, lag: i64) {
        metrics::gauge!(
            "tributary_consumer_lag_records",
            "component" => self.component.clone(),
            "topic" => topic.to_string(),
            "partition" => partition.to_string()
        )
        .set(lag as f64);
    }

    /// Reports `lag` for a partition the loop is holding back, now and at every statistics
    /// refresh until [`LagMetrics::release`].
    pub fn hold(&self, topic: &str, partition: i32, lag: i64) {
        if let Ok(mut held) = self.held.lock() {
            held.insert((topic.to_string(), partition), lag);
        }
        self.gauge(topic, partition, lag);
    }

    /// Hands a partition's lag back to the statistics.
    pub fn release(&self, topic: &str, partition: i32) {
        if let Ok(mut held) = self.held.lock() {
            held.remove(&(topic.to_string(), partition));
        }
    }

    /// The lag of one partition from its statistics (`None`: this member does not fetch it).
    fn lag_of(p: &rdkafka::statistics::Partition) -> Option<i64> {
        let fetching = !matches!(p.fetch_state.as_str(), "none" | "stopping" | "stopped");
        if !fetching || p.hi_offset < 0 {
            return None;
        }
        let low = p.lo_offset.max(0);
        // Where it reads: the next record to hand over, else the next to fetch, else the start.
        let position = [p.app_offset, p.next_offset]
            .into_iter()
            .find(|o| *o >= 0)
            .unwrap_or(low);
        if position > p.hi_offset {
            // Past the end of the log (its store was reset): none of its records is consumed.
            return Some((p.hi_offset - low).max(0));
        }
        Some(p.hi_offset - position)
    }
}

impl ClientContext for LagMetrics {
    fn stats(&self, statistics: Statistics) {
        let held = self.held.lock().map(|h| h.clone()).unwrap_or_default();
        for (topic, t) in &statistics.topics {
            for (partition, p) in &t.partitions {
                if *partition < 0 {
                    continue; // librdkafka's internal unassigned partition
                }
                let lag = match held.get(&(topic.clone(), *partition)) {
                    Some(lag) => *lag,
                    None => Self::lag_of(p).unwrap_or(0),
                };
                self.gauge(topic, *partition, lag);
            }
        }
    }
}

impl ConsumerContext for LagMetrics {}

#[cfg(test)]
mod lag_tests {
    use super::LagMetrics;
    use rdkafka::statistics::Partition;

    fn partition(state: &str, (app, next, low, high): (i64, i64, i64, i64)) -> Partition {
        Partition {
            fetch_state: state.into(),
            app_offset: app,
            next_offset: next,
            lo_offset: low,
            hi_offset: high,
            ..Partition::default()
        }
    }

    #[test]
    fn lag_is_honest_for_a_partition_that_is_not_consumed() {
        // Consuming: from what was handed over.
        assert_eq!(
            LagMetrics::lag_of(&partition("active", (7, 9, 0, 10))),
            Some(3)
        );
        // Nothing handed over yet: from the fetch position, else from the start.
        assert_eq!(
            LagMetrics::lag_of(&partition("active", (-1, 4, 0, 10))),
            Some(6)
        );
        assert_eq!(
            LagMetrics::lag_of(&partition("offset-query", (-1, -1001, 2, 10))),
            Some(8)
        );
        // Past the end of the log: every record of it waits.
        assert_eq!(
            LagMetrics::lag_of(&partition("active", (-1, 1020, 0, 20))),
            Some(20)
        );
        // Caught up.
        assert_eq!(
            LagMetrics::lag_of(&partition("active", (-1, 20, 0, 20))),
            Some(0)
        );
        // Not this member's.
        assert_eq!(LagMetrics::lag_of(&partition("none", (5, 5, 0, 20))), None);
    }
}

/// The shared consumer settings plus statistics, for a consumer metered as `component`.
fn metered(mut config: ClientConfig, component: &str) -> Result<MeteredConsumer, KafkaFailure> {
    Ok(config
        .set(
            "statistics.interval.ms",
            STATISTICS_INTERVAL.as_millis().to_string(),
        )
        .create_with_context(LagMetrics::new(component))?)
}

/// A consumer for explicit assignment (projections) under `group_id`, metered as `component`.
pub fn metered_consumer(
    kafka: &KafkaArgs,
    group_id: &str,
    component: &str,
) -> Result<MeteredConsumer, KafkaFailure> {
    metered(consumer_config(kafka, group_id), component)
}

/// A consumer-group member with a static identity (`group.instance.id` =
/// `<group>.<instance id>`), metered as `component`: restarted under the same identity, after a
/// crash included, it takes its partitions back at once instead of waiting for the broker to
/// expire the dead member and rebalance (which the local broker does not always finish after a
/// SIGKILL).
///
/// `max_poll_interval` is how long the member may go between two polls (one batch's
/// processing) before the broker takes its partitions away: it must cover the slowest batch
/// the component can have, or a slow batch is processed again by the next owner.
pub fn member_consumer(
    kafka: &KafkaArgs,
    group_id: &str,
    component: &str,
    max_poll_interval: Duration,
) -> Result<MeteredConsumer, KafkaFailure> {
    let mut config = consumer_config(kafka, group_id);
    config
        .set(
            "group.instance.id",
            format!("{group_id}.{}", kafka.instance_id),
        )
        .set(
            "max.poll.interval.ms",
            max_poll_interval
                .as_millis()
                .clamp(1, i32::MAX as u128)
                .to_string(),
        );
    metered(config, component)
}

/// The partition ids of `topic`.
pub fn partitions<X: ConsumerContext, C: Consumer<X>>(
    consumer: &C,
    topic: &str,
) -> Result<Vec<i32>, KafkaFailure> {
    let metadata = consumer.fetch_metadata(Some(topic), Duration::from_secs(10))?;
    let t = metadata
        .topics()
        .iter()
        .find(|t| t.name() == topic)
        .ok_or_else(|| KafkaFailure::MissingTopic(topic.to_string()))?;
    if t.error().is_some() || t.partitions().is_empty() {
        return Err(KafkaFailure::MissingTopic(topic.to_string()));
    }
    Ok(t.partitions().iter().map(|p| p.id()).collect())
}

/// (low, high) watermarks by (topic, partition).
pub type Watermarks = std::collections::BTreeMap<(String, i32), (i64, i64)>;

/// Low and high watermarks of every partition of `topics`.
pub fn watermarks<X: ConsumerContext, C: Consumer<X>>(
    consumer: &C,
    topics: &[String],
) -> Result<Watermarks, KafkaFailure> {
    let mut out = std::collections::BTreeMap::new();
    for topic in topics {
        for partition in partitions(consumer, topic)? {
            let marks = consumer.fetch_watermarks(topic, partition, Duration::from_secs(10))?;
            out.insert((topic.clone(), partition), marks);
        }
    }
    Ok(out)
}

/// Whether the broker answers a metadata request within `timeout`.
pub fn broker_reachable(producer: &FutureProducer, timeout: Duration) -> bool {
    producer.client().fetch_metadata(None, timeout).is_ok()
}

/// Creates every topic of the prefix that does not exist yet (the local broker does not
/// auto-create topics), one replica each. Idempotent.
pub async fn ensure_topics(
    kafka: &KafkaArgs,
    partitions: i32,
) -> Result<Vec<String>, KafkaFailure> {
    ensure_replicated_topics(kafka, partitions, 1).await
}

/// [`ensure_topics`] with `replication` replicas per partition (3 on a production cluster).
pub async fn ensure_replicated_topics(
    kafka: &KafkaArgs,
    partitions: i32,
    replication: i32,
) -> Result<Vec<String>, KafkaFailure> {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", &kafka.brokers)
        .create()?;
    let all = kafka.topics().all();
    // Topic settings as (key, value) strings, kept alive for the borrowed `NewTopic`s.
    let settings: Vec<(&str, String)> = all
        .iter()
        .map(|(_, retention)| match retention {
            Retention::Forever => ("retention.ms", "-1".to_string()),
            Retention::Compacted => ("cleanup.policy", "compact".to_string()),
            Retention::Days(d) => ("retention.ms", (u64::from(*d) * 86_400_000).to_string()),
        })
        .collect();
    // Every topic takes records up to the budget the producers send (`crate::budget`).
    let max_message = kafka.max_message_bytes.to_string();
    let new_topics: Vec<NewTopic<'_>> = all
        .iter()
        .zip(&settings)
        .map(|((name, _), (key, value))| {
            NewTopic::new(name, partitions, TopicReplication::Fixed(replication))
                .set(key, value)
                .set("max.message.bytes", &max_message)
        })
        .collect();
    let options = AdminOptions::new().operation_timeout(Some(Duration::from_secs(10)));
    let results = admin.create_topics(new_topics.iter(), &options).await?;
    let mut created = Vec::new();
    for r in results {
        match r {
            Ok(name) => created.push(name),
            Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((name, code)) => {
                return Err(KafkaFailure::CreateTopic {
                    topic: name,
                    reason: code.to_string(),
                })
            }
        }
    }
    Ok(created)
}

/// Copies a consumed message out of the consumer's buffer.
pub fn detach<M: Message>(m: &M) -> SourceRecord {
    SourceRecord {
        topic: m.topic().to_string(),
        partition: m.partition(),
        offset: m.offset(),
        key: m.key().map(<[u8]>::to_vec),
        payload: m.payload().map(<[u8]>::to_vec),
    }
}

/// What waiting for the next micro-batch brought.
#[derive(Debug)]
pub enum Next {
    /// Records.
    Batch(Vec<SourceRecord>),
    /// No record within the idle interval (only when one was given).
    Idle,
    /// The consumer reported an error.
    Failed(KafkaError),
    /// Shutdown.
    Shutdown,
}

/// Payload bytes a micro-batch grows to at most: a batch stops taking records once it holds
/// this many (a thousand blobs of 1 MiB would otherwise be held, and decoded, at once). A record
/// larger than this still makes a batch of its own.
pub const MAX_BATCH_BYTES: usize = 64 * 1024 * 1024;

/// Whether a batch of `records` records and `bytes` payload bytes takes no more.
fn batch_full(records: usize, bytes: usize, max: usize) -> bool {
    records >= max || bytes >= MAX_BATCH_BYTES
}

fn payload_len(r: &SourceRecord) -> usize {
    r.payload.as_ref().map_or(0, Vec::len) + r.key.as_ref().map_or(0, Vec::len)
}

/// The next micro-batch: waits for one record, then takes what arrives within `wait`, up to
/// `max` records and [`MAX_BATCH_BYTES`]. With `idle`, gives up the wait for the first record after that long ([`Next::Idle`]:
/// `recv` is cancellation safe), never a batch under way.
pub async fn next_batch<C: ConsumerContext + 'static>(
    consumer: &StreamConsumer<C>,
    max: usize,
    wait: Duration,
    idle: Option<Duration>,
    shutdown: &Shutdown,
) -> Next {
    let idle_timer = async {
        match idle {
            Some(idle) => tokio::time::sleep(idle).await,
            None => std::future::pending().await,
        }
    };
    let first = tokio::select! {
        m = consumer.recv() => m,
        _ = idle_timer => return Next::Idle,
        _ = shutdown.wait() => return Next::Shutdown,
    };
    let mut batch = match first {
        Ok(m) => vec![detach(&m)],
        Err(e) => return Next::Failed(e),
    };
    let deadline = Instant::now() + wait;
    let mut bytes: usize = batch.iter().map(payload_len).sum();
    while !batch_full(batch.len(), bytes, max) {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, consumer.recv()).await {
            Ok(Ok(m)) => {
                let record = detach(&m);
                bytes += payload_len(&record);
                batch.push(record);
            }
            _ => break,
        }
    }
    Next::Batch(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_full_by_records_or_by_bytes() {
        assert!(!batch_full(1, 1024, 1000));
        assert!(batch_full(1000, 1024, 1000));
        // Sixty-four blobs of 1 MiB end a batch of a thousand records.
        assert!(batch_full(64, 64 * 1024 * 1024, 1000));
        assert!(!batch_full(63, 63 * 1024 * 1024, 1000));
    }

    #[test]
    fn producer_options_reach_librdkafka_which_names_an_unknown_one() {
        // Creating a producer checks its settings without reaching any broker.
        let mut kafka = KafkaArgs::new("127.0.0.1:1", "t");
        kafka.producer_options = "linger.ms=7,batch.num.messages=50"
            .parse()
            .expect("options");
        assert!(producer(&kafka, Duration::from_secs(1)).is_ok());
        kafka.producer_options = "linger.ms=7,no.such.setting=1".parse().expect("options");
        let error = producer(&kafka, Duration::from_secs(1))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("no.such.setting"), "{error}");
    }
}
