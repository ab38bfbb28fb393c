//! Tributary's graph support (Neo4j over Bolt, through neo4rs):
//!
//! - [`connect`], [`rows`], [`read_rows`], [`map`], [`list`]: a pool, reading rows, building
//!   parameters;
//! - [`is_transient`]: which errors are worth retrying (a `neo4rs::Error` converts to the record
//!   error with `?`, classified by it);
//! - [`Namespace`], [`live_namespace`], [`switch_namespace`], [`wipe_namespace`],
//!   [`drop_schema`]: copies of a read model side by side, one of them live;
//! - [`GraphStore`] and its transaction [`GraphTx`]: a projection's read model in the graph,
//!   with its consumer offsets stored as `ProjectionOffset` nodes in the same transaction.
//!
//! Writes always run in explicit transactions (kglite refuses auto-commit writes; Neo4j does
//! not care), and the Cypher sticks to what Neo4j 5 and kglite both run.
//!
//! Namespaces: one graph server holds several copies of a read model side by side, each under
//! its own label set ([`Namespace`]: `Symbol`, `blue_Symbol`, `green_Symbol`, ...), so that a
//! replay builds a fresh copy while the live one serves. Which copy is live is one property of
//! one control node, switched in one transaction ([`live_namespace`], [`switch_namespace`]).
//! Cypher is written with plain labels and passed through [`Namespace::cypher`]; by convention
//! labels are CamelCase and relationship types UPPER_SNAKE_CASE, which is how the rewrite tells
//! them apart.

pub use tributary_base::is_transient_graph as is_transient;

use neo4rs::{query, BoltType, ConfigBuilder, Graph, Query, Row, Txn};
use std::collections::HashMap;
use std::time::Duration;
use tributary_base::config::GraphArgs;
use tributary_base::store::{Offsets, ReadStore};
use tributary_base::RecordError;

/// Connects a pool to the graph server (lazily: the first query opens the first connection).
pub fn connect(args: &GraphArgs, max_connections: usize) -> Result<Graph, neo4rs::Error> {
    let config = ConfigBuilder::default()
        .uri(args.graph_uri.as_str())
        .user(args.graph_user.as_str())
        .password(secrecy::ExposeSecret::expose_secret(&args.graph_password))
        .max_connections(max_connections)
        .fetch_size(500)
        .connection_timeout(Duration::from_secs(10))
        .build()?;
    Graph::connect(config)
}

/// Runs `q` in `txn` and collects its rows.
pub async fn rows(txn: &mut Txn, q: Query) -> Result<Vec<Row>, neo4rs::Error> {
    let mut stream = txn.execute(q).await?;
    let mut out = Vec::new();
    while let Some(row) = stream.next(txn.handle()).await? {
        out.push(row);
    }
    Ok(out)
}

/// Runs a read-only `q` outside any explicit transaction and collects its rows.
pub async fn read_rows(graph: &Graph, q: Query) -> Result<Vec<Row>, neo4rs::Error> {
    let mut stream = graph.execute(q).await?;
    let mut out = Vec::new();
    while let Some(row) = stream.next().await? {
        out.push(row);
    }
    Ok(out)
}

/// A map parameter from pairs.
pub fn map<const N: usize>(pairs: [(&str, BoltType); N]) -> BoltType {
    BoltType::from(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<HashMap<String, BoltType>>(),
    )
}

/// A list parameter of values.
pub fn list(items: Vec<BoltType>) -> BoltType {
    BoltType::List(neo4rs::BoltList { value: items })
}

/// One copy of a read model in the graph: the label set its nodes carry. The default
/// namespace uses the labels as written; any other prefixes them (`blue_Symbol`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Namespace(String);

/// A namespace name that is not a short lowercase word.
#[derive(Debug, thiserror::Error)]
#[error("invalid graph namespace {0:?}: use up to 20 lowercase letters")]
pub struct InvalidNamespace(String);

impl Namespace {
    /// The namespace of plain labels.
    pub fn plain() -> Self {
        Self(String::new())
    }

    /// The namespace `name`: empty for plain labels, else up to 20 lowercase ASCII letters.
    pub fn new(name: &str) -> Result<Self, InvalidNamespace> {
        if name.len() <= 20 && name.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(Self(name.to_string()))
        } else {
            Err(InvalidNamespace(name.to_string()))
        }
    }

    /// Its name (empty for plain labels).
    pub fn name(&self) -> &str {
        &self.0
    }

    /// `label` in this namespace.
    pub fn label(&self, label: &str) -> String {
        if self.0.is_empty() {
            label.to_string()
        } else {
            format!("{}_{label}", self.0)
        }
    }

    /// `text` with every label (a `:` then a CamelCase word, after a variable or `(`) moved
    /// into this namespace, and, in schema statements, the constraint or index name too.
    /// Relationship types (UPPER_SNAKE_CASE) and everything else are left alone.
    pub fn cypher(&self, text: &str) -> String {
        if self.0.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 32);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            out.push(c as char);
            i += 1;
            if c != b':' {
                continue;
            }
            let before = if i >= 2 { bytes[i - 2] } else { b' ' };
            if !(before == b'(' || before.is_ascii_alphanumeric() || before == b'_') {
                continue;
            }
            let end = bytes[i..]
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .map_or(bytes.len(), |n| i + n);
            let word = &text[i..end];
            let camel = word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.bytes().any(|b| b.is_ascii_lowercase());
            if camel {
                out.push_str(&self.0);
                out.push('_');
            }
        }
        let schema_statement = ["CREATE ", "DROP "].iter().any(|k| out.starts_with(k));
        if schema_statement {
            for keyword in ["CONSTRAINT ", "INDEX "] {
                if let Some(at) = out.find(keyword) {
                    out.insert_str(at + keyword.len(), &format!("{}_", self.0));
                    break;
                }
            }
        }
        out
    }

    /// A query of `text` in this namespace.
    pub fn query(&self, text: &str) -> Query {
        query(&self.cypher(text))
    }
}

impl std::fmt::Display for Namespace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            f.write_str("(plain labels)")
        } else {
            f.write_str(&self.0)
        }
    }
}

const LIVE_NAMESPACE: &str =
    "MATCH (c:TributaryControl {key: 'live-namespace'}) RETURN c.name AS name";

fn namespace_of(found: &[Row]) -> Result<Namespace, neo4rs::Error> {
    let name = found
        .first()
        .and_then(|r| r.get::<String>("name").ok())
        .unwrap_or_default();
    Namespace::new(&name).map_err(|e| neo4rs::Error::UnexpectedMessage(e.to_string()))
}

/// The namespace queries are served from (plain labels until a replay switched it).
pub async fn live_namespace(graph: &Graph) -> Result<Namespace, neo4rs::Error> {
    namespace_of(&read_rows(graph, query(LIVE_NAMESPACE)).await?)
}

/// The live namespace, read inside `txn`.
pub async fn live_namespace_in(txn: &mut Txn) -> Result<Namespace, neo4rs::Error> {
    namespace_of(&rows(txn, query(LIVE_NAMESPACE)).await?)
}

/// Makes `ns` the live namespace, in one transaction: every later query sees the new copy.
pub async fn switch_namespace(graph: &Graph, ns: &Namespace) -> Result<(), neo4rs::Error> {
    let mut txn = graph.start_txn().await?;
    txn.run(
        query("MERGE (c:TributaryControl {key: 'live-namespace'}) SET c.name = $name")
            .param("name", ns.name()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes every node carrying one of `labels` in `ns`, a bounded chunk per transaction;
/// returns how many went.
pub async fn wipe_namespace(
    graph: &Graph,
    ns: &Namespace,
    labels: &[&str],
) -> Result<u64, neo4rs::Error> {
    let mut deleted = 0u64;
    for label in labels {
        let statement = ns.cypher(&format!(
            "MATCH (n:{label}) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS gone"
        ));
        loop {
            let mut txn = graph.start_txn().await?;
            let found = rows(&mut txn, query(&statement)).await?;
            txn.commit().await?;
            let gone = found
                .first()
                .and_then(|r| r.get::<i64>("gone").ok())
                .unwrap_or_default();
            deleted += u64::try_from(gone).unwrap_or_default();
            if gone == 0 {
                break;
            }
        }
    }
    Ok(deleted)
}

/// Drops, in `ns`, the constraints and indexes that `schema`'s `CREATE` statements made;
/// a server that refuses is logged and left as it is (the copy's nodes are gone anyway).
pub async fn drop_schema(graph: &Graph, ns: &Namespace, schema: &[&str]) {
    for statement in schema.iter().chain([&OFFSETS_SCHEMA]) {
        let mut words = statement.split_whitespace().skip(1);
        let (Some(kind), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        let drop = ns.cypher(&format!("DROP {kind} {name} IF EXISTS"));
        let outcome = async {
            let mut txn = graph.start_txn().await?;
            txn.run(query(&drop)).await?;
            txn.commit().await
        }
        .await;
        if let Err(e) = outcome {
            tracing::warn!(statement = %drop, error = %e, "could not drop a graph schema item");
        }
    }
}

/// An open graph transaction with the namespace its statements run in.
pub struct GraphTx {
    txn: Txn,
    ns: Namespace,
}

impl GraphTx {
    /// A query of `text` in this transaction's namespace.
    pub fn q(&self, text: &str) -> Query {
        self.ns.query(text)
    }

    /// The namespace.
    pub fn namespace(&self) -> &Namespace {
        &self.ns
    }

    /// Runs `q`, discarding its rows.
    pub async fn run(&mut self, q: Query) -> Result<(), neo4rs::Error> {
        self.txn.run(q).await
    }

    /// Runs `q` and collects its rows.
    pub async fn rows(&mut self, q: Query) -> Result<Vec<Row>, neo4rs::Error> {
        rows(&mut self.txn, q).await
    }
}

/// Which namespace a [`GraphStore`] writes.
#[derive(Debug, Clone)]
enum Target {
    /// Whichever is live when each transaction begins (a running projection follows a switch).
    Live,
    /// Always this one (a replay building a copy).
    Fixed(Namespace),
}

/// A projection's read model in the graph.
#[derive(Clone)]
pub struct GraphStore {
    graph: Graph,
    target: Target,
}

impl GraphStore {
    /// The store over `graph`, writing the live namespace.
    pub fn new(graph: Graph) -> Self {
        Self {
            graph,
            target: Target::Live,
        }
    }

    /// The store over `graph`, writing `ns` whichever is live.
    pub fn in_namespace(graph: Graph, ns: Namespace) -> Self {
        Self {
            graph,
            target: Target::Fixed(ns),
        }
    }

    /// The connection pool.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    async fn target_namespace(&self) -> Result<Namespace, neo4rs::Error> {
        match &self.target {
            Target::Live => live_namespace(&self.graph).await,
            Target::Fixed(ns) => Ok(ns.clone()),
        }
    }

    /// Runs schema statements (constraints, indexes) in the store's namespace, each in its
    /// own transaction.
    pub async fn ensure_schema(&self, statements: &[&str]) -> Result<(), neo4rs::Error> {
        let ns = self.target_namespace().await?;
        for statement in statements {
            let mut txn = self.graph.start_txn().await?;
            txn.run(ns.query(statement)).await?;
            txn.commit().await?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for GraphStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphStore")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

/// The constraint on the offsets' merge key.
const OFFSETS_SCHEMA: &str = "CREATE CONSTRAINT projection_offset_key IF NOT EXISTS \
     FOR (o:ProjectionOffset) REQUIRE o.key IS UNIQUE";

fn bookkeeping(e: neo4rs::Error) -> RecordError {
    RecordError::transient_from(e)
}

impl ReadStore for GraphStore {
    type Tx = GraphTx;

    async fn prepare_offsets(&self) -> Result<(), RecordError> {
        self.ensure_schema(&[OFFSETS_SCHEMA])
            .await
            .map_err(bookkeeping)
    }

    async fn stored_offsets(
        &self,
        projection: &str,
    ) -> Result<HashMap<(String, i32), i64>, RecordError> {
        let ns = self.target_namespace().await.map_err(bookkeeping)?;
        let found = read_rows(
            &self.graph,
            ns.query(
                "MATCH (o:ProjectionOffset {projection: $projection}) \
                 RETURN o.topic AS topic, o.partition AS partition, o.next_offset AS next",
            )
            .param("projection", projection),
        )
        .await
        .map_err(bookkeeping)?;
        let mut offsets = HashMap::new();
        for row in found {
            let (Ok(topic), Ok(partition), Ok(next)) = (
                row.get::<String>("topic"),
                row.get::<i64>("partition"),
                row.get::<i64>("next"),
            ) else {
                return Err(RecordError::transient(
                    "a ProjectionOffset node lacks topic, partition or next_offset",
                ));
            };
            let partition = i32::try_from(partition).map_err(|_| {
                RecordError::transient(format!("partition {partition} out of range"))
            })?;
            offsets.insert((topic, partition), next);
        }
        Ok(offsets)
    }

    async fn begin(&self) -> Result<Self::Tx, RecordError> {
        let mut txn = self.graph.start_txn().await.map_err(bookkeeping)?;
        let ns = match &self.target {
            Target::Live => live_namespace_in(&mut txn).await.map_err(bookkeeping)?,
            Target::Fixed(ns) => ns.clone(),
        };
        Ok(GraphTx { txn, ns })
    }

    async fn store_offsets<'a>(
        &'a self,
        tx: &'a mut Self::Tx,
        projection: &'a str,
        expected: &'a Offsets,
        next: &'a Offsets,
    ) -> Result<bool, RecordError> {
        let key = |topic: &str, partition: i32| format!("{projection}/{topic}/{partition}");
        let stored: HashMap<String, i64> = tx
            .rows(
                tx.q("MATCH (o:ProjectionOffset {projection: $projection}) \
                 RETURN o.key AS key, o.next_offset AS next")
                    .param("projection", projection),
            )
            .await
            .map_err(bookkeeping)?
            .iter()
            .filter_map(|r| Some((r.get::<String>("key").ok()?, r.get::<i64>("next").ok()?)))
            .collect();
        for ((topic, partition), from) in expected {
            if let Some(current) = stored.get(&key(topic, *partition)) {
                if current != from {
                    return Ok(false);
                }
            }
        }
        let rows: Vec<BoltType> = next
            .iter()
            .map(|((topic, partition), offset)| {
                map([
                    ("key", key(topic, *partition).into()),
                    ("topic", topic.as_str().into()),
                    ("partition", i64::from(*partition).into()),
                    ("next", (*offset).into()),
                ])
            })
            .collect();
        tx.run(
            tx.q("UNWIND $rows AS r \
                 MERGE (o:ProjectionOffset {key: r.key}) \
                 SET o.projection = $projection, o.topic = r.topic, \
                     o.partition = r.partition, o.next_offset = r.next")
                .param("rows", list(rows))
                .param("projection", projection),
        )
        .await
        .map_err(bookkeeping)?;
        Ok(true)
    }

    async fn commit(&self, tx: Self::Tx) -> Result<(), RecordError> {
        tx.txn.commit().await.map(|_| ()).map_err(bookkeeping)
    }

    async fn rollback(&self, tx: Self::Tx) {
        if let Err(e) = tx.txn.rollback().await {
            tracing::debug!(error = %e, "graph rollback failed; the connection is reset");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_rewrite_labels_and_schema_names_only() {
        let ns = Namespace::new("blue").expect("valid");
        assert_eq!(
            ns.cypher("MATCH (s:Symbol {key: $k})-[e:CALLS]->(:CalleeName) RETURN s"),
            "MATCH (s:blue_Symbol {key: $k})-[e:CALLS]->(:blue_CalleeName) RETURN s"
        );
        assert_eq!(
            ns.cypher("CREATE INDEX symbol_sid IF NOT EXISTS FOR (n:Symbol) ON (n.sid)"),
            "CREATE INDEX blue_symbol_sid IF NOT EXISTS FOR (n:blue_Symbol) ON (n.sid)"
        );
        assert_eq!(
            ns.cypher("MATCH (f:File) WHERE f.note = 'INDEX x' RETURN f"),
            "MATCH (f:blue_File) WHERE f.note = 'INDEX x' RETURN f"
        );
        let plain = Namespace::plain();
        assert_eq!(
            plain.cypher("MATCH (s:Symbol) RETURN s"),
            "MATCH (s:Symbol) RETURN s"
        );
        assert!(Namespace::new("Blue").is_err());
        assert!(Namespace::new("a-b").is_err());
    }
}
