//! Configuration of the git producer.

use clap::Args;
use std::path::PathBuf;

/// Configuration of the git producer.
#[derive(Debug, Clone, Args)]
pub struct GitConfig {
    /// Folder for the bare mirrors of remote repositories.
    #[arg(
        long = "mirrors",
        env = "TRIBUTARY_MIRRORS",
        default_value = ".tributary/mirrors"
    )]
    pub mirrors: PathBuf,
    /// Seconds between two polls of every registered repository (CHECK_INTERVAL).
    #[arg(long = "check-interval", env = "CHECK_INTERVAL", default_value_t = 60)]
    pub check_interval_secs: u64,
    /// Blob content above this many bytes is left out of `blobs` events (only the size is kept).
    #[arg(long = "max-blob-bytes", env = "TRIBUTARY_MAX_BLOB_BYTES", default_value_t = 1024 * 1024)]
    pub max_blob_bytes: usize,
    /// PostgreSQL schema of the producer's own state.
    #[arg(
        long = "sources-schema",
        env = "TRIBUTARY_SOURCES_SCHEMA",
        default_value = "sources"
    )]
    pub state_schema: String,
}
