//! What every Tributary crate shares, and nothing that needs a broker or a graph driver (the
//! Schema Registry builds on it alone):
//!
//! - [`config`]: where the registry, PostgreSQL and the graph server are, as `clap` argument
//!   groups; shared secrets read through [`config::SecretParser`] (never echoed, never short);
//!   [`config::redact_url`] for logs;
//! - [`Shutdown`]: graceful stop on SIGTERM or Ctrl-C;
//! - [`Health`]: a component's health, `ok` or `degraded` with the reason;
//! - [`RecordError`]: why a record could not be processed or applied (poison or transient,
//!   with its cause), the one error of every processor and projection;
//! - [`store::ReadStore`]: the transactions of a read model's store, rows and offsets together.

pub mod config;
mod health;
mod record;
mod shutdown;
pub mod store;

pub use health::{Health, HealthReport};
#[cfg(feature = "graph")]
pub use record::is_transient_graph;
#[cfg(feature = "postgres")]
pub use record::is_transient_postgres;
pub use record::{BoxError, RecordError};
pub use shutdown::Shutdown;
