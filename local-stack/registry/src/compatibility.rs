//! Compatibility levels and the Avro compatibility check, as Confluent defines them.

use apache_avro::schema_compatibility::SchemaCompatibility;
use apache_avro::Schema;
use std::fmt;
use std::str::FromStr;

/// A compatibility level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// No check.
    None,
    /// The new schema reads data written with the latest one.
    Backward,
    /// ... with every earlier one.
    BackwardTransitive,
    /// The latest schema reads data written with the new one.
    Forward,
    /// Every earlier schema reads data written with the new one.
    ForwardTransitive,
    /// Backward and forward against the latest.
    Full,
    /// Backward and forward against every earlier one.
    FullTransitive,
}

impl Level {
    /// Tributary's default: a replay reads every version ever written.
    pub const DEFAULT: Level = Level::BackwardTransitive;

    /// Whether the check runs against every earlier version, not only the latest.
    pub fn transitive(self) -> bool {
        matches!(
            self,
            Level::BackwardTransitive | Level::ForwardTransitive | Level::FullTransitive
        )
    }

    fn backward(self) -> bool {
        matches!(
            self,
            Level::Backward | Level::BackwardTransitive | Level::Full | Level::FullTransitive
        )
    }

    fn forward(self) -> bool {
        matches!(
            self,
            Level::Forward | Level::ForwardTransitive | Level::Full | Level::FullTransitive
        )
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::None => "NONE",
            Level::Backward => "BACKWARD",
            Level::BackwardTransitive => "BACKWARD_TRANSITIVE",
            Level::Forward => "FORWARD",
            Level::ForwardTransitive => "FORWARD_TRANSITIVE",
            Level::Full => "FULL",
            Level::FullTransitive => "FULL_TRANSITIVE",
        })
    }
}

/// Not a compatibility level.
#[derive(Debug, thiserror::Error)]
#[error("invalid compatibility level {0:?}")]
pub struct InvalidLevel(pub String);

impl FromStr for Level {
    type Err = InvalidLevel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_uppercase().as_str() {
            "NONE" => Level::None,
            "BACKWARD" => Level::Backward,
            "BACKWARD_TRANSITIVE" => Level::BackwardTransitive,
            "FORWARD" => Level::Forward,
            "FORWARD_TRANSITIVE" => Level::ForwardTransitive,
            "FULL" => Level::Full,
            "FULL_TRANSITIVE" => Level::FullTransitive,
            _ => return Err(InvalidLevel(s.to_string())),
        })
    }
}

/// Checks `candidate` against the `existing` versions (oldest first) at `level`. Returns the
/// reasons it is incompatible; empty means compatible.
pub fn check(level: Level, candidate: &Schema, existing: &[Schema]) -> Vec<String> {
    let against: &[Schema] = if level.transitive() {
        existing
    } else {
        existing.last().map(std::slice::from_ref).unwrap_or(&[])
    };
    let mut reasons = Vec::new();
    for (i, old) in against.iter().enumerate() {
        if level.backward() {
            if let Err(e) = SchemaCompatibility::can_read(old, candidate) {
                reasons.push(format!(
                    "the new schema cannot read data written with an earlier version ({}): {e}",
                    i + 1
                ));
            }
        }
        if level.forward() {
            if let Err(e) = SchemaCompatibility::can_read(candidate, old) {
                reasons.push(format!(
                    "an earlier version ({}) cannot read data written with the new schema: {e}",
                    i + 1
                ));
            }
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(json: &str) -> Schema {
        Schema::parse_str(json).expect("valid schema")
    }

    const V1: &str = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}"#;
    const V2_OPTIONAL: &str = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":["null","string"],"default":null}]}"#;
    const V2_REQUIRED: &str = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"string"}]}"#;
    const V3_DROP_A: &str = r#"{"type":"record","name":"R","fields":[{"name":"b","type":["null","string"],"default":null}]}"#;

    #[test]
    fn optional_field_is_backward_compatible() {
        assert!(check(Level::Backward, &s(V2_OPTIONAL), &[s(V1)]).is_empty());
        assert!(check(Level::Full, &s(V2_OPTIONAL), &[s(V1)]).is_empty());
    }

    #[test]
    fn required_field_without_default_is_refused() {
        assert!(!check(Level::Backward, &s(V2_REQUIRED), &[s(V1)]).is_empty());
        assert!(check(Level::None, &s(V2_REQUIRED), &[s(V1)]).is_empty());
        // Forward: old readers ignore the new field.
        assert!(check(Level::Forward, &s(V2_REQUIRED), &[s(V1)]).is_empty());
    }

    #[test]
    fn transitive_checks_every_version() {
        // V3 drops `a`; against V2 alone it reads fine backward (the reader ignores a), but
        // forward-transitive must fail since V1 readers need `a`.
        assert!(check(Level::Backward, &s(V3_DROP_A), &[s(V1), s(V2_OPTIONAL)]).is_empty());
        assert!(!check(
            Level::ForwardTransitive,
            &s(V3_DROP_A),
            &[s(V1), s(V2_OPTIONAL)]
        )
        .is_empty());
    }

    #[test]
    fn levels_parse_and_print() {
        for l in ["NONE", "BACKWARD", "backward_transitive", "FULL_TRANSITIVE"] {
            let level: Level = l.parse().expect("level");
            assert_eq!(level.to_string(), l.to_ascii_uppercase());
        }
        assert!("SIDEWAYS".parse::<Level>().is_err());
    }
}
