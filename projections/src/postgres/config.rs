//! Configuration of `tributary project postgres`.

use clap::Args;

/// Configuration of the PostgreSQL projection.
#[derive(Debug, Clone, Args)]
pub struct PostgresProjectionConfig {
    /// PostgreSQL schema of the read model.
    #[arg(
        long = "read-schema",
        env = "TRIBUTARY_READ_SCHEMA",
        default_value = "read_model"
    )]
    pub schema: String,
    /// Largest number of records per transaction.
    #[arg(long, env = "TRIBUTARY_PROJECTION_MAX_BATCH", default_value_t = 1000)]
    pub max_batch: usize,
}
