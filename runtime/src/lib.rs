//! The runtime every Tributary component shares, so that no component writes its own loop:
//!
//! - [`config`]: the connection settings (broker, registry, PostgreSQL, topic prefix) as `clap`
//!   arguments with environment variables;
//! - [`kafka`]: producer, consumer and admin clients with the settings the delivery guarantees need;
//! - [`processor`]: the at-least-once consume-process-produce loop of stateless processors;
//! - [`projection`]: the exactly-once-in-effect loop of projections (read-model writes and
//!   offsets in one transaction of the store: [`postgres::PgStore`], [`graph::GraphStore`]);
//! - [`postgres`], [`graph`]: connecting to PostgreSQL and the graph server;
//! - [`dlq`]: dead letters for records that cannot be decoded or processed; [`redrive`]: listing
//!   them and sending them back after a fix;
//! - [`health`], [`admin`], [`telemetry`]: health state, the `/health` + `/metrics` endpoint, and
//!   tracing and metrics set-up;
//! - [`budget`]: the one size budget of a record, which every other size bound fits in;
//! - [`shutdown`] and [`backoff`]: graceful stop and capped exponential retry;
//! - [`recent`]: a bounded set of recently seen ids, to skip repeats.

pub mod admin;
pub mod backoff;
pub mod budget;
pub mod config;
pub mod dlq;
pub mod graph;
pub mod health;
pub mod http_error;
pub mod kafka;
pub mod postgres;
pub mod processor;
pub mod projection;
pub mod rate_limit;
pub mod recent;
pub mod redrive;
pub mod serve;
pub mod shutdown;
pub mod telemetry;

pub use config::{
    GraphArgs, KafkaArgs, PostgresArgs, ProducerOption, ProducerOptions, RegistryArgs,
};
pub use health::Health;
pub use http_error::HttpError;
pub use shutdown::Shutdown;
