//! The PostgreSQL projection: `webhooks.raw`, `activity`, `pushes`, `commits` and `analysis`
//! become the read model the query API serves.
//!
//! - [`config`]: the schema it writes, batch size;
//! - [`apply`]: one idempotent upsert per record type;
//! - this module: the [`PostgresProjection`] projector and its migrations.
//!
//! Idempotency keys: commits by (repository, sha); pushes by delivery id; pull requests and issues
//! by (repository, number), newest `updated_at` wins; deployments, statuses and releases by
//! GitHub id; ref changes by event id; webhook deliveries by delivery id; analyses by blob id
//! (a newer analyzer version replaces an older one).

pub mod apply;
pub mod config;

pub use config::PostgresProjectionConfig;

use sqlx::{PgConnection, PgPool};
use tributary_runtime::projection::{ApplyError, ProjectedRecord, Projector};
use tributary_runtime::KafkaArgs;
use tributary_schemas::{
    ActivityObserved, AnalysisProduced, CommitObserved, Event, PushObserved, WebhookReceived,
};

/// Runs the read model's migrations in the pool's schema.
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations/postgres").run(pool).await
}

/// The PostgreSQL projector.
#[derive(Debug, Clone, Default)]
pub struct PostgresProjection;

impl Projector for PostgresProjection {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn topics(&self, kafka: &KafkaArgs) -> Vec<String> {
        let t = kafka.topics();
        vec![
            t.webhooks_raw(),
            t.activity(),
            t.pushes(),
            t.commits(),
            t.analysis(),
        ]
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        record: &ProjectedRecord,
    ) -> Result<(), ApplyError> {
        let d = &record.decoded;
        let poison = |e: tributary_schemas::CodecError| ApplyError::Poison(e.to_string());
        match d.record_name.as_str() {
            CommitObserved::RECORD_NAME => {
                apply::commit(conn, &d.event::<CommitObserved>().map_err(poison)?).await
            }
            PushObserved::RECORD_NAME => {
                apply::push(conn, &d.event::<PushObserved>().map_err(poison)?).await
            }
            ActivityObserved::RECORD_NAME => {
                apply::activity(conn, &d.event::<ActivityObserved>().map_err(poison)?).await
            }
            AnalysisProduced::RECORD_NAME => {
                apply::analysis(conn, &d.event::<AnalysisProduced>().map_err(poison)?).await
            }
            WebhookReceived::RECORD_NAME => {
                apply::webhook(conn, &d.event::<WebhookReceived>().map_err(poison)?).await
            }
            other => {
                // A record type this projection does not read (a topic may carry several).
                metrics::counter!("tributary_projection_ignored_total", "projection" => "postgres")
                    .increment(1);
                tracing::debug!(record = other, "record type not projected");
                Ok(())
            }
        }
    }

    /// Commits go through set-based statements; the rest (low volume) record by record.
    async fn apply_batch(
        &self,
        conn: &mut PgConnection,
        records: &[ProjectedRecord],
    ) -> Result<(), ApplyError> {
        let mut commits = Vec::new();
        for record in records {
            if record.decoded.is::<CommitObserved>() {
                let commit = record
                    .decoded
                    .event::<CommitObserved>()
                    .map_err(|e| ApplyError::Poison(e.to_string()))?;
                commits.push(commit);
            } else {
                self.apply(&mut *conn, record).await?;
            }
        }
        apply::commits(conn, &commits).await
    }
}
