//! The git producer's own state in PostgreSQL: registered repositories and emitted ref tips.
//! This is source bookkeeping, not a read model: losing it only means a full re-emit, which
//! downstream absorbs (same event ids).

use sqlx::PgPool;

/// A registered repository.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegisteredRepository {
    /// `owner/name`.
    pub name: String,
    /// Local path or clone URL.
    pub location: String,
    /// Whether `location` is a URL fetched into a mirror.
    pub remote: bool,
}

/// Why the state store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// PostgreSQL could not be reached, or the schema not created.
    #[error(transparent)]
    Pool(#[from] tributary_postgres::PoolError),
    /// The schema's migrations failed.
    #[error("migrating the git producer's state: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The state store.
#[derive(Debug, Clone)]
pub struct SourceState {
    pool: PgPool,
}

impl SourceState {
    /// Connects to the `schema` of `database_url` and migrates it.
    pub async fn connect(database_url: &str, schema: &str) -> Result<Self, StateError> {
        let pool = tributary_postgres::connect(database_url, schema, 4).await?;
        sqlx::migrate!("./migrations/git").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Registers (or re-points) a repository: for the operator's `repos add` only.
    pub async fn register(&self, repo: &RegisteredRepository) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO repositories (name, location, remote) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET location = EXCLUDED.location, remote = EXCLUDED.remote",
        )
        .bind(&repo.name)
        .bind(&repo.location)
        .bind(repo.remote)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Registers `repo` unless its name is taken, and returns what is registered under the
    /// name afterwards (`repo`, or the earlier registration, which is never changed): how a
    /// push registers a repository on first sight without ever re-pointing one.
    pub async fn register_if_absent(
        &self,
        repo: &RegisteredRepository,
    ) -> Result<RegisteredRepository, sqlx::Error> {
        sqlx::query(
            "INSERT INTO repositories (name, location, remote) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(&repo.name)
        .bind(&repo.location)
        .bind(repo.remote)
        .execute(&self.pool)
        .await?;
        match self.repository(&repo.name).await? {
            Some(stored) => Ok(stored),
            None => Err(sqlx::Error::RowNotFound),
        }
    }

    /// The repository registered under `name`, if any.
    pub async fn repository(
        &self,
        name: &str,
    ) -> Result<Option<RegisteredRepository>, sqlx::Error> {
        sqlx::query_as("SELECT name, location, remote FROM repositories WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
    }

    /// Every registered repository.
    pub async fn repositories(&self) -> Result<Vec<RegisteredRepository>, sqlx::Error> {
        sqlx::query_as("SELECT name, location, remote FROM repositories ORDER BY name")
            .fetch_all(&self.pool)
            .await
    }

    /// The tips emitted so far: (ref, sha).
    pub async fn tips(&self, repository: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
        sqlx::query_as("SELECT ref_name, sha FROM ref_tips WHERE repository = $1")
            .bind(repository)
            .fetch_all(&self.pool)
            .await
    }

    /// Replaces the stored tips after a sync whose events were all acknowledged.
    pub async fn save_tips(
        &self,
        repository: &str,
        tips: &[(String, String)],
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM ref_tips WHERE repository = $1")
            .bind(repository)
            .execute(&mut *tx)
            .await?;
        for (name, sha) in tips {
            sqlx::query("INSERT INTO ref_tips (repository, ref_name, sha) VALUES ($1, $2, $3)")
                .bind(repository)
                .bind(name)
                .bind(sha)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE repositories SET last_synced_at = now(), last_error = NULL WHERE name = $1",
        )
        .bind(repository)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// Records why the last sync failed.
    pub async fn save_error(&self, repository: &str, error: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE repositories SET last_error = $2 WHERE name = $1")
            .bind(repository)
            .bind(error)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Which of `blob_ids` were never emitted.
    pub async fn unemitted_blobs(&self, blob_ids: &[String]) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT b FROM unnest($1::text[]) AS b
             WHERE NOT EXISTS (SELECT 1 FROM emitted_blobs e WHERE e.blob_id = b)",
        )
        .bind(blob_ids)
        .fetch_all(&self.pool)
        .await
    }

    /// Records `blob_ids` as emitted (after the broker acknowledged them).
    pub async fn mark_blobs_emitted(&self, blob_ids: &[String]) -> Result<(), sqlx::Error> {
        for chunk in blob_ids.chunks(10_000) {
            sqlx::query(
                "INSERT INTO emitted_blobs (blob_id) SELECT unnest($1::text[])
                 ON CONFLICT DO NOTHING",
            )
            .bind(chunk)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }
}
