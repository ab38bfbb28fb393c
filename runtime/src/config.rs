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
}

impl KafkaArgs {
    /// Settings for a broker and a topic prefix, with idempotent producers.
    pub fn new(brokers: impl Into<String>, topic_prefix: impl Into<String>) -> Self {
        Self {
            brokers: brokers.into(),
            topic_prefix: topic_prefix.into(),
            idempotence: true,
            instance_id: "0".into(),
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
