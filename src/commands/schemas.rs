//! `tributary schemas check`: the CI gate of schema evolution.

use crate::cli::SchemasCommand;
use anyhow::{bail, Context as _};
use tributary::schema_check;
use tributary_schemas::evolution;

/// Runs a `schemas` command; fails when a schema breaks evolution.
pub(super) async fn run(command: SchemasCommand) -> anyhow::Result<()> {
    let SchemasCommand::Check {
        schemas_dir,
        offline,
        registry,
    } = command;
    let (candidates, history) = match &schemas_dir {
        Some(dir) => schema_check::from_dir(dir)?,
        None => (evolution::current(), evolution::history()),
    };
    let mut problems = evolution::check(&candidates, &history);
    if !offline {
        problems.extend(
            schema_check::against_registry(
                &reqwest::Client::new(),
                &registry.registry_url,
                &candidates,
            )
            .await
            .context("asking the registry (--offline to skip it)")?,
        );
    }
    for c in &candidates {
        if !problems
            .iter()
            .any(|p| p.label == c.label && p.record_name == c.record_name)
        {
            println!("ok            {} ({})", c.record_name, c.label);
        }
    }
    for p in &problems {
        println!(
            "INCOMPATIBLE  {} ({}): {}",
            p.record_name, p.label, p.reason
        );
    }
    if !problems.is_empty() {
        bail!("{} schema(s) break evolution", problems.len());
    }
    Ok(())
}
