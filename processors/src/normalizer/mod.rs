//! The normalizer: raw GitHub webhooks become typed `pushes` and `activity` events.
//!
//! Modeled: push, pull_request, deployment, deployment_status, issues, release, create, delete.
//! Any other event stays raw in `webhooks.raw` (the source of truth) and is counted in
//! `tributary_normalizer_unmodeled_total{event, reason="event_type"}`; it is never an error. A
//! modeled event whose JSON payload lacks a field the model needs (after the optional and derived
//! fields, see [`github`]) is kept raw the same way and counted with `reason="incomplete"`, with a
//! warning naming the field. Only a body that is not JSON is a poison record (dead-lettered with
//! the reason). Both labels are bounded: `event` by [`github::event_label`], `reason` by the two
//! values above.
//!
//! - [`github`]: the pure mapping from a payload to events (unit-tested);
//! - this module: the [`Normalizer`] processor around it.

mod github;

pub use github::{event_label, normalize, NormalizeError, Normalized, MAX_PUSHED_COMMITS_BYTES};
use tributary_runtime::dlq::SourceRecord;
use tributary_runtime::processor::{Output, Processor};
use tributary_runtime::RecordError;
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
    ) -> Result<Output, RecordError> {
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

    async fn process(&self, record: &SourceRecord) -> Result<Vec<Output>, RecordError> {
        let payload = record
            .payload
            .as_deref()
            .ok_or_else(|| RecordError::poison("record has no value"))?;
        let webhook: WebhookReceived = self.codec.decode_as(payload).await?;
        let span = tracing::info_span!("normalize", event_id = %webhook.event_id, delivery_id = %webhook.delivery_id, event = %webhook.event);
        let normalized = match span.in_scope(|| github::normalize(&webhook)) {
            Ok(normalized) => normalized,
            Err(e) if e.is_poison() => return Err(RecordError::poison_from(e)),
            Err(e) => {
                metrics::counter!(
                    "tributary_normalizer_unmodeled_total",
                    "event" => github::event_label(&webhook.event),
                    "reason" => "incomplete",
                )
                .increment(1);
                tracing::warn!(
                    delivery_id = %webhook.delivery_id,
                    error = %e,
                    "payload cannot be modeled; kept raw in webhooks.raw"
                );
                return Ok(Vec::new());
            }
        };
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
                metrics::counter!(
                    "tributary_normalizer_unmodeled_total",
                    "event" => github::event_label(&webhook.event),
                    "reason" => "event_type",
                )
                .increment(1);
                tracing::debug!("event type not modeled; kept raw");
                Ok(Vec::new())
            }
        }
    }
}
