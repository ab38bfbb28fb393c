//! The normalizer: raw GitHub webhooks become typed `pushes` and `activity` events.
//!
//! Modeled: push, pull_request, deployment, deployment_status, issues, release, create, delete.
//! Any other event stays raw in `webhooks.raw` (the source of truth) and is counted in
//! `tributary_normalizer_unmodeled_total`; it is never an error. A modeled event whose payload
//! does not have the fields it needs is a poison record (dead-lettered with the reason).
//!
//! - [`github`]: the pure mapping from a payload to events (unit-tested on the shared fixtures);
//! - this module: the [`Normalizer`] processor around it.

pub mod github;

use github::Normalized;
use tributary_runtime::dlq::SourceRecord;
use tributary_runtime::processor::{Output, ProcessError, Processor};
use tributary_schemas::{Event, EventCodec, Topics, WebhookReceived};

/// The normalizer processor.
#[derive(Clone)]
pub struct Normalizer {
    codec: EventCodec,
    topics: Topics,
}

impl Normalizer {
    /// A normalizer for `topics`.
    pub fn new(codec: EventCodec, topics: Topics) -> Self {
        Self { codec, topics }
    }

    async fn output<E: Event>(
        &self,
        topic: String,
        key: &str,
        event: &E,
    ) -> Result<Output, ProcessError> {
        let payload = self.codec.encode(&topic, event).await?;
        Ok(Output {
            topic,
            key: key.as_bytes().to_vec(),
            payload,
        })
    }
}

impl Processor for Normalizer {
    fn name(&self) -> &'static str {
        "normalizer"
    }

    fn inputs(&self) -> Vec<String> {
        vec![self.topics.webhooks_raw()]
    }

    async fn process(&self, record: &SourceRecord) -> Result<Vec<Output>, ProcessError> {
        let payload = record
            .payload
            .as_deref()
            .ok_or_else(|| ProcessError::Poison("record has no value".into()))?;
        let webhook: WebhookReceived = self.codec.decode_as(payload).await?;
        let span = tracing::info_span!("normalize", event_id = %webhook.event_id, delivery_id = %webhook.delivery_id, event = %webhook.event);
        let normalized = span
            .in_scope(|| github::normalize(&webhook))
            .map_err(|e| ProcessError::Poison(e.to_string()))?;
        match normalized {
            Normalized::Push(push) => {
                let key = push.repository.clone();
                Ok(vec![
                    self.output(self.topics.pushes(), &key, push.as_ref())
                        .await?,
                ])
            }
            Normalized::Activity(activity) => {
                let key = activity.repository.clone();
                Ok(vec![
                    self.output(self.topics.activity(), &key, activity.as_ref())
                        .await?,
                ])
            }
            Normalized::Unmodeled => {
                metrics::counter!("tributary_normalizer_unmodeled_total", "event" => github::event_label(&webhook.event))
                    .increment(1);
                tracing::debug!("event type not modeled; kept raw");
                Ok(Vec::new())
            }
        }
    }
}
