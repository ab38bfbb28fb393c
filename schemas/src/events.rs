//! The Rust type of every event, beside its `.avsc` in `schemas/avro/`. Field names and types
//! match the schema one to one; a unit test round-trips each through Avro to keep them in step.
//!
//! Timestamps are milliseconds since the Unix epoch (`timestamp-millis`).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An event type: a Rust value with its Avro schema and a deterministic id.
pub trait Event: Serialize + for<'de> Deserialize<'de> + Send + Sync {
    /// The Avro full name (`namespace.name`), which is also the record part of the subject.
    const RECORD_NAME: &'static str;
    /// The Avro schema, as JSON.
    const SCHEMA: &'static str;
    /// The deterministic event id.
    fn event_id(&self) -> &str;
}

macro_rules! event {
    ($ty:ident, $file:literal) => {
        impl Event for $ty {
            const RECORD_NAME: &'static str = concat!("dev.tributary.", stringify!($ty));
            const SCHEMA: &'static str = include_str!(concat!("../avro/", $file));
            fn event_id(&self) -> &str {
                &self.event_id
            }
        }
    };
}

/// A webhook delivery as received (topic `webhooks.raw`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookReceived {
    /// Derived from the delivery id.
    pub event_id: String,
    /// `X-GitHub-Delivery`.
    pub delivery_id: String,
    /// `X-GitHub-Event`.
    pub event: String,
    /// `X-GitHub-Hook-ID`.
    pub hook_id: Option<String>,
    /// Selected request headers (never the signature).
    pub headers: HashMap<String, String>,
    /// The body as received, or, when ingest compressed it (a delivery over
    /// [`crate::body::COMPRESS_ABOVE`] bytes), one zstd frame of it: read it through
    /// [`WebhookReceived::payload`]. A delivery body is JSON or form-encoded text, so it never
    /// starts with zstd's magic number and the two cannot be confused.
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    /// Hex SHA-256 of the body as received.
    pub body_sha256: String,
    /// When ingest received it.
    pub received_at: i64,
}
event!(WebhookReceived, "WebhookReceived.avsc");

impl WebhookReceived {
    /// The delivery's body as received (decompressed when ingest stored it compressed).
    pub fn payload(&self) -> Result<std::borrow::Cow<'_, [u8]>, crate::body::BodyError> {
        crate::body::decode(&self.body)
    }
}

/// One commit as a push webhook lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushedCommit {
    /// Commit sha.
    pub sha: String,
    /// Full message.
    pub message: String,
    /// ISO-8601 timestamp as GitHub sent it.
    pub timestamp: Option<String>,
    /// Author name.
    pub author_name: Option<String>,
    /// Author email.
    pub author_email: Option<String>,
    /// Author's GitHub login, when GitHub knows it.
    pub author_username: Option<String>,
    /// Paths added.
    pub added: Vec<String>,
    /// Paths removed.
    pub removed: Vec<String>,
    /// Paths modified.
    pub modified: Vec<String>,
}

/// A push (topic `pushes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushObserved {
    /// Derived from the delivery id.
    pub event_id: String,
    /// The webhook delivery it came from.
    pub delivery_id: String,
    /// `owner/name`.
    pub repository: String,
    /// Where the repository can be fetched from.
    pub clone_url: Option<String>,
    /// The pushed ref, e.g. `refs/heads/main`.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// The ref's sha before the push (zeros for a new ref).
    pub before: String,
    /// The ref's sha after the push (zeros for a deleted ref).
    pub after: String,
    /// The ref was created.
    pub created: bool,
    /// The ref was deleted.
    pub deleted: bool,
    /// A force-push.
    pub forced: bool,
    /// Who pushed.
    pub pusher: Option<String>,
    /// The commits GitHub listed (cut when they would not fit in one record: see
    /// `commits_total`).
    pub commits: Vec<PushedCommit>,
    /// When the push was observed (the webhook's receive time).
    pub observed_at: i64,
    /// Set when `commits` was cut to fit the record budget: how many commits the delivery
    /// listed (added in v2; `None`: `commits` is complete).
    #[serde(default)]
    pub commits_total: Option<i32>,
}
event!(PushObserved, "PushObserved.avsc");

/// A pull request's state in an activity event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullRequest {
    /// Number in its repository.
    pub number: i64,
    /// Title.
    pub title: String,
    /// `open` or `closed`.
    pub state: String,
    /// Author login.
    pub author: Option<String>,
    /// Merged.
    pub merged: bool,
    /// Source branch.
    pub head_ref: String,
    /// Source head sha.
    pub head_sha: String,
    /// Target branch.
    pub base_ref: String,
    /// The merge commit, when merged.
    pub merge_commit_sha: Option<String>,
    /// Lines added.
    pub additions: Option<i64>,
    /// Lines deleted.
    pub deletions: Option<i64>,
    /// Files changed.
    pub changed_files: Option<i64>,
    /// Opened at.
    pub created_at: i64,
    /// Last updated at.
    pub updated_at: i64,
    /// Closed at.
    pub closed_at: Option<i64>,
    /// Merged at.
    pub merged_at: Option<i64>,
}

/// A deployment in an activity event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// GitHub's deployment id.
    pub id: i64,
    /// Deployed commit.
    pub sha: String,
    /// Deployed ref.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// Target environment.
    pub environment: String,
    /// Task, e.g. `deploy`.
    pub task: Option<String>,
    /// Creator login.
    pub creator: Option<String>,
    /// Created at.
    pub created_at: i64,
}

/// A deployment status in an activity event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeploymentStatus {
    /// GitHub's status id.
    pub id: i64,
    /// The deployment it belongs to.
    pub deployment_id: i64,
    /// `success`, `failure`, `error`, `pending`, `in_progress`, ...
    pub state: String,
    /// Environment.
    pub environment: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Created at.
    pub created_at: i64,
}

/// An issue in an activity event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Number in its repository.
    pub number: i64,
    /// Title.
    pub title: String,
    /// `open` or `closed`.
    pub state: String,
    /// Author login.
    pub author: Option<String>,
    /// Label names.
    pub labels: Vec<String>,
    /// Opened at.
    pub created_at: i64,
    /// Last updated at.
    pub updated_at: i64,
    /// Closed at.
    pub closed_at: Option<i64>,
}

/// A release in an activity event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// GitHub's release id.
    pub id: i64,
    /// Tag.
    pub tag_name: String,
    /// Display name.
    pub name: Option<String>,
    /// Branch or sha the tag points at.
    pub target_commitish: Option<String>,
    /// Draft.
    pub draft: bool,
    /// Pre-release.
    pub prerelease: bool,
    /// Author login.
    pub author: Option<String>,
    /// Created at.
    pub created_at: i64,
    /// Published at.
    pub published_at: Option<i64>,
}

/// A branch or tag created or deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefChange {
    /// Short ref name.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// `branch` or `tag`.
    pub ref_type: String,
}

/// Repository activity (topic `activity`). `kind` says which of the optional parts is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityObserved {
    /// Derived from the delivery id and kind.
    pub event_id: String,
    /// The webhook delivery it came from.
    pub delivery_id: String,
    /// `pull_request`, `deployment`, `deployment_status`, `issue`, `release` or `ref`.
    pub kind: String,
    /// The webhook's action (`opened`, `created`, ...); for refs `created` or `deleted`.
    pub action: Option<String>,
    /// `owner/name`.
    pub repository: String,
    /// Who did it.
    pub actor: Option<String>,
    /// When it happened (the object's own time where it has one).
    pub occurred_at: i64,
    /// Set when `kind` is `pull_request`.
    pub pull_request: Option<PullRequest>,
    /// Set when `kind` is `deployment` (and alongside a deployment status).
    pub deployment: Option<Deployment>,
    /// Set when `kind` is `deployment_status`.
    pub deployment_status: Option<DeploymentStatus>,
    /// Set when `kind` is `issue`.
    pub issue: Option<Issue>,
    /// Set when `kind` is `release`.
    pub release: Option<Release>,
    /// Set when `kind` is `ref`.
    pub ref_change: Option<RefChange>,
}
event!(ActivityObserved, "ActivityObserved.avsc");

/// A file changed by a commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileChange {
    /// Path after the change.
    pub path: String,
    /// Path before, for renames and copies.
    pub old_path: Option<String>,
    /// `added`, `modified`, `deleted`, `renamed`, `copied` or `typechange`.
    pub status: String,
    /// Lines added.
    pub additions: i32,
    /// Lines deleted.
    pub deletions: i32,
    /// A binary file (no line counts).
    pub binary: bool,
    /// The new blob; `None` when deleted.
    pub blob_id: Option<String>,
    /// Language detected from the path.
    pub language: Option<String>,
}

/// A commit (topic `commits`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitObserved {
    /// Derived from repository and sha.
    pub event_id: String,
    /// `owner/name`.
    pub repository: String,
    /// Commit sha.
    pub sha: String,
    /// Tree sha.
    pub tree: String,
    /// Parent shas, first parent first.
    pub parents: Vec<String>,
    /// Author name.
    pub author_name: String,
    /// Author email.
    pub author_email: String,
    /// Author time.
    pub authored_at: i64,
    /// Author's UTC offset.
    pub author_tz_offset_minutes: i32,
    /// Committer name.
    pub committer_name: String,
    /// Committer email.
    pub committer_email: String,
    /// Commit time.
    pub committed_at: i64,
    /// Full message.
    pub message: String,
    /// Files changed against the first parent (or the empty tree for a root commit).
    pub files: Vec<FileChange>,
    /// `backfill`, `poll` or `push`.
    pub source: String,
    /// The committer's UTC offset in minutes (added in v2; `None` when read from v1).
    #[serde(default)]
    pub committer_tz_offset_minutes: Option<i32>,
    /// Set when `files` was cut at the producer's cap: how many files the commit changed in all
    /// (added in v3; `None`: `files` is complete).
    #[serde(default)]
    pub files_total: Option<i32>,
}
event!(CommitObserved, "CommitObserved.avsc");

/// A file's content at a version (topic `blobs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlobObserved {
    /// Derived from the blob id.
    pub event_id: String,
    /// Git blob sha.
    pub blob_id: String,
    /// Repository it was first seen in.
    pub repository: String,
    /// Path it was first seen at.
    pub path: String,
    /// Language detected from the path.
    pub language: Option<String>,
    /// Size in bytes.
    pub size: i64,
    /// Binary content.
    pub binary: bool,
    /// Content over the cap, left out.
    pub truncated: bool,
    /// The content, when under the cap and not binary.
    #[serde(with = "serde_bytes")]
    pub content: Option<Vec<u8>>,
}
event!(BlobObserved, "BlobObserved.avsc");

/// A definition found by the AST analyzer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SymbolDefinition {
    /// `function`, `method`, `class`, `interface`, `module`, ...
    pub kind: String,
    /// Name.
    pub name: String,
    /// Name within its enclosing scopes.
    pub qualified_name: String,
    /// First line, 1-based.
    pub start_line: i32,
    /// Last line, 1-based.
    pub end_line: i32,
    /// Index of the enclosing symbol.
    pub parent: Option<i32>,
    /// Declaration line.
    pub signature: String,
    /// Doc comment or docstring.
    pub doc: Option<String>,
    /// Cyclomatic complexity.
    pub complexity: i32,
    /// Hash of the definition's source text (unchanged body, same hash).
    #[serde(default)]
    pub body_hash: Option<String>,
}

/// A call site found by the AST analyzer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallSite {
    /// Callee name as written.
    pub callee: String,
    /// Line, 1-based.
    pub line: i32,
    /// Index of the enclosing symbol.
    pub caller: Option<i32>,
    /// What the callee is reached through, as written (`self`, `this`, `os.path`, `Type`).
    #[serde(default)]
    pub receiver: Option<String>,
    /// Column of the callee's name, 1-based, in bytes.
    #[serde(default)]
    pub column: Option<i32>,
}

/// A variable, parameter or field whose type its declaration or initializer names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedName {
    /// The name (`repo`, `$repo`, `@repo`).
    pub name: String,
    /// The type's name, last segment only.
    pub type_name: String,
    /// Index of the symbol it belongs to (function for a variable, type for a field).
    #[serde(default)]
    pub scope: Option<i32>,
}

/// A name an import binds in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBinding {
    /// The local name (`np`, `helper`), or `*` when all of the module's names become visible.
    pub name: String,
    /// The module, package, namespace or file as written (`..pkg.mod`, `./util`, `crate::a`).
    pub module: String,
    /// The name imported from the module; `None` when the binding is the module itself.
    #[serde(default)]
    pub symbol: Option<String>,
}

/// The analysis of one file version (topic `analysis`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisProduced {
    /// Derived from blob id and analyzer version.
    pub event_id: String,
    /// Git blob sha.
    pub blob_id: String,
    /// Repository the blob was first seen in.
    pub repository: String,
    /// Path it was first seen at.
    pub path: String,
    /// Language.
    pub language: Option<String>,
    /// Analyzer version.
    pub analyzer_version: String,
    /// Why it was skipped; `None` when analyzed.
    pub skipped: Option<String>,
    /// Syntax errors recovered from.
    pub error_count: i32,
    /// Lines.
    pub lines: i32,
    /// Code lines.
    pub code_lines: i32,
    /// Comment-only lines.
    pub comment_lines: i32,
    /// Blank lines.
    pub blank_lines: i32,
    /// Definitions.
    pub symbols: Vec<SymbolDefinition>,
    /// Imports.
    pub imports: Vec<String>,
    /// Call sites.
    pub calls: Vec<CallSite>,
    /// What the file's imports bind (empty in analyses older than `tributary-ast/3`).
    #[serde(default)]
    pub bindings: Vec<ImportBinding>,
    /// Variables, parameters and fields whose type the syntax says (empty in analyses older
    /// than `tributary-ast/3`).
    #[serde(default)]
    pub locals: Vec<TypedName>,
}
event!(AnalysisProduced, "AnalysisProduced.avsc");

/// What the enricher made of one commit (topic `enrichment`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrichmentProduced {
    /// Derived from repository, sha, model and prompt version.
    pub event_id: String,
    /// `owner/name`.
    pub repository: String,
    /// Commit sha.
    pub sha: String,
    /// Committer time, epoch milliseconds.
    pub committed_at: i64,
    /// One of the nine categories.
    pub category: String,
    /// One paragraph.
    pub summary: String,
    /// 0 to 100.
    pub risk: i32,
    /// Why the risk is what it is.
    pub risk_reasons: Vec<String>,
    /// The model that answered, or `offline-classifier`.
    pub model: String,
    /// The prompt (or offline rules) version.
    pub prompt_version: String,
    /// Whether the offline classifier made it.
    pub offline: bool,
    /// Why a configured model's answer was not used.
    pub fallback_reason: Option<String>,
}
event!(EnrichmentProduced, "EnrichmentProduced.avsc");

/// A record a consumer gave up on (topic `dlq`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    /// Derived from source topic, partition and offset.
    pub event_id: String,
    /// The component that failed.
    pub component: String,
    /// Source topic.
    pub source_topic: String,
    /// Source partition.
    pub source_partition: i32,
    /// Source offset.
    pub source_offset: i64,
    /// The record's key.
    #[serde(with = "serde_bytes")]
    pub key: Option<Vec<u8>>,
    /// The record's value.
    #[serde(with = "serde_bytes")]
    pub payload: Option<Vec<u8>>,
    /// What went wrong.
    pub error: String,
    /// When it was given up on.
    pub failed_at: i64,
    /// Set when `payload` is a cut copy: the original value's size (added in v2). Redrive then
    /// reads the original from its source position.
    #[serde(default)]
    pub payload_bytes: Option<i64>,
}
event!(DeadLetter, "DeadLetter.avsc");

#[cfg(test)]
mod tests {
    use super::*;
    use apache_avro::reader::datum::GenericDatumReader;
    use apache_avro::writer::datum::GenericDatumWriter;
    use apache_avro::Schema;

    fn roundtrip<E: Event + PartialEq + std::fmt::Debug>(e: &E) {
        let schema = Schema::parse_str(E::SCHEMA).expect("schema parses");
        // The same serde path the registry codec takes.
        let bytes = GenericDatumWriter::builder(&schema)
            .build()
            .and_then(|w| w.write_ser_to_vec(e))
            .expect("encodes");
        let back = GenericDatumReader::builder(&schema)
            .build()
            .and_then(|r| r.read_value(&mut bytes.as_slice()))
            .expect("decodes");
        let typed: E = apache_avro::from_value(&back).expect("from value");
        assert_eq!(&typed, e);
        match &schema {
            Schema::Record(r) => assert_eq!(r.name.fullname(None), E::RECORD_NAME),
            other => panic!("not a record: {other:?}"),
        }
    }

    #[test]
    fn every_event_roundtrips_through_its_schema() {
        roundtrip(&WebhookReceived {
            event_id: "e".into(),
            delivery_id: "d".into(),
            event: "push".into(),
            hook_id: Some("1".into()),
            headers: HashMap::from([("user-agent".into(), "GitHub-Hookshot".into())]),
            body: b"{}".to_vec(),
            body_sha256: "00".into(),
            received_at: 1_700_000_000_000,
        });
        roundtrip(&PushObserved {
            event_id: "e".into(),
            delivery_id: "d".into(),
            repository: "o/r".into(),
            clone_url: None,
            git_ref: "refs/heads/main".into(),
            before: "0".repeat(40),
            after: "a".repeat(40),
            created: true,
            deleted: false,
            forced: false,
            pusher: Some("me".into()),
            commits: vec![PushedCommit {
                sha: "a".repeat(40),
                message: "m".into(),
                timestamp: None,
                author_name: Some("A".into()),
                author_email: None,
                author_username: None,
                added: vec!["x".into()],
                removed: vec![],
                modified: vec![],
            }],
            observed_at: 5,
            commits_total: None,
        });
        roundtrip(&ActivityObserved {
            event_id: "e".into(),
            delivery_id: "d".into(),
            kind: "pull_request".into(),
            action: Some("opened".into()),
            repository: "o/r".into(),
            actor: None,
            occurred_at: 1,
            pull_request: Some(PullRequest {
                number: 2,
                title: "t".into(),
                state: "open".into(),
                author: None,
                merged: false,
                head_ref: "h".into(),
                head_sha: "s".into(),
                base_ref: "b".into(),
                merge_commit_sha: None,
                additions: Some(1),
                deletions: None,
                changed_files: None,
                created_at: 1,
                updated_at: 2,
                closed_at: Some(3),
                merged_at: None,
            }),
            deployment: None,
            deployment_status: None,
            issue: None,
            release: None,
            ref_change: Some(RefChange {
                git_ref: "v1".into(),
                ref_type: "tag".into(),
            }),
        });
        roundtrip(&CommitObserved {
            event_id: "e".into(),
            repository: "o/r".into(),
            sha: "s".into(),
            tree: "t".into(),
            parents: vec!["p".into()],
            author_name: "A".into(),
            author_email: "a@x".into(),
            authored_at: 1,
            author_tz_offset_minutes: -300,
            committer_name: "C".into(),
            committer_email: "c@x".into(),
            committed_at: 2,
            message: "m".into(),
            files: vec![FileChange {
                path: "src/a.rs".into(),
                old_path: None,
                status: "added".into(),
                additions: 3,
                deletions: 0,
                binary: false,
                blob_id: Some("b".into()),
                language: Some("rust".into()),
            }],
            source: "backfill".into(),
            committer_tz_offset_minutes: Some(60),
            files_total: None,
        });
        roundtrip(&BlobObserved {
            event_id: "e".into(),
            blob_id: "b".into(),
            repository: "o/r".into(),
            path: "a".into(),
            language: None,
            size: 3,
            binary: false,
            truncated: false,
            content: Some(b"abc".to_vec()),
        });
        roundtrip(&AnalysisProduced {
            event_id: "e".into(),
            blob_id: "b".into(),
            repository: "o/r".into(),
            path: "a.rs".into(),
            language: Some("rust".into()),
            analyzer_version: "1".into(),
            skipped: None,
            error_count: 0,
            lines: 3,
            code_lines: 2,
            comment_lines: 1,
            blank_lines: 0,
            symbols: vec![SymbolDefinition {
                kind: "function".into(),
                name: "f".into(),
                qualified_name: "f".into(),
                start_line: 1,
                end_line: 2,
                parent: None,
                signature: "fn f()".into(),
                doc: Some("Does f.".into()),
                complexity: 1,
                body_hash: Some("00ff".into()),
            }],
            imports: vec!["std::io".into()],
            calls: vec![CallSite {
                callee: "g".into(),
                line: 2,
                caller: Some(0),
                receiver: Some("self".into()),
                column: Some(5),
            }],
            bindings: vec![ImportBinding {
                name: "h".into(),
                module: "..pkg".into(),
                symbol: Some("helper".into()),
            }],
            locals: vec![TypedName {
                name: "repo".into(),
                type_name: "Repo".into(),
                scope: Some(0),
            }],
        });
        roundtrip(&EnrichmentProduced {
            event_id: "e".into(),
            repository: "o/r".into(),
            sha: "abc".into(),
            committed_at: 1,
            category: "fix".into(),
            summary: "Fixes it.".into(),
            risk: 20,
            risk_reasons: vec!["small".into()],
            model: "offline-classifier".into(),
            prompt_version: "offline-1".into(),
            offline: true,
            fallback_reason: Some("timeout".into()),
        });
        roundtrip(&DeadLetter {
            event_id: "e".into(),
            component: "c".into(),
            source_topic: "t".into(),
            source_partition: 0,
            source_offset: 7,
            key: None,
            payload: Some(vec![0, 1]),
            error: "bad".into(),
            failed_at: 9,
            payload_bytes: Some(2),
        });
    }
}
