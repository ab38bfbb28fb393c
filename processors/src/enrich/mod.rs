//! AI enrichment of commits (`tributary process enrich`): `commits` → `enrichment`, a
//! category, a one-paragraph summary and a risk score with its reasons for each commit.
//!
//! A configured model endpoint answers when it can; the offline classifier answers when none
//! is configured, and stands in whenever the model times out, fails, answers malformed JSON or
//! its circuit is open, saying so on the event (`offline`, `fallback_reason`). Enrichment never
//! holds up the rest of the pipeline: it is its own consumer group, every model call is
//! bounded by a timeout, and a failure falls back instead of retrying forever.
//!
//! It offers the [`Enricher`] processor and its [`EnrichConfig`], the offline classifier
//! ([`classify()`], deterministic: a Conventional Commits prefix, else the [`learned`] linear
//! model over the subject, the paths and the rules) and the [`CircuitBreaker`]'s state. Inside:
//! `provider` (Ollama and OpenAI-compatible endpoints behind one trait), `prompt` (the prompt,
//! the answer's JSON schema and the reading of the answer), `config` (endpoint, timeouts,
//! retries, concurrency, breaker, cache, structured answers, classifier weights).

mod breaker;
mod classify;
mod config;
pub mod learned;
mod prompt;
mod provider;

pub use breaker::{BreakerState, CircuitBreaker};
pub use classify::{
    by_rules, classify, classify_with, strip_prefix, Category, ChangedFile, Verdict,
};
pub use config::{EnrichConfig, ProviderKind};
pub use learned::LearnedClassifier;

use classify::{OFFLINE_MODEL, OFFLINE_VERSION};
use provider::{AnyProvider, Provider, ProviderError};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tracing::Instrument;
use tributary_runtime::backoff::Backoff;
use tributary_runtime::dlq::SourceRecord;
use tributary_runtime::processor::{Output, Processor};
use tributary_runtime::RecordError;
use tributary_schemas::{event_id, CommitObserved, EnrichmentProduced, EventCodec, Topics};

/// The wait before the first retry of a model request; each next one doubles it.
const RETRY_FIRST_DELAY: Duration = Duration::from_millis(400);
/// The longest wait between two tries of a model request.
const RETRY_MAX_DELAY: Duration = Duration::from_millis(6_400);

/// Enrichments by (repository, sha, model, prompt version), oldest evicted first.
#[derive(Debug, Default)]
struct Cache {
    capacity: usize,
    entries: HashMap<String, EnrichmentProduced>,
    order: VecDeque<String>,
}

impl Cache {
    fn get(&self, key: &str) -> Option<EnrichmentProduced> {
        self.entries.get(key).cloned()
    }

    fn put(&mut self, key: String, value: EnrichmentProduced) {
        if self.capacity == 0 {
            return;
        }
        if self.entries.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.entries.remove(&old);
            }
        }
    }
}

/// The enricher processor.
#[derive(Clone)]
pub struct Enricher {
    codec: EventCodec,
    topics: Topics,
    provider: Option<Arc<AnyProvider>>,
    breaker: Arc<CircuitBreaker>,
    in_flight: Arc<Semaphore>,
    retries: u32,
    concurrency: usize,
    cache: Arc<Mutex<Cache>>,
    classifier: Arc<LearnedClassifier>,
    attempt_timeout: Duration,
}

/// Why an enricher could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The HTTP client of the model endpoint.
    #[error("the model endpoint's HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    /// The offline classifier's weights file.
    #[error(transparent)]
    Weights(#[from] learned::WeightsError),
}

fn fallback_label(e: &ProviderError) -> &'static str {
    match e {
        ProviderError::Timeout => "timeout",
        ProviderError::Unreachable(_) => "unreachable",
        ProviderError::Status(_) => "status",
        ProviderError::Malformed(_) => "malformed",
        ProviderError::CircuitOpen => "circuit_open",
    }
}

impl Enricher {
    /// An enricher for `topics` configured by `config`.
    pub fn new(
        codec: EventCodec,
        topics: Topics,
        config: &EnrichConfig,
    ) -> Result<Self, SetupError> {
        let provider = AnyProvider::from_config(config)?.map(Arc::new);
        let classifier = match &config.classifier_weights {
            Some(path) => Arc::new(LearnedClassifier::load(path)?),
            None => Arc::clone(LearnedClassifier::shared_embedded()),
        };
        let concurrency = config.concurrency.max(1);
        Ok(Self {
            codec,
            topics,
            provider,
            breaker: Arc::new(CircuitBreaker::new(
                config.breaker_failures,
                Duration::from_millis(config.breaker_cooldown_ms),
            )),
            in_flight: Arc::new(Semaphore::new(concurrency)),
            retries: config.retries,
            concurrency,
            cache: Arc::new(Mutex::new(Cache {
                capacity: config.cache_capacity,
                ..Cache::default()
            })),
            classifier,
            attempt_timeout: config.timeout() * (config.retries + 1)
                + RETRY_MAX_DELAY * config.retries,
        })
    }

    /// The circuit breaker of the model endpoint.
    pub fn breaker(&self) -> &CircuitBreaker {
        &self.breaker
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The enrichment of `commit`: the model's, or the offline classifier's. Counted in
    /// `tributary_enrichments_total{source="model"|"offline"}`.
    pub async fn enrich(&self, commit: &CommitObserved) -> EnrichmentProduced {
        let enrichment = self.answer(commit).await;
        let source = if enrichment.offline {
            "offline"
        } else {
            "model"
        };
        metrics::counter!("tributary_enrichments_total", "source" => source).increment(1);
        enrichment
    }

    async fn answer(&self, commit: &CommitObserved) -> EnrichmentProduced {
        let files: Vec<ChangedFile<'_>> = commit
            .files
            .iter()
            .map(|f| ChangedFile {
                path: &f.path,
                additions: u32::try_from(f.additions).unwrap_or(0),
                deletions: u32::try_from(f.deletions).unwrap_or(0),
            })
            .collect();
        let Some(provider) = &self.provider else {
            return offline(&self.classifier, commit, &files, None);
        };
        let key = format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            commit.repository,
            commit.sha,
            provider.model(),
            prompt::PROMPT_VERSION
        );
        if let Some(hit) = self.cache().get(&key) {
            metrics::counter!("tributary_llm_cache_hits_total").increment(1);
            return hit;
        }
        match self.ask(provider.as_ref(), commit).await {
            Ok(answer) => {
                let model = provider.model();
                let enrichment = EnrichmentProduced {
                    event_id: event_id::enrichment(
                        &commit.repository,
                        &commit.sha,
                        model,
                        prompt::PROMPT_VERSION,
                    ),
                    repository: commit.repository.clone(),
                    sha: commit.sha.clone(),
                    committed_at: commit.committed_at,
                    category: answer.category.as_str().to_string(),
                    summary: answer.summary,
                    risk: i32::from(answer.risk),
                    risk_reasons: answer.risk_reasons,
                    model: model.to_string(),
                    prompt_version: prompt::PROMPT_VERSION.to_string(),
                    offline: false,
                    fallback_reason: None,
                };
                self.cache().put(key, enrichment.clone());
                enrichment
            }
            Err(e) => {
                metrics::counter!("tributary_llm_fallbacks_total", "reason" => fallback_label(&e))
                    .increment(1);
                tracing::warn!(sha = %commit.sha, model = provider.model(), error = %e, "model answer unusable; offline classifier used");
                offline(
                    &self.classifier,
                    commit,
                    &files,
                    Some(format!("{}: {e}", provider.model())),
                )
            }
        }
    }

    /// Asks the model, with retries of retryable failures (the runtime's capped exponential
    /// backoff: 0.4 s, 0.8 s, ... up to 6.4 s), through the breaker and the concurrency limit.
    async fn ask(
        &self,
        provider: &AnyProvider,
        commit: &CommitObserved,
    ) -> Result<prompt::ModelAnswer, ProviderError> {
        let user = prompt::user_message(commit);
        let mut backoff = Backoff::new(RETRY_FIRST_DELAY, RETRY_MAX_DELAY);
        loop {
            if !self.breaker.allow() {
                return Err(ProviderError::CircuitOpen);
            }
            let outcome = {
                let _permit = self
                    .in_flight
                    .acquire()
                    .await
                    .map_err(|_| ProviderError::Unreachable("enricher shutting down".into()))?;
                let started = Instant::now();
                let outcome = provider
                    .chat(prompt::SYSTEM, &user)
                    .await
                    .and_then(|text| prompt::parse_answer(&text));
                let label = match &outcome {
                    Ok(_) => "ok",
                    Err(e) => fallback_label(e),
                };
                metrics::histogram!("tributary_llm_request_seconds", "outcome" => label)
                    .record(started.elapsed().as_secs_f64());
                outcome
            };
            match outcome {
                Ok(answer) => {
                    self.breaker.success();
                    return Ok(answer);
                }
                Err(e) => {
                    self.breaker.failure();
                    if !e.is_retryable() || backoff.attempts() >= self.retries {
                        return Err(e);
                    }
                    backoff.wait().await;
                }
            }
        }
    }
}

/// The offline classifier's enrichment; `reason` says why a configured model was not used.
fn offline(
    classifier: &LearnedClassifier,
    commit: &CommitObserved,
    files: &[ChangedFile<'_>],
    reason: Option<String>,
) -> EnrichmentProduced {
    let verdict = classify::classify_with(classifier, &commit.message, files);
    EnrichmentProduced {
        event_id: event_id::enrichment(
            &commit.repository,
            &commit.sha,
            OFFLINE_MODEL,
            OFFLINE_VERSION,
        ),
        repository: commit.repository.clone(),
        sha: commit.sha.clone(),
        committed_at: commit.committed_at,
        category: verdict.category.as_str().to_string(),
        summary: verdict.summary,
        risk: i32::from(verdict.risk),
        risk_reasons: verdict.risk_reasons,
        model: OFFLINE_MODEL.to_string(),
        prompt_version: OFFLINE_VERSION.to_string(),
        offline: true,
        fallback_reason: reason,
    }
}

impl Processor for Enricher {
    fn name(&self) -> &'static str {
        "enricher"
    }

    fn inputs(&self) -> Vec<String> {
        vec![self.topics.commits()]
    }

    fn concurrency(&self) -> usize {
        self.concurrency
    }

    /// A few model calls per slot: a batch's enrichments are written when the whole batch is
    /// done, and a model answers in seconds, so a large batch would hold every answer for
    /// minutes (a backfill of 73 commits on the small local model: none written after two).
    fn max_batch(&self) -> usize {
        self.concurrency * 4
    }

    /// A model call may take its whole timeout, and its retries their backoff.
    fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    async fn process(&self, record: &SourceRecord) -> Result<Vec<Output>, RecordError> {
        let payload = record
            .payload
            .as_deref()
            .ok_or_else(|| RecordError::poison("record has no value"))?;
        let commit: CommitObserved = self.codec.decode_as(payload).await?;
        let span = tracing::info_span!("enrich", event_id = %commit.event_id, sha = %commit.sha);
        let enrichment = self.enrich(&commit).instrument(span).await;
        let topic = self.topics.enrichment();
        let payload = self.codec.encode(&topic, &enrichment).await?;
        Ok(vec![Output {
            topic,
            key: commit.sha.as_bytes().to_vec(),
            payload,
        }])
    }
}
