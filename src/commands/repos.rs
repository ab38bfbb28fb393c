//! `tributary repos ...`: registers git repositories and emits their history.

use crate::cli::ReposCommand;
use tributary::app;
use tributary_producers::git::redact_url;

/// Runs a `repos` command.
pub(super) async fn run(command: ReposCommand) -> anyhow::Result<()> {
    match command {
        ReposCommand::Add {
            location,
            name,
            no_backfill,
            git,
            infra,
        } => {
            let producer = app::git_producer(&git, &infra.infra()).await?;
            let repo = producer.register(&location, name.as_deref()).await?;
            println!("registered {} ({})", repo.name, redact_url(&repo.location));
            if !no_backfill {
                let report = producer.sync(&repo, true).await?;
                println!(
                    "backfilled {} commits, {} blobs",
                    report.commits, report.blobs
                );
            }
        }
        ReposCommand::List { git, infra } => {
            let producer = app::git_producer(&git, &infra.infra()).await?;
            for r in producer.state().repositories().await? {
                println!("{}\t{}", r.name, redact_url(&r.location));
            }
        }
        ReposCommand::Sync { full, git, infra } => {
            let producer = app::git_producer(&git, &infra.infra()).await?;
            for r in producer.state().repositories().await? {
                let report = producer.sync(&r, full).await?;
                println!(
                    "{}: {} commits, {} blobs",
                    r.name, report.commits, report.blobs
                );
            }
        }
    }
    Ok(())
}
