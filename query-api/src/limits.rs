//! Request limits of the query API, as layers around every route but `/health`,
//! `/health/all` and `/metrics` (probes and scrapes must see an overloaded API), outermost
//! first:
//!
//! 1. a cap on requests in flight ([`tower`]'s global concurrency limit, shedding load past it:
//!    503 `overloaded` with `Retry-After`, see [`overloaded`]);
//! 2. a rate per token subject with its own rate per role ([`enforce`], through the runtime's
//!    [`KeyedLimiter`]: 429 `rate_limited` with `Retry-After`);
//! 3. a deadline per request, until its response starts ([`tower`]'s timeout: 503 `timeout`,
//!    see [`timed_out`]).
//!
//! Requests without a valid token are not rate-limited here; their handler refuses them with 401.

use crate::auth::{self, Role};
use crate::config::QueryApiConfig;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::BoxError;
use tributary_http::rate_limit::{self, Decision, KeyedLimiter};
use tributary_http::HttpError;

/// The rate limiters, one per role, keyed by token subject.
#[derive(Debug)]
pub(crate) struct RoleLimits {
    reader: KeyedLimiter,
    admin: KeyedLimiter,
}

impl RoleLimits {
    /// Limiters at the configured rates.
    pub(crate) fn new(config: &QueryApiConfig) -> Self {
        Self {
            reader: KeyedLimiter::new(config.reader_rate_limit),
            admin: KeyedLimiter::new(config.admin_rate_limit),
        }
    }
}

/// Routes that may carry the token as the `access_token` query parameter (see
/// [`crate::auth::BrowserReader`]).
fn browser_route(path: &str) -> bool {
    path.starts_with("/docs/") || path == "/events/stream"
}

/// The bearer token of a request, from its header or, on browser routes, its query (the same
/// places [`crate::auth::Reader`] and [`crate::auth::BrowserReader`] read).
fn token(request: &Request) -> Option<String> {
    if request.headers().contains_key("authorization") {
        return auth::bearer_token(request.headers())
            .ok()
            .map(str::to_string);
    }
    if !browser_route(request.uri().path()) {
        return None;
    }
    auth::query_token(request.uri())
}

/// The rate per subject and role; a request with a valid token passes its claims on to the
/// handler's extractor (verified once).
pub(crate) async fn enforce(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(claims) = token(&request).and_then(|t| state.verifier.verify(&t).ok()) {
        let (role, limiter) = if claims.has(Role::Admin) {
            ("admin", &state.limits.admin)
        } else {
            ("reader", &state.limits.reader)
        };
        if let Decision::Limited { retry_after } = limiter.check(&claims.sub) {
            metrics::counter!("tributary_api_refused_total", "reason" => "rate_limited")
                .increment(1);
            tracing::warn!(subject = %claims.sub, role, "request refused: over the rate limit");
            return rate_limit::too_many_requests(retry_after);
        }
        request
            .extensions_mut()
            .insert(crate::auth::VerifiedClaims(claims));
    }
    next.run(request).await
}

/// The answer when the concurrency cap shed a request: 503 `overloaded`, `Retry-After: 1`.
pub(crate) async fn overloaded(error: BoxError) -> Response {
    if !error.is::<tower::load_shed::error::Overloaded>() {
        return HttpError::internal(error).into_response();
    }
    metrics::counter!("tributary_api_refused_total", "reason" => "overloaded").increment(1);
    tracing::warn!("request refused: too many requests in flight");
    let mut response = HttpError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        "too many requests in flight; retry shortly",
    )
    .into_response();
    response
        .headers_mut()
        .insert("retry-after", HeaderValue::from_static("1"));
    response
}

/// The answer when a request passed its deadline: 503 `timeout`.
pub(crate) async fn timed_out(error: BoxError) -> Response {
    if !error.is::<tower::timeout::error::Elapsed>() {
        return HttpError::internal(error).into_response();
    }
    metrics::counter!("tributary_api_refused_total", "reason" => "timeout").increment(1);
    tracing::warn!("request timed out");
    HttpError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "timeout",
        "the request took too long and was abandoned",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, auth: Option<&str>) -> Request {
        let mut b = axum::http::Request::builder().uri(uri);
        if let Some(a) = auth {
            b = b.header("authorization", a);
        }
        b.body(axum::body::Body::empty()).expect("request")
    }

    #[test]
    fn tokens_come_from_the_header_or_the_query_of_browser_routes() {
        assert_eq!(
            token(&request("/repos", Some("Bearer abc"))),
            Some("abc".into())
        );
        assert_eq!(token(&request("/repos?access_token=abc", None)), None);
        assert_eq!(
            token(&request("/docs/a/b?access_token=a%2Eb", None)),
            Some("a.b".into())
        );
        assert_eq!(token(&request("/repos", Some("Basic abc"))), None);
    }
}
