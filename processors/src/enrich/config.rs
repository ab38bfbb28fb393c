//! Configuration of the enricher: which model endpoint, and how patiently to use it.

use clap::{Args, ValueEnum};
use secrecy::SecretString;
use std::time::Duration;

/// Which kind of endpoint answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ProviderKind {
    /// No model: every commit goes to the offline classifier.
    #[default]
    None,
    /// Ollama's native API (`POST /api/chat`).
    Ollama,
    /// Any OpenAI-compatible chat-completions endpoint (`POST /v1/chat/completions`): llama.cpp
    /// server, vLLM, LM Studio, hosted services.
    Openai,
}

/// Configuration of the enricher. `Debug` never shows the API key.
#[derive(Debug, Clone, Args)]
pub struct EnrichConfig {
    /// The endpoint kind; `none` uses the offline classifier only.
    #[arg(long = "llm-provider", env = "TRIBUTARY_LLM_PROVIDER", value_enum, default_value_t = ProviderKind::None)]
    pub provider: ProviderKind,
    /// Base URL of the endpoint (`http://127.0.0.1:11434` for Ollama, `http://host:8080` for an
    /// OpenAI-compatible server; `/v1/chat/completions` is appended).
    #[arg(
        long = "llm-url",
        env = "TRIBUTARY_LLM_URL",
        default_value = "http://127.0.0.1:11434"
    )]
    pub url: String,
    /// The model name sent to the endpoint.
    #[arg(
        long = "llm-model",
        env = "TRIBUTARY_LLM_MODEL",
        default_value = "codellama:7b-instruct"
    )]
    pub model: String,
    /// Bearer token for hosted OpenAI-compatible endpoints (never logged).
    #[arg(
        long = "llm-api-key",
        env = "TRIBUTARY_LLM_API_KEY",
        default_value = "",
        hide_env_values = true
    )]
    pub api_key: SecretString,
    /// Per-request timeout, milliseconds.
    #[arg(
        long = "llm-timeout-ms",
        env = "TRIBUTARY_LLM_TIMEOUT_MS",
        default_value_t = 30_000
    )]
    pub timeout_ms: u64,
    /// Retries of a failed request (timeouts, 5xx, connection errors) before falling back.
    #[arg(
        long = "llm-retries",
        env = "TRIBUTARY_LLM_RETRIES",
        default_value_t = 1
    )]
    pub retries: u32,
    /// Requests in flight at most.
    #[arg(
        long = "llm-concurrency",
        env = "TRIBUTARY_LLM_CONCURRENCY",
        default_value_t = 4
    )]
    pub concurrency: usize,
    /// Consecutive failures that open the circuit (requests then go straight to the fallback).
    #[arg(
        long = "llm-breaker-failures",
        env = "TRIBUTARY_LLM_BREAKER_FAILURES",
        default_value_t = 5
    )]
    pub breaker_failures: u32,
    /// How long the circuit stays open before one trial request, milliseconds.
    #[arg(
        long = "llm-breaker-cooldown-ms",
        env = "TRIBUTARY_LLM_BREAKER_COOLDOWN_MS",
        default_value_t = 30_000
    )]
    pub breaker_cooldown_ms: u64,
    /// Enrichments remembered by (commit, model, prompt version), so a redelivered commit is
    /// not sent to the model again.
    #[arg(
        long = "llm-cache-capacity",
        env = "TRIBUTARY_LLM_CACHE_CAPACITY",
        default_value_t = 50_000
    )]
    pub cache_capacity: usize,
    /// Send the answer's JSON schema with each request (OpenAI `response_format: json_schema`,
    /// Ollama `format`), so servers that enforce it (llama.cpp, Ollama, vLLM) can only answer
    /// one well-formed object; `false` for a server that refuses the field.
    #[arg(long = "llm-structured", env = "TRIBUTARY_LLM_STRUCTURED", default_value_t = true, action = clap::ArgAction::Set)]
    pub structured: bool,
    /// A weights file of the offline classifier (`tributary train-classifier --out`), read at
    /// start; unset: the weights shipped in the binary.
    #[arg(long, env = "TRIBUTARY_CLASSIFIER_WEIGHTS")]
    pub classifier_weights: Option<std::path::PathBuf>,
}

impl EnrichConfig {
    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

impl Default for EnrichConfig {
    fn default() -> Self {
        Self {
            provider: ProviderKind::None,
            url: "http://127.0.0.1:11434".into(),
            model: "codellama:7b-instruct".into(),
            api_key: SecretString::default(),
            timeout_ms: 30_000,
            retries: 1,
            concurrency: 4,
            breaker_failures: 5,
            breaker_cooldown_ms: 30_000,
            cache_capacity: 50_000,
            structured: true,
            classifier_weights: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_api_key() {
        let config = EnrichConfig {
            api_key: "sk-an-api-key-0123".into(),
            ..EnrichConfig::default()
        };
        assert!(!format!("{config:?}").contains("sk-an-api-key"));
    }
}
