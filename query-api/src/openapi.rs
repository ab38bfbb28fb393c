//! The OpenAPI document, generated from the handlers and their types: every route is registered
//! here through [`utoipa_axum`]'s `routes!`, which adds the handler to the router and its
//! `#[utoipa::path]` description to the document in one step, so the two cannot diverge.
//! [`server::router`](crate::server::router) serves both (`GET /openapi.json`).

use crate::routes::{
    activity, admin, code, commits, docs, dora, graph, health, navigation, people, repos, stream,
};
use crate::server::AppState;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::LazyLock;
use tributary_http::HttpError;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::{Modify, OpenApi, ToResponse, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The document's frame: info, tags, the bearer scheme and the shared error response.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tributary query API",
        description = "Read models of the Tributary event log. Bearer JWT (HS256) with roles reader/admin. Errors: {\"error\":{\"code\",\"message\"}}."
    ),
    modifiers(&BearerScheme),
    components(responses(Error)),
    tags(
        (name = "ops", description = "Health, metrics and this document"),
        (name = "read", description = "Repositories, commits, activity and people"),
        (name = "code", description = "Files and definitions of the code model"),
        (name = "graph", description = "Calls and imports, from the code graph"),
        (name = "enrichment", description = "What the enricher made of the commits"),
        (name = "docs", description = "Generated documentation pages"),
        (name = "live", description = "Server-Sent Events of what is projected"),
        (name = "dora", description = "DORA metrics"),
        (name = "admin", description = "Operator routes (admin role)"),
    )
)]
struct ApiDoc;

/// Adds the `bearer` security scheme (JWT) the operations name.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Names the `bearer` scheme on every operation that can answer 401 ([`Denied`]): a route
/// takes a token exactly when it can refuse one, so the handlers do not repeat it and an open
/// route (`/health`, `/metrics`) cannot be marked by mistake.
struct BearerWhereDenied;

impl Modify for BearerWhereDenied {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in operations.into_iter().flatten() {
                if op.responses.responses.contains_key("401") {
                    op.security = Some(vec![SecurityRequirement::new(
                        "bearer",
                        Vec::<String>::new(),
                    )]);
                }
            }
        }
    }
}

/// An error: `{"error": {"code": "bad_parameter", "message": "..."}}`.
#[derive(Debug, Serialize, ToSchema, ToResponse)]
#[response(description = "An error")]
pub struct Error {
    /// What went wrong.
    #[schema(inline)]
    error: ErrorDetail,
}

/// What every route behind a bearer token may answer instead: 400 (a parameter or the request is
/// off), 401 (no valid token), 403 (the token's role may not read this).
#[derive(utoipa::IntoResponses)]
pub enum Denied {
    /// A parameter or the request is off.
    #[response(status = 400)]
    BadRequest(#[ref_response] Error),
    /// No token, or not a valid one.
    #[response(status = 401)]
    Unauthorized(#[ref_response] Error),
    /// The token's role may not use this route.
    #[response(status = 403)]
    Forbidden(#[ref_response] Error),
}

/// 404: the repository, commit or symbol named in the path is not in the read model.
#[derive(utoipa::IntoResponses)]
pub enum NotFound {
    /// Not in the read model.
    #[response(status = 404)]
    NotFound(#[ref_response] Error),
}

/// 503: a store the route reads (the graph, the broker) is out of reach.
#[derive(utoipa::IntoResponses)]
pub enum Unavailable {
    /// A store the route reads is out of reach.
    #[response(status = 503)]
    Unavailable(#[ref_response] Error),
}

/// The code and message of an [`Error`].
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable (`bad_parameter`, `rate_limited`, ...).
    code: String,
    /// For people.
    message: String,
}

/// Routes that are never limited: probes and scrapes must see an overloaded API.
pub(crate) fn exempt() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::own))
        .routes(routes!(health::all))
        .routes(routes!(metrics))
}

/// Every other route: behind the request limits ([`crate::limits`]).
pub(crate) fn limited() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(openapi_json))
        .routes(routes!(repos::list))
        .routes(routes!(repos::get))
        .routes(routes!(commits::list))
        .routes(routes!(activity::pushes))
        .routes(routes!(activity::pulls))
        .routes(routes!(activity::deployments))
        .routes(routes!(activity::issues))
        .routes(routes!(activity::releases))
        .routes(routes!(code::files))
        .routes(routes!(code::symbols))
        .routes(routes!(code::hotspots))
        .routes(routes!(commits::repo_stats))
        .routes(routes!(commits::get))
        .routes(routes!(code::commit_symbols))
        .routes(routes!(graph::impact))
        .routes(routes!(graph::callers))
        .routes(routes!(graph::callees))
        .routes(routes!(graph::dependencies))
        .routes(routes!(navigation::definition))
        .routes(routes!(navigation::references))
        .routes(routes!(navigation::calls))
        .routes(routes!(admin::list))
        .routes(routes!(admin::redrive))
        .routes(routes!(people::contributors))
        .routes(routes!(people::stats))
        .routes(routes!(stream::stream))
        .routes(routes!(docs::docs))
        .routes(routes!(dora::metrics))
}

/// The document of every route.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = exempt().merge(limited()).into_openapi();
    BearerWhereDenied.modify(&mut doc);
    doc
}

/// The document as served, built once.
static DOCUMENT: LazyLock<Result<String, String>> =
    LazyLock::new(|| document().to_pretty_json().map_err(|e| e.to_string()));

/// `GET /openapi.json`
#[utoipa::path(
    get, path = "/openapi.json", tag = "ops",
    summary = "This document",
    responses(
        (status = 200, description = "OK", content_type = "application/json", body = Object),
        (status = 400, response = Error),
    )
)]
async fn openapi_json() -> Response {
    match &*DOCUMENT {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json.as_str()).into_response(),
        Err(e) => HttpError::internal(e).into_response(),
    }
}

/// `GET /metrics`
#[utoipa::path(
    get, path = "/metrics", tag = "ops",
    summary = "Prometheus metrics",
    responses(
        (status = 200, description = "OK", content_type = "text/plain", body = String),
        (status = 400, response = Error),
    )
)]
async fn metrics() -> impl IntoResponse {
    tributary_http::admin::metrics_handler().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::QueryApiConfig;
    use axum::body::Body;
    use axum::http::{Method, Request, StatusCode};
    use clap::Parser;
    use std::collections::BTreeSet;
    use tower::ServiceExt;

    /// Every route the API serves, as `(method, path)`: a route added without its description
    /// (or a description without its route) fails [`the_document_lists_every_route`].
    const ROUTES: &[(&str, &str)] = &[
        ("GET", "/health"),
        ("GET", "/health/all"),
        ("GET", "/metrics"),
        ("GET", "/openapi.json"),
        ("GET", "/repos"),
        ("GET", "/repos/{owner}/{name}"),
        ("GET", "/repos/{owner}/{name}/commits"),
        ("GET", "/repos/{owner}/{name}/pushes"),
        ("GET", "/repos/{owner}/{name}/pulls"),
        ("GET", "/repos/{owner}/{name}/deployments"),
        ("GET", "/repos/{owner}/{name}/issues"),
        ("GET", "/repos/{owner}/{name}/releases"),
        ("GET", "/repos/{owner}/{name}/files"),
        ("GET", "/repos/{owner}/{name}/symbols"),
        ("GET", "/repos/{owner}/{name}/hotspots"),
        ("GET", "/repos/{owner}/{name}/stats"),
        ("GET", "/repos/{owner}/{name}/dependencies"),
        ("GET", "/repos/{owner}/{name}/definition"),
        ("GET", "/repos/{owner}/{name}/calls"),
        ("GET", "/commits/{sha}"),
        ("GET", "/commits/{sha}/symbols"),
        ("GET", "/commits/{sha}/impact"),
        ("GET", "/symbols/{id}/callers"),
        ("GET", "/symbols/{id}/references"),
        ("GET", "/symbols/{id}/callees"),
        ("GET", "/admin/dlq"),
        ("POST", "/admin/dlq/redrive"),
        ("GET", "/contributors"),
        ("GET", "/stats"),
        ("GET", "/events/stream"),
        ("GET", "/docs/{owner}/{name}"),
        ("GET", "/metrics/dora"),
    ];

    fn json() -> String {
        document().to_pretty_json().expect("serializes")
    }

    fn documented() -> BTreeSet<(String, String)> {
        let spec = oas3::from_json(json()).expect("parses as OpenAPI 3.1");
        spec.operations()
            .map(|(path, method, _)| (method.to_string(), path))
            .collect()
    }

    #[test]
    fn the_document_parses_as_openapi_3_with_the_bearer_scheme() {
        let spec = oas3::from_json(json()).expect("parses as OpenAPI 3.1");
        let version = spec.validate_version().expect("a supported version");
        assert_eq!(version.major, 3, "{version}");
        let doc: serde_json::Value = serde_json::from_str(&json()).expect("json");
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"],
            serde_json::json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
        );
        // Every operation behind a token names the scheme; probes and the document do not.
        for (path, op) in doc["paths"].as_object().expect("paths") {
            for (method, op) in op.as_object().expect("operations") {
                let open = ["/health", "/metrics", "/openapi.json"].contains(&path.as_str());
                assert_eq!(
                    op.get("security").is_none(),
                    open,
                    "{method} {path}: security"
                );
                assert!(op["responses"]["200"].is_object(), "{method} {path}: 200");
            }
        }
        // Parameters and typed answers come from the handlers' types.
        let commits = &doc["paths"]["/repos/{owner}/{name}/commits"]["get"];
        let names: BTreeSet<&str> = commits["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(
            names,
            BTreeSet::from([
                "owner", "name", "author", "since", "until", "path", "limit", "cursor"
            ])
        );
        assert_eq!(
            doc["components"]["responses"]["Error"]["description"],
            "An error"
        );
        assert!(doc["components"]["schemas"]["CommitSummary"].is_object());
    }

    /// Every `$ref` in `value`.
    fn refs<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(|r| r.as_str()) {
                    out.push(r);
                }
                map.values().for_each(|v| refs(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc: serde_json::Value = serde_json::from_str(&json()).expect("json");
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(!found.is_empty());
        for r in found {
            let pointer = r.strip_prefix('#').expect("a local reference");
            assert!(doc.pointer(pointer).is_some(), "{r} resolves");
        }
    }

    #[test]
    fn the_document_lists_every_route() {
        let expected: BTreeSet<(String, String)> = ROUTES
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(documented(), expected);
    }

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        api: QueryApiConfig,
        #[command(flatten)]
        kafka: tributary_runtime::KafkaArgs,
    }

    /// A state over a database that is never reached (nothing listens on port 1).
    fn state() -> AppState {
        let cli =
            Cli::try_parse_from(["t", "--jwt-secret", "a-jwt-secret-that-is-long-enough-0123"])
                .expect("parses");
        let pool = sqlx::postgres::PgPoolOptions::new()
            .acquire_timeout(std::time::Duration::from_millis(100))
            .connect_lazy("postgres://nobody@127.0.0.1:1/none")
            .expect("lazy pool");
        AppState::new(pool, cli.api, cli.kafka, "http://127.0.0.1:1".into())
    }

    #[tokio::test]
    async fn every_documented_route_is_served() {
        let router = crate::server::router(state());
        for (method, path) in documented() {
            let uri = path
                .replace("{owner}", "octo")
                .replace("{name}", "hello")
                .replace("{sha}", "abcd")
                .replace("{id}", "s1");
            let request = Request::builder()
                .method(Method::from_bytes(method.as_bytes()).expect("method"))
                .uri(&uri)
                .body(Body::empty())
                .expect("request");
            let response = router.clone().oneshot(request).await.expect("answer");
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .expect("body");
            let text = String::from_utf8_lossy(&body);
            assert!(
                status != StatusCode::METHOD_NOT_ALLOWED && !text.contains("no such route"),
                "{method} {path}: {status} {text}"
            );
        }
        // And an undocumented one is not.
        let request = Request::builder()
            .uri("/nope")
            .body(Body::empty())
            .expect("request");
        let response = router.oneshot(request).await.expect("answer");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
