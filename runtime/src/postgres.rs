//! PostgreSQL pools bound to one schema: every component keeps its tables in a schema of its own
//! (`registry`, `sources`, a projection's schema), so a replay can build a fresh one beside it.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
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
