//! Tributary's event contract: the Avro schema of every event, the Rust type beside it, the topic
//! names, deterministic event ids and the Confluent wire-format codec.
//!
//! **Architecture invariant:** this is the only crate that knows Avro and the Schema Registry.
//! Every other crate hands it a typed event and gets bytes back, or the other way round.

pub mod body;
pub mod codec;
pub mod event_id;
pub mod events;
pub mod evolution;
pub mod language;
pub mod topics;

pub use codec::{CodecError, Decoded, EventCodec};
pub use events::*;
pub use topics::Topics;
