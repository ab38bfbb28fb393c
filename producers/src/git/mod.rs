//! The git producer: registered repositories become `commits` and `blobs` events.
//!
//! It offers the [`GitProducer`] (backfill, polling, and the sync the push fetcher,
//! `tributary_processors::fetcher`, runs for a pushed repository), its [`GitConfig`], the
//! [`SourceState`] it keeps, and [`redact_url`] for locations in logs. Inside:
//!
//! - `config`: mirrors folder, polling interval (the old commit logger's CHECK_INTERVAL), blob
//!   cap, fetch allow-list, credentials host, fetch bounds;
//! - `policy`: where a fetch may go and where credentials may be sent (pure);
//! - `walk`: reads commits, their changed files with line counts, and blobs, with libgit2 (no
//!   Kafka, no database: unit-testable);
//! - `state`: the registered repositories and the ref tips already emitted (PostgreSQL, schema
//!   `sources`);
//! - `producer`: backfill (the whole history) and polling (what is new since the stored tips).
//!
//! Re-running a backfill re-emits the same events with the same ids: downstream, nothing changes.

mod config;
mod policy;
mod producer;
mod state;
mod walk;

pub use config::{redact_url, GitConfig};
pub use policy::PolicyError;
pub use producer::{GitProducer, SyncError, SyncReport};
pub use state::{RegisteredRepository, SourceState, StateError};
pub use walk::{WalkError, MAX_COMMIT_EVENT_BYTES};
