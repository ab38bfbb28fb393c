//! The webhook ingest server: takes GitHub webhook deliveries over HTTP and writes them, raw and
//! byte for byte, to `webhooks.raw`, answering 202 only after the broker acknowledged the write.
//!
//! - [`config`]: listen address, secret, body cap, timeouts;
//! - [`signature`]: `X-Hub-Signature-256` verification (HMAC-SHA256, constant time);
//! - [`server`]: the routes and the handler;

pub mod config;
pub mod server;
pub mod signature;

pub use config::IngestConfig;
pub use server::{router, start, IngestState};
