//! Why a record could not be processed (a processor) or applied (a projection): the one error
//! both consume loops classify. Poison is dead-lettered at once and the stream moves on;
//! a transient failure is retried with backoff within the retry bound, then dead-lettered with
//! the attempts and the last error.
//!
//! The error keeps its cause as its [`std::error::Error::source`], and its reason (the text a
//! dead letter, a log line or the health report carries) as a string.
//!
//! With the `postgres`, `graph` and `codec` features, errors of PostgreSQL (`sqlx`), the graph
//! server (`neo4rs`) and the event codec convert with `?`, classified as transient or poison.

/// A boxed error, the cause of a [`RecordError`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a record could not be processed or applied.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The record itself is bad: it goes to the dead-letter topic and the stream moves on.
    #[error("poison record: {reason}")]
    Poison {
        /// Why, as the dead letter says it.
        reason: String,
        /// The error that showed it, when there is one.
        #[source]
        source: Option<BoxError>,
    },
    /// A dependency failed: the record is retried with backoff within the retry bound, then
    /// dead-lettered with the reason.
    #[error("transient failure: {reason}")]
    Transient {
        /// What failed.
        reason: String,
        /// The error that failed, when there is one.
        #[source]
        source: Option<BoxError>,
    },
}

impl RecordError {
    /// Poison, for `reason`.
    pub fn poison(reason: impl Into<String>) -> Self {
        Self::Poison {
            reason: reason.into(),
            source: None,
        }
    }

    /// Poison, shown by `error` (its text is the reason).
    pub fn poison_from<E: std::error::Error + Send + Sync + 'static>(error: E) -> Self {
        Self::Poison {
            reason: error.to_string(),
            source: Some(Box::new(error)),
        }
    }

    /// A transient failure, for `reason`.
    pub fn transient(reason: impl Into<String>) -> Self {
        Self::Transient {
            reason: reason.into(),
            source: None,
        }
    }

    /// A transient failure of `error` (its text is the reason).
    pub fn transient_from<E: std::error::Error + Send + Sync + 'static>(error: E) -> Self {
        Self::Transient {
            reason: error.to_string(),
            source: Some(Box::new(error)),
        }
    }

    /// The same error, caused by `error` (its source), the reason unchanged.
    pub fn because<E: std::error::Error + Send + Sync + 'static>(mut self, error: E) -> Self {
        match &mut self {
            Self::Poison { source, .. } | Self::Transient { source, .. } => {
                *source = Some(Box::new(error));
            }
        }
        self
    }

    /// Transient when `transient`, else poison, of `error`.
    pub fn classified<E: std::error::Error + Send + Sync + 'static>(
        error: E,
        transient: bool,
    ) -> Self {
        if transient {
            Self::transient_from(error)
        } else {
            Self::poison_from(error)
        }
    }

    /// Whether retrying later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Transient { .. })
    }

    /// The reason, without the kind: what a dead letter records.
    pub fn reason(&self) -> &str {
        match self {
            Self::Poison { reason, .. } | Self::Transient { reason, .. } => reason,
        }
    }
}

/// Whether a PostgreSQL error is worth retrying: connection loss, pool exhaustion, serialization
/// failures and deadlocks, server shutdown, resource exhaustion.
#[cfg(feature = "postgres")]
pub fn is_transient_postgres(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            ["08", "40", "53", "57", "58"]
                .iter()
                .any(|p| c.starts_with(p))
        }),
        _ => false,
    }
}

#[cfg(feature = "postgres")]
impl From<sqlx::Error> for RecordError {
    fn from(e: sqlx::Error) -> Self {
        let transient = is_transient_postgres(&e);
        Self::classified(e, transient)
    }
}

/// Whether a graph error is worth retrying: the server or the connection is away, or the
/// server itself failed or reports a transient condition (conflicts, deadlocks).
#[cfg(feature = "graph")]
pub fn is_transient_graph(e: &neo4rs::Error) -> bool {
    use neo4rs::{Error as E, Neo4jErrorKind as K};
    match e {
        E::Neo4j(n) => matches!(n.kind(), K::Transient | K::Database | K::Unknown),
        E::IOError { .. }
        | E::ConnectionError
        | E::ConnectionTimedOut
        | E::IncompleteBoltExchange
        | E::RequestIgnoredError
        | E::Ignored(_)
        | E::ServerUnavailableError(_)
        | E::AuthenticationError(_)
        | E::UnsupportedVersion(..)
        | E::ProtocolMismatch(_) => true,
        _ => false,
    }
}

#[cfg(feature = "graph")]
impl From<neo4rs::Error> for RecordError {
    fn from(e: neo4rs::Error) -> Self {
        let transient = is_transient_graph(&e);
        Self::classified(e, transient)
    }
}

/// A codec error is transient when the registry may answer later, else the record is poison.
#[cfg(feature = "codec")]
impl From<tributary_schemas::CodecError> for RecordError {
    fn from(e: tributary_schemas::CodecError) -> Self {
        let transient = e.is_retriable();
        Self::classified(e, transient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[derive(Debug, thiserror::Error)]
    #[error("connection reset")]
    struct Reset;

    #[test]
    fn the_reason_is_the_cause_text_and_the_cause_stays_the_source() {
        let e = RecordError::transient_from(Reset);
        assert!(e.is_transient());
        assert_eq!(e.reason(), "connection reset");
        assert_eq!(e.to_string(), "transient failure: connection reset");
        assert_eq!(
            e.source().map(ToString::to_string).as_deref(),
            Some("connection reset")
        );
        let p = RecordError::poison("record has no value");
        assert!(!p.is_transient() && p.source().is_none());
        assert_eq!(p.to_string(), "poison record: record has no value");
        assert!(!RecordError::classified(Reset, false).is_transient());
        let caused = RecordError::poison("stored analysis of b1: connection reset").because(Reset);
        assert_eq!(caused.reason(), "stored analysis of b1: connection reset");
        assert!(caused.source().is_some());
    }
}
