//! Dead letters: a record that cannot be decoded or processed is written, with its error and
//! source position, to the `dlq` topic, and the stream moves on.
//!
//! A dead letter always fits in one record of the size budget ([`crate::budget`]): a value too
//! large to travel with its letter is cut, and the letter says how large it was
//! (`payload_bytes`); redrive then reads the original from its source position. The error text is
//! capped at [`MAX_ERROR_BYTES`].

use crate::backoff::Backoff;
use crate::kafka;
use crate::Shutdown;
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
    max_message_bytes: usize,
}

/// The most bytes of error text a dead letter keeps (cut at a character boundary).
pub const MAX_ERROR_BYTES: usize = 16 * 1024;

/// `text` cut to at most `max` bytes at a character boundary.
fn cut_text(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… [cut: {} bytes in all]", &text[..end], text.len())
}

/// The letter's copy of a value: whole when it fits in `room` bytes, else its first `room`
/// bytes and the original size.
fn payload_copy(payload: Option<&[u8]>, room: usize) -> (Option<Vec<u8>>, Option<i64>) {
    match payload {
        Some(p) if p.len() > room => (
            Some(p[..room].to_vec()),
            Some(i64::try_from(p.len()).unwrap_or(i64::MAX)),
        ),
        other => (other.map(<[u8]>::to_vec), None),
    }
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
    /// Dead letters of `component`, written to `kafka`'s dead-letter topic, each within its
    /// record budget (`KafkaArgs::max_message_bytes`).
    pub fn new(
        producer: FutureProducer,
        codec: EventCodec,
        kafka: &crate::config::KafkaArgs,
        component: &str,
    ) -> Self {
        Self {
            producer,
            codec,
            topic: kafka.topics().dlq(),
            component: component.to_string(),
            max_message_bytes: kafka.max_message_bytes,
        }
    }

    /// Writes the dead letter of `record`, retrying until the broker acknowledges it: a poison
    /// record's offset is only stored after its dead letter is. Fails only on shutdown. A letter
    /// the broker refuses as too large is cut further (to half its copy each time), never resent
    /// as it was.
    pub async fn send(
        &self,
        record: &SourceRecord,
        error: &str,
        shutdown: &Shutdown,
    ) -> Result<(), DeadLetterNotWritten> {
        let error = cut_text(error, MAX_ERROR_BYTES);
        let key = record
            .key
            .as_deref()
            .map(|k| k[..k.len().min(crate::budget::ENVELOPE_BYTES / 4)].to_vec());
        let mut room = crate::budget::payload_room(self.max_message_bytes)
            .saturating_sub(key.as_ref().map_or(0, Vec::len) + error.len());
        let (payload, payload_bytes) = payload_copy(record.payload.as_deref(), room);
        let mut letter = DeadLetter {
            event_id: event_id::dead_letter(&record.topic, record.partition, record.offset),
            component: self.component.clone(),
            source_topic: record.topic.clone(),
            source_partition: record.partition,
            source_offset: record.offset,
            key,
            payload,
            error: error.clone(),
            failed_at: chrono::Utc::now().timestamp_millis(),
            payload_bytes,
        };
        let error = error.as_str();
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
                    .map_err(|e| (false, e.to_string()))?;
                kafka::send(&self.producer, &self.topic, record.topic.as_bytes(), &bytes)
                    .await
                    .map_err(|e| (kafka::is_message_too_large(&e), e.to_string()))
            };
            match attempt.await {
                Err((true, e)) => {
                    // The broker takes less than the budget says (a topic made before the budget,
                    // or a smaller broker limit): cut the copy further instead of resending it.
                    room /= 2;
                    let (payload, _) = payload_copy(record.payload.as_deref(), room);
                    letter.payload = payload;
                    letter.payload_bytes = record
                        .payload
                        .as_ref()
                        .map(|p| i64::try_from(p.len()).unwrap_or(i64::MAX));
                    tracing::warn!(error = %e, room, "dead letter too large for the broker; cutting its copy");
                    if room == 0 {
                        backoff.wait().await; // nothing left to cut: wait like any failure
                    }
                }
                Ok(_) => {
                    metrics::counter!("tributary_dlq_records_total", "component" => self.component.clone())
                        .increment(1);
                    return Ok(());
                }
                Err((false, e)) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_over_the_room_is_cut_and_its_size_kept() {
        let value = vec![7u8; 100];
        assert_eq!(payload_copy(Some(&value), 100), (Some(value.clone()), None));
        let (copy, size) = payload_copy(Some(&value), 40);
        assert_eq!((copy.map(|c| c.len()), size), (Some(40), Some(100)));
        assert_eq!(payload_copy(None, 0), (None, None));
    }

    #[test]
    fn error_text_is_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_ERROR_BYTES);
        let cut = cut_text(&long, MAX_ERROR_BYTES);
        assert!(cut.len() < MAX_ERROR_BYTES + 64, "{}", cut.len());
        assert!(cut.ends_with(&format!("{} bytes in all]", long.len())));
        assert_eq!(cut_text("short", 10), "short");
    }
}
