//! The `tributary` binary's wiring: how each component is assembled from its configuration and
//! the shared runtime, so that the CLI, `tributary up` and the end-to-end tests start components
//! the same way.

pub mod app;
pub mod replay;
pub mod schema_check;
pub mod synthetic;
pub mod webhook_client;
