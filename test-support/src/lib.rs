//! What the integration tests (`tests/it/`) and the benches share and the product does not:
//!
//! - [`synthetic`]: synthetic but valid commit events, for volume;
//! - [`graph`]: a private in-memory graph server (kglite) behind a Bolt 4.4 bridge, so that a
//!   test or bench does not share a graph.

pub mod graph;
pub mod synthetic;
