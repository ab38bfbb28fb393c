//! One module per command family; [`run`] dispatches a parsed command to it.

mod bolt_bridge;
mod components;
mod dlq;
mod replay;
mod repos;
mod schemas;
mod token;
mod topics;
mod train;
mod webhook;

use crate::cli::Command;

/// Runs one subcommand to its end (the servers and workers: until Ctrl-C or SIGTERM).
pub(crate) async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Registry { config, postgres } => components::registry(config, postgres).await,
        Command::Topics { command } => topics::run(command).await,
        Command::Ingest { config, infra } => components::ingest(config, infra).await,
        Command::Process { processor } => components::process(processor).await,
        Command::Project { projection } => components::project(projection).await,
        Command::Repos { command } => repos::run(command).await,
        Command::Produce { producer } => components::produce(producer).await,
        Command::Serve {
            config,
            infra,
            graph,
        } => components::serve(config, infra, graph).await,
        Command::Replay { projection } => replay::run(projection).await,
        Command::Schemas { command } => schemas::run(command).await,
        Command::Dlq { command } => dlq::run(command).await,
        Command::BoltBridge { listen, upstream } => bolt_bridge::run(listen, upstream).await,
        Command::Token {
            subject,
            roles,
            ttl,
            jwt,
        } => token::run(&subject, &roles, ttl, &jwt),
        Command::Webhook { command } => webhook::run(command).await,
        Command::Up(args) => crate::demo::up(args).await,
        Command::TrainClassifier(args) => train::run(&args),
    }
}
