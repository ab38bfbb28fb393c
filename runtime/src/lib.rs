//! The runtime every Tributary consumer runs in, so that no component writes its own loop:
//!
//! - [`processor`]: the at-least-once consume-process-produce loop of stateless processors;
//! - [`projection`]: the exactly-once-in-effect loop of projections (read-model writes and
//!   offsets in one transaction of a [`projection::ReadStore`]: `tributary_postgres::PgStore`,
//!   `tributary_graph::GraphStore`);
//! - [`RecordError`]: why a record could not be processed or applied, poison or transient;
//! - [`kafka`]: producer, consumer and admin clients with the settings the delivery guarantees
//!   need; [`config::KafkaArgs`]: the broker, the topics, the producers' options;
//! - [`dlq`]: dead letters for records that cannot be decoded or processed; [`redrive`]: listing
//!   them and sending them back after a fix (bookkeeping in PostgreSQL, schema `operations`);
//! - [`budget`]: the one size budget of a record, which every other size bound fits in;
//! - [`backoff`]: capped exponential retry and the bound on retrying one record;
//! - [`Shutdown`] and [`Health`], which every loop takes;
//! - [`recent`]: a bounded set of recently seen ids (a `moka` cache).
//!
//! Beside it: `tributary-base` (settings, secrets, shutdown, health, the store contract),
//! `tributary-postgres`, `tributary-graph`, `tributary-http` and `tributary-telemetry`.

pub mod backoff;
pub mod budget;
pub mod config;
pub mod dlq;
pub mod kafka;
pub mod processor;
pub mod projection;

pub mod recent;
pub mod redrive;

pub use config::{KafkaArgs, ProducerOption, ProducerOptions};
pub use tributary_base::{Health, RecordError, Shutdown};
