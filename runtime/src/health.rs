//! A component's health: `ok`, or `degraded` with the reason, while a dependency is failing and
//! the component is retrying.

use serde::Serialize;
use std::sync::{Arc, RwLock};

/// The state one component reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HealthReport {
    /// The component's name.
    pub component: String,
    /// `ok` or `degraded`.
    pub status: &'static str,
    /// Why it is degraded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Shared, cheap to clone health state of one component.
#[derive(Debug, Clone)]
pub struct Health {
    component: Arc<str>,
    degraded: Arc<RwLock<Option<String>>>,
}

impl Health {
    /// A healthy component.
    pub fn new(component: &str) -> Self {
        Self {
            component: component.into(),
            degraded: Arc::new(RwLock::new(None)),
        }
    }

    /// Marks it degraded, with the reason (no secrets: it is served over HTTP).
    pub fn degraded(&self, reason: impl Into<String>) {
        if let Ok(mut d) = self.degraded.write() {
            *d = Some(reason.into());
        }
    }

    /// Marks it healthy again.
    pub fn ok(&self) {
        if let Ok(mut d) = self.degraded.write() {
            *d = None;
        }
    }

    /// The current report.
    pub fn report(&self) -> HealthReport {
        let reason = self.degraded.read().ok().and_then(|d| d.clone());
        HealthReport {
            component: self.component.to_string(),
            status: if reason.is_some() { "degraded" } else { "ok" },
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrade_and_recover() {
        let h = Health::new("x");
        assert_eq!(h.report().status, "ok");
        h.clone().degraded("db down");
        assert_eq!(h.report().status, "degraded");
        assert_eq!(h.report().reason.as_deref(), Some("db down"));
        h.ok();
        assert_eq!(h.report().status, "ok");
    }
}
