//! The `tributary` binary's wiring, as a library the binary, the integration tests and the
//! benches share:
//!
//! - [`app`]: how each component is assembled from its configuration and the shared runtime, so
//!   that the CLI, `tributary up` and the tests start components the same way;
//! - [`defaults`]: the defaults of every setting, in one place;
//! - [`replay`]: rebuilding a projection beside the live one;
//! - [`schema_check`]: the schema evolution gate;
//! - [`webhook_client`]: sending a signed webhook the way GitHub does.

pub mod app;
pub mod defaults;
pub mod replay;
pub mod schema_check;
pub mod webhook_client;
