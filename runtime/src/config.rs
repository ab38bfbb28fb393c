//! Connection settings shared by every component, as `clap` argument groups that also read the
//! environment, so a component's command line is the union of the groups it needs.

use clap::Args;
use secrecy::SecretString;
use std::ffi::OsStr;
use tributary_schemas::Topics;

/// The fewest bytes a shared secret (the webhook signature secret, a JWT HMAC secret) may have:
/// the size of an HMAC-SHA256 output. A shorter secret can be guessed offline from one signed
/// message.
pub const MIN_SECRET_BYTES: usize = 32;

/// Why a configured secret is refused at start-up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakSecret {
    /// Empty or unset.
    #[error(
        "{variable} is empty: set it to a random secret of at least {MIN_SECRET_BYTES} bytes \
         (e.g. `openssl rand -hex 32`)"
    )]
    Empty {
        /// The environment variable that holds it.
        variable: &'static str,
    },
    /// Shorter than [`MIN_SECRET_BYTES`].
    #[error(
        "{variable} is {len} bytes long: it must be at least {MIN_SECRET_BYTES} bytes \
         (e.g. `openssl rand -hex 32`)"
    )]
    Short {
        /// The environment variable that holds it.
        variable: &'static str,
        /// Its length (never its value).
        len: usize,
    },
}

/// `value` as a secret, if it is long enough to be one; `variable` names it in the refusal.
pub fn strong_secret(variable: &'static str, value: &str) -> Result<SecretString, WeakSecret> {
    match value.len() {
        0 => Err(WeakSecret::Empty { variable }),
        len if len < MIN_SECRET_BYTES => Err(WeakSecret::Short { variable, len }),
        _ => Ok(SecretString::from(value)),
    }
}

/// A `clap` value parser of a shared secret: refuses an empty or short one with a message
/// naming its variable and the minimum, and never echoes the value (clap's own parsers print
/// the refused value).
#[derive(Debug, Clone, Copy)]
pub struct SecretParser {
    variable: &'static str,
}

impl SecretParser {
    /// The parser of the secret read from `variable` (or its flag).
    pub const fn new(variable: &'static str) -> Self {
        Self { variable }
    }
}

impl clap::builder::TypedValueParser for SecretParser {
    type Value = SecretString;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<SecretString, clap::Error> {
        let refuse = |message: String| {
            tracing::error!(variable = self.variable, "{message}");
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("{message}\n"),
            )
            .with_cmd(cmd)
        };
        let value = value
            .to_str()
            .ok_or_else(|| refuse(format!("{} is not UTF-8", self.variable)))?;
        strong_secret(self.variable, value).map_err(|e| refuse(e.to_string()))
    }
}

/// `url` with its password (or token) replaced by `***`: the user info of the authority, a
/// `password=` query parameter, and the user of git's scp-like `user@host:path`, for `Debug`,
/// logs and errors.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return match url.split_once('@') {
            Some((user, host)) if !user.is_empty() && !user.contains('/') => {
                format!("***@{host}")
            }
            _ => url.to_string(),
        };
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("***@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => pair.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// Where the Kafka-protocol broker is and which topics to use.
#[derive(Debug, Clone, Args)]
pub struct KafkaArgs {
    /// Bootstrap servers, comma separated.
    #[arg(
        long = "brokers",
        env = "TRIBUTARY_BROKERS",
        default_value = "127.0.0.1:9092"
    )]
    pub brokers: String,
    /// Topic prefix: topics are `<prefix>.<name>.v1`.
    #[arg(
        long = "topic-prefix",
        env = "TRIBUTARY_TOPIC_PREFIX",
        default_value = "tributary"
    )]
    pub topic_prefix: String,
    /// Idempotent producers (`enable.idempotence`). Keep it on against Apache Kafka. The local
    /// tansu 0.6.0 broker crashes its storage when an idempotent producer comes back after the
    /// broker was killed (see DESIGN.md), so the local stack turns it off; every downstream
    /// effect is idempotent by event id, so a retried record stored twice changes nothing.
    #[arg(
        long = "kafka-idempotence",
        env = "TRIBUTARY_KAFKA_IDEMPOTENCE",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    pub idempotence: bool,
    /// This instance's identity in its consumer groups (static membership): give each running
    /// instance of a processor its own (a StatefulSet ordinal, say), and keep it across
    /// restarts. Two live instances with the same identity fence each other.
    #[arg(
        long = "instance-id",
        env = "TRIBUTARY_INSTANCE_ID",
        default_value = "0"
    )]
    pub instance_id: String,
    /// More librdkafka producer settings, `KEY=VALUE,KEY=VALUE`, applied over Tributary's
    /// defaults: `linger.ms`, `batch.num.messages`, `max.in.flight.requests.per.connection`,
    /// `compression.type`, ... Settings that carry a delivery guarantee or have a flag of their
    /// own are refused: see [`ProducerOption`].
    #[arg(
        long = "kafka-producer-options",
        env = "TRIBUTARY_KAFKA_PRODUCER_OPTIONS",
        default_value = ""
    )]
    pub producer_options: ProducerOptions,
    /// The size budget of one record, in bytes: the largest message a producer sends
    /// (`message.max.bytes`) and a topic accepts (`max.message.bytes`, set when topics are
    /// created). Every other size bound (ingest body, blob content, dead-letter payload) is
    /// derived from or checked against it: see [`crate::budget`].
    #[arg(
        long = "max-message-bytes",
        env = "TRIBUTARY_MAX_MESSAGE_BYTES",
        default_value_t = crate::budget::DEFAULT_MAX_MESSAGE_BYTES
    )]
    pub max_message_bytes: usize,
    /// How long the consume loops retry a record whose failure is transient before they
    /// dead-letter it and move on.
    #[command(flatten)]
    pub retry: crate::backoff::RetryPolicy,
}

/// Producer settings over Tributary's defaults, `KEY=VALUE` separated by commas (empty: none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProducerOptions(pub Vec<ProducerOption>);

impl std::str::FromStr for ProducerOptions {
    type Err = BadProducerOption;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .filter(|o| !o.trim().is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

/// One librdkafka producer setting, `KEY=VALUE`. librdkafka itself checks the key and the value
/// when the producer is created (an unknown key fails the component's start with its name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerOption {
    /// The librdkafka property.
    pub key: String,
    /// Its value.
    pub value: String,
}

/// Producer settings a [`ProducerOption`] may not change: `acks=all` and the delivery timeout
/// are what make an acknowledged write durable and an ingest answer timely; the broker list,
/// idempotence and the message size have flags of their own.
pub const PROTECTED_PRODUCER_SETTINGS: &[&str] = &[
    "acks",
    "request.required.acks",
    "enable.idempotence",
    "message.timeout.ms",
    "delivery.timeout.ms",
    "bootstrap.servers",
    "metadata.broker.list",
    "message.max.bytes",
];

/// Why a producer option was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadProducerOption {
    /// Not `KEY=VALUE`.
    #[error("a producer option is KEY=VALUE (got {0:?})")]
    Shape(String),
    /// A setting Tributary keeps for itself.
    #[error("{0} cannot be set as a producer option: it carries a delivery guarantee or has its own flag")]
    Protected(String),
}

impl std::str::FromStr for ProducerOption {
    type Err = BadProducerOption;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (key, value) = s
            .split_once('=')
            .map(|(k, v)| (k.trim(), v.trim()))
            .filter(|(k, v)| !k.is_empty() && !v.is_empty())
            .ok_or_else(|| BadProducerOption::Shape(s.to_string()))?;
        if PROTECTED_PRODUCER_SETTINGS.contains(&key) {
            return Err(BadProducerOption::Protected(key.to_string()));
        }
        Ok(Self {
            key: key.to_string(),
            value: value.to_string(),
        })
    }
}

impl KafkaArgs {
    /// Settings for a broker and a topic prefix, with idempotent producers.
    pub fn new(brokers: impl Into<String>, topic_prefix: impl Into<String>) -> Self {
        Self {
            brokers: brokers.into(),
            topic_prefix: topic_prefix.into(),
            idempotence: true,
            instance_id: "0".into(),
            producer_options: ProducerOptions::default(),
            max_message_bytes: crate::budget::DEFAULT_MAX_MESSAGE_BYTES,
            retry: crate::backoff::RetryPolicy::default(),
        }
    }

    /// The topic names under this prefix.
    pub fn topics(&self) -> Topics {
        Topics::new(self.topic_prefix.clone())
    }
}

/// Where the Schema Registry is.
#[derive(Clone, Args)]
pub struct RegistryArgs {
    /// Base URL of a Confluent-compatible Schema Registry. When the registry requires a write
    /// credential, it goes in the user info (`http://user:password@host:8081`); the password is
    /// sent as HTTP Basic authorization and never logged.
    #[arg(
        long = "registry-url",
        env = "TRIBUTARY_REGISTRY_URL",
        default_value = "http://127.0.0.1:8081",
        hide_env_values = true
    )]
    pub registry_url: String,
}

impl std::fmt::Debug for RegistryArgs {
    // The URL may carry the registry's write password: printed redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryArgs")
            .field("registry_url", &redact_url(&self.registry_url))
            .finish()
    }
}

/// Where PostgreSQL is.
#[derive(Clone, Args)]
pub struct PostgresArgs {
    /// PostgreSQL connection URL (its password is never logged).
    #[arg(
        long = "database-url",
        env = "TRIBUTARY_DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/tributary",
        hide_env_values = true
    )]
    pub database_url: String,
}

impl std::fmt::Debug for PostgresArgs {
    // The URL may carry a password: printed redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresArgs")
            .field("database_url", &redact_url(&self.database_url))
            .finish()
    }
}

/// Where the graph server is (Bolt 4.4: Neo4j 5 directly, or the Bolt bridge in front of a
/// 5.x-only server). `Debug` never shows the password.
#[derive(Debug, Clone, Args)]
pub struct GraphArgs {
    /// Bolt URI of the graph server.
    #[arg(
        long = "graph-uri",
        env = "TRIBUTARY_GRAPH_URI",
        default_value = "bolt://127.0.0.1:7688"
    )]
    pub graph_uri: String,
    /// Graph user.
    #[arg(
        long = "graph-user",
        env = "TRIBUTARY_GRAPH_USER",
        default_value = "neo4j"
    )]
    pub graph_user: String,
    /// Graph password (never logged).
    #[arg(
        long = "graph-password",
        env = "TRIBUTARY_GRAPH_PASSWORD",
        default_value = "",
        hide_env_values = true
    )]
    pub graph_password: SecretString,
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn secrets_shorter_than_the_minimum_are_refused_by_name_without_their_value() {
        #[derive(clap::Parser)]
        struct Cli {
            #[arg(long, value_parser = SecretParser::new("TRIBUTARY_TEST_SECRET"))]
            secret: SecretString,
        }
        let parse = |value: &str| {
            <Cli as clap::Parser>::try_parse_from(["t", "--secret", value]).map(|c| c.secret)
        };
        let long = "k".repeat(MIN_SECRET_BYTES);
        assert_eq!(
            parse(&long).map(|s| s.expose_secret().to_string()).ok(),
            Some(long.clone())
        );
        let empty = parse("").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            empty.contains("TRIBUTARY_TEST_SECRET is empty") && empty.contains("32 bytes"),
            "{empty}"
        );
        let short = parse("hunter2-short")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            short.contains("TRIBUTARY_TEST_SECRET is 13 bytes long") && short.contains("32"),
            "{short}"
        );
        assert!(!short.contains("hunter2"), "{short}");
    }

    #[test]
    fn config_debug_never_shows_a_password() {
        let postgres = PostgresArgs {
            database_url: "postgres://app:pg-pass-1@db:5432/t?sslmode=require&password=pg-pass-2"
                .into(),
        };
        let shown = format!("{postgres:?}");
        assert!(
            !shown.contains("pg-pass-1") && !shown.contains("pg-pass-2"),
            "{shown}"
        );
        assert!(shown.contains("postgres://app:***@db:5432/t?sslmode=require&password=***"));
        let graph = GraphArgs {
            graph_uri: "bolt://g:7687".into(),
            graph_user: "neo4j".into(),
            graph_password: "graph-pass-1".into(),
        };
        let shown = format!("{graph:?}");
        assert!(!shown.contains("graph-pass-1") && shown.contains("bolt://g:7687"));
    }

    #[test]
    fn urls_keep_everything_but_the_password() {
        assert_eq!(
            redact_url("https://x-access-token:ghp_abc@github.com/o/r.git"),
            "https://x-access-token:***@github.com/o/r.git"
        );
        assert_eq!(
            redact_url("https://ghp_abc@github.com/o/r"),
            "https://***@github.com/o/r"
        );
        // A user info without a colon may be a token: hidden too.
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1:5432/tributary"),
            "postgres://***@127.0.0.1:5432/tributary"
        );
        assert_eq!(
            redact_url("postgres://127.0.0.1/t?user=a&password=b"),
            "postgres://127.0.0.1/t?user=a&password=***"
        );
        assert_eq!(redact_url("/srv/repo"), "/srv/repo");
        assert_eq!(redact_url("tok@github.com:o/r"), "***@github.com:o/r");
        assert_eq!(redact_url("/srv/a@b/repo"), "/srv/a@b/repo");
    }

    #[test]
    fn producer_options_are_key_value_pairs_that_keep_the_guarantees() {
        assert_eq!(
            "linger.ms = 5".parse(),
            Ok(ProducerOption {
                key: "linger.ms".into(),
                value: "5".into()
            })
        );
        for shape in ["linger.ms", "=5", "linger.ms=", ""] {
            assert!(
                matches!(
                    shape.parse::<ProducerOption>(),
                    Err(BadProducerOption::Shape(_))
                ),
                "{shape:?}"
            );
        }
        for key in ["acks", "enable.idempotence", "message.timeout.ms"] {
            assert_eq!(
                format!("{key}=1").parse::<ProducerOption>(),
                Err(BadProducerOption::Protected(key.into()))
            );
        }
    }

    #[test]
    fn producer_options_are_a_comma_separated_list_and_empty_means_none() {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            kafka: KafkaArgs,
        }
        let parse = |args: &[&str]| {
            <Cli as clap::Parser>::try_parse_from(std::iter::once("t").chain(args.iter().copied()))
                .map(|c| c.kafka.producer_options)
        };
        let keys = |o: ProducerOptions| o.0.into_iter().map(|o| o.key).collect::<Vec<_>>();
        assert_eq!(parse(&[]).map(keys).ok(), Some(vec![]));
        assert_eq!(
            parse(&["--kafka-producer-options", ""]).map(keys).ok(),
            Some(vec![])
        );
        assert_eq!(
            parse(&[
                "--kafka-producer-options",
                "linger.ms=5, batch.num.messages=100,max.in.flight.requests.per.connection=1"
            ])
            .map(keys)
            .ok(),
            Some(vec![
                "linger.ms".to_string(),
                "batch.num.messages".into(),
                "max.in.flight.requests.per.connection".into()
            ])
        );
        assert!(parse(&["--kafka-producer-options", "linger.ms=5,acks=1"]).is_err());
    }
}
