//! Request limits of the query API, in one middleware ([`enforce`]): a cap on requests in
//! flight (503 `overloaded` past it), a token-bucket rate per token subject with its own rate per
//! role (429 `rate_limited` with `Retry-After`), and a deadline per request (503 `timeout`).
//! `/health` and `/metrics` are exempt: probes and scrapes must see an overloaded API.
//! Requests without a valid token are not counted here; their handler refuses them with 401.

use crate::auth::{self, Role};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::{Duration, Instant};
use tributary_runtime::rate_limit::{self, Decision};
use tributary_runtime::HttpError;

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

/// The middleware: concurrency cap, then rate per subject and role, then the deadline.
pub async fn enforce(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path == "/health" || path == "/health/all" || path == "/metrics" {
        return next.run(request).await;
    }
    let Ok(_permit) = state.in_flight.clone().try_acquire_owned() else {
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
        return response;
    };
    if let Some(claims) = token(&request).and_then(|t| state.verifier.verify(&t).ok()) {
        let config = &state.config;
        let (role, rate) = if claims.has(Role::Admin) {
            ("admin", config.admin_rate_limit)
        } else {
            ("reader", config.reader_rate_limit)
        };
        let key = format!("{role}\u{0}{}", claims.sub);
        if let Decision::Limited { retry_after } = state.limits.take(&key, rate, Instant::now()) {
            metrics::counter!("tributary_api_refused_total", "reason" => "rate_limited")
                .increment(1);
            tracing::warn!(subject = %claims.sub, role, "request refused: over the rate limit");
            return rate_limit::too_many_requests(retry_after);
        }
        // Verified once: the handler's extractor takes the claims from here.
        request
            .extensions_mut()
            .insert(crate::auth::VerifiedClaims(claims));
    }
    let deadline = Duration::from_millis(state.config.request_timeout_ms);
    match tokio::time::timeout(deadline, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            metrics::counter!("tributary_api_refused_total", "reason" => "timeout").increment(1);
            tracing::warn!(
                timeout_ms = state.config.request_timeout_ms,
                "request timed out"
            );
            HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                "the request took too long and was abandoned",
            )
            .into_response()
        }
    }
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
