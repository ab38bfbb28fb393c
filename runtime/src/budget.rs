//! The one size budget: how large a record may be, end to end.
//!
//! Every size bound of the pipeline is this budget or is checked against it at start:
//!
//! | bound | default | variable |
//! |---|---|---|
//! | one record on any topic (producer `message.max.bytes`, topic `max.message.bytes`, consumer `fetch.message.max.bytes`) | 4 MiB | `TRIBUTARY_MAX_MESSAGE_BYTES` |
//! | a webhook body at ingest (stored zstd-compressed above 64 KiB; one that still does not fit a record: 413) | 25 MiB (GitHub sends at most 25 MB) | `TRIBUTARY_INGEST_MAX_BODY` |
//! | a push event's list of commits | cut to 1 MiB of messages and paths (`commits_total` says how many) | — |
//! | a blob's content in a `blobs` event | 1 MiB (larger: size only, content skipped) | `TRIBUTARY_MAX_BLOB_BYTES` |
//! | a commit's list of changed files | 10,000 entries (the rest counted) | `TRIBUTARY_MAX_COMMIT_FILES` |
//! | a dead letter's copy of the record | the budget less [`ENVELOPE_BYTES`] (cut, marked) | — |
//! | a consumer's micro-batch (processors and projections) | 64 MiB of payloads (and its record count) | — ([`crate::kafka::MAX_BATCH_BYTES`]) |
//!
//! A bound that does not fit in the budget (a body cap larger than the budget less the
//! envelope, say) refuses the component's start with a message naming both variables.

/// The default record budget: 4 MiB.
///
/// Measured on the local broker: tansu 0.6.0 answers a fetch with at most 5 MiB
/// (`DEFAULT_MAX_BYTES` in its fetch service, whatever the client asks) and stops before the
/// record that would reach it, so a record of 5 MiB or more is stored and acknowledged but never
/// returned to a consumer: 4 MiB records came back whole, 8 MiB ones never did (the consumer
/// fetched the same empty answer every 500 ms). 4 MiB leaves a margin under that. Apache Kafka
/// takes what the topic's `max.message.bytes` says (set from this budget when Tributary creates
/// the topics): raise the budget there if records need it. GitHub's largest webhooks (25 MB)
/// fit because ingest stores large bodies compressed (`tributary_schemas::body`).
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

/// Room kept for what wraps a payload in a record: Avro fields, headers, the key, the
/// registry's 5-byte prefix and the Kafka record overhead.
pub const ENVELOPE_BYTES: usize = 64 * 1024;

/// A size bound that does not fit in the record budget.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} ({value} bytes, {variable}) does not fit in the record budget of {budget} bytes \
     (TRIBUTARY_MAX_MESSAGE_BYTES) less {envelope} bytes of envelope: lower it or raise the budget"
)]
pub struct OverBudget {
    /// What the bound is.
    pub what: &'static str,
    /// Its variable.
    pub variable: &'static str,
    /// Its value.
    pub value: usize,
    /// The record budget.
    pub budget: usize,
    /// The envelope kept.
    pub envelope: usize,
}

/// The largest payload that fits in one record of `budget` bytes with its envelope.
pub fn payload_room(budget: usize) -> usize {
    budget.saturating_sub(ENVELOPE_BYTES)
}

/// Checks that a payload bound fits in one record of `budget` bytes with its envelope.
pub fn check(
    what: &'static str,
    variable: &'static str,
    value: usize,
    budget: usize,
) -> Result<(), OverBudget> {
    if value <= payload_room(budget) {
        Ok(())
    } else {
        Err(OverBudget {
            what,
            variable,
            value,
            budget,
            envelope: ENVELOPE_BYTES,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_caps_fit_the_default_budget_and_a_larger_one_is_named() {
        assert!(check("blob", "V", 1024 * 1024, DEFAULT_MAX_MESSAGE_BYTES).is_ok());
        let over = check("body", "V", 5 * 1024 * 1024, DEFAULT_MAX_MESSAGE_BYTES);
        let message = over.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("TRIBUTARY_MAX_MESSAGE_BYTES") && message.contains("V"));
    }
}
