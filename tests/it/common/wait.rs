//! Waiting for the pipeline, and numbers from the read models.
//!
//! A number read for an assertion fails the test when its query fails ([`count`],
//! [`count_fresh`], [`topic_records`]): an error is never a number that happens to satisfy the
//! check. Polls that may run before the tables exist (or while the server is down) use the
//! `try_` forms, which answer `None` instead.

use super::TestEnv;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::{Offset, TopicPartitionList};
use std::collections::HashMap;
use std::future::Future;
use std::time::{Duration, Instant};
use tributary_base::config::GraphArgs;
use tributary_runtime::kafka::Watermarks;
use tributary_runtime::projection::Projector;

/// How often the waits look again.
const POLL: Duration = Duration::from_millis(200);

/// Polls `check` until it returns true or `timeout` passes.
pub async fn wait_until<F, Fut>(timeout: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < timeout {
        if check().await {
            return;
        }
        tokio::time::sleep(POLL).await;
    }
    panic!("timed out after {timeout:?} waiting for {what}");
}

/// One number from the read model; a failed query fails the test.
pub async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    match sqlx::query_scalar(sql).fetch_one(pool).await {
        Ok(n) => n,
        Err(e) => panic!("{sql}: {e}"),
    }
}

/// [`count`] for a poll: `None` when the query fails (e.g. before the tables exist).
pub async fn try_count(pool: &sqlx::PgPool, sql: &str) -> Option<i64> {
    sqlx::query_scalar(sql).fetch_one(pool).await.ok()
}

/// One number from `schema` over a fresh connection (the server restarts or stops under the
/// test); a failed connection or query fails the test.
pub async fn count_fresh(url: &str, schema: &str, sql: &str) -> i64 {
    let pool = tributary_postgres::connect(url, schema, 1)
        .await
        .unwrap_or_else(|e| panic!("connecting for {sql}: {e}"));
    let n = sqlx::query_scalar(sql).fetch_one(&pool).await;
    pool.close().await;
    n.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// [`count_fresh`] for a poll: `None` while the server or the query fails.
pub async fn try_count_fresh(url: &str, schema: &str, sql: &str) -> Option<i64> {
    let pool = tributary_postgres::connect(url, schema, 1).await.ok()?;
    let n = sqlx::query_scalar(sql).fetch_one(&pool).await.ok();
    pool.close().await;
    n
}

/// Waits up to a minute until the read model at `url`/`schema` (a private server's, polled
/// with [`try_count_fresh`]) holds more than `n` commits: a projection under way.
pub async fn wait_commits_over(url: &str, schema: &str, n: i64) {
    wait_until(
        Duration::from_secs(60),
        "the projection under way",
        || async {
            try_count_fresh(url, schema, "SELECT count(*) FROM commits")
                .await
                .is_some_and(|have| have > n)
        },
    )
    .await;
}

/// A client of `env`'s broker that reads watermarks.
fn watermark_reader(env: &TestEnv) -> Result<StreamConsumer, String> {
    tributary_runtime::kafka::consumer(&env.infra.kafka, &format!("{}-watermarks", env.id))
        .map_err(|e| format!("broker client: {e}"))
}

/// The watermarks of every partition of `topics` (the call blocks on the broker, off the async
/// workers).
fn watermarks(reader: &StreamConsumer, topics: &[String]) -> Result<Watermarks, String> {
    tokio::task::block_in_place(|| tributary_runtime::kafka::watermarks(reader, topics))
        .map_err(|e| format!("watermarks: {e}"))
}

/// The records on `topic` now: the sum over its partitions of high minus low watermark. Counts
/// what a duplicate or a stray write changes, where a read model keyed by id cannot.
pub fn topic_records(env: &TestEnv, topic: &str) -> i64 {
    let marks = watermark_reader(env)
        .and_then(|reader| watermarks(&reader, &[topic.to_string()]))
        .unwrap_or_else(|e| panic!("records on {topic}: {e}"));
    marks.values().map(|(low, high)| high - low).sum()
}

/// Moves the PostgreSQL projection's stored offsets of `topic` back by `by` records (not past
/// the start), so that it projects those records again: a replayed batch, made certain.
/// Returns how many partitions moved.
pub async fn rewind_offsets(pool: &sqlx::PgPool, topic: &str, by: i64) -> u64 {
    sqlx::query(
        "UPDATE projection_offsets SET next_offset = GREATEST(next_offset - $1, 0)
         WHERE projection = 'postgres' AND topic = $2 AND next_offset > 0",
    )
    .bind(by)
    .bind(topic)
    .execute(pool)
    .await
    .unwrap_or_else(|e| panic!("rewinding the offsets of {topic}: {e}"))
    .rows_affected()
}

/// A read model whose projection [`TestEnv::wait_caught_up`] waits for.
#[derive(Clone, Copy)]
pub enum ReadModel<'a> {
    /// The PostgreSQL projection, in the test's read schema (offsets in its
    /// `projection_offsets` table).
    Postgres,
    /// The graph projection on this graph server (offsets as `ProjectionOffset` nodes of the
    /// live namespace).
    Graph(&'a GraphArgs),
}

/// Stored offsets by (topic, partition).
type Stored = HashMap<(String, i32), i64>;

/// Where [`TestEnv::wait_caught_up`] reads the stored offsets.
enum OffsetStore {
    Postgres(sqlx::PgPool),
    Graph(neo4rs::Graph),
}

impl TestEnv {
    /// Waits until `model`'s projection has stored, for every partition of every topic it
    /// reads, the offset just past the partition's last record (its high watermark): every
    /// record on its topics is projected (or dead-lettered). Panics after `timeout`, naming the
    /// partitions that lag, where they are and where the log ends.
    ///
    /// It waits for what is on the topics while it looks: records a processor upstream has not
    /// written yet are not waited for. Wait for the expected state first, then for this, to
    /// know that nothing more (a duplicate, a replayed batch) is left to project before
    /// asserting that it changed nothing.
    pub async fn wait_caught_up(&self, model: ReadModel<'_>, timeout: Duration) {
        let (name, topics) = match model {
            ReadModel::Postgres => {
                let p = tributary_projections::postgres::PostgresProjection;
                (p.name(), p.topics(&self.infra.kafka))
            }
            ReadModel::Graph(_) => {
                let p = tributary_projections::neo4j::GraphProjection;
                (p.name(), p.topics(&self.infra.kafka))
            }
        };
        let store = match model {
            ReadModel::Postgres => OffsetStore::Postgres(self.pool(&self.read_schema()).await),
            ReadModel::Graph(args) => {
                OffsetStore::Graph(tributary_graph::connect(args, 1).expect("graph settings"))
            }
        };
        let reader = watermark_reader(self).unwrap_or_else(|e| panic!("{e}"));
        let deadline = Instant::now() + timeout;
        loop {
            let stored = match &store {
                OffsetStore::Postgres(pool) => postgres_offsets(pool, name).await,
                OffsetStore::Graph(graph) => graph_offsets(graph, name).await,
            };
            let state = stored.and_then(|stored| {
                let marks = watermarks(&reader, &topics)?;
                Ok(lagging(&marks, &stored))
            });
            let why = match state {
                Ok(lagging) if lagging.is_empty() => return,
                Ok(lagging) => format!("lagging: {}", lagging.join("; ")),
                Err(e) => e,
            };
            if Instant::now() >= deadline {
                panic!(
                    "the {name} projection of {} did not catch up with its topics within \
                     {timeout:?}: {why}",
                    self.id
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

impl TestEnv {
    /// Waits until processor `component` has committed, for every partition of its `inputs`,
    /// the offset just past the partition's last record: every input record is processed and
    /// its outputs written (a processor writes a record's outputs before it stores the record's
    /// offset; its consumer group, `<prefix>.<component>`, commits within a second). Panics
    /// after `timeout`, naming the partitions that lag.
    pub async fn wait_processed(&self, component: &str, inputs: &[String], timeout: Duration) {
        let group = format!("{}.{component}", self.infra.kafka.topic_prefix);
        // Never subscribes: it reads the group's committed offsets without joining it.
        let reader = tributary_runtime::kafka::consumer(&self.infra.kafka, &group)
            .unwrap_or_else(|e| panic!("broker client: {e}"));
        let deadline = Instant::now() + timeout;
        loop {
            let state = committed(&reader, inputs).and_then(|stored| {
                let marks = watermarks(&reader, inputs)?;
                Ok(lagging(&marks, &stored))
            });
            let why = match state {
                Ok(lagging) if lagging.is_empty() => return,
                Ok(lagging) => format!("lagging: {}", lagging.join("; ")),
                Err(e) => e,
            };
            if Instant::now() >= deadline {
                panic!(
                    "{component} of {} did not process its inputs within {timeout:?}: {why}",
                    self.id
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

/// The offsets `reader`'s consumer group committed on `topics`.
fn committed(reader: &StreamConsumer, topics: &[String]) -> Result<Stored, String> {
    tokio::task::block_in_place(|| {
        let mut partitions = TopicPartitionList::new();
        for topic in topics {
            for partition in tributary_runtime::kafka::partitions(reader, topic)
                .map_err(|e| format!("partitions of {topic}: {e}"))?
            {
                partitions.add_partition(topic, partition);
            }
        }
        let found = reader
            .committed_offsets(partitions, Duration::from_secs(10))
            .map_err(|e| format!("committed offsets: {e}"))?;
        Ok(found
            .elements()
            .iter()
            .filter_map(|e| match e.offset() {
                Offset::Offset(at) => Some(((e.topic().to_string(), e.partition()), at)),
                _ => None,
            })
            .collect())
    })
}

/// The partitions whose stored offset is not their high watermark, described. A partition
/// without a stored offset is caught up only when it holds no record.
fn lagging(marks: &Watermarks, stored: &Stored) -> Vec<String> {
    marks
        .iter()
        .filter_map(|((topic, partition), (low, high))| {
            match stored.get(&(topic.clone(), *partition)) {
                Some(at) if at == high => None,
                None if low == high => None,
                Some(at) => Some(format!(
                    "{topic}/{partition} stored offset {at}, high watermark {high}"
                )),
                None => Some(format!(
                    "{topic}/{partition} no stored offset, high watermark {high}"
                )),
            }
        })
        .collect()
}

/// The offsets `projection` stored in its PostgreSQL read model.
async fn postgres_offsets(pool: &sqlx::PgPool, projection: &str) -> Result<Stored, String> {
    let rows: Vec<(String, i32, i64)> = sqlx::query_as(
        "SELECT topic, partition, next_offset FROM projection_offsets WHERE projection = $1",
    )
    .bind(projection)
    .fetch_all(pool)
    .await
    .map_err(|e| format!("stored offsets: {e}"))?;
    Ok(rows.into_iter().map(|(t, p, o)| ((t, p), o)).collect())
}

/// The offsets `projection` stored in the live namespace of the graph.
async fn graph_offsets(graph: &neo4rs::Graph, projection: &str) -> Result<Stored, String> {
    let ns = tributary_graph::live_namespace(graph)
        .await
        .map_err(|e| format!("live namespace: {e}"))?;
    let rows = tributary_graph::read_rows(
        graph,
        ns.query(
            "MATCH (o:ProjectionOffset {projection: $projection}) \
             RETURN o.topic AS topic, o.partition AS partition, o.next_offset AS next",
        )
        .param("projection", projection),
    )
    .await
    .map_err(|e| format!("stored offsets: {e}"))?;
    rows.iter()
        .map(|row| {
            let topic = row.get::<String>("topic").map_err(|e| e.to_string())?;
            let partition = row.get::<i64>("partition").map_err(|e| e.to_string())?;
            let next = row.get::<i64>("next").map_err(|e| e.to_string())?;
            let partition = i32::try_from(partition).map_err(|e| e.to_string())?;
            Ok(((topic, partition), next))
        })
        .collect()
}
