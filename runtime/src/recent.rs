//! A bounded set of recently seen ids: the oldest is forgotten first. Components use it as a
//! cache to skip repeats (ingest's delivery ids, the analyzer's blob ids); it is never the only
//! line of deduplication, since deterministic event ids make a repeat that slipped past it
//! (after a restart) a no-op downstream.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

/// A bounded set of ids.
#[derive(Debug)]
pub struct RecentSet {
    capacity: usize,
    inner: Mutex<(HashSet<String>, VecDeque<String>)>,
}

impl RecentSet {
    /// Remembers up to `capacity` ids.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            inner: Mutex::new((HashSet::new(), VecDeque::new())),
        }
    }

    /// Whether `id` was acknowledged recently.
    pub fn contains(&self, id: &str) -> bool {
        self.inner.lock().map(|g| g.0.contains(id)).unwrap_or(false)
    }

    /// Remembers `id` (once its effect is done: marking earlier could skip work never done).
    pub fn insert(&self, id: &str) {
        let Ok(mut g) = self.inner.lock() else { return };
        let (set, order) = &mut *g;
        if set.insert(id.to_string()) {
            order.push_back(id.to_string());
            while order.len() > self.capacity {
                if let Some(old) = order.pop_front() {
                    set.remove(&old);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_oldest_beyond_capacity() {
        let r = RecentSet::new(2);
        r.insert("a");
        r.insert("b");
        r.insert("a");
        assert!(r.contains("a") && r.contains("b"));
        r.insert("c");
        assert!(!r.contains("a"));
        assert!(r.contains("b") && r.contains("c"));
    }
}
