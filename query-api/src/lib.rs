//! The query API (`tributary serve`): the read side of CQRS. It reads the PostgreSQL read model
//! and the code graph, and answers JSON (and documentation pages, and Server-Sent Events) over
//! HTTP behind JWT bearer auth, with its OpenAPI document at `/openapi.json`.
//!
//! What the crate offers:
//!
//! - [`QueryApiConfig`]: the `serve` command's settings (listen address, JWT, read schema,
//!   limits, component health URLs);
//! - [`AppState`] (with its builders for the code graph, dead-letter operations, teams and the
//!   live feed), [`router`] and [`start`]: the server;
//! - [`auth`]: token verification and [`auth::mint`] for operators and tests;
//! - [`dora`]: the team mapping ([`dora::Teams`]) and the DORA computation;
//! - [`openapi::document`]: the OpenAPI document, generated from the handlers.
//!
//! Inside: `routes` (one module per resource: handlers, parameter and response types), `store`
//! (every SQL statement, behind typed functions), `params` (parameter validation), `limits`
//! (request limits as layers), `live` (the live feed), `server` (router and state).
//!
//! **Architecture invariant:** this is the only crate that speaks HTTP and JSON to readers; it
//! never writes to a read model.

pub mod auth;
mod config;
pub mod dora;
mod limits;
mod live;
pub mod openapi;
mod params;
mod routes;
mod server;
mod store;

pub use config::{JwtSecret, QueryApiConfig};
pub use server::{router, start, AppState};
