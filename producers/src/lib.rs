//! Sources: where events enter the log.
//!
//! - [`ingest`]: the GitHub webhook endpoint (`tributary ingest`) → `webhooks.raw`;
//! - [`git`]: the git producer (`tributary repos add`, `tributary produce git`) → `commits`, `blobs`.
//!
//! A new source is one more folder here with its `config.rs`, and one subcommand in the binary.

pub mod git;
pub mod ingest;
