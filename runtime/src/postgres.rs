//! PostgreSQL pools bound to one schema: every component keeps its tables in a schema of its own
//! (`registry`, `sources`, a projection's schema), so a replay can build a fresh one beside it.

use crate::projection::{ApplyError, Offsets, ReadStore};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

/// Whether `name` is a safe schema identifier (it is spliced into DDL, so it is checked, never
/// quoted from input).
pub fn is_valid_schema_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// Why a pool could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// The schema name is not a plain lower-case identifier.
    #[error("invalid schema name {0:?}: use lower-case letters, digits and _")]
    InvalidSchema(String),
    /// PostgreSQL refused or could not be reached.
    #[error("postgres: {0}")]
    Database(#[from] sqlx::Error),
}

/// A pool whose connections use `schema` as their search path; the schema is created if missing.
pub async fn connect(
    database_url: &str,
    schema: &str,
    max_connections: u32,
) -> Result<PgPool, PoolError> {
    if !is_valid_schema_name(schema) {
        return Err(PoolError::InvalidSchema(schema.to_string()));
    }
    let base = PgConnectOptions::from_str(database_url)?;
    {
        let bootstrap = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(base.clone())
            .await?;
        // The name was validated above; identifiers cannot be bound as parameters.
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
            .execute(&bootstrap)
            .await
            .or_else(|e| match &e {
                // Two processes creating the same schema at once: the loser sees a unique violation.
                sqlx::Error::Database(db) if db.code().as_deref() == Some("23505") => {
                    Ok(Default::default())
                }
                _ => Err(e),
            })?;
        bootstrap.close().await;
    }
    let options = base.options([("search_path", schema)]);
    Ok(PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?)
}

/// Whether a PostgreSQL error is worth retrying: connection loss, pool exhaustion, serialization
/// failures and deadlocks, server shutdown, resource exhaustion.
pub fn is_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            ["08", "40", "53", "57", "58"]
                .iter()
                .any(|p| c.starts_with(p))
        }),
        _ => false,
    }
}

impl From<sqlx::Error> for ApplyError {
    fn from(e: sqlx::Error) -> Self {
        if is_transient(&e) {
            ApplyError::Transient(e.to_string())
        } else {
            ApplyError::Poison(e.to_string())
        }
    }
}

/// A projection's read model in a PostgreSQL schema; offsets in its `projection_offsets` table.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// The store over `pool` (whose search path is the projection's schema).
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// The pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// Any failure of the store's own bookkeeping is worth retrying.
fn bookkeeping(e: sqlx::Error) -> ApplyError {
    ApplyError::Transient(e.to_string())
}

impl ReadStore for PgStore {
    type Tx = Transaction<'static, Postgres>;

    async fn prepare_offsets(&self) -> Result<(), ApplyError> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS projection_offsets (
                projection text NOT NULL,
                topic text NOT NULL,
                partition integer NOT NULL,
                next_offset bigint NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (projection, topic, partition))",
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn stored_offsets(
        &self,
        projection: &str,
    ) -> Result<HashMap<(String, i32), i64>, ApplyError> {
        let rows: Vec<(String, i32, i64)> = sqlx::query_as(
            "SELECT topic, partition, next_offset FROM projection_offsets WHERE projection = $1",
        )
        .bind(projection)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(t, p, o)| ((t, p), o)).collect())
    }

    async fn begin(&self) -> Result<Self::Tx, ApplyError> {
        self.pool.begin().await.map_err(bookkeeping)
    }

    async fn store_offsets<'a>(
        &'a self,
        tx: &'a mut Self::Tx,
        projection: &'a str,
        expected: &'a Offsets,
        next: &'a Offsets,
    ) -> Result<bool, ApplyError> {
        for ((topic, partition), offset) in next {
            let from = expected.get(&(topic.clone(), *partition)).copied();
            let moved: Option<i32> = sqlx::query_scalar(
                "INSERT INTO projection_offsets (projection, topic, partition, next_offset)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (projection, topic, partition)
                 DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
                 WHERE $5::bigint IS NULL OR projection_offsets.next_offset = $5
                 RETURNING 1",
            )
            .bind(projection)
            .bind(topic)
            .bind(partition)
            .bind(offset)
            .bind(from)
            .fetch_optional(&mut **tx)
            .await
            .map_err(bookkeeping)?;
            if moved.is_none() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    async fn commit(&self, tx: Self::Tx) -> Result<(), ApplyError> {
        tx.commit().await.map_err(bookkeeping)
    }

    async fn rollback(&self, tx: Self::Tx) {
        if let Err(e) = tx.rollback().await {
            tracing::debug!(error = %e, "rollback failed; the connection drops the transaction");
        }
    }
}

/// What a read model's live-event channel name ends with: the projection NOTIFYs on
/// `<schema>` + this as it commits (see `tributary_projections::postgres::live`).
pub const LIVE_CHANNEL_SUFFIX: &str = "_events";

/// The live-event channel of the read model in `schema`.
pub fn live_channel(schema: &str) -> String {
    format!("{schema}{LIVE_CHANNEL_SUFFIX}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_are_checked() {
        assert!(is_valid_schema_name("projection_v2"));
        assert!(!is_valid_schema_name("a;drop table x"));
        assert!(!is_valid_schema_name("Upper"));
        assert!(!is_valid_schema_name("1abc"));
        assert!(!is_valid_schema_name(""));
    }
}
