//! `tributary topics ...`.

use crate::cli::TopicsCommand;

/// Runs a `topics` command.
pub(super) async fn run(command: TopicsCommand) -> anyhow::Result<()> {
    match command {
        TopicsCommand::Create {
            kafka,
            partitions,
            replication,
        } => {
            let created =
                tributary_runtime::kafka::ensure_replicated_topics(&kafka, partitions, replication)
                    .await?;
            for t in &created {
                println!("created {t}");
            }
            println!(
                "{} topics ready ({} new)",
                kafka.topics().all().len(),
                created.len()
            );
        }
    }
    Ok(())
}
