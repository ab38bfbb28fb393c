//! Connection settings shared by every component, as `clap` argument groups that also read the
//! environment, so a component's command line is the union of the groups it needs.

use clap::Args;
use tributary_schemas::Topics;

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
/// are what make an acknowledged write durable and an ingest answer timely; the broker list and
/// idempotence have flags of their own.
pub const PROTECTED_PRODUCER_SETTINGS: &[&str] = &[
    "acks",
    "request.required.acks",
    "enable.idempotence",
    "message.timeout.ms",
    "delivery.timeout.ms",
    "bootstrap.servers",
    "metadata.broker.list",
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
        }
    }

    /// The topic names under this prefix.
    pub fn topics(&self) -> Topics {
        Topics::new(self.topic_prefix.clone())
    }
}

/// Where the Schema Registry is.
#[derive(Debug, Clone, Args)]
pub struct RegistryArgs {
    /// Base URL of a Confluent-compatible Schema Registry.
    #[arg(
        long = "registry-url",
        env = "TRIBUTARY_REGISTRY_URL",
        default_value = "http://127.0.0.1:8081"
    )]
    pub registry_url: String,
}

/// Where PostgreSQL is.
#[derive(Debug, Clone, Args)]
pub struct PostgresArgs {
    /// PostgreSQL connection URL.
    #[arg(
        long = "database-url",
        env = "TRIBUTARY_DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/tributary"
    )]
    pub database_url: String,
}

/// Where the graph server is (Bolt 4.4: Neo4j 5 directly, or the Bolt bridge in front of a
/// 5.x-only server).
#[derive(Clone, Args)]
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
    pub graph_password: String,
}

impl std::fmt::Debug for GraphArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphArgs")
            .field("graph_uri", &self.graph_uri)
            .field("graph_user", &self.graph_user)
            .field("graph_password", &"***")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
