//! Kafka settings: where the broker is, which topics, the producers' tunable options, the record
//! budget and the retry bound, as a `clap` argument group that also reads the environment.

use clap::Args;
use tributary_schemas::Topics;

/// Where the Kafka-protocol broker is and which topics to use.
#[derive(Debug, Clone, Args)]
pub struct KafkaArgs {
    /// Bootstrap servers, comma separated.
    #[arg(long, env = "TRIBUTARY_BROKERS", default_value = "127.0.0.1:9092")]
    pub brokers: String,
    /// Topic prefix: topics are `<prefix>.<name>.v1`.
    #[arg(long, env = "TRIBUTARY_TOPIC_PREFIX", default_value = "tributary")]
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
    #[arg(long, env = "TRIBUTARY_INSTANCE_ID", default_value = "0")]
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
        long,
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
