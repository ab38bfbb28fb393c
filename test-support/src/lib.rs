//! What the integration tests (`tests/it/`) and the benches share and the product does not:
//!
//! - [`synthetic`]: synthetic but valid commit events, for volume;
//! - [`command`]: external programs run to their end, failing loudly;
//! - [`model`]: the real small model, served by llama.cpp on a free port;
//! - [`graph`]: a private in-memory graph server (kglite) behind a Bolt 4.4 bridge, so that a
//!   test or bench does not share a graph.

pub mod command;
pub mod graph;
pub mod model;
pub mod synthetic;
