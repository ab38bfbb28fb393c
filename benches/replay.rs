//! Replay benchmark on the real local stack (start it with `scripts/stack.sh start`): a
//! commits topic of N synthetic commit events (default 100,000, two files each) is replayed
//! into a fresh PostgreSQL read model and into a fresh graph (a private kglite server through
//! the Bolt bridge), and the PostgreSQL rate is set against a plain `COPY` of the same rows
//! into empty tables of the same shape, measured in the same run (the ceiling); the graph's
//! rate is also set against PostgreSQL's (issue 15's goal: at least 0.25x).
//!
//! `cargo bench --bench replay -- [--commits N]`

use futures::StreamExt;
use std::time::{Duration, Instant};
use tributary::app::{self, Infra};
use tributary::defaults;
use tributary::replay::{replay_postgres, ReplayOptions};
use tributary_graph::GraphStore;
use tributary_projections::neo4j::GraphProjection;
use tributary_projections::postgres::PostgresProjectionConfig;
use tributary_runtime::projection::{self, ReadStore};
use tributary_runtime::{kafka, Health, KafkaArgs, Shutdown};
use tributary_test_support::graph::{kglite_path, start_private_graph};

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

fn commits_arg() -> usize {
    let argv: Vec<String> = std::env::args().collect();
    argv.windows(2)
        .find(|w| w[0] == "--commits")
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(100_000)
}

/// Copies `table` of `from` into an empty table of the same shape in `to`; returns the rows
/// and the seconds the `COPY ... FROM STDIN` took.
async fn copy_table(
    pool: &sqlx::PgPool,
    from: &str,
    to: &str,
    table: &str,
) -> anyhow::Result<(i64, f64)> {
    let mut conn = pool.acquire().await?;
    sqlx::query(&format!(
        "CREATE TABLE {to}.{table} (LIKE {from}.{table} INCLUDING ALL)"
    ))
    .execute(&mut *conn)
    .await?;
    let mut data = Vec::new();
    {
        let mut out = conn
            .copy_out_raw(&format!("COPY {from}.{table} TO STDOUT"))
            .await?;
        while let Some(chunk) = out.next().await {
            data.extend_from_slice(&chunk?);
        }
    }
    let started = Instant::now();
    let mut copy_in = conn
        .copy_in_raw(&format!("COPY {to}.{table} FROM STDIN"))
        .await?;
    copy_in.send(data.as_slice()).await?;
    let rows = copy_in.finish().await?;
    Ok((
        i64::try_from(rows).unwrap_or(i64::MAX),
        started.elapsed().as_secs_f64(),
    ))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n = commits_arg();
    let id = format!(
        "bench_replay_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let infra = Infra {
        kafka: KafkaArgs::new(env_or("TRIBUTARY_BROKERS", "127.0.0.1:9092"), id.clone()),
        registry_url: env_or("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081"),
        database_url: env_or(
            "TRIBUTARY_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/tributary",
        ),
    };
    kafka::ensure_topics(&infra.kafka, defaults::PARTITIONS).await?;
    let started = Instant::now();
    tributary_test_support::synthetic::produce_commits(&infra, "acme/replay-bench", n).await?;
    eprintln!(
        "{n} commit events written in {:.1}s",
        started.elapsed().as_secs_f64()
    );

    // PostgreSQL: blue/green replay from the beginning into a fresh schema.
    let config = PostgresProjectionConfig {
        schema: format!("{id}_read"),
        max_batch: 1000,
    };
    let report = replay_postgres(&config, &infra, ReplayOptions::default(), |_| {}).await?;
    let pg_secs = report.elapsed.as_secs_f64();

    // The ceiling: COPY of the same rows into empty tables of the same shape.
    let admin = tributary_postgres::connect(&infra.database_url, "public", 2).await?;
    let copy_schema = format!("{id}_copy");
    sqlx::query(&format!("CREATE SCHEMA {copy_schema}"))
        .execute(&admin)
        .await?;
    let mut copy_secs = 0.0;
    let mut copy_rows = 0;
    for table in ["commits", "commit_files"] {
        let (rows, secs) = copy_table(&admin, &config.schema, &copy_schema, table).await?;
        copy_rows += rows;
        copy_secs += secs;
    }

    // The graph: the same topic into a private graph server.
    let dir = tempfile::tempdir()?;
    let shutdown = Shutdown::new();
    let (mut child, graph_args) =
        start_private_graph(&kglite_path(), dir.path(), shutdown.clone()).await?;
    let store = GraphStore::new(tributary_graph::connect(&graph_args, 4)?);
    tributary_projections::neo4j::prepare(&store).await?;
    let ctx = app::projection_context(&infra, Health::new("bench-neo4j"), shutdown.clone(), 500)?;
    let graph_started = Instant::now();
    let worker = tokio::spawn(projection::run(GraphProjection, store.clone(), ctx));
    let consumer = kafka::consumer(&infra.kafka, &format!("{id}.marks"))?;
    let topic = infra.kafka.topics().commits();
    let ends = kafka::watermarks(&consumer, std::slice::from_ref(&topic))?;
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let stored = store
            .stored_offsets("neo4j")
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if ends
            .iter()
            .all(|(tp, (_, high))| stored.get(tp).copied().unwrap_or(0) >= *high)
        {
            break;
        }
        anyhow::ensure!(!worker.is_finished(), "the graph projection stopped");
    }
    let graph_secs = graph_started.elapsed().as_secs_f64();
    shutdown.trigger();
    let _ = worker.await;
    let _ = child.kill();
    let _ = child.wait();

    let rate = |secs: f64| n as f64 / secs.max(1e-9);
    let pg = rate(pg_secs);
    let copy = rate(copy_secs);
    println!("\nReplay of {n} commit events (two files each)\n");
    println!("| measure | seconds | commits/s | vs COPY | vs replay postgres |");
    println!("|---|---|---|---|---|");
    println!("| COPY of the same rows ({copy_rows} rows: commits + commit_files) | {copy_secs:.2} | {copy:.0} | 1.00x | |");
    println!(
        "| replay postgres (decode + project + offsets, blue/green) | {pg_secs:.2} | {pg:.0} | {:.3}x | 1.00x |",
        pg / copy
    );
    let graph = rate(graph_secs);
    println!(
        "| replay neo4j (kglite through the Bolt bridge, batches of 500 as UNWIND rows) | {graph_secs:.2} | {graph:.0} | {:.3}x | {:.3}x |",
        graph / copy,
        graph / pg
    );

    for schema in [config.schema.as_str(), copy_schema.as_str()] {
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .execute(&admin)
            .await?;
    }
    Ok(())
}
