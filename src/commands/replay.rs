//! `tributary replay ...`: rebuilds a projection from the beginning of the topics.

use crate::cli::ReplayCommand;
use tributary::replay::{replay_graph, replay_postgres, Progress, ReplayOptions};

/// Runs a replay and prints its report.
pub(super) async fn run(projection: ReplayCommand) -> anyhow::Result<()> {
    let report = match projection {
        ReplayCommand::Postgres {
            in_place,
            keep,
            config,
            infra,
        } => {
            replay_postgres(
                &config,
                &infra.infra(),
                ReplayOptions { in_place, keep },
                print_progress,
            )
            .await?
        }
        ReplayCommand::Neo4j {
            in_place,
            keep,
            config,
            graph,
            infra,
        } => {
            replay_graph(
                &config,
                &graph,
                &infra.infra(),
                ReplayOptions { in_place, keep },
                print_progress,
            )
            .await?
        }
    };
    eprintln!();
    println!(
        "replayed {} records in {:.1}s ({:.0}/s){}",
        report.records,
        report.elapsed.as_secs_f64(),
        report.records as f64 / report.elapsed.as_secs_f64().max(1e-3),
        report
            .kept
            .map(|k| format!("; previous read model kept as {k}"))
            .unwrap_or_default()
    );
    Ok(())
}

/// One line of replay progress, rewritten in place on the terminal.
fn print_progress(p: Progress) {
    eprint!(
        "\rreplay: {} records, {:.0}/s, lag {}, ETA {}        ",
        p.records,
        p.rate,
        p.lag,
        p.eta_secs
            .map(|s| format!("{s:.0}s"))
            .unwrap_or_else(|| "-".into())
    );
}
