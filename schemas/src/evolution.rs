//! Schema evolution: every version of an event ever written stays readable. Each earlier
//! version lives in `avro/history/<Record>.v<N>.avsc`; the current one in `avro/<Record>.avsc`.
//! [`check`] verifies, without a registry, that each current schema can read every earlier
//! version of its record (BACKWARD_TRANSITIVE, the registry's default level, because a replay
//! reads the whole log), which is what `tributary schemas check` runs in CI.

use crate::events::{
    ActivityObserved, AnalysisProduced, BlobObserved, CommitObserved, DeadLetter,
    EnrichmentProduced, Event, PushObserved, WebhookReceived,
};
use apache_avro::schema_compatibility::SchemaCompatibility;
use apache_avro::Schema;

/// One schema text and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaSource {
    /// Full record name (`dev.tributary.CommitObserved`).
    pub record_name: String,
    /// Where it comes from (a file name or `current`).
    pub label: String,
    /// The Avro schema JSON.
    pub schema: String,
}

fn source(record_name: &str, label: &str, schema: &str) -> SchemaSource {
    SchemaSource {
        record_name: record_name.to_string(),
        label: label.to_string(),
        schema: schema.to_string(),
    }
}

/// The schemas this build writes.
pub fn current() -> Vec<SchemaSource> {
    fn of<E: Event>() -> SchemaSource {
        source(E::RECORD_NAME, "current", E::SCHEMA)
    }
    vec![
        of::<WebhookReceived>(),
        of::<PushObserved>(),
        of::<ActivityObserved>(),
        of::<CommitObserved>(),
        of::<BlobObserved>(),
        of::<AnalysisProduced>(),
        of::<EnrichmentProduced>(),
        of::<DeadLetter>(),
    ]
}

/// Every earlier version, as built into this binary.
pub fn history() -> Vec<SchemaSource> {
    vec![
        source(
            CommitObserved::RECORD_NAME,
            "history/CommitObserved.v1.avsc",
            include_str!("../avro/history/CommitObserved.v1.avsc"),
        ),
        source(
            CommitObserved::RECORD_NAME,
            "history/CommitObserved.v2.avsc",
            include_str!("../avro/history/CommitObserved.v2.avsc"),
        ),
        source(
            PushObserved::RECORD_NAME,
            "history/PushObserved.v1.avsc",
            include_str!("../avro/history/PushObserved.v1.avsc"),
        ),
        source(
            AnalysisProduced::RECORD_NAME,
            "history/AnalysisProduced.v1.avsc",
            include_str!("../avro/history/AnalysisProduced.v1.avsc"),
        ),
        source(
            DeadLetter::RECORD_NAME,
            "history/DeadLetter.v1.avsc",
            include_str!("../avro/history/DeadLetter.v1.avsc"),
        ),
    ]
}

/// The full record name a schema declares (`namespace.name`), if it parses as a record.
pub fn record_name_of(schema: &str) -> Option<String> {
    match Schema::parse_str(schema).ok()? {
        Schema::Record(r) => Some(r.name.fullname(None)),
        _ => None,
    }
}

/// A schema that breaks evolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incompatibility {
    /// The record.
    pub record_name: String,
    /// The schema that fails (its label).
    pub label: String,
    /// Why.
    pub reason: String,
}

/// Checks that each of `candidates` parses and can read every version in `history` of the same
/// record.
pub fn check(candidates: &[SchemaSource], history: &[SchemaSource]) -> Vec<Incompatibility> {
    let mut problems = Vec::new();
    for candidate in candidates {
        let fail = |reason: String| Incompatibility {
            record_name: candidate.record_name.clone(),
            label: candidate.label.clone(),
            reason,
        };
        let reader = match Schema::parse_str(&candidate.schema) {
            Ok(s) => s,
            Err(e) => {
                problems.push(fail(format!("does not parse: {e}")));
                continue;
            }
        };
        for old in history
            .iter()
            .filter(|h| h.record_name == candidate.record_name)
        {
            let Ok(writer) = Schema::parse_str(&old.schema) else {
                problems.push(fail(format!("history file {} does not parse", old.label)));
                continue;
            };
            if let Err(e) = SchemaCompatibility::can_read(&writer, &reader) {
                problems.push(fail(format!("cannot read {}: {e}", old.label)));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_schemas_read_every_earlier_version() {
        assert_eq!(check(&current(), &history()), vec![]);
        for h in history() {
            assert_eq!(
                record_name_of(&h.schema).as_deref(),
                Some(h.record_name.as_str())
            );
        }
    }

    #[test]
    fn a_new_required_field_is_refused() {
        let broken = CommitObserved::SCHEMA.replace(
            r#"{"name": "source", "type": "string", "doc": "backfill | poll | push"},"#,
            r#"{"name": "source", "type": "string"}, {"name": "mandatory", "type": "string"},"#,
        );
        assert_ne!(broken, CommitObserved::SCHEMA, "the edit applied");
        let problems = check(
            &[source(CommitObserved::RECORD_NAME, "edited", &broken)],
            &history(),
        );
        // Neither earlier version (v1, v2) has the field: both are named.
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].reason.contains("v1"), "{problems:?}");
        assert!(problems[1].reason.contains("v2"), "{problems:?}");
    }
}
