//! Tributary's HTTP edges, shared by every component that answers HTTP:
//!
//! - [`serve::serve`]: binds an address and serves an axum router until shutdown, the one way
//!   every HTTP component starts;
//! - [`admin`]: the `/health` + `/metrics` endpoint every worker serves;
//! - [`HttpError`]: the one JSON error shape (`{"error": {"code", "message"}}`), with
//!   `Retry-After` when it applies and a log line for every refusal;
//! - [`rate_limit`]: rate limits keyed by client (`governor`), answered with 429 and `Retry-After`.

pub mod admin;
mod http_error;
pub mod rate_limit;
pub mod serve;

pub use http_error::HttpError;
