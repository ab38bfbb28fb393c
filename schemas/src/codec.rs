//! The Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro body), through
//! `schema_registry_converter` against any Confluent-compatible registry.
//!
//! Subjects follow TopicRecordNameStrategy (`<topic>-<record full name>`), so one topic can carry
//! several record types. The encoder registers the event's schema on first use (the registry
//! answers with the existing id when it is already there, or refuses an incompatible one).
//!
//! A registry that requires a write credential gets it as the user info of its URL
//! (`http://user:password@host:8081`): [`EventCodec::new`] takes it off the URL and sends it as
//! HTTP Basic authorization; the password never appears in an error or a log line.

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
        /// A transient failure (network, 5xx, 408, 429) or a refused credential (401, 403):
        /// not the record's fault.
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

/// The client's error as ours. The client calls only 502 and 503 retriable; a registry that
/// answers 500 or 504 (its database down), 408 or 429 is as transient, and a 401 or 403 says
/// this component's credential is wrong, not the record: all of those are retriable (the consume
/// loops bound the retries), so a registry outage or a bad credential never turns good records
/// into poison.
fn registry_error(e: SRCError) -> CodecError {
    let transient_status = http_status(&e)
        .is_some_and(|s| matches!(s, 401 | 403 | 408 | 429) || (500..600).contains(&s));
    CodecError::Registry {
        retriable: e.retriable || transient_status,
        message: e.to_string(),
    }
}

/// The HTTP status of a failed registry call, from the client's message
/// (`... failed with status 503 Service Unavailable`).
fn http_status(e: &SRCError) -> Option<u16> {
    let (_, after) = e.error.split_once("failed with status ")?;
    after.get(..3)?.parse().ok()
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

/// The user info of a registry URL.
struct Credential {
    user: String,
    password: Option<String>,
}

/// `url` without its user info, and the user info decoded. Errors name the URL with the
/// password left out.
fn split_credential(url: &str) -> Result<(String, Option<Credential>), CodecError> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Ok((url.to_string(), None));
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let Some((user_info, host)) = authority.rsplit_once('@') else {
        return Ok((url.to_string(), None));
    };
    let base = format!("{scheme}://{host}{tail}");
    let invalid = |what: &str| {
        CodecError::Registry {
        message: format!("the {what} in the registry URL {scheme}://***@{host}{tail} is not valid percent-encoded UTF-8"),
        retriable: false,
    }
    };
    let (user, password) = match user_info.split_once(':') {
        Some((user, password)) => (user, Some(password)),
        None => (user_info, None),
    };
    let user = percent_decode(user).ok_or_else(|| invalid("user"))?;
    let password = password
        .map(|p| percent_decode(p).ok_or_else(|| invalid("password")))
        .transpose()?;
    Ok((base, Some(Credential { user, password })))
}

/// Decodes `%XX` escapes; `None` when an escape or the result is not valid.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
    /// A codec for the registry at `url` (e.g. `http://127.0.0.1:8081`, or
    /// `http://user:password@host:8081` for a registry whose writes need a credential; user and
    /// password percent-encoded as in any URL).
    pub fn new(url: &str) -> Result<Self, CodecError> {
        let (base, credential) = split_credential(url)?;
        let mut builder = SrSettings::new_builder(base.trim_end_matches('/').to_string());
        builder.no_proxy().set_timeout(Duration::from_secs(10));
        if let Some(c) = &credential {
            builder.set_basic_authorization(&c.user, c.password.as_deref());
        }
        let settings = builder.build().map_err(registry_error)?;
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
        let result = self
            .decoder
            .decode(Some(bytes))
            .await
            .map_err(|e| match registry_error(e) {
                transient if transient.is_retriable() => transient,
                CodecError::Registry { message, .. } => CodecError::Undecodable(message),
                other => other,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_info_is_taken_off_the_url() {
        let (base, c) = split_credential("http://tributary:s%40cr%3At@registry:8081/").unwrap();
        assert_eq!(base, "http://registry:8081/");
        let c = c.expect("credential");
        assert_eq!(
            (c.user.as_str(), c.password.as_deref()),
            ("tributary", Some("s@cr:t"))
        );
        let (base, c) = split_credential("http://127.0.0.1:8081").unwrap();
        assert_eq!(base, "http://127.0.0.1:8081");
        assert!(c.is_none());
        let (_, c) = split_credential("https://key@host/path?x=a@b").unwrap();
        let c = c.expect("user only");
        assert_eq!((c.user.as_str(), c.password), ("key", None));
    }

    #[test]
    fn a_bad_user_info_is_refused_without_the_password() {
        let e = split_credential("http://u:pa%zzss@host:8081")
            .err()
            .expect("refused");
        let message = e.to_string();
        assert!(message.contains("password") && message.contains("host:8081"));
        assert!(!message.contains("pa%zzss"), "{message}");
        assert!(!e.is_retriable());
        assert!(EventCodec::new("http://u:secret-pass@127.0.0.1:1").is_ok());
    }

    #[test]
    fn registry_outages_and_refused_credentials_are_retriable_bad_schemas_are_not() {
        let answer = |status: &str| {
            registry_error(SRCError::non_retryable_without_cause(&format!(
                "HTTP request to schema registry failed with status {status}"
            )))
        };
        for status in [
            "500 Internal Server Error",
            "504 Gateway Timeout",
            "401 Unauthorized",
            "403 Forbidden",
            "429 Too Many Requests",
        ] {
            assert!(answer(status).is_retriable(), "{status}");
        }
        for status in ["409 Conflict", "422 Unprocessable Entity", "404 Not Found"] {
            assert!(!answer(status).is_retriable(), "{status}");
        }
        assert!(registry_error(SRCError::new("network", None, true)).is_retriable());
        assert!(
            !registry_error(SRCError::non_retryable_without_cause("bad schema")).is_retriable()
        );
    }
}
