//! Model endpoints behind one trait: Ollama's native chat API and OpenAI-compatible chat
//! completions. A provider sends one prompt and returns the text of the answer; what the text
//! means is [`super::prompt`]'s business.

use super::config::{EnrichConfig, ProviderKind};
use super::prompt;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};
use std::future::Future;

/// Why a model gave no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// No answer in time.
    #[error("timed out")]
    Timeout,
    /// The endpoint could not be reached.
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// The endpoint answered with an error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// The answer was not what the protocol or the prompt asked for.
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// The circuit is open: the endpoint failed repeatedly and is rested.
    #[error("circuit open after repeated failures")]
    CircuitOpen,
}

impl ProviderError {
    /// Whether trying again may help (the malformed answer of a deterministic prompt will not).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ProviderError::Timeout | ProviderError::Unreachable(_) | ProviderError::Status(500..)
        )
    }
}

/// A chat model endpoint.
pub trait Provider: Send + Sync + 'static {
    /// The model name, as written on enrichments.
    fn model(&self) -> &str;
    /// Sends a system and a user message; returns the answer's text.
    fn chat(
        &self,
        system: &str,
        user: &str,
    ) -> impl Future<Output = Result<String, ProviderError>> + Send;
}

fn http_error(e: reqwest::Error) -> ProviderError {
    if e.is_timeout() {
        ProviderError::Timeout
    } else if e.is_decode() {
        ProviderError::Malformed(e.to_string())
    } else {
        ProviderError::Unreachable(e.without_url().to_string())
    }
}

async fn post_json(request: reqwest::RequestBuilder, body: &Value) -> Result<Value, ProviderError> {
    let response = request.json(body).send().await.map_err(http_error)?;
    let status = response.status();
    if !status.is_success() {
        return Err(ProviderError::Status(status.as_u16()));
    }
    response.json::<Value>().await.map_err(http_error)
}

/// Ollama's native API.
#[derive(Debug, Clone)]
pub struct Ollama {
    http: reqwest::Client,
    url: String,
    model: String,
    structured: bool,
}

impl Ollama {
    /// The endpoint at base `url` serving `model`.
    pub fn new(http: reqwest::Client, url: &str, model: &str, structured: bool) -> Self {
        Self {
            http,
            url: format!("{}/api/chat", url.trim_end_matches('/')),
            model: model.to_string(),
            structured,
        }
    }
}

impl Provider for Ollama {
    fn model(&self) -> &str {
        &self.model
    }

    async fn chat(&self, system: &str, user: &str) -> Result<String, ProviderError> {
        let format = if self.structured {
            prompt::answer_schema()
        } else {
            json!("json")
        };
        let body = json!({
            "model": self.model,
            "stream": false,
            "format": format,
            "options": { "temperature": 0, "num_predict": prompt::MAX_ANSWER_TOKENS },
            "messages": [
                { "role": "system", "content": system },
                { "role": "user", "content": user },
            ],
        });
        let answer = post_json(self.http.post(&self.url), &body).await?;
        answer["message"]["content"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| ProviderError::Malformed("no message.content in the answer".into()))
    }
}

/// An OpenAI-compatible chat-completions endpoint. `Debug` never shows the API key.
#[derive(Debug, Clone)]
pub struct OpenAiCompatible {
    http: reqwest::Client,
    url: String,
    model: String,
    api_key: SecretString,
    structured: bool,
}

impl OpenAiCompatible {
    /// The endpoint at base `url` (with or without `/v1`) serving `model`.
    /// `api_key` (empty: none) is sent as a bearer token.
    pub fn new(
        http: reqwest::Client,
        url: &str,
        model: &str,
        api_key: &SecretString,
        structured: bool,
    ) -> Self {
        let base = url.trim_end_matches('/').trim_end_matches("/v1");
        Self {
            http,
            url: format!("{base}/v1/chat/completions"),
            model: model.to_string(),
            api_key: api_key.clone(),
            structured,
        }
    }
}

impl Provider for OpenAiCompatible {
    fn model(&self) -> &str {
        &self.model
    }

    async fn chat(&self, system: &str, user: &str) -> Result<String, ProviderError> {
        let mut body = json!({
            "model": self.model,
            "temperature": 0,
            "max_tokens": prompt::MAX_ANSWER_TOKENS,
            "messages": [
                { "role": "system", "content": system },
                { "role": "user", "content": user },
            ],
        });
        if self.structured {
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": {
                    "name": "commit_enrichment",
                    "strict": true,
                    "schema": prompt::answer_schema()
                }
            });
        }
        let mut request = self.http.post(&self.url);
        let api_key = self.api_key.expose_secret();
        if !api_key.is_empty() {
            request = request.bearer_auth(api_key);
        }
        let answer = post_json(request, &body).await?;
        answer["choices"][0]["message"]["content"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| {
                ProviderError::Malformed("no choices[0].message.content in the answer".into())
            })
    }
}

/// The configured endpoint, if any.
#[derive(Debug, Clone)]
pub enum AnyProvider {
    /// Ollama.
    Ollama(Ollama),
    /// OpenAI-compatible.
    OpenAi(OpenAiCompatible),
}

impl AnyProvider {
    /// The provider `config` names (`None` for the offline classifier only).
    pub fn from_config(config: &EnrichConfig) -> Result<Option<Self>, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout())
            .build()?;
        Ok(match config.provider {
            ProviderKind::None => None,
            ProviderKind::Ollama => Some(Self::Ollama(Ollama::new(
                http,
                &config.url,
                &config.model,
                config.structured,
            ))),
            ProviderKind::Openai => Some(Self::OpenAi(OpenAiCompatible::new(
                http,
                &config.url,
                &config.model,
                &config.api_key,
                config.structured,
            ))),
        })
    }
}

impl Provider for AnyProvider {
    fn model(&self) -> &str {
        match self {
            Self::Ollama(p) => p.model(),
            Self::OpenAi(p) => p.model(),
        }
    }

    async fn chat(&self, system: &str, user: &str) -> Result<String, ProviderError> {
        match self {
            Self::Ollama(p) => p.chat(system, user).await,
            Self::OpenAi(p) => p.chat(system, user).await,
        }
    }
}
