//! Live events: what the projection just wrote, announced with PostgreSQL `NOTIFY` inside the
//! same transaction, so a listener hears of a record exactly when it becomes visible (and
//! never of a rolled-back one). The channel is `<schema>_events`, so a replay building a
//! fresh schema announces nothing to the live one's listeners.
//!
//! Payloads are small JSON objects with a `type` (`commit`, `analysis`, `enrichment`, `push`,
//! `activity`) and the `repository`; the query API's `/events/stream` forwards them.

use serde_json::{json, Value};
use sqlx::PgConnection;
use tributary_runtime::projection::ApplyError;
use tributary_schemas::{
    ActivityObserved, AnalysisProduced, CommitObserved, EnrichmentProduced, PushObserved,
};

use tributary_runtime::postgres::LIVE_CHANNEL_SUFFIX;

/// NOTIFY's payload limit is 8000 bytes; text fields are cut well below it.
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// A commit's announcement.
pub fn commit(c: &CommitObserved) -> Value {
    json!({
        "type": "commit", "repository": c.repository, "sha": c.sha,
        "subject": cut(c.message.lines().next().unwrap_or_default(), 200),
        "author": cut(&c.author_name, 100), "committed_at": c.committed_at,
        "files": c.files.len(), "event_id": c.event_id,
    })
}

/// An analysis' announcement.
pub fn analysis(a: &AnalysisProduced) -> Value {
    json!({
        "type": "analysis", "repository": a.repository, "path": cut(&a.path, 300),
        "blob_id": a.blob_id, "language": a.language, "symbols": a.symbols.len(),
        "skipped": a.skipped, "event_id": a.event_id,
    })
}

/// An enrichment's announcement.
pub fn enrichment(e: &EnrichmentProduced) -> Value {
    json!({
        "type": "enrichment", "repository": e.repository, "sha": e.sha,
        "category": e.category, "risk": e.risk, "offline": e.offline, "model": cut(&e.model, 100),
        "event_id": e.event_id,
    })
}

/// A push's announcement.
pub fn push(p: &PushObserved) -> Value {
    json!({
        "type": "push", "repository": p.repository, "ref": cut(&p.git_ref, 200),
        "before": p.before, "after": p.after, "forced": p.forced, "commits": p.commits.len(),
        "pusher": p.pusher.as_deref().map(|s| cut(s, 100)), "event_id": p.event_id,
    })
}

/// An activity's announcement.
pub fn activity(a: &ActivityObserved) -> Value {
    json!({
        "type": "activity", "repository": a.repository, "kind": a.kind, "action": a.action,
        "actor": a.actor.as_deref().map(|s| cut(s, 100)), "occurred_at": a.occurred_at,
        "event_id": a.event_id,
    })
}

/// Announces `events` on the schema's channel, delivered when the transaction commits.
pub async fn announce(conn: &mut PgConnection, events: &[Value]) -> Result<(), ApplyError> {
    if events.is_empty() {
        return Ok(());
    }
    let payloads: Vec<String> = events.iter().map(Value::to_string).collect();
    sqlx::query("SELECT pg_notify(current_schema() || $2, p) FROM unnest($1::text[]) AS p")
        .bind(&payloads)
        .bind(LIVE_CHANNEL_SUFFIX)
        .execute(conn)
        .await?;
    Ok(())
}
