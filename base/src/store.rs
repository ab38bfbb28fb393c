//! The contract between the projection loop (`tributary_runtime::projection`) and the store
//! that keeps a read model: transactions that cover the read model's rows and the consumer
//! offsets after them, with compare-and-set offsets. PostgreSQL (`tributary_postgres::PgStore`)
//! and the graph (`tributary_graph::GraphStore`) implement it.

use crate::record::RecordError;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;

/// Next offset to read, by (topic, partition).
pub type Offsets = BTreeMap<(String, i32), i64>;

/// Where a projection keeps its read model and its offsets, with transactions that cover both.
pub trait ReadStore: Send + Sync + 'static {
    /// An open transaction; dropped without [`ReadStore::commit`] it must change nothing.
    type Tx: Send;

    /// Makes sure what the offsets need is there (idempotent; called once when a loop starts).
    fn prepare_offsets(&self) -> impl Future<Output = Result<(), RecordError>> + Send;
    /// The stored offsets of `projection`.
    fn stored_offsets(
        &self,
        projection: &str,
    ) -> impl Future<Output = Result<HashMap<(String, i32), i64>, RecordError>> + Send;
    /// Opens a transaction.
    fn begin(&self) -> impl Future<Output = Result<Self::Tx, RecordError>> + Send;
    /// Moves `projection`'s offsets from `expected` to `next` inside `tx`, compare-and-set:
    /// returns `Ok(false)`, changing nothing, when a stored offset is not the expected one
    /// (another writer moved it: a replay switched the read model, or a second instance runs).
    /// A partition with no stored offset yet accepts any expected value.
    fn store_offsets<'a>(
        &'a self,
        tx: &'a mut Self::Tx,
        projection: &'a str,
        expected: &'a Offsets,
        next: &'a Offsets,
    ) -> impl Future<Output = Result<bool, RecordError>> + Send + 'a;
    /// Commits `tx`.
    fn commit(&self, tx: Self::Tx) -> impl Future<Output = Result<(), RecordError>> + Send;
    /// Abandons `tx`.
    fn rollback(&self, tx: Self::Tx) -> impl Future<Output = ()> + Send;
}
