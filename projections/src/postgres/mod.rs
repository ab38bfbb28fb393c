//! The PostgreSQL projection: `webhooks.raw`, `activity`, `pushes`, `commits`, `analysis`,
//! `enrichment` and the READMEs of `blobs` become the read model the query API serves.
//!
//! It offers the [`PostgresProjection`] projector, its [`PostgresProjectionConfig`] (the schema
//! it writes, batch size), [`migrate`] (the read model's schema, its offsets table included)
//! and [`analyze`]. Inside: `apply` (one idempotent upsert per record type), `readme` (the text
//! of README blobs, bounded; every other blob is read and left), `live` (what was just
//! projected, announced on `<schema>_events` with NOTIFY), `dora` (deployments and the changes
//! they shipped, derived at the end of each batch).
//!
//! Idempotency keys: commits by (repository, sha); pushes by delivery id; pull requests and issues
//! by (repository, number), newest `updated_at` wins; deployments, statuses and releases by
//! GitHub id; ref changes by event id; webhook deliveries by delivery id; analyses by blob id
//! (a newer analyzer version replaces an older one); enrichments by (repository, sha), a model's
//! answer preferred over the offline classifier's; READMEs by blob id.

mod apply;
mod config;
mod dora;
mod live;
mod readme;

pub use config::PostgresProjectionConfig;

use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use std::collections::BTreeSet;
use tributary_postgres::PgStore;
use tributary_runtime::projection::{ProjectedRecord, Projector};
use tributary_runtime::KafkaArgs;
use tributary_runtime::RecordError;
use tributary_schemas::live::LiveEvent;
use tributary_schemas::{
    ActivityObserved, AnalysisProduced, BlobObserved, CommitObserved, EnrichmentProduced, Event,
    PushObserved, WebhookReceived,
};

/// Runs the read model's migrations in the pool's schema: every table of the read model and
/// the projection's `projection_offsets`, which the projection loop needs before it starts.
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations/postgres").run(pool).await
}

/// Refreshes the planner's statistics of every table in the pool's schema. A rebuilt read
/// model is analyzed before it serves: autovacuum gets there within a minute or so, but until
/// then the planner has no column statistics and guesses that `repository = $1` matches 0.5%
/// of the rows, so for a repository holding most of them it may read and sort every commit
/// where an index walk answers a page of the listing (5,000 commits: 2.2 ms against 0.03 ms).
pub async fn analyze(pool: &PgPool) -> Result<(), sqlx::Error> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
         WHERE schemaname = current_schema() ORDER BY tablename",
    )
    .fetch_all(pool)
    .await?;
    if tables.is_empty() {
        return Ok(());
    }
    // Identifiers cannot be bound: these are quoted by PostgreSQL's own format('%I').
    sqlx::query(&format!("ANALYZE {}", tables.join(", ")))
        .execute(pool)
        .await?;
    Ok(())
}

/// The PostgreSQL projector.
#[derive(Debug, Clone, Default)]
pub struct PostgresProjection;

impl Projector for PostgresProjection {
    type Store = PgStore;

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
            t.enrichment(),
            // Last: the offsets are kept per topic and partition, so a topic added to the list
            // is read from its beginning while the others go on from their stored offsets.
            t.blobs(),
        ]
    }

    async fn apply(
        &self,
        tx: &mut Transaction<'static, Postgres>,
        record: &ProjectedRecord,
    ) -> Result<(), RecordError> {
        let conn = &mut **tx;
        let mut dora_repositories = BTreeSet::new();
        let announcement = apply_one(conn, record, &mut dora_repositories).await?;
        for repository in &dora_repositories {
            dora::refresh(conn, repository).await?;
        }
        live::announce(conn, announcement.as_slice()).await
    }

    /// Commits and READMEs go through set-based statements; the rest (low volume) record by
    /// record.
    async fn apply_batch(
        &self,
        tx: &mut Transaction<'static, Postgres>,
        records: &[ProjectedRecord],
    ) -> Result<(), RecordError> {
        let mut commits = Vec::new();
        let mut readmes = Vec::new();
        let mut announcements = Vec::new();
        let mut dora_repositories = BTreeSet::new();
        for record in records {
            if record.decoded.is::<CommitObserved>() {
                let commit = record
                    .decoded
                    .event::<CommitObserved>()
                    .map_err(RecordError::poison_from)?;
                commits.push(commit);
            } else if record.decoded.is::<BlobObserved>() {
                let blob = record
                    .decoded
                    .event::<BlobObserved>()
                    .map_err(RecordError::poison_from)?;
                readmes.extend(readme::of(&blob, readme::MAX_README_BYTES));
            } else {
                announcements.extend(apply_one(&mut *tx, record, &mut dora_repositories).await?);
            }
        }
        readme::upsert(tx, &readmes).await?;
        apply::commits(tx, &commits).await?;
        dora_repositories.extend(commits.iter().map(|c| c.repository.clone()));
        for repository in &dora_repositories {
            dora::refresh(tx, repository).await?;
        }
        announcements.extend(commits.iter().map(live::commit));
        // One NOTIFY statement for the whole batch, delivered when it commits.
        live::announce(tx, &announcements).await
    }
}

/// Applies one record and returns what to announce of it (nothing for raw webhooks, blobs and
/// record types this projection does not read); adds to `dora_repositories` the repository
/// whose DORA rows it may change.
async fn apply_one(
    conn: &mut PgConnection,
    record: &ProjectedRecord,
    dora_repositories: &mut BTreeSet<String>,
) -> Result<Option<LiveEvent>, RecordError> {
    let d = &record.decoded;
    let poison = RecordError::poison_from::<tributary_schemas::CodecError>;
    let announcement = match d.record_name.as_str() {
        CommitObserved::RECORD_NAME => {
            let c = d.event::<CommitObserved>().map_err(poison)?;
            apply::commit(conn, &c).await?;
            dora_repositories.insert(c.repository.clone());
            live::commit(&c)
        }
        PushObserved::RECORD_NAME => {
            let p = d.event::<PushObserved>().map_err(poison)?;
            apply::push(conn, &p).await?;
            live::push(&p)
        }
        ActivityObserved::RECORD_NAME => {
            let a = d.event::<ActivityObserved>().map_err(poison)?;
            apply::activity(conn, &a).await?;
            if let Some(merge_sha) = a
                .pull_request
                .as_ref()
                .filter(|pr| pr.merged)
                .and_then(|pr| pr.merge_commit_sha.as_deref())
            {
                dora::pull_request_merged(conn, &a.repository, merge_sha).await?;
                dora_repositories.insert(a.repository.clone());
            }
            if a.deployment_status.is_some() {
                dora_repositories.insert(a.repository.clone());
            }
            live::activity(&a)
        }
        AnalysisProduced::RECORD_NAME => {
            let a = d.event::<AnalysisProduced>().map_err(poison)?;
            apply::analysis(conn, &a).await?;
            live::analysis(&a)
        }
        EnrichmentProduced::RECORD_NAME => {
            let e = d.event::<EnrichmentProduced>().map_err(poison)?;
            apply::enrichment(conn, &e).await?;
            live::enrichment(&e)
        }
        WebhookReceived::RECORD_NAME => {
            apply::webhook(conn, &d.event::<WebhookReceived>().map_err(poison)?).await?;
            return Ok(None);
        }
        BlobObserved::RECORD_NAME => {
            let blob = d.event::<BlobObserved>().map_err(poison)?;
            let kept = readme::of(&blob, readme::MAX_README_BYTES);
            readme::upsert(conn, kept.as_slice()).await?;
            return Ok(None);
        }
        other => {
            // A record type this projection does not read (a topic may carry several).
            metrics::counter!("tributary_projection_ignored_total", "projection" => "postgres")
                .increment(1);
            tracing::debug!(record = other, "record type not projected");
            return Ok(None);
        }
    };
    Ok(Some(announcement))
}
