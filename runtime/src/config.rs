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
}

impl KafkaArgs {
    /// Settings for a broker and a topic prefix.
    pub fn new(brokers: impl Into<String>, topic_prefix: impl Into<String>) -> Self {
        Self {
            brokers: brokers.into(),
            topic_prefix: topic_prefix.into(),
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
