//! The query API (`tributary serve`): the read side of CQRS. It reads the PostgreSQL read model
//! and answers JSON over HTTP, behind JWT bearer auth.
//!
//! - [`config`]: listen address, JWT settings, read schema, component health URLs;
//! - [`auth`]: JWT verification (algorithm pinned, expiry, issuer, audience) and roles;
//! - [`params`]: query-parameter parsing and validation (times, limits, cursors);
//! - [`routes`]: one module per resource;
//! - [`server`]: the router, request metrics, and start-up.
//!
//! **Architecture invariant:** this is the only crate that speaks HTTP and JSON to readers; it
//! never writes to a read model.

pub mod auth;
pub mod config;
pub mod dora;
pub mod limits;
pub mod live;
pub mod params;
pub mod routes;
pub mod server;

pub use config::QueryApiConfig;
pub use server::{router, start, AppState};
