//! A component's health: `ok`, or `degraded` with the reason, while a dependency is failing and
//! the component is retrying, or while a standing condition holds that the component cannot
//! clear on its own (a projection whose stored offsets are beyond the end of the log).

use serde::Serialize;
use std::collections::BTreeMap;
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
    conditions: Arc<RwLock<BTreeMap<String, String>>>,
}

impl Health {
    /// A healthy component.
    pub fn new(component: &str) -> Self {
        Self {
            component: component.into(),
            degraded: Arc::new(RwLock::new(None)),
            conditions: Arc::new(RwLock::new(BTreeMap::new())),
        }
    }

    /// Marks it degraded, with the reason (no secrets: it is served over HTTP).
    pub fn degraded(&self, reason: impl Into<String>) {
        if let Ok(mut d) = self.degraded.write() {
            *d = Some(reason.into());
        }
    }

    /// Marks it healthy again (the passing failure is over; standing conditions stay).
    pub fn ok(&self) {
        if let Ok(mut d) = self.degraded.write() {
            *d = None;
        }
    }

    /// Sets (`Some(reason)`) or clears (`None`) the standing condition `key`. Unlike
    /// [`Health::degraded`], a condition survives [`Health::ok`]: it is cleared only by its own
    /// key, by whoever saw it end. The report is degraded while any condition holds.
    pub fn condition(&self, key: &str, reason: Option<String>) {
        if let Ok(mut c) = self.conditions.write() {
            match reason {
                Some(reason) => {
                    c.insert(key.to_string(), reason);
                }
                None => {
                    c.remove(key);
                }
            }
        }
    }

    /// The current report: every standing condition, then the passing failure, `; `-joined.
    pub fn report(&self) -> HealthReport {
        let mut reasons: Vec<String> = self
            .conditions
            .read()
            .map(|c| c.values().cloned().collect())
            .unwrap_or_default();
        if let Some(passing) = self.degraded.read().ok().and_then(|d| d.clone()) {
            reasons.push(passing);
        }
        let reason = (!reasons.is_empty()).then(|| reasons.join("; "));
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

    #[test]
    fn a_condition_outlives_ok_until_cleared() {
        let h = Health::new("x");
        h.condition("offsets-ahead", Some("t/0 stored 9 > high 2".into()));
        h.degraded("retrying");
        h.ok();
        let report = h.report();
        assert_eq!(report.status, "degraded");
        assert_eq!(report.reason.as_deref(), Some("t/0 stored 9 > high 2"));
        h.degraded("db down");
        assert_eq!(
            h.report().reason.as_deref(),
            Some("t/0 stored 9 > high 2; db down")
        );
        h.ok();
        h.condition("offsets-ahead", None);
        assert_eq!(h.report().status, "ok");
    }
}
