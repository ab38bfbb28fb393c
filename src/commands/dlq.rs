//! `tributary dlq ...`: lists dead letters, or sends them back to their source topics.

use crate::cli::{DlqCommand, DlqFilterArgs};
use tributary_runtime::redrive::{DeadLetterFilter, DeadLetterOps};

impl DlqFilterArgs {
    /// The filter; `again`: also the letters already redriven.
    fn filter(&self, again: bool) -> DeadLetterFilter {
        DeadLetterFilter {
            id: self.id.clone(),
            component: self.component.clone(),
            topic: self.topic.clone(),
            error: self.error.clone(),
            again,
        }
    }
}

/// Runs a `dlq` command.
pub(super) async fn run(command: DlqCommand) -> anyhow::Result<()> {
    match command {
        DlqCommand::List {
            filter,
            json,
            infra,
        } => {
            let infra = infra.infra();
            let ops =
                DeadLetterOps::connect(infra.kafka.clone(), infra.codec()?, &infra.database_url)
                    .await?;
            list(&ops, &filter.filter(true), json).await
        }
        DlqCommand::Redrive {
            filter,
            again,
            infra,
        } => {
            let infra = infra.infra();
            let ops =
                DeadLetterOps::connect(infra.kafka.clone(), infra.codec()?, &infra.database_url)
                    .await?;
            let sent = ops.redrive(&filter.filter(again)).await?;
            println!("redriven {} dead letters", sent.len());
            Ok(())
        }
    }
}

/// Prints the letters `filter` selects, as a table or one JSON object per line.
async fn list(ops: &DeadLetterOps, filter: &DeadLetterFilter, as_json: bool) -> anyhow::Result<()> {
    let letters: Vec<_> = ops
        .list()
        .await?
        .into_iter()
        .filter(|l| filter.matches(l))
        .collect();
    if as_json {
        for l in &letters {
            println!("{}", serde_json::to_string(l)?);
        }
        return Ok(());
    }
    println!("id\tcomponent\tsource\tfailed_at\tredriven_at\terror");
    for l in &letters {
        println!(
            "{}\t{}\t{}/{}@{}\t{}\t{}\t{}",
            l.id,
            l.component,
            l.source_topic,
            l.source_partition,
            l.source_offset,
            l.failed_at,
            l.redriven_at.as_deref().unwrap_or("-"),
            l.error
        );
    }
    println!("{} dead letters", letters.len());
    Ok(())
}
