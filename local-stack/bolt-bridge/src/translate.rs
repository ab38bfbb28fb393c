//! What differs between Bolt 4.4 and Bolt 5.x, as pure functions over PackStream values.
//!
//! - Login: from 5.1 the credentials leave `HELLO` for a separate `LOGON` message; from 5.3
//!   `HELLO` must carry a `bolt_agent` map.
//! - Graph values: 5.x adds element-id fields to nodes (1), relationships (3) and unbound
//!   relationships (1); a 4.4 driver expects the 4.4 field counts.
//! - Date-times with an offset: 4.4 sends local seconds (`F`, `f`), 5.x sends UTC seconds (`I`,
//!   `i`). Zone-named values are converted only for UTC zones, the only ones whose offset needs
//!   no time-zone database; others pass unchanged.

use crate::packstream::Value;

/// Message signatures the bridge looks at.
pub mod tag {
    /// Client: open a connection (with credentials in 4.x).
    pub const HELLO: u8 = 0x01;
    /// Client (5.1+): authenticate.
    pub const LOGON: u8 = 0x6A;
    /// Server: success summary.
    pub const SUCCESS: u8 = 0x70;
    /// Server: failure summary.
    pub const FAILURE: u8 = 0x7F;
}

const NODE: u8 = 0x4E;
const RELATIONSHIP: u8 = 0x52;
const UNBOUND_RELATIONSHIP: u8 = 0x72;
const DATETIME_V4: u8 = 0x46;
const DATETIME_ZONE_V4: u8 = 0x66;
const DATETIME_V5: u8 = 0x49;
const DATETIME_ZONE_V5: u8 = 0x69;

const AUTH_KEYS: [&str; 5] = ["scheme", "principal", "credentials", "realm", "parameters"];

/// A Bolt 4.4 `HELLO` turned into what a 5.`minor` server expects.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitHello {
    /// The `HELLO` metadata for the server.
    pub hello: Vec<(String, Value)>,
    /// The `LOGON` auth map, from 5.1 on.
    pub logon: Option<Vec<(String, Value)>>,
}

/// Splits a 4.4 `HELLO` metadata map for a 5.`minor` server.
pub fn split_hello(extra: Vec<(String, Value)>, minor: u8) -> SplitHello {
    let (mut hello, auth): (Vec<_>, Vec<_>) = if minor == 0 {
        (extra, Vec::new())
    } else {
        extra
            .into_iter()
            .partition(|(k, _)| !AUTH_KEYS.contains(&k.as_str()))
    };
    if minor >= 3 && !hello.iter().any(|(k, _)| k == "bolt_agent") {
        let product = match hello.iter().find(|(k, _)| k == "user_agent") {
            Some((_, Value::String(agent))) => format!("{agent} via tributary-bolt-bridge"),
            _ => "tributary-bolt-bridge".to_string(),
        };
        hello.push((
            "bolt_agent".into(),
            Value::Map(vec![("product".into(), Value::String(product))]),
        ));
    }
    SplitHello {
        hello,
        logon: (minor >= 1).then_some(auth),
    }
}

fn is_utc_zone(zone: &Value) -> bool {
    matches!(zone, Value::String(z) if matches!(z.as_str(), "UTC" | "Z" | "Etc/UTC" | "GMT" | "Etc/GMT" | "Etc/Universal" | "Universal" | "Zulu"))
}

/// Rewrites a value a 4.4 client sent into its 5.x form (parameters of `RUN` and `BEGIN`).
pub fn to_v5(value: Value) -> Value {
    match value {
        Value::Struct { tag, fields } => {
            let mut fields: Vec<Value> = fields.into_iter().map(to_v5).collect();
            match (tag, fields.as_slice()) {
                (DATETIME_V4, [Value::Int(local), _, Value::Int(offset)]) => {
                    fields[0] = Value::Int(local.saturating_sub(*offset));
                    Value::Struct {
                        tag: DATETIME_V5,
                        fields,
                    }
                }
                (DATETIME_ZONE_V4, [_, _, zone]) if is_utc_zone(zone) => Value::Struct {
                    tag: DATETIME_ZONE_V5,
                    fields,
                },
                _ => Value::Struct { tag, fields },
            }
        }
        Value::List(items) => Value::List(items.into_iter().map(to_v5).collect()),
        Value::Map(entries) => {
            Value::Map(entries.into_iter().map(|(k, v)| (k, to_v5(v))).collect())
        }
        other => other,
    }
}

/// Rewrites a value a 5.x server sent into its 4.4 form (fields of `RECORD` and summaries).
pub fn to_v4(value: Value) -> Value {
    match value {
        Value::Struct { tag, fields } => {
            let mut fields: Vec<Value> = fields.into_iter().map(to_v4).collect();
            match tag {
                NODE => fields.truncate(3),
                RELATIONSHIP => fields.truncate(5),
                UNBOUND_RELATIONSHIP => fields.truncate(3),
                DATETIME_V5 => {
                    if let [Value::Int(utc), _, Value::Int(offset)] = fields.as_slice() {
                        fields[0] = Value::Int(utc.saturating_add(*offset));
                        return Value::Struct {
                            tag: DATETIME_V4,
                            fields,
                        };
                    }
                }
                DATETIME_ZONE_V5 if fields.len() == 3 && is_utc_zone(&fields[2]) => {
                    return Value::Struct {
                        tag: DATETIME_ZONE_V4,
                        fields,
                    };
                }
                _ => {}
            }
            Value::Struct { tag, fields }
        }
        Value::List(items) => Value::List(items.into_iter().map(to_v4).collect()),
        Value::Map(entries) => {
            Value::Map(entries.into_iter().map(|(k, v)| (k, to_v4(v))).collect())
        }
        other => other,
    }
}

/// Applies `f` to the fields of a message, never to the message's own signature (`ROUTE` shares
/// its signature byte with a zoned date-time).
pub fn map_fields(message: Value, f: fn(Value) -> Value) -> Value {
    match message {
        Value::Struct { tag, fields } => Value::Struct {
            tag,
            fields: fields.into_iter().map(f).collect(),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }

    fn neo4rs_hello() -> Vec<(String, Value)> {
        vec![
            ("user_agent".into(), s("neo4rs")),
            ("scheme".into(), s("basic")),
            ("principal".into(), s("neo4j")),
            ("credentials".into(), s("secret")),
        ]
    }

    #[test]
    fn login_moves_to_logon_from_5_1() {
        let split = split_hello(neo4rs_hello(), 1);
        assert_eq!(split.hello, vec![("user_agent".to_string(), s("neo4rs"))]);
        let logon = split.logon.expect("5.1 has LOGON");
        assert_eq!(logon.len(), 3);
        assert!(logon.contains(&("credentials".to_string(), s("secret"))));
    }

    #[test]
    fn bolt_5_0_keeps_the_credentials_in_hello() {
        let split = split_hello(neo4rs_hello(), 0);
        assert_eq!(split.hello, neo4rs_hello());
        assert_eq!(split.logon, None);
    }

    #[test]
    fn bolt_5_3_gets_a_bolt_agent() {
        let split = split_hello(neo4rs_hello(), 4);
        let agent = split
            .hello
            .iter()
            .find(|(k, _)| k == "bolt_agent")
            .map(|(_, v)| v.clone())
            .expect("bolt_agent added");
        assert_eq!(
            agent.get("product"),
            Some(&s("neo4rs via tributary-bolt-bridge"))
        );
        assert!(!split.hello.iter().any(|(k, _)| k == "credentials"));
    }

    #[test]
    fn graph_values_lose_their_element_ids() {
        let node = |id| Value::Struct {
            tag: NODE,
            fields: vec![
                Value::Int(id),
                Value::List(vec![s("File")]),
                Value::Map(vec![]),
                s("4:x:1"),
            ],
        };
        let rel = Value::Struct {
            tag: RELATIONSHIP,
            fields: vec![
                Value::Int(9),
                Value::Int(1),
                Value::Int(2),
                s("CALLS"),
                Value::Map(vec![]),
                s("5:x:9"),
                s("4:x:1"),
                s("4:x:2"),
            ],
        };
        let unbound = Value::Struct {
            tag: UNBOUND_RELATIONSHIP,
            fields: vec![Value::Int(9), s("CALLS"), Value::Map(vec![]), s("5:x:9")],
        };
        let path = Value::Struct {
            tag: 0x50,
            fields: vec![
                Value::List(vec![node(1), node(2)]),
                Value::List(vec![unbound]),
                Value::List(vec![Value::Int(1), Value::Int(1)]),
            ],
        };
        let record = Value::Struct {
            tag: 0x71,
            fields: vec![Value::List(vec![node(1), rel, path])],
        };
        let Value::Struct { fields, .. } = map_fields(record, to_v4) else {
            panic!("still a struct")
        };
        let Value::List(row) = &fields[0] else {
            panic!("row")
        };
        let field_count = |v: &Value| match v {
            Value::Struct { fields, .. } => fields.len(),
            _ => 0,
        };
        assert_eq!(field_count(&row[0]), 3);
        assert_eq!(field_count(&row[1]), 5);
        let Value::Struct { fields: path, .. } = &row[2] else {
            panic!("path")
        };
        let (Value::List(nodes), Value::List(rels)) = (&path[0], &path[1]) else {
            panic!("path lists")
        };
        assert!(nodes.iter().all(|n| field_count(n) == 3));
        assert_eq!(field_count(&rels[0]), 3);
    }

    #[test]
    fn datetimes_switch_between_local_and_utc_seconds() {
        // 2024-01-01T12:00:00+02:00 is 10:00 UTC.
        let utc = 1_704_110_400;
        let v4 = Value::Struct {
            tag: DATETIME_V4,
            fields: vec![Value::Int(utc + 7200), Value::Int(5), Value::Int(7200)],
        };
        let v5 = Value::Struct {
            tag: DATETIME_V5,
            fields: vec![Value::Int(utc), Value::Int(5), Value::Int(7200)],
        };
        assert_eq!(to_v5(v4.clone()), v5);
        assert_eq!(to_v4(v5), v4);
        let zoned = |tag| Value::Struct {
            tag,
            fields: vec![Value::Int(utc), Value::Int(0), s("UTC")],
        };
        assert_eq!(to_v5(zoned(DATETIME_ZONE_V4)), zoned(DATETIME_ZONE_V5));
        assert_eq!(to_v4(zoned(DATETIME_ZONE_V5)), zoned(DATETIME_ZONE_V4));
        // A named non-UTC zone would need a time-zone database: left as it is.
        let paris = Value::Struct {
            tag: DATETIME_ZONE_V5,
            fields: vec![Value::Int(utc), Value::Int(0), s("Europe/Paris")],
        };
        assert_eq!(to_v4(paris.clone()), paris);
    }

    #[test]
    fn route_messages_keep_their_signature() {
        let route = Value::Struct {
            tag: DATETIME_ZONE_V4,
            fields: vec![Value::Map(vec![]), Value::List(vec![]), Value::Null],
        };
        assert_eq!(map_fields(route.clone(), to_v5), route);
    }
}
