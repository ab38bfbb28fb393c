//! The set of recently acknowledged delivery ids, bounded: the oldest is forgotten first.
//! This is the first line of deduplication; downstream, event ids derived from the delivery id
//! make a redelivery that slipped past it (after a restart) a no-op.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

/// A bounded set of delivery ids.
#[derive(Debug)]
pub struct RecentDeliveries {
    capacity: usize,
    inner: Mutex<(HashSet<String>, VecDeque<String>)>,
}

impl RecentDeliveries {
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

    /// Remembers `id` (after its write was acknowledged).
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
        let r = RecentDeliveries::new(2);
        r.insert("a");
        r.insert("b");
        r.insert("a");
        assert!(r.contains("a") && r.contains("b"));
        r.insert("c");
        assert!(!r.contains("a"));
        assert!(r.contains("b") && r.contains("c"));
    }
}
