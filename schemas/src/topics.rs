//! Topic names. Every name is `<prefix>.<topic>.v1`; the prefix is `tributary` in production and
//! unique per test run, so tests can share one broker without seeing each other's records.

/// The topic names of one deployment (one prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topics {
    prefix: String,
}

/// How a topic's old records are cleaned up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// Kept forever: the source of truth.
    Forever,
    /// Only the latest record per key is kept.
    Compacted,
    /// Deleted after this many days.
    Days(u32),
}

impl Default for Topics {
    fn default() -> Self {
        Self::new("tributary")
    }
}

impl Topics {
    /// Topics under `prefix` (`tributary` in production).
    pub fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
        }
    }

    fn name(&self, topic: &str) -> String {
        format!("{}.{}.v1", self.prefix, topic)
    }

    /// Raw webhooks, keyed by delivery id.
    pub fn webhooks_raw(&self) -> String {
        self.name("webhooks.raw")
    }
    /// Normalized repository activity, keyed by repository.
    pub fn activity(&self) -> String {
        self.name("activity")
    }
    /// Pushes, keyed by repository.
    pub fn pushes(&self) -> String {
        self.name("pushes")
    }
    /// Commits, keyed by repository.
    pub fn commits(&self) -> String {
        self.name("commits")
    }
    /// File contents, keyed by blob id.
    pub fn blobs(&self) -> String {
        self.name("blobs")
    }
    /// AST analyses, keyed by blob id.
    pub fn analysis(&self) -> String {
        self.name("analysis")
    }
    /// Commit enrichments, keyed by commit sha.
    pub fn enrichment(&self) -> String {
        self.name("enrichment")
    }
    /// Dead letters, keyed by source topic.
    pub fn dlq(&self) -> String {
        self.name("dlq")
    }

    /// Every topic with its retention, in the order they are created.
    pub fn all(&self) -> Vec<(String, Retention)> {
        vec![
            (self.webhooks_raw(), Retention::Forever),
            (self.activity(), Retention::Forever),
            (self.pushes(), Retention::Forever),
            (self.commits(), Retention::Forever),
            (self.blobs(), Retention::Compacted),
            (self.analysis(), Retention::Compacted),
            (self.enrichment(), Retention::Forever),
            (self.dlq(), Retention::Days(30)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_prefix_and_version() {
        let t = Topics::new("t1");
        assert_eq!(t.commits(), "t1.commits.v1");
        assert_eq!(
            Topics::default().webhooks_raw(),
            "tributary.webhooks.raw.v1"
        );
        assert_eq!(t.all().len(), 8);
    }
}
