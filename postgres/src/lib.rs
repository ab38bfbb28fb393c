//! Tributary's PostgreSQL support:
//!
//! - [`connect`]: pools bound to one schema (created if missing): every component keeps its
//!   tables in a schema of its own (`registry`, `sources`, `operations`, a projection's schema),
//!   so a replay can build a fresh one beside it; [`is_valid_schema_name`] guards the names;
//! - [`is_transient`]: which errors are worth retrying (a `sqlx::Error` converts to the record
//!   error with `?`, classified by it);
//! - [`PgStore`]: a projection's read model in a schema, rows and offsets in one transaction;
//! - [`live_channel`]: the read model's live-event channel (`NOTIFY`).

pub use tributary_base::is_transient_postgres as is_transient;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;
use tributary_base::store::{Offsets, ReadStore};
use tributary_base::RecordError;

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

/// A projection's read model in a PostgreSQL schema; offsets in its `projection_offsets` table,
/// which comes with the read model's migrations (`tributary_projections::postgres::migrate`).
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
fn bookkeeping(e: sqlx::Error) -> RecordError {
    RecordError::transient_from(e)
}

impl ReadStore for PgStore {
    type Tx = Transaction<'static, Postgres>;

    /// The offsets table is created by the read model's migrations: this checks it is there.
    async fn prepare_offsets(&self) -> Result<(), RecordError> {
        let (schema, found): (String, bool) = sqlx::query_as(
            "SELECT coalesce(current_schema()::text, ''), \
                    to_regclass('projection_offsets') IS NOT NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        if found {
            Ok(())
        } else {
            Err(RecordError::poison(format!(
                "schema {schema} has no projection_offsets table: run the read model's \
                 migrations on it first (tributary_projections::postgres::migrate)"
            )))
        }
    }

    async fn stored_offsets(
        &self,
        projection: &str,
    ) -> Result<HashMap<(String, i32), i64>, RecordError> {
        let rows: Vec<(String, i32, i64)> = sqlx::query_as(
            "SELECT topic, partition, next_offset FROM projection_offsets WHERE projection = $1",
        )
        .bind(projection)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(t, p, o)| ((t, p), o)).collect())
    }

    async fn begin(&self) -> Result<Self::Tx, RecordError> {
        self.pool.begin().await.map_err(bookkeeping)
    }

    async fn store_offsets<'a>(
        &'a self,
        tx: &'a mut Self::Tx,
        projection: &'a str,
        expected: &'a Offsets,
        next: &'a Offsets,
    ) -> Result<bool, RecordError> {
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

    async fn commit(&self, tx: Self::Tx) -> Result<(), RecordError> {
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
