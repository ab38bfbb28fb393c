//! The Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro body), through
//! `schema_registry_converter` against any Confluent-compatible registry.
//!
//! Subjects follow TopicRecordNameStrategy (`<topic>-<record full name>`), so one topic can carry
//! several record types. The encoder registers the event's schema on first use (the registry
//! answers with the existing id when it is already there, or refuses an incompatible one).

use crate::events::Event;
use apache_avro::types::Value;
use schema_registry_converter::async_impl::avro::{AvroDecoder, AvroEncoder};
use schema_registry_converter::async_impl::schema_registry::SrSettings;
use schema_registry_converter::error::SRCError;
use schema_registry_converter::schema_registry_common::{
    SchemaType, SubjectNameStrategy, SuppliedSchema,
};
use std::sync::Arc;
use std::time::Duration;

/// Why an event could not be encoded or decoded.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    /// The registry refused or could not be reached; `retriable` says whether trying again may help.
    #[error("schema registry: {message}")]
    Registry {
        /// What the client said.
        message: String,
        /// A transient failure (network, 5xx).
        retriable: bool,
    },
    /// The bytes are not in the wire format or do not match their schema.
    #[error("undecodable record: {0}")]
    Undecodable(String),
    /// The record decoded, but is not the expected record type or shape.
    #[error("unexpected record {found}: {message}")]
    Unexpected {
        /// The record's full name, when it has one.
        found: String,
        /// What did not fit.
        message: String,
    },
}

impl CodecError {
    /// Whether trying the same operation again may succeed.
    pub fn is_retriable(&self) -> bool {
        matches!(
            self,
            CodecError::Registry {
                retriable: true,
                ..
            }
        )
    }
}

fn registry_error(e: SRCError) -> CodecError {
    CodecError::Registry {
        retriable: e.retriable,
        message: e.to_string(),
    }
}

/// A decoded record: its Avro full name and its value, not yet typed.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The record's Avro full name (e.g. `dev.tributary.CommitObserved`).
    pub record_name: String,
    /// The value, read with the writer's schema.
    pub value: Value,
}

impl Decoded {
    /// Whether this is an `E`.
    pub fn is<E: Event>(&self) -> bool {
        self.record_name == E::RECORD_NAME
    }

    /// Reads it as an `E`, checking the record name first (the value is borrowed, not copied).
    pub fn event<E: Event>(&self) -> Result<E, CodecError> {
        if !self.is::<E>() {
            return Err(CodecError::Unexpected {
                found: self.record_name.clone(),
                message: format!("expected {}", E::RECORD_NAME),
            });
        }
        apache_avro::from_value::<E>(&self.value).map_err(|e| CodecError::Unexpected {
            found: self.record_name.clone(),
            message: e.to_string(),
        })
    }
}

/// Decodes a record's Avro body (the bytes after the 5-byte wire-format header) written with
/// `schema`: what [`EventCodec::decode`] does once the registry gave it the writer's schema.
/// Used where the schema is known (the fuzz targets, tools).
pub fn decode_with_schema(
    schema: &apache_avro::Schema,
    mut body: &[u8],
) -> Result<Decoded, CodecError> {
    let undecodable = |e: apache_avro::Error| CodecError::Undecodable(e.to_string());
    let value = apache_avro::reader::datum::GenericDatumReader::builder(schema)
        .build()
        .map_err(undecodable)?
        .read_value(&mut body)
        .map_err(undecodable)?;
    let record_name = match schema {
        apache_avro::Schema::Record(r) => r.name.fullname(None),
        _ => String::new(),
    };
    Ok(Decoded { record_name, value })
}

/// Encodes and decodes events against a schema registry. Cheap to clone; caches schemas by id
/// and subject.
#[derive(Clone)]
pub struct EventCodec {
    encoder: Arc<AvroEncoder>,
    decoder: Arc<AvroDecoder>,
}

impl std::fmt::Debug for EventCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventCodec").finish_non_exhaustive()
    }
}

impl EventCodec {
    /// A codec for the registry at `url` (e.g. `http://127.0.0.1:8081`).
    pub fn new(url: &str) -> Result<Self, CodecError> {
        let settings = SrSettings::new_builder(url.trim_end_matches('/').to_string())
            .no_proxy()
            .set_timeout(Duration::from_secs(10))
            .build()
            .map_err(registry_error)?;
        Ok(Self {
            encoder: Arc::new(AvroEncoder::new(settings.clone())),
            decoder: Arc::new(AvroDecoder::new(settings)),
        })
    }

    /// The subject an event of type `E` is registered under on `topic`.
    pub fn subject<E: Event>(topic: &str) -> String {
        format!("{topic}-{}", E::RECORD_NAME)
    }

    /// Encodes `event` for `topic`, registering its schema under the topic-record subject on
    /// first use.
    pub async fn encode<E: Event>(&self, topic: &str, event: &E) -> Result<Vec<u8>, CodecError> {
        let supplied = SuppliedSchema::new(
            Some(E::RECORD_NAME.to_string()),
            SchemaType::Avro,
            E::SCHEMA.to_string(),
        );
        let strategy =
            SubjectNameStrategy::TopicRecordNameStrategyWithSchema(topic.to_string(), supplied);
        let result = self.encoder.encode_struct(event, &strategy).await;
        if result.is_err() {
            // Let a later call ask the registry again instead of replaying a cached failure.
            self.encoder.remove_errors_from_cache();
        }
        result.map_err(registry_error)
    }

    /// Decodes a wire-format record with its writer's schema.
    pub async fn decode(&self, bytes: &[u8]) -> Result<Decoded, CodecError> {
        if bytes.len() < 5 || bytes[0] != 0 {
            return Err(CodecError::Undecodable(
                "not in the Confluent wire format (magic byte 0 and a 4-byte schema id)".into(),
            ));
        }
        let result = self.decoder.decode(Some(bytes)).await.map_err(|e| {
            if e.retriable {
                registry_error(e)
            } else {
                CodecError::Undecodable(e.to_string())
            }
        });
        if result.is_err() {
            self.decoder.remove_errors_from_cache();
        }
        let decoded = result?;
        let record_name = decoded.name.map(|n| n.fullname(None)).unwrap_or_default();
        Ok(Decoded {
            record_name,
            value: decoded.value,
        })
    }

    /// Decodes a record that must be an `E`.
    pub async fn decode_as<E: Event>(&self, bytes: &[u8]) -> Result<E, CodecError> {
        self.decode(bytes).await?.event()
    }
}
