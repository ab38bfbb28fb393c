//! `tributary`: every component of the pipeline as one multi-command binary.

mod cli;
mod commands;
mod demo;

use clap::Parser as _;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tributary_telemetry::init_tracing();
    tributary_telemetry::prometheus();
    let result = commands::run(cli::Cli::parse().command).await;
    // Spans still buffered are exported before exit (the exporter's client blocks).
    let _ = tokio::task::spawn_blocking(tributary_telemetry::shutdown_tracing).await;
    result
}
