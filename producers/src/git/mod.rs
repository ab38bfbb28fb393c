//! The git producer: registered repositories become `commits` and `blobs` events.
//!
//! - [`config`]: mirrors folder, polling interval (the old commit logger's CHECK_INTERVAL), blob cap,
//!   fetch allow-list, credentials host, fetch bounds;
//! - [`policy`]: where a fetch may go and where credentials may be sent (pure);
//! - [`walk`]: reads commits, their changed files with line counts, and blobs, with libgit2
//!   (no Kafka, no database: unit-testable);
//! - [`state`]: the registered repositories and the ref tips already emitted (PostgreSQL, schema `sources`);
//! - [`producer`]: backfill (the whole history) and polling (what is new since the stored tips);
//! - [`fetcher`]: the same sync, triggered by `pushes` events (webhooks) instead of a timer.
//!
//! Re-running a backfill re-emits the same events with the same ids: downstream, nothing changes.

pub mod config;
pub mod fetcher;
pub mod policy;
pub mod producer;
pub mod state;
pub mod walk;

pub use config::GitConfig;
pub use fetcher::PushFetcher;
pub use producer::{GitProducer, SyncReport};
pub use state::RegisteredRepository;
