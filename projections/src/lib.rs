//! Sinks: projection workers that build read models from the topics, each through the shared
//! exactly-once-in-effect loop in `tributary_runtime::projection` (a `Projector` per folder).
//! This crate owns the read models' schemas: the PostgreSQL migrations (`migrations/postgres`,
//! the offsets table included) and the graph's constraints and indexes.
//!
//! - [`postgres`]: repositories, commits, files, contributors, pushes, pull requests,
//!   deployments, issues, releases, webhook deliveries, code analyses and READMEs in PostgreSQL;
//! - [`neo4j`]: the code graph (commits, files, symbols, nesting, imports, calls) in Neo4j.
//!
//! A new projection is one more folder here implementing `Projector`, and one subcommand.
//! **Architecture invariant:** every projection writes its consumer offsets in the same
//! transaction as its rows, and can be dropped and rebuilt from the topics.

pub mod neo4j;
pub mod postgres;
