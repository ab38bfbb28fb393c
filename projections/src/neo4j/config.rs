//! Configuration of `tributary project neo4j`.

use clap::Args;

/// Configuration of the graph projection.
#[derive(Debug, Clone, Args)]
pub struct GraphProjectionConfig {
    /// Largest number of records per graph transaction.
    #[arg(
        long = "graph-max-batch",
        env = "TRIBUTARY_GRAPH_MAX_BATCH",
        default_value_t = 200
    )]
    pub max_batch: usize,
}

impl Default for GraphProjectionConfig {
    fn default() -> Self {
        Self { max_batch: 200 }
    }
}
