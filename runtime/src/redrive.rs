//! Operating the dead-letter topic: listing what is there and sending it back after a fix.
//!
//! A redrive writes a dead letter's original key and bytes back to its source topic; every
//! consumer of that topic is idempotent, so the ones that had already applied the record see a
//! duplicate and change nothing, and the one that failed gets another chance. Which dead
//! letters were redriven is kept in PostgreSQL (schema `operations`), so a redrive sends each
//! only once unless asked again; the mark is written after the broker acknowledged the resend.

use crate::config::KafkaArgs;
use crate::kafka::{self, KafkaFailure};
use rdkafka::consumer::Consumer;
use rdkafka::message::Message;
use rdkafka::producer::FutureProducer;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use serde::Serialize;
use sqlx::PgPool;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tributary_schemas::{DeadLetter, EventCodec};

/// Why an operation on the dead letters failed.
#[derive(Debug, thiserror::Error)]
pub enum RedriveError {
    /// The broker failed.
    #[error(transparent)]
    Kafka(#[from] KafkaFailure),
    /// The broker did not acknowledge a resend.
    #[error("resend not acknowledged: {0}")]
    Send(#[from] rdkafka::error::KafkaError),
    /// The dead-letter topic was not read to its end in time.
    #[error("the dead-letter topic was not read to its end within {0:?}")]
    Timeout(Duration),
    /// The bookkeeping failed.
    #[error("postgres: {0}")]
    Postgres(#[from] sqlx::Error),
    /// The bookkeeping schema could not be prepared.
    #[error(transparent)]
    Pool(#[from] tributary_postgres::PoolError),
    /// The bookkeeping schema's migrations failed.
    #[error("migrating the operations schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A cut dead letter's original record is no longer on its source topic (retention).
    #[error("the original of dead letter {id} ({topic}/{partition}@{offset}) is no longer on its topic; its letter holds only a cut copy")]
    OriginalGone {
        /// The dead letter.
        id: String,
        /// Source topic.
        topic: String,
        /// Source partition.
        partition: i32,
        /// Source offset.
        offset: i64,
    },
}

/// One dead letter, where it sits on the dead-letter topic, and whether it was redriven.
#[derive(Debug, Clone, Serialize)]
pub struct ListedDeadLetter {
    /// The dead letter's event id.
    pub id: String,
    /// The component that gave up on the record.
    pub component: String,
    /// Where the record was.
    pub source_topic: String,
    /// Its partition.
    pub source_partition: i32,
    /// Its offset.
    pub source_offset: i64,
    /// Why it failed.
    pub error: String,
    /// When it failed (RFC 3339).
    pub failed_at: String,
    /// When it was last redriven (RFC 3339), if ever.
    pub redriven_at: Option<String>,
    /// Size of the original value in bytes.
    pub payload_bytes: usize,
    /// The letter holds a cut copy of the value (it was too large to travel whole): a redrive
    /// reads the original from its source position.
    pub payload_cut: bool,
    /// Dead-letter topic partition and offset.
    #[serde(skip)]
    pub position: (i32, i64),
    /// The original key and value.
    #[serde(skip)]
    pub original: (Option<Vec<u8>>, Option<Vec<u8>>),
}

/// Which dead letters to act on; every given condition must hold.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DeadLetterFilter {
    /// Exactly this dead letter.
    pub id: Option<String>,
    /// From this component.
    pub component: Option<String>,
    /// From this source topic.
    pub topic: Option<String>,
    /// Whose error contains this text.
    pub error: Option<String>,
    /// Include those already redriven.
    #[serde(default)]
    pub again: bool,
}

impl DeadLetterFilter {
    /// Whether `letter` is selected.
    pub fn matches(&self, letter: &ListedDeadLetter) -> bool {
        self.id.as_ref().is_none_or(|id| *id == letter.id)
            && self
                .component
                .as_ref()
                .is_none_or(|c| *c == letter.component)
            && self
                .topic
                .as_ref()
                .is_none_or(|t| *t == letter.source_topic)
            && self
                .error
                .as_ref()
                .is_none_or(|e| letter.error.contains(e.as_str()))
            && (self.again || letter.redriven_at.is_none())
    }
}

/// The dead letters of one topic prefix, and their redrive bookkeeping.
#[derive(Clone)]
pub struct DeadLetterOps {
    kafka: KafkaArgs,
    codec: EventCodec,
    pool: PgPool,
}

fn rfc3339(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

impl DeadLetterOps {
    /// Operations over `kafka`'s dead-letter topic, with bookkeeping in `database_url`
    /// (schema `operations`, created if missing, with its migrations).
    pub async fn connect(
        kafka: KafkaArgs,
        codec: EventCodec,
        database_url: &str,
    ) -> Result<Self, RedriveError> {
        let pool = tributary_postgres::connect(database_url, "operations", 2).await?;
        sqlx::migrate!("./migrations/operations").run(&pool).await?;
        Ok(Self { kafka, codec, pool })
    }

    /// Every dead letter on the topic, oldest first (read up to the end it had when asked).
    pub async fn list(&self) -> Result<Vec<ListedDeadLetter>, RedriveError> {
        let topic = self.kafka.topics().dlq();
        let group = format!(
            "{}.dlq-reader.{}",
            self.kafka.topic_prefix,
            uuid::Uuid::new_v4().simple()
        );
        let consumer = kafka::consumer(&self.kafka, &group)?;
        let mut assignment = TopicPartitionList::new();
        let mut remaining: HashMap<i32, i64> = HashMap::new();
        for ((_, partition), (low, high)) in
            kafka::watermarks(&consumer, std::slice::from_ref(&topic))?
        {
            if high > low {
                remaining.insert(partition, high);
                assignment
                    .add_partition_offset(&topic, partition, Offset::Offset(low))
                    .map_err(KafkaFailure::from)?;
            }
        }
        let redriven: HashMap<String, chrono::DateTime<chrono::Utc>> = sqlx::query_as(
            "SELECT dead_letter_id, redriven_at FROM dlq_redrives WHERE topic_prefix = $1",
        )
        .bind(&self.kafka.topic_prefix)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .collect();
        let mut out = Vec::new();
        if remaining.is_empty() {
            return Ok(out);
        }
        consumer.assign(&assignment).map_err(KafkaFailure::from)?;
        let limit = Duration::from_secs(30);
        let started = Instant::now();
        while !remaining.is_empty() {
            let left = limit
                .checked_sub(started.elapsed())
                .ok_or(RedriveError::Timeout(limit))?;
            let message = tokio::time::timeout(left, consumer.recv())
                .await
                .map_err(|_| RedriveError::Timeout(limit))?
                .map_err(KafkaFailure::from)?;
            let (partition, offset) = (message.partition(), message.offset());
            if remaining
                .get(&partition)
                .is_some_and(|end| offset + 1 >= *end)
            {
                remaining.remove(&partition);
            }
            let Some(payload) = message.payload() else {
                continue;
            };
            let letter: DeadLetter = match self.codec.decode_as(payload).await {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(partition, offset, error = %e, "unreadable dead letter skipped");
                    continue;
                }
            };
            out.push(ListedDeadLetter {
                redriven_at: redriven
                    .get(&letter.event_id)
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
                payload_bytes: letter
                    .payload_bytes
                    .and_then(|b| usize::try_from(b).ok())
                    .unwrap_or_else(|| letter.payload.as_ref().map_or(0, Vec::len)),
                payload_cut: letter.payload_bytes.is_some(),
                failed_at: rfc3339(letter.failed_at),
                position: (partition, offset),
                original: (letter.key, letter.payload),
                id: letter.event_id,
                component: letter.component,
                source_topic: letter.source_topic,
                source_partition: letter.source_partition,
                source_offset: letter.source_offset,
                error: letter.error,
            });
        }
        out.sort_by_key(|l| (l.failed_at.clone(), l.position));
        // The same record dead-lettered twice by one component (a retried batch) is one dead
        // letter; two components that both gave up on it (the projection and the normalizer
        // both read `webhooks.raw`) are two.
        let mut seen = std::collections::HashSet::new();
        out.retain(|l| seen.insert((l.id.clone(), l.component.clone())));
        Ok(out)
    }

    /// Sends the selected dead letters back to their source topics; returns those sent.
    pub async fn redrive(
        &self,
        filter: &DeadLetterFilter,
    ) -> Result<Vec<ListedDeadLetter>, RedriveError> {
        let producer: FutureProducer = kafka::producer(&self.kafka, Duration::from_secs(30))?;
        let selected: Vec<ListedDeadLetter> = self
            .list()
            .await?
            .into_iter()
            .filter(|l| filter.matches(l))
            .collect();
        // One resend per source record, however many components gave up on it: every consumer
        // of the topic sees it again.
        let mut resent = std::collections::HashSet::new();
        for letter in &selected {
            if !resent.insert(letter.id.clone()) {
                continue;
            }
            let original;
            let (key, payload) = if letter.payload_cut {
                original = self.original(letter).await?;
                &original
            } else {
                &letter.original
            };
            kafka::send(
                &producer,
                &letter.source_topic,
                key.as_deref().unwrap_or_default(),
                payload.as_deref().unwrap_or_default(),
            )
            .await?;
            sqlx::query(
                "INSERT INTO dlq_redrives (topic_prefix, dead_letter_id) VALUES ($1, $2)
                 ON CONFLICT (topic_prefix, dead_letter_id) DO UPDATE SET redriven_at = now()",
            )
            .bind(&self.kafka.topic_prefix)
            .bind(&letter.id)
            .execute(&self.pool)
            .await?;
            metrics::counter!("tributary_dlq_redriven_total", "component" => letter.component.clone())
                .increment(1);
            tracing::info!(id = %letter.id, topic = %letter.source_topic, "dead letter redriven");
        }
        Ok(selected)
    }
}

impl DeadLetterOps {
    /// The key and value of a cut dead letter's record, read from its source position.
    async fn original(
        &self,
        letter: &ListedDeadLetter,
    ) -> Result<(Option<Vec<u8>>, Option<Vec<u8>>), RedriveError> {
        let gone = || RedriveError::OriginalGone {
            id: letter.id.clone(),
            topic: letter.source_topic.clone(),
            partition: letter.source_partition,
            offset: letter.source_offset,
        };
        let group = format!(
            "{}.dlq-original.{}",
            self.kafka.topic_prefix,
            uuid::Uuid::new_v4().simple()
        );
        let consumer = kafka::consumer(&self.kafka, &group)?;
        let (low, high) = consumer
            .fetch_watermarks(
                &letter.source_topic,
                letter.source_partition,
                Duration::from_secs(10),
            )
            .map_err(KafkaFailure::from)?;
        if letter.source_offset < low || letter.source_offset >= high {
            return Err(gone());
        }
        let mut assignment = TopicPartitionList::new();
        assignment
            .add_partition_offset(
                &letter.source_topic,
                letter.source_partition,
                Offset::Offset(letter.source_offset),
            )
            .map_err(KafkaFailure::from)?;
        consumer.assign(&assignment).map_err(KafkaFailure::from)?;
        let limit = Duration::from_secs(30);
        let message = tokio::time::timeout(limit, consumer.recv())
            .await
            .map_err(|_| RedriveError::Timeout(limit))?
            .map_err(KafkaFailure::from)?;
        if message.offset() != letter.source_offset {
            return Err(gone()); // compacted away
        }
        Ok((
            message.key().map(<[u8]>::to_vec),
            message.payload().map(<[u8]>::to_vec),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> ListedDeadLetter {
        ListedDeadLetter {
            id: "d1".into(),
            component: "postgres".into(),
            source_topic: "p.commits.v1".into(),
            source_partition: 0,
            source_offset: 7,
            error: "check constraint violated".into(),
            failed_at: String::new(),
            redriven_at: None,
            payload_bytes: 3,
            payload_cut: false,
            position: (0, 0),
            original: (None, None),
        }
    }

    #[test]
    fn filters_select_by_every_condition() {
        let l = letter();
        assert!(DeadLetterFilter::default().matches(&l));
        let by = |f: DeadLetterFilter| f.matches(&l);
        assert!(by(DeadLetterFilter {
            component: Some("postgres".into()),
            error: Some("constraint".into()),
            ..Default::default()
        }));
        assert!(!by(DeadLetterFilter {
            topic: Some("p.blobs.v1".into()),
            ..Default::default()
        }));
        assert!(!by(DeadLetterFilter {
            id: Some("d2".into()),
            ..Default::default()
        }));
        let done = ListedDeadLetter {
            redriven_at: Some("2026-01-01T00:00:00Z".into()),
            ..letter()
        };
        assert!(!DeadLetterFilter::default().matches(&done));
        assert!(DeadLetterFilter {
            again: true,
            ..Default::default()
        }
        .matches(&done));
    }
}
