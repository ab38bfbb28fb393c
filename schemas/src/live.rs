//! The live events: what the PostgreSQL projection announces (`NOTIFY <schema>_events`) as it
//! commits a record, and what the query API's `/events/stream` parses, filters and forwards.
//! One type for both ends, so the two cannot drift apart.
//!
//! As JSON each is a small object tagged by `type` (`commit`, `analysis`, `enrichment`, `push`,
//! `activity`) with the `repository` and the `event_id` of the event it announces, e.g.
//! `{"type":"push","repository":"octo/hello","ref":"refs/heads/main",...}`. These are not Avro
//! events of the log: they are never stored, only announced.

use serde::{Deserialize, Serialize};

/// One announcement, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// A commit was projected.
    Commit(CommitAnnounced),
    /// A file version's analysis was projected.
    Analysis(AnalysisAnnounced),
    /// A commit's enrichment was projected.
    Enrichment(EnrichmentAnnounced),
    /// A push was projected.
    Push(PushAnnounced),
    /// Repository activity (pull request, issue, deployment, ...) was projected.
    Activity(ActivityAnnounced),
}

impl LiveEvent {
    /// Every `type`, in the order the API lists them.
    pub const TYPES: [&'static str; 5] = ["commit", "analysis", "enrichment", "push", "activity"];

    /// Its `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Commit(_) => "commit",
            Self::Analysis(_) => "analysis",
            Self::Enrichment(_) => "enrichment",
            Self::Push(_) => "push",
            Self::Activity(_) => "activity",
        }
    }

    /// The repository it is about (`owner/name`).
    pub fn repository(&self) -> &str {
        match self {
            Self::Commit(e) => &e.repository,
            Self::Analysis(e) => &e.repository,
            Self::Enrichment(e) => &e.repository,
            Self::Push(e) => &e.repository,
            Self::Activity(e) => &e.repository,
        }
    }

    /// The id of the event it announces.
    pub fn event_id(&self) -> &str {
        match self {
            Self::Commit(e) => &e.event_id,
            Self::Analysis(e) => &e.event_id,
            Self::Enrichment(e) => &e.event_id,
            Self::Push(e) => &e.event_id,
            Self::Activity(e) => &e.event_id,
        }
    }
}

/// A projected commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitAnnounced {
    /// `owner/name`.
    pub repository: String,
    /// Full sha.
    pub sha: String,
    /// The message's first line (cut short).
    pub subject: String,
    /// Author name (cut short).
    pub author: String,
    /// Commit time, milliseconds since the epoch.
    pub committed_at: i64,
    /// Files changed.
    pub files: usize,
    /// The commit event's id.
    pub event_id: String,
}

/// A projected analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisAnnounced {
    /// `owner/name`.
    pub repository: String,
    /// The file's path (cut short).
    pub path: String,
    /// The blob analyzed.
    pub blob_id: String,
    /// Its language, if detected.
    pub language: Option<String>,
    /// Definitions found.
    pub symbols: usize,
    /// Why it was skipped (binary, oversized, unsupported), if it was.
    pub skipped: Option<String>,
    /// The analysis event's id.
    pub event_id: String,
}

/// A projected enrichment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrichmentAnnounced {
    /// `owner/name`.
    pub repository: String,
    /// The commit enriched.
    pub sha: String,
    /// Category.
    pub category: String,
    /// Risk, 0 to 100.
    pub risk: i32,
    /// Whether the offline classifier answered.
    pub offline: bool,
    /// The model (cut short).
    pub model: String,
    /// The enrichment event's id.
    pub event_id: String,
}

/// A projected push.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushAnnounced {
    /// `owner/name`.
    pub repository: String,
    /// The ref pushed (cut short).
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// Sha before.
    pub before: String,
    /// Sha after.
    pub after: String,
    /// Whether it was forced.
    pub forced: bool,
    /// Commits pushed.
    pub commits: usize,
    /// Who pushed (cut short), if known.
    pub pusher: Option<String>,
    /// The push event's id.
    pub event_id: String,
}

/// Projected repository activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityAnnounced {
    /// `owner/name`.
    pub repository: String,
    /// What kind (`pull_request`, `issue`, ...).
    pub kind: String,
    /// The action, if any (`opened`, `closed`, ...).
    pub action: Option<String>,
    /// Who (cut short), if known.
    pub actor: Option<String>,
    /// When, milliseconds since the epoch.
    pub occurred_at: i64,
    /// The activity event's id.
    pub event_id: String,
}
