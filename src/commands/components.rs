//! The long-running components: each runs until Ctrl-C or SIGTERM (the workers also stop when
//! their loop fails).

use crate::cli::{GraphSelection, InfraArgs, ProcessorCommand, ProduceCommand, ProjectionCommand};
use tributary::app;
use tributary_base::config::PostgresArgs;
use tributary_producers::ingest::IngestConfig;
use tributary_query_api::QueryApiConfig;
use tributary_registry::RegistryConfig;
use tributary_runtime::Shutdown;

/// `tributary registry`.
pub(super) async fn registry(config: RegistryConfig, postgres: PostgresArgs) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    app::start_registry(&config, &postgres.database_url, shutdown.clone()).await?;
    shutdown.wait().await;
    Ok(())
}

/// `tributary ingest`.
pub(super) async fn ingest(config: IngestConfig, infra: InfraArgs) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    app::start_ingest(config, &infra.infra(), shutdown.clone()).await?;
    shutdown.wait().await;
    Ok(())
}

/// `tributary serve`.
pub(super) async fn serve(
    config: QueryApiConfig,
    infra: InfraArgs,
    graph: GraphSelection,
) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    app::start_query_api(config, &infra.infra(), graph.graph(), shutdown.clone()).await?;
    shutdown.wait().await;
    Ok(())
}

/// `tributary process ...`.
pub(super) async fn process(processor: ProcessorCommand) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    let task = match processor {
        ProcessorCommand::Normalizer { infra, admin } => {
            app::start_normalizer(&infra.infra(), Some(admin.admin_listen), shutdown).await?
        }
        ProcessorCommand::Ast { infra, admin } => {
            app::start_ast_analyzer(&infra.infra(), Some(admin.admin_listen), shutdown).await?
        }
        ProcessorCommand::Enrich {
            config,
            infra,
            admin,
        } => {
            app::start_enricher(&config, &infra.infra(), Some(admin.admin_listen), shutdown).await?
        }
        ProcessorCommand::Fetcher { git, infra, admin } => {
            let infra = infra.infra();
            let producer = app::git_producer(&git, &infra).await?;
            app::start_fetcher(producer, &infra, Some(admin.admin_listen), shutdown).await?
        }
    };
    task.await?
}

/// `tributary project ...`.
pub(super) async fn project(projection: ProjectionCommand) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    let task = match projection {
        ProjectionCommand::Postgres {
            config,
            infra,
            admin,
        } => {
            app::start_postgres_projection(
                &config,
                &infra.infra(),
                Some(admin.admin_listen),
                shutdown,
            )
            .await?
        }
        ProjectionCommand::Neo4j {
            config,
            graph,
            infra,
            admin,
        } => {
            app::start_graph_projection(
                &config,
                &graph,
                &infra.infra(),
                Some(admin.admin_listen),
                shutdown,
            )
            .await?
        }
    };
    task.await?
}

/// `tributary produce ...`.
pub(super) async fn produce(producer: ProduceCommand) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    let task = match producer {
        ProduceCommand::Git { git, infra, admin } => {
            app::start_git_poller(&git, &infra.infra(), Some(admin.admin_listen), shutdown).await?
        }
    };
    task.await?
}
