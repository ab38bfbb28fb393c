//! Live events: what the projection just wrote, announced with PostgreSQL `NOTIFY` inside the
//! same transaction, so a listener hears of a record exactly when it becomes visible (and
//! never of a rolled-back one). The channel is `<schema>_events`, so a replay building a
//! fresh schema announces nothing to the live one's listeners.
//!
//! Payloads are [`LiveEvent`]s as JSON (tagged by `type`: `commit`, `analysis`, `enrichment`,
//! `push`, `activity`; with the `repository`), the type the query API's `/events/stream` parses
//! and forwards.

use sqlx::PgConnection;
use tributary_runtime::RecordError;
use tributary_schemas::live::{
    ActivityAnnounced, AnalysisAnnounced, CommitAnnounced, EnrichmentAnnounced, LiveEvent,
    PushAnnounced,
};
use tributary_schemas::{
    ActivityObserved, AnalysisProduced, CommitObserved, EnrichmentProduced, PushObserved,
};

use tributary_postgres::LIVE_CHANNEL_SUFFIX;

/// NOTIFY's payload limit is 8000 bytes; text fields are cut well below it.
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// A commit's announcement.
pub fn commit(c: &CommitObserved) -> LiveEvent {
    LiveEvent::Commit(CommitAnnounced {
        repository: c.repository.clone(),
        sha: c.sha.clone(),
        subject: cut(c.message.lines().next().unwrap_or_default(), 200),
        author: cut(&c.author_name, 100),
        committed_at: c.committed_at,
        files: c.files.len(),
        event_id: c.event_id.clone(),
    })
}

/// An analysis' announcement.
pub fn analysis(a: &AnalysisProduced) -> LiveEvent {
    LiveEvent::Analysis(AnalysisAnnounced {
        repository: a.repository.clone(),
        path: cut(&a.path, 300),
        blob_id: a.blob_id.clone(),
        language: a.language.clone(),
        symbols: a.symbols.len(),
        skipped: a.skipped.clone(),
        event_id: a.event_id.clone(),
    })
}

/// An enrichment's announcement.
pub fn enrichment(e: &EnrichmentProduced) -> LiveEvent {
    LiveEvent::Enrichment(EnrichmentAnnounced {
        repository: e.repository.clone(),
        sha: e.sha.clone(),
        category: e.category.clone(),
        risk: e.risk,
        offline: e.offline,
        model: cut(&e.model, 100),
        event_id: e.event_id.clone(),
    })
}

/// A push's announcement.
pub fn push(p: &PushObserved) -> LiveEvent {
    LiveEvent::Push(PushAnnounced {
        repository: p.repository.clone(),
        git_ref: cut(&p.git_ref, 200),
        before: p.before.clone(),
        after: p.after.clone(),
        forced: p.forced,
        commits: p.commits.len(),
        pusher: p.pusher.as_deref().map(|s| cut(s, 100)),
        event_id: p.event_id.clone(),
    })
}

/// An activity's announcement.
pub fn activity(a: &ActivityObserved) -> LiveEvent {
    LiveEvent::Activity(ActivityAnnounced {
        repository: a.repository.clone(),
        kind: a.kind.clone(),
        action: a.action.clone(),
        actor: a.actor.as_deref().map(|s| cut(s, 100)),
        occurred_at: a.occurred_at,
        event_id: a.event_id.clone(),
    })
}

/// Announces `events` on the schema's channel, delivered when the transaction commits.
pub async fn announce(conn: &mut PgConnection, events: &[LiveEvent]) -> Result<(), RecordError> {
    if events.is_empty() {
        return Ok(());
    }
    // Plain structs and strings: serializing them cannot fail; an announcement is never worth
    // failing the record's transaction over.
    let payloads: Vec<String> = events
        .iter()
        .filter_map(|e| match serde_json::to_string(e) {
            Ok(payload) => Some(payload),
            Err(error) => {
                tracing::warn!(%error, "live event not serializable; not announced");
                None
            }
        })
        .collect();
    sqlx::query("SELECT pg_notify(current_schema() || $2, p) FROM unnest($1::text[]) AS p")
        .bind(&payloads)
        .bind(LIVE_CHANNEL_SUFFIX)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn announcements_keep_their_json_shape() {
        let push = LiveEvent::Push(PushAnnounced {
            repository: "octo/hello".into(),
            git_ref: "refs/heads/main".into(),
            before: "a".into(),
            after: "b".into(),
            forced: false,
            commits: 2,
            pusher: None,
            event_id: "e1".into(),
        });
        assert_eq!(
            serde_json::to_value(&push).expect("json"),
            json!({
                "type": "push", "repository": "octo/hello", "ref": "refs/heads/main",
                "before": "a", "after": "b", "forced": false, "commits": 2, "pusher": null,
                "event_id": "e1",
            })
        );
        let activity = LiveEvent::Activity(ActivityAnnounced {
            repository: "octo/hello".into(),
            kind: "issue".into(),
            action: Some("opened".into()),
            actor: Some("a".repeat(300)),
            occurred_at: 7,
            event_id: "e2".into(),
        });
        let text = serde_json::to_string(&activity).expect("json");
        let back: LiveEvent = serde_json::from_str(&text).expect("parses back");
        assert_eq!(back, activity);
        assert_eq!(
            (back.kind(), back.repository(), back.event_id()),
            ("activity", "octo/hello", "e2")
        );
    }

    #[test]
    fn long_text_is_cut_by_characters() {
        assert_eq!(cut("héllo", 2), "hé");
    }
}
