//! Kafka clients configured for Tributary's delivery guarantees.

use crate::config::KafkaArgs;
use crate::dlq::SourceRecord;
use crate::shutdown::Shutdown;
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
use tributary_schemas::topics::Retention;

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
        .set("socket.connection.setup.timeout.ms", "3000");
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

/// The settings every consumer shares: it never commits on its own; offsets are stored by the
/// loops only after the records' effects are durable.
fn consumer_config(kafka: &KafkaArgs, group_id: &str) -> ClientConfig {
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
#[derive(Debug, Clone)]
pub struct LagMetrics {
    component: String,
}

impl ClientContext for LagMetrics {
    fn stats(&self, statistics: Statistics) {
        for (topic, t) in &statistics.topics {
            for (partition, p) in &t.partitions {
                if *partition < 0 {
                    continue; // librdkafka's internal unassigned partition
                }
                let lag = if p.hi_offset >= 0 && p.app_offset >= 0 {
                    (p.hi_offset - p.app_offset).max(0)
                } else {
                    0
                };
                metrics::gauge!(
                    "tributary_consumer_lag_records",
                    "component" => self.component.clone(),
                    "topic" => topic.clone(),
                    "partition" => partition.to_string()
                )
                .set(lag as f64);
            }
        }
    }
}

impl ConsumerContext for LagMetrics {}

/// The shared consumer settings plus statistics, for a consumer metered as `component`.
fn metered(mut config: ClientConfig, component: &str) -> Result<MeteredConsumer, KafkaFailure> {
    Ok(config
        .set(
            "statistics.interval.ms",
            STATISTICS_INTERVAL.as_millis().to_string(),
        )
        .create_with_context(LagMetrics {
            component: component.to_string(),
        })?)
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
pub fn member_consumer(
    kafka: &KafkaArgs,
    group_id: &str,
    component: &str,
) -> Result<MeteredConsumer, KafkaFailure> {
    let mut config = consumer_config(kafka, group_id);
    config.set(
        "group.instance.id",
        format!("{group_id}.{}", kafka.instance_id),
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
    let new_topics: Vec<NewTopic<'_>> = all
        .iter()
        .zip(&settings)
        .map(|((name, _), (key, value))| {
            NewTopic::new(name, partitions, TopicReplication::Fixed(replication)).set(key, value)
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

/// The next micro-batch: waits for one record, then takes what arrives within `wait`, up to
/// `max`. `None` on shutdown; `Some(Err)` when the consumer reported an error.
pub async fn next_batch<C: ConsumerContext + 'static>(
    consumer: &StreamConsumer<C>,
    max: usize,
    wait: Duration,
    shutdown: &Shutdown,
) -> Option<Result<Vec<SourceRecord>, KafkaError>> {
    let first = tokio::select! {
        m = consumer.recv() => m,
        _ = shutdown.wait() => return None,
    };
    let mut batch = match first {
        Ok(m) => vec![detach(&m)],
        Err(e) => return Some(Err(e)),
    };
    let deadline = Instant::now() + wait;
    while batch.len() < max {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, consumer.recv()).await {
            Ok(Ok(m)) => batch.push(detach(&m)),
            _ => break,
        }
    }
    Some(Ok(batch))
}

#[cfg(test)]
mod tests {
    use super::*;

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
