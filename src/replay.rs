//! `tributary replay postgres|neo4j`: rebuilds a read model from the beginning of the topics.
//! The graph works like PostgreSQL with namespaces in place of schemas ([`replay_graph`]).
//!
//! Blue/green (the default): the projection runs into a fresh schema `<schema>_next` while the
//! live schema keeps serving; once it has caught up with the end of every partition, the two
//! schemas swap names in one transaction, so every query after the swap sees the new model and
//! none sees a mix. A live projection still running notices that its stored offsets moved (they
//! are compare-and-set) and continues from the new model's: at its next batch, or, idle, when
//! it re-reads them (every `TRIBUTARY_PROJECTION_RESYNC_MS`, a second by default). This is also
//! the fix for a live projection whose stored offsets lie beyond the end of the log (the
//! broker's store was reset): it holds those partitions back and says so until a replay (or a
//! reset of its offsets) gives it offsets inside the log. The old schema is dropped unless
//! `keep`.
//!
//! In place: every table is emptied and the offsets reset to the beginning in one
//! transaction, then the projection runs until caught up (a live projection, if any, re-seeks
//! to the beginning too and shares the work safely).

use crate::app::Infra;
use anyhow::Context as _;
use sqlx::PgPool;
use std::time::{Duration, Instant};
use tributary_base::config::GraphArgs;
use tributary_graph::{self as graph, GraphStore, Namespace};
use tributary_postgres::{is_valid_schema_name, PgStore};
use tributary_projections::neo4j::{self, GraphProjection, GraphProjectionConfig};
use tributary_projections::postgres::{PostgresProjection, PostgresProjectionConfig};
use tributary_runtime::projection::{self, Offsets, Projector, ReadStore};
use tributary_runtime::{kafka, Health, Shutdown};

/// How to replay.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplayOptions {
    /// Empty and rebuild the live schema instead of building beside it.
    pub in_place: bool,
    /// Keep the replaced schema (renamed `<schema>_old_<unix time>`).
    pub keep: bool,
}

/// Where a replay stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Records projected so far.
    pub records: i64,
    /// Records left to the current end of the topics.
    pub lag: i64,
    /// Records per second since the start.
    pub rate: f64,
    /// Seconds to catch up at that rate.
    pub eta_secs: Option<f64>,
}

/// What a replay did.
#[derive(Debug, Clone)]
pub struct ReplayReport {
    /// Records projected.
    pub records: i64,
    /// Wall time.
    pub elapsed: Duration,
    /// The replaced schema, when kept.
    pub kept: Option<String>,
}

/// Rebuilds the PostgreSQL read model of `config.schema`; `progress` is called about once a
/// second.
pub async fn replay_postgres(
    config: &PostgresProjectionConfig,
    infra: &Infra,
    options: ReplayOptions,
    mut progress: impl FnMut(Progress),
) -> anyhow::Result<ReplayReport> {
    let live = config.schema.as_str();
    anyhow::ensure!(is_valid_schema_name(live), "invalid schema name {live:?}");
    let target = if options.in_place {
        live.to_string()
    } else {
        format!("{live}_next")
    };
    let admin = tributary_postgres::connect(&infra.database_url, "public", 2).await?;
    let projector = PostgresProjection;
    let name = projector.name();
    let marks = watermarks_now(infra, &projector.topics(&infra.kafka))?;
    if options.in_place {
        let pool = tributary_postgres::connect(&infra.database_url, live, 2).await?;
        tributary_projections::postgres::migrate(&pool).await?;
        reset_in_place(&pool, live, name, &marks).await?;
    } else {
        // A leftover of an interrupted replay is discarded: it is rebuilt from the log anyway.
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {target} CASCADE"))
            .execute(&admin)
            .await?;
    }
    let pool = tributary_postgres::connect(&infra.database_url, &target, 4).await?;
    tributary_projections::postgres::migrate(&pool)
        .await
        .context("migrating the new read model")?;

    let (records, started) = catch_up(
        projector,
        PgStore::new(pool.clone()),
        infra,
        config.max_batch,
        "replay-postgres",
        &mut progress,
    )
    .await?;
    tributary_projections::postgres::analyze(&pool)
        .await
        .context("analyzing the rebuilt read model")?;

    let mut kept = None;
    if !options.in_place {
        let old = format!(
            "{live}_old_{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default()
        );
        let mut tx = admin.begin().await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
                .bind(live)
                .fetch_one(&mut *tx)
                .await?;
        if exists {
            sqlx::query(&format!("ALTER SCHEMA {live} RENAME TO {old}"))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(&format!("ALTER SCHEMA {target} RENAME TO {live}"))
            .execute(&mut *tx)
            .await?;
        tx.commit().await.context("switching the read model")?;
        tracing::info!(schema = live, replaced = %old, "read model switched");
        if exists {
            if options.keep {
                kept = Some(old);
            } else {
                sqlx::query(&format!("DROP SCHEMA {old} CASCADE"))
                    .execute(&admin)
                    .await?;
            }
        }
    }
    pool.close().await;
    Ok(ReplayReport {
        records,
        elapsed: started.elapsed(),
        kept,
    })
}

/// The low and high watermarks of every partition of `topics`, now.
fn watermarks_now(infra: &Infra, topics: &[String]) -> anyhow::Result<kafka::Watermarks> {
    let consumer = kafka::consumer(
        &infra.kafka,
        &format!("{}.replay-watermarks", infra.kafka.topic_prefix),
    )?;
    Ok(kafka::watermarks(&consumer, topics)?)
}

/// Rebuilds the code graph from the log.
///
/// Blue/green (the default): the projection runs into the namespace that is not live (`blue`
/// or `green`, emptied first: a leftover is rebuilt anyway) while the live one serves; once it
/// has caught up, the live-namespace switch makes every later query read the new copy, and a
/// running graph projection follows it (its compare-and-set offsets moved). The old copy is
/// deleted unless `keep`. In place: the live namespace is emptied, its offsets set to the
/// beginning, and rebuilt.
pub async fn replay_graph(
    config: &GraphProjectionConfig,
    graph_args: &GraphArgs,
    infra: &Infra,
    options: ReplayOptions,
    mut progress: impl FnMut(Progress),
) -> anyhow::Result<ReplayReport> {
    let g = graph::connect(graph_args, 4)?;
    let live = graph::live_namespace(&g)
        .await
        .context("reading the live graph namespace")?;
    let target = if options.in_place {
        live.clone()
    } else {
        Namespace::new(if live.name() == "blue" {
            "green"
        } else {
            "blue"
        })?
    };
    let projector = GraphProjection;
    let name = projector.name();
    let marks = watermarks_now(infra, &projector.topics(&infra.kafka))?;
    let wiped = graph::wipe_namespace(&g, &target, neo4j::LABELS).await?;
    tracing::info!(namespace = %target, nodes = wiped, "graph namespace emptied for the rebuild");
    let store = GraphStore::in_namespace(g.clone(), target.clone());
    neo4j::prepare(&store)
        .await
        .context("creating the new copy's constraints and indexes")?;
    store
        .prepare_offsets()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if options.in_place {
        // Offsets at the beginning of every partition that holds records: a running projection
        // re-seeks there too (an empty partition needs no offset: any start is its beginning).
        let lows: Offsets = marks
            .iter()
            .filter(|(_, (low, high))| high > low)
            .map(|(tp, (low, _))| (tp.clone(), *low))
            .collect();
        let mut tx = store.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        store
            .store_offsets(&mut tx, name, &Offsets::new(), &lows)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        store.commit(tx).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let (records, started) = catch_up(
        projector,
        store,
        infra,
        config.max_batch,
        "replay-neo4j",
        &mut progress,
    )
    .await?;
    let mut kept = None;
    if !options.in_place {
        graph::switch_namespace(&g, &target)
            .await
            .context("switching the graph namespace")?;
        tracing::info!(namespace = %target, replaced = %live, "code graph switched");
        if options.keep {
            kept = Some(live.to_string());
        } else {
            // A transaction that began before the switch still commits into the old copy:
            // give it a moment, so that nothing is left behind after the delete.
            tokio::time::sleep(Duration::from_secs(2)).await;
            graph::wipe_namespace(&g, &live, neo4j::LABELS).await?;
            graph::drop_schema(&g, &live, neo4j::SCHEMA).await;
        }
    }
    Ok(ReplayReport {
        records,
        elapsed: started.elapsed(),
        kept,
    })
}

/// Runs `projector` into `store` until its stored offsets reach the end of every partition of
/// its topics (as they are when each check runs), reporting progress about twice a second.
/// Returns the records projected and when it started.
async fn catch_up<P: Projector>(
    projector: P,
    store: P::Store,
    infra: &Infra,
    max_batch: usize,
    component: &str,
    progress: &mut impl FnMut(Progress),
) -> anyhow::Result<(i64, Instant)>
where
    P::Store: Clone,
{
    let name = projector.name();
    let topics = projector.topics(&infra.kafka);
    // One client for every watermark read of the progress loop.
    let consumer = kafka::consumer(
        &infra.kafka,
        &format!("{}.replay-watermarks", infra.kafka.topic_prefix),
    )?;
    let shutdown = Shutdown::new();
    let ctx =
        crate::app::projection_context(infra, Health::new(component), shutdown.clone(), max_batch)?;
    let worker = tokio::spawn(projection::run(projector, store.clone(), ctx));
    let started = Instant::now();
    let records = loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if worker.is_finished() {
            anyhow::bail!("the replay projection stopped before catching up");
        }
        let ends = kafka::watermarks(&consumer, &topics)?;
        // Not readable yet (the loop creates its offsets first): nothing done so far.
        let done = store.stored_offsets(name).await.unwrap_or_default();
        let mut lag = 0;
        let mut records = 0;
        for (tp, (low, high)) in &ends {
            let at = done.get(tp).copied().unwrap_or(*low).max(*low);
            lag += (high - at).max(0);
            records += at - low;
        }
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let rate = records as f64 / secs;
        progress(Progress {
            records,
            lag,
            rate,
            eta_secs: (rate > 0.0).then(|| lag as f64 / rate),
        });
        if lag == 0 {
            break records;
        }
    };
    shutdown.trigger();
    worker.await??;
    Ok((records, started))
}

/// Empties every table of `schema` but the migrations' own, and sets `projection`'s offsets to
/// the beginning of each partition, in one transaction.
async fn reset_in_place(
    pool: &PgPool,
    schema: &str,
    projection: &str,
    marks: &kafka::Watermarks,
) -> anyhow::Result<()> {
    // Creates the offsets table when the projection never ran here.
    PgStore::new(pool.clone())
        .prepare_offsets()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = $1 AND table_type = 'BASE TABLE'
           AND table_name NOT IN ('_sqlx_migrations')",
    )
    .bind(schema)
    .fetch_all(pool)
    .await?;
    let mut tx = pool.begin().await?;
    if !tables.is_empty() {
        // Names come from the catalog, quoted as identifiers.
        let list: Vec<String> = tables
            .iter()
            .map(|t| format!("{schema}.\"{}\"", t.replace('"', "\"\"")))
            .collect();
        sqlx::query(&format!("TRUNCATE {} CASCADE", list.join(", ")))
            .execute(&mut *tx)
            .await?;
    }
    for ((topic, partition), (low, _)) in marks {
        sqlx::query(
            "INSERT INTO projection_offsets (projection, topic, partition, next_offset)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(projection)
        .bind(topic)
        .bind(partition)
        .bind(low)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
