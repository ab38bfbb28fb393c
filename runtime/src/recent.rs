//! A bounded set of recently seen ids (a [`moka`] cache with least-recently-used eviction): past
//! its capacity the id used least recently is forgotten first. Components use it as a cache to
//! skip repeats (ingest's delivery ids, the analyzer's blob ids); it is never the only line of
//! deduplication, since deterministic event ids make a repeat that slipped past it (after a
//! restart, or an eviction) a no-op downstream.

use moka::policy::EvictionPolicy;
use moka::sync::Cache;

/// A bounded set of ids.
pub struct RecentSet {
    ids: Cache<String, ()>,
}

impl std::fmt::Debug for RecentSet {
    // Not the ids: there may be many.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecentSet")
            .field("capacity", &self.ids.policy().max_capacity())
            .field("len", &self.ids.entry_count())
            .finish()
    }
}

impl RecentSet {
    /// Remembers up to `capacity` ids (at least one).
    pub fn new(capacity: usize) -> Self {
        let capacity = u64::try_from(capacity.max(1)).unwrap_or(u64::MAX);
        Self {
            ids: Cache::builder()
                .max_capacity(capacity)
                .eviction_policy(EvictionPolicy::lru())
                .build(),
        }
    }

    /// Whether `id` was acknowledged recently.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// Remembers `id` (once its effect is done: marking earlier could skip work never done).
    pub fn insert(&self, id: &str) {
        self.ids.insert(id.to_string(), ());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_the_least_recently_used_beyond_capacity() {
        let r = RecentSet::new(2);
        r.insert("a");
        r.insert("b");
        // Inserting `a` again makes it the most recently used.
        r.insert("a");
        assert!(r.contains("a") && r.contains("b"));
        r.insert("c");
        // Eviction runs in the cache's housekeeping: run it now.
        r.ids.run_pending_tasks();
        assert!(!r.contains("b"), "{r:?}");
        assert!(r.contains("a") && r.contains("c"));
        assert_eq!(r.ids.entry_count(), 2);
    }
}
