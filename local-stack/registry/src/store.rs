//! The registry's state in PostgreSQL. Registration takes a per-subject advisory lock, so
//! concurrent registrations under one subject get consecutive versions and one check each.

use crate::compatibility::{self, Level};
use apache_avro::Schema;
use sqlx::PgPool;

/// A version of a subject.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubjectVersion {
    /// Subject.
    pub subject: String,
    /// Version, from 1.
    pub version: i32,
    /// Global schema id.
    pub id: i32,
    /// `AVRO`.
    pub schema_type: String,
    /// The schema text as registered.
    pub schema: String,
}

/// Which version of a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSelector {
    /// The newest.
    Latest,
    /// A version number.
    Number(i32),
}

/// What the store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The subject has no versions.
    #[error("Subject '{0}' not found.")]
    SubjectNotFound(String),
    /// The subject has no such version.
    #[error("Version {version} not found.")]
    VersionNotFound {
        /// The version asked for.
        version: String,
    },
    /// The schema is not compatible at the subject's level.
    #[error("Schema being registered is incompatible with an earlier schema for subject \"{subject}\": {}", reasons.join("; "))]
    Incompatible {
        /// Subject.
        subject: String,
        /// Why.
        reasons: Vec<String>,
    },
    /// PostgreSQL failed.
    #[error("Error in the backend data store")]
    Backend(#[from] sqlx::Error),
}

/// The result of a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registered {
    /// The schema id.
    pub id: i32,
    /// The subject version it is (new or existing).
    pub version: i32,
}

/// The registry's PostgreSQL store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: PgPool,
}

const GLOBAL: &str = "";

impl Store {
    /// A store over a pool whose search path is the registry's schema (migrated).
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Subjects with at least one live version.
    pub async fn subjects(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT subject FROM subject_versions WHERE NOT deleted ORDER BY subject",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The live versions of a subject.
    pub async fn versions(&self, subject: &str) -> Result<Vec<i32>, StoreError> {
        let versions: Vec<i32> = sqlx::query_scalar(
            "SELECT version FROM subject_versions WHERE subject = $1 AND NOT deleted ORDER BY version",
        )
        .bind(subject)
        .fetch_all(&self.pool)
        .await?;
        if versions.is_empty() {
            return Err(StoreError::SubjectNotFound(subject.to_string()));
        }
        Ok(versions)
    }

    /// One version of a subject.
    pub async fn version(
        &self,
        subject: &str,
        selector: VersionSelector,
    ) -> Result<SubjectVersion, StoreError> {
        let versions = self.versions(subject).await?;
        let wanted = match selector {
            VersionSelector::Latest => versions.last().copied(),
            VersionSelector::Number(n) => versions.iter().copied().find(|v| *v == n),
        };
        let Some(version) = wanted else {
            return Err(StoreError::VersionNotFound {
                version: match selector {
                    VersionSelector::Latest => "latest".into(),
                    VersionSelector::Number(n) => n.to_string(),
                },
            });
        };
        Ok(sqlx::query_as(
            "SELECT v.subject, v.version, s.id, s.schema_type, s.schema
             FROM subject_versions v JOIN schemas s ON s.id = v.schema_id
             WHERE v.subject = $1 AND v.version = $2",
        )
        .bind(subject)
        .bind(version)
        .fetch_one(&self.pool)
        .await?)
    }

    /// A schema by its global id (including ones whose versions were deleted).
    pub async fn schema_by_id(&self, id: i32) -> Result<Option<(String, String)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT schema_type, schema FROM schemas WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The subject versions that use a schema id.
    pub async fn versions_of_schema(&self, id: i32) -> Result<Vec<(String, i32)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT subject, version FROM subject_versions WHERE schema_id = $1 AND NOT deleted
             ORDER BY subject, version",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The version of `subject` whose schema normalizes to `normalized`, if any.
    pub async fn lookup(
        &self,
        subject: &str,
        normalized: &str,
    ) -> Result<Option<SubjectVersion>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT v.subject, v.version, s.id, s.schema_type, s.schema
             FROM subject_versions v JOIN schemas s ON s.id = v.schema_id
             WHERE v.subject = $1 AND NOT v.deleted AND s.normalized = $2
             ORDER BY v.version LIMIT 1",
        )
        .bind(subject)
        .bind(normalized)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The level in force for a subject: its own, else the global one, else the default.
    pub async fn effective_level(&self, subject: &str) -> Result<Level, StoreError> {
        if let Some(l) = self.level(Some(subject)).await? {
            return Ok(l);
        }
        Ok(self.level(None).await?.unwrap_or(Level::DEFAULT))
    }

    /// The level set for a subject (`None`: global), if one is set.
    pub async fn level(&self, subject: Option<&str>) -> Result<Option<Level>, StoreError> {
        let level: Option<String> =
            sqlx::query_scalar("SELECT level FROM compatibility WHERE subject = $1")
                .bind(subject.unwrap_or(GLOBAL))
                .fetch_optional(&self.pool)
                .await?;
        Ok(level.and_then(|l| l.parse().ok()))
    }

    /// Sets the level of a subject (`None`: global).
    pub async fn set_level(&self, subject: Option<&str>, level: Level) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO compatibility (subject, level) VALUES ($1, $2)
             ON CONFLICT (subject) DO UPDATE SET level = EXCLUDED.level",
        )
        .bind(subject.unwrap_or(GLOBAL))
        .bind(level.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes a subject's own level; returns the one removed.
    pub async fn delete_level(&self, subject: &str) -> Result<Option<Level>, StoreError> {
        let level: Option<String> =
            sqlx::query_scalar("DELETE FROM compatibility WHERE subject = $1 RETURNING level")
                .bind(subject)
                .fetch_optional(&self.pool)
                .await?;
        Ok(level.and_then(|l| l.parse().ok()))
    }

    /// The live schemas of a subject, oldest first, parsed.
    async fn parsed_versions(
        conn: &mut sqlx::PgConnection,
        subject: &str,
    ) -> Result<Vec<Schema>, StoreError> {
        let texts: Vec<String> = sqlx::query_scalar(
            "SELECT s.schema FROM subject_versions v JOIN schemas s ON s.id = v.schema_id
             WHERE v.subject = $1 AND NOT v.deleted ORDER BY v.version",
        )
        .bind(subject)
        .fetch_all(conn)
        .await?;
        // Stored schemas were valid when registered; one that no longer parses is skipped.
        Ok(texts
            .iter()
            .filter_map(|t| Schema::parse_str(t).ok())
            .collect())
    }

    /// Checks a schema against a subject's versions without registering it. `version` limits the
    /// check to one version (Confluent's `/compatibility/subjects/{s}/versions/{v}`).
    pub async fn check(
        &self,
        subject: &str,
        candidate: &Schema,
        version: Option<VersionSelector>,
    ) -> Result<Vec<String>, StoreError> {
        let level = self.effective_level(subject).await?;
        match version {
            None => {
                let mut conn = self.pool.acquire().await?;
                let existing = Self::parsed_versions(&mut conn, subject).await?;
                Ok(compatibility::check(level, candidate, &existing))
            }
            Some(selector) => {
                let v = self.version(subject, selector).await?;
                let old =
                    Schema::parse_str(&v.schema).map_err(|_| StoreError::VersionNotFound {
                        version: v.version.to_string(),
                    })?;
                // Against one version, the transitive flag does not matter.
                Ok(compatibility::check(level, candidate, &[old]))
            }
        }
    }

    /// Registers a schema under a subject: the existing version when it is already there, else a
    /// new version after the compatibility check.
    pub async fn register(
        &self,
        subject: &str,
        schema_text: &str,
        normalized: &str,
        parsed: &Schema,
    ) -> Result<Registered, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('registry:' || $1))")
            .bind(subject)
            .execute(&mut *tx)
            .await?;
        let existing: Option<(i32, i32)> = sqlx::query_as(
            "SELECT s.id, v.version FROM subject_versions v JOIN schemas s ON s.id = v.schema_id
             WHERE v.subject = $1 AND NOT v.deleted AND s.normalized = $2
             ORDER BY v.version LIMIT 1",
        )
        .bind(subject)
        .bind(normalized)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id, version)) = existing {
            return Ok(Registered { id, version });
        }
        let level = {
            let own: Option<String> =
                sqlx::query_scalar("SELECT level FROM compatibility WHERE subject = $1")
                    .bind(subject)
                    .fetch_optional(&mut *tx)
                    .await?;
            let global: Option<String> =
                sqlx::query_scalar("SELECT level FROM compatibility WHERE subject = $1")
                    .bind(GLOBAL)
                    .fetch_optional(&mut *tx)
                    .await?;
            own.or(global)
                .and_then(|l| l.parse().ok())
                .unwrap_or(Level::DEFAULT)
        };
        let old = Self::parsed_versions(&mut tx, subject).await?;
        let reasons = compatibility::check(level, parsed, &old);
        if !reasons.is_empty() {
            return Err(StoreError::Incompatible {
                subject: subject.to_string(),
                reasons,
            });
        }
        sqlx::query(
            "INSERT INTO schemas (schema_type, normalized, schema) VALUES ('AVRO', $1, $2)
             ON CONFLICT (schema_type, normalized) DO NOTHING",
        )
        .bind(normalized)
        .bind(schema_text)
        .execute(&mut *tx)
        .await?;
        let id: i32 = sqlx::query_scalar(
            "SELECT id FROM schemas WHERE schema_type = 'AVRO' AND normalized = $1",
        )
        .bind(normalized)
        .fetch_one(&mut *tx)
        .await?;
        let version: i32 = sqlx::query_scalar(
            "INSERT INTO subject_versions (subject, version, schema_id)
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2 FROM subject_versions WHERE subject = $1
             RETURNING version",
        )
        .bind(subject)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Registered { id, version })
    }
}
