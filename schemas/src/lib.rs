//! Tributary's event contract:
//!
//! - the Rust type of every event ([`CommitObserved`], [`PushObserved`], ... with the [`Event`]
//!   trait), beside its Avro schema (`avro/*.avsc`);
//! - [`Topics`]: the topic names under a prefix, and their [`Retention`];
//! - [`event_id`]: deterministic event ids (UUIDv5 of their source);
//! - [`EventCodec`]: the Confluent wire format through the Schema Registry ([`codec`]);
//! - [`evolution`]: the check that every schema reads its history;
//! - [`body`]: webhook bodies stored compressed; [`language`]: a file's language by its path;
//! - [`live`]: the live events the PostgreSQL projection announces.
//!
//! **Architecture invariant:** this is the only crate that knows Avro and the Schema Registry.
//! Every other crate hands it a typed event and gets bytes back, or the other way round.

pub mod body;
pub mod codec;
pub mod event_id;
mod events;
pub mod evolution;
pub mod language;
pub mod live;
mod topics;

pub use codec::{CodecError, Decoded, EventCodec};
pub use events::*;
pub use topics::{Retention, Topics};
