//! Dead letters: a record that cannot be decoded or processed is written, with its error and
//! source position, to the `dlq` topic, and the stream moves on.

use crate::backoff::Backoff;
use crate::kafka;
use crate::shutdown::Shutdown;
use rdkafka::producer::FutureProducer;
use tributary_schemas::{event_id, DeadLetter, EventCodec};

/// A record as read from a topic, detached from the consumer.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    /// Topic.
    pub topic: String,
    /// Partition.
    pub partition: i32,
    /// Offset.
    pub offset: i64,
    /// Key bytes.
    pub key: Option<Vec<u8>>,
    /// Value bytes.
    pub payload: Option<Vec<u8>>,
}

/// Writes dead letters for one component.
#[derive(Clone)]
pub struct DeadLetters {
    producer: FutureProducer,
    codec: EventCodec,
    topic: String,
    component: String,
}

/// The dead letter could not be written before shutdown.
#[derive(Debug, thiserror::Error)]
#[error("dead letter for {topic}/{partition}@{offset} not written before shutdown")]
pub struct DeadLetterNotWritten {
    /// Source topic.
    pub topic: String,
    /// Source partition.
    pub partition: i32,
    /// Source offset.
    pub offset: i64,
}

impl DeadLetters {
    /// Dead letters of `component`, written to `topic`.
    pub fn new(
        producer: FutureProducer,
        codec: EventCodec,
        topic: String,
        component: &str,
    ) -> Self {
        Self {
            producer,
            codec,
            topic,
            component: component.to_string(),
        }
    }

    /// Writes the dead letter of `record`, retrying until the broker acknowledges it: a poison
    /// record's offset is only stored after its dead letter is. Fails only on shutdown.
    pub async fn send(
        &self,
        record: &SourceRecord,
        error: &str,
        shutdown: &Shutdown,
    ) -> Result<(), DeadLetterNotWritten> {
        let letter = DeadLetter {
            event_id: event_id::dead_letter(&record.topic, record.partition, record.offset),
            component: self.component.clone(),
            source_topic: record.topic.clone(),
            source_partition: record.partition,
            source_offset: record.offset,
            key: record.key.clone(),
            payload: record.payload.clone(),
            error: error.to_string(),
            failed_at: chrono::Utc::now().timestamp_millis(),
        };
        tracing::warn!(
            component = %self.component,
            topic = %record.topic,
            partition = record.partition,
            offset = record.offset,
            error,
            "record sent to the dead-letter topic"
        );
        let mut backoff = Backoff::default();
        loop {
            let attempt = async {
                let bytes = self
                    .codec
                    .encode(&self.topic, &letter)
                    .await
                    .map_err(|e| e.to_string())?;
                kafka::send(&self.producer, &self.topic, record.topic.as_bytes(), &bytes)
                    .await
                    .map_err(|e| e.to_string())
            };
            match attempt.await {
                Ok(_) => {
                    metrics::counter!("tributary_dlq_records_total", "component" => self.component.clone())
                        .increment(1);
                    return Ok(());
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot write dead letter; retrying");
                    if shutdown.is_triggered() {
                        return Err(DeadLetterNotWritten {
                            topic: record.topic.clone(),
                            partition: record.partition,
                            offset: record.offset,
                        });
                    }
                    backoff.wait().await;
                }
            }
        }
    }
}
