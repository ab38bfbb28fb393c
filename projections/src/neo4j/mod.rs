//! The graph projection: `commits` and `analysis` become the code graph in Neo4j.
//!
//! Nodes: `Repository`, `Commit`, `Author`, `File`, `Symbol`, `Module`, `CalleeName` (the target
//! of calls that resolve to no single definition) and `Analysis` (an analysis by blob, kept so
//! that a file can be materialized whichever of commit and analysis arrives last).
//! Relationships: `HAS_COMMIT`, `PARENT`, `AUTHORED`, `TOUCHED {status, additions, deletions}`,
//! `CONTAINS` (repository to file), `DEFINES` (file to each of its symbols), `DECLARES`
//! (enclosing symbol to nested symbol), `IMPORTS` (file to module), `USES` (file to each name
//! its call resolution may need: what decides which files a batch resolves again) and
//! `CALLS {name, kind, lines}` (symbol to the definition its calls resolve to, by
//! `tributary_callgraph`) or `CALLS {name, candidates}` (to the name, when none is certain). A
//! file's top-level code is its `<module>` symbol.
//!
//! It offers the [`GraphProjection`] projector, its [`GraphProjectionConfig`], [`prepare`] (the
//! constraints and indexes, [`SCHEMA`]) and the [`LABELS`] a namespace's copy consists of.
//! Inside: `model` (keys and the rows one file's analysis becomes, pure), `apply` (the Cypher, a
//! fixed number of `UNWIND` statements per batch),
//! `config` (batch size).

mod apply;
mod config;
mod model;

pub use config::GraphProjectionConfig;

use tributary_graph::GraphStore;
use tributary_runtime::projection::{ProjectedRecord, Projector};
use tributary_runtime::KafkaArgs;
use tributary_runtime::RecordError;
use tributary_schemas::{AnalysisProduced, CommitObserved};

/// Every node label the projection writes (its offsets' `ProjectionOffset` included): what a
/// namespace's copy consists of.
pub const LABELS: &[&str] = &[
    "Repository",
    "Commit",
    "Author",
    "File",
    "Symbol",
    "Module",
    "CalleeName",
    "Analysis",
    "ProjectionOffset",
];

/// Uniqueness constraints on every merge key, and the indexes the query API looks up by.
pub const SCHEMA: &[&str] = &[
    "CREATE CONSTRAINT repository_key IF NOT EXISTS FOR (n:Repository) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT commit_key IF NOT EXISTS FOR (n:Commit) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT author_key IF NOT EXISTS FOR (n:Author) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT file_key IF NOT EXISTS FOR (n:File) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT symbol_key IF NOT EXISTS FOR (n:Symbol) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT module_key IF NOT EXISTS FOR (n:Module) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT callee_name_key IF NOT EXISTS FOR (n:CalleeName) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT analysis_key IF NOT EXISTS FOR (n:Analysis) REQUIRE n.key IS UNIQUE",
    "CREATE INDEX symbol_sid IF NOT EXISTS FOR (n:Symbol) ON (n.sid)",
    "CREATE INDEX symbol_name IF NOT EXISTS FOR (n:Symbol) ON (n.name)",
    "CREATE INDEX file_blob IF NOT EXISTS FOR (n:File) ON (n.blob)",
    "CREATE INDEX file_repo IF NOT EXISTS FOR (n:File) ON (n.repo)",
    "CREATE INDEX file_module IF NOT EXISTS FOR (n:File) ON (n.module)",
];

/// Creates the constraints and indexes (idempotent).
pub async fn prepare(store: &GraphStore) -> Result<(), neo4rs::Error> {
    store.ensure_schema(SCHEMA).await
}

/// The graph projector.
#[derive(Debug, Clone, Default)]
pub struct GraphProjection;

/// Projects `records` in one go ([`apply::project`]): the commits and analyses among them,
/// decoded; records of other types are counted and ignored.
async fn apply_records(
    tx: &mut tributary_graph::GraphTx,
    records: &[ProjectedRecord],
) -> Result<(), RecordError> {
    let poison = RecordError::poison_from::<tributary_schemas::CodecError>;
    let (mut commits, mut analyses) = (Vec::new(), Vec::new());
    for record in records {
        let d = &record.decoded;
        if d.is::<CommitObserved>() {
            commits.push(d.event::<CommitObserved>().map_err(poison)?);
        } else if d.is::<AnalysisProduced>() {
            analyses.push(d.event::<AnalysisProduced>().map_err(poison)?);
        } else {
            metrics::counter!("tributary_projection_ignored_total", "projection" => "neo4j")
                .increment(1);
        }
    }
    apply::project(tx, &commits, &analyses).await
}

impl Projector for GraphProjection {
    type Store = GraphStore;

    fn name(&self) -> &'static str {
        "neo4j"
    }

    fn topics(&self, kafka: &KafkaArgs) -> Vec<String> {
        let t = kafka.topics();
        vec![t.commits(), t.analysis()]
    }

    async fn apply(
        &self,
        tx: &mut tributary_graph::GraphTx,
        record: &ProjectedRecord,
    ) -> Result<(), RecordError> {
        apply_records(tx, std::slice::from_ref(record)).await
    }

    /// The whole batch in a fixed number of statements (rows as `UNWIND` lists).
    async fn apply_batch(
        &self,
        tx: &mut tributary_graph::GraphTx,
        records: &[ProjectedRecord],
    ) -> Result<(), RecordError> {
        apply_records(tx, records).await
    }
}
