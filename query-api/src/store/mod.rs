//! The read model's queries: every statement the API runs against PostgreSQL, behind typed
//! functions. Handlers validate parameters, call these, and shape the answer; they hold no SQL.
//! Every statement is constant text with bound values (a few are assembled from this module's
//! own constants, never from input).
//!
//! Errors are [`sqlx::Error`]s, with their source; the handlers answer them as 500s.

pub(crate) mod activity;
pub(crate) mod code;
pub(crate) mod commits;
pub(crate) mod docs;
pub(crate) mod dora;
pub(crate) mod people;
pub(crate) mod repos;

/// What a query answers, or the database's error.
pub(crate) type StoreResult<T> = Result<T, sqlx::Error>;

/// Whether the database answers a trivial statement (the health check).
pub(crate) async fn ping(pool: &sqlx::PgPool) -> StoreResult<()> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}
