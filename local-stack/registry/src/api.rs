//! The Confluent Schema Registry REST API over the [`Store`].
//!
//! Errors use Confluent's shape, `{"error_code": 40401, "message": "..."}`, whose first three
//! digits are the HTTP status.

use crate::auth::WriteCredential;
use crate::compatibility::Level;
use crate::store::{Store, StoreError, SubjectVersion, VersionSelector};
use apache_avro::Schema;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

const CONTENT_TYPE: &str = "application/vnd.schemaregistry.v1+json";

/// An API error with Confluent's code.
#[derive(Debug, Clone)]
pub struct ApiError {
    code: u32,
    message: String,
}

impl ApiError {
    fn new(code: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// A write without the registry's write credential (Confluent's 40101).
    pub fn unauthorized() -> Self {
        Self::new(
            40101,
            "Unauthorized: this route changes the registry and needs its write credential (HTTP Basic)",
        )
    }

    fn status(&self) -> StatusCode {
        let http = if self.code >= 10_000 {
            self.code / 100
        } else {
            self.code
        };
        u16::try_from(http)
            .ok()
            .and_then(|c| StatusCode::from_u16(c).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::SubjectNotFound(_) => ApiError::new(40401, e.to_string()),
            StoreError::VersionNotFound { .. } => ApiError::new(40402, e.to_string()),
            StoreError::Incompatible { .. } => ApiError::new(409, e.to_string()),
            StoreError::Backend(inner) => {
                tracing::error!(error = %inner, "registry backend error");
                ApiError::new(50001, e.to_string())
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            tracing::error!(code = self.code, message = %self.message, "registry request failed");
        } else {
            tracing::info!(code = self.code, message = %self.message, "registry request refused");
        }
        let body = json!({"error_code": self.code, "message": self.message});
        (
            self.status(),
            [(header::CONTENT_TYPE, CONTENT_TYPE)],
            body.to_string(),
        )
            .into_response()
    }
}

fn ok(value: Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, CONTENT_TYPE)],
        value.to_string(),
    )
        .into_response()
}

type ApiResult = Result<Response, ApiError>;

/// The registry's routes; with a `credential`, the writes need it (see [`crate::auth`]).
pub fn router(store: Store, credential: Option<Arc<WriteCredential>>) -> Router {
    Router::new()
        .route("/", get(|| async { ok(json!({})) }))
        .route("/schemas/types", get(|| async { ok(json!(["AVRO"])) }))
        .route("/subjects", get(list_subjects))
        .route("/subjects/{subject}", post(lookup_schema))
        .route(
            "/subjects/{subject}/versions",
            get(list_versions).post(register_schema),
        )
        .route("/subjects/{subject}/versions/{version}", get(get_version))
        .route(
            "/subjects/{subject}/versions/{version}/schema",
            get(get_version_schema),
        )
        .route("/schemas/ids/{id}", get(get_schema_by_id))
        .route("/schemas/ids/{id}/schema", get(get_raw_schema_by_id))
        .route("/schemas/ids/{id}/versions", get(get_schema_versions))
        .route("/config", get(get_global_config).put(put_global_config))
        .route(
            "/config/{subject}",
            get(get_subject_config)
                .put(put_subject_config)
                .delete(delete_subject_config),
        )
        .route(
            "/compatibility/subjects/{subject}/versions",
            post(check_against_all),
        )
        .route(
            "/compatibility/subjects/{subject}/versions/{version}",
            post(check_against_version),
        )
        .route_layer(middleware::from_fn_with_state(
            credential,
            crate::auth::require_write_credential,
        ))
        .with_state(store)
}

/// A schema as posted.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SchemaRequest {
    schema: String,
    #[serde(default)]
    schema_type: Option<String>,
    #[serde(default)]
    references: Vec<Value>,
}

/// A parsed, normalized Avro schema from a request body.
struct Candidate {
    text: String,
    normalized: String,
    parsed: Schema,
}

fn parse_candidate(body: &[u8]) -> Result<Candidate, ApiError> {
    let request: SchemaRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::new(42201, format!("Invalid schema request body: {e}")))?;
    if let Some(t) = &request.schema_type {
        if !t.eq_ignore_ascii_case("AVRO") {
            return Err(ApiError::new(
                42201,
                format!("Invalid schema: schema type {t} is not supported (AVRO only)"),
            ));
        }
    }
    if !request.references.is_empty() {
        return Err(ApiError::new(
            42201,
            "Invalid schema: schema references are not supported",
        ));
    }
    let json: Value = serde_json::from_str(&request.schema)
        .map_err(|e| ApiError::new(42201, format!("Invalid schema: not JSON: {e}")))?;
    let parsed =
        Schema::parse(&json).map_err(|e| ApiError::new(42201, format!("Invalid schema: {e}")))?;
    Ok(Candidate {
        normalized: normalize(&json).to_string(),
        text: request.schema,
        parsed,
    })
}

/// The schema JSON with object keys sorted, so that formatting and key order do not make two
/// equal schemas look different (docs and defaults are kept: they matter).
fn normalize(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, Value> =
                map.iter().map(|(k, v)| (k, normalize(v))).collect();
            Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        other => other.clone(),
    }
}

fn parse_version(raw: &str) -> Result<VersionSelector, ApiError> {
    if raw == "latest" || raw == "-1" {
        return Ok(VersionSelector::Latest);
    }
    match raw.parse::<i32>() {
        Ok(n) if n >= 1 => Ok(VersionSelector::Number(n)),
        _ => Err(ApiError::new(
            42202,
            format!(
                "The specified version '{raw}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""
            ),
        )),
    }
}

fn parse_id(raw: &str) -> Result<i32, ApiError> {
    raw.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::new(40403, "Schema not found"))
}

fn version_json(v: &SubjectVersion) -> Value {
    json!({
        "subject": v.subject,
        "version": v.version,
        "id": v.id,
        "schemaType": v.schema_type,
        "schema": v.schema,
    })
}

async fn list_subjects(State(store): State<Store>) -> ApiResult {
    Ok(ok(json!(store.subjects().await?)))
}

async fn list_versions(State(store): State<Store>, Path(subject): Path<String>) -> ApiResult {
    Ok(ok(json!(store.versions(&subject).await?)))
}

async fn register_schema(
    State(store): State<Store>,
    Path(subject): Path<String>,
    body: Bytes,
) -> ApiResult {
    let c = parse_candidate(&body)?;
    let registered = store
        .register(&subject, &c.text, &c.normalized, &c.parsed)
        .await?;
    tracing::info!(
        subject,
        id = registered.id,
        version = registered.version,
        "schema registered"
    );
    Ok(ok(json!({"id": registered.id})))
}

async fn lookup_schema(
    State(store): State<Store>,
    Path(subject): Path<String>,
    body: Bytes,
) -> ApiResult {
    let c = parse_candidate(&body)?;
    match store.lookup(&subject, &c.normalized).await? {
        Some(v) => Ok(ok(version_json(&v))),
        None => {
            // Confluent distinguishes an unknown subject from an unknown schema.
            store.versions(&subject).await?;
            Err(ApiError::new(40403, "Schema not found"))
        }
    }
}

async fn get_version(
    State(store): State<Store>,
    Path((subject, version)): Path<(String, String)>,
) -> ApiResult {
    let selector = parse_version(&version)?;
    Ok(ok(version_json(&store.version(&subject, selector).await?)))
}

async fn get_version_schema(
    State(store): State<Store>,
    Path((subject, version)): Path<(String, String)>,
) -> ApiResult {
    let selector = parse_version(&version)?;
    let v = store.version(&subject, selector).await?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, CONTENT_TYPE)],
        v.schema,
    )
        .into_response())
}

async fn get_schema_by_id(State(store): State<Store>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id(&id)?;
    match store.schema_by_id(id).await? {
        Some((schema_type, schema)) => Ok(ok(json!({"schema": schema, "schemaType": schema_type}))),
        None => Err(ApiError::new(40403, "Schema not found")),
    }
}

async fn get_raw_schema_by_id(State(store): State<Store>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id(&id)?;
    match store.schema_by_id(id).await? {
        Some((_, schema)) => Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, CONTENT_TYPE)],
            schema,
        )
            .into_response()),
        None => Err(ApiError::new(40403, "Schema not found")),
    }
}

async fn get_schema_versions(State(store): State<Store>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id(&id)?;
    if store.schema_by_id(id).await?.is_none() {
        return Err(ApiError::new(40403, "Schema not found"));
    }
    let versions: Vec<Value> = store
        .versions_of_schema(id)
        .await?
        .into_iter()
        .map(|(subject, version)| json!({"subject": subject, "version": version}))
        .collect();
    Ok(ok(Value::Array(versions)))
}

#[derive(Debug, Deserialize)]
struct ConfigRequest {
    compatibility: String,
}

fn parse_config(body: &[u8]) -> Result<Level, ApiError> {
    let request: ConfigRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::new(42203, format!("Invalid compatibility level: {e}")))?;
    request
        .compatibility
        .parse()
        .map_err(|e: crate::compatibility::InvalidLevel| ApiError::new(42203, e.to_string()))
}

async fn get_global_config(State(store): State<Store>) -> ApiResult {
    let level = store.level(None).await?.unwrap_or(Level::DEFAULT);
    Ok(ok(json!({"compatibilityLevel": level.to_string()})))
}

async fn put_global_config(State(store): State<Store>, body: Bytes) -> ApiResult {
    let level = parse_config(&body)?;
    store.set_level(None, level).await?;
    Ok(ok(json!({"compatibility": level.to_string()})))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfigQuery {
    #[serde(default)]
    default_to_global: bool,
}

async fn get_subject_config(
    State(store): State<Store>,
    Path(subject): Path<String>,
    Query(q): Query<ConfigQuery>,
) -> ApiResult {
    let level = if q.default_to_global {
        Some(store.effective_level(&subject).await?)
    } else {
        store.level(Some(&subject)).await?
    };
    match level {
        Some(l) => Ok(ok(json!({"compatibilityLevel": l.to_string()}))),
        None => Err(ApiError::new(
            40408,
            format!("Subject '{subject}' does not have subject-level compatibility configured"),
        )),
    }
}

async fn put_subject_config(
    State(store): State<Store>,
    Path(subject): Path<String>,
    body: Bytes,
) -> ApiResult {
    let level = parse_config(&body)?;
    store.set_level(Some(&subject), level).await?;
    Ok(ok(json!({"compatibility": level.to_string()})))
}

async fn delete_subject_config(
    State(store): State<Store>,
    Path(subject): Path<String>,
) -> ApiResult {
    match store.delete_level(&subject).await? {
        Some(l) => Ok(ok(json!({"compatibilityLevel": l.to_string()}))),
        None => Err(ApiError::new(
            40408,
            format!("Subject '{subject}' does not have subject-level compatibility configured"),
        )),
    }
}

#[derive(Debug, Deserialize)]
struct CheckQuery {
    #[serde(default)]
    verbose: bool,
}

fn check_response(reasons: Vec<String>, verbose: bool) -> Response {
    let mut body = json!({"is_compatible": reasons.is_empty()});
    if verbose {
        body["messages"] = json!(reasons);
    }
    ok(body)
}

async fn check_against_all(
    State(store): State<Store>,
    Path(subject): Path<String>,
    Query(q): Query<CheckQuery>,
    body: Bytes,
) -> ApiResult {
    let c = parse_candidate(&body)?;
    let reasons = store.check(&subject, &c.parsed, None).await?;
    Ok(check_response(reasons, q.verbose))
}

async fn check_against_version(
    State(store): State<Store>,
    Path((subject, version)): Path<(String, String)>,
    Query(q): Query<CheckQuery>,
    body: Bytes,
) -> ApiResult {
    let selector = parse_version(&version)?;
    let c = parse_candidate(&body)?;
    let reasons = store.check(&subject, &c.parsed, Some(selector)).await?;
    Ok(check_response(reasons, q.verbose))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_ignores_key_order_and_whitespace() {
        let a: Value = serde_json::from_str(r#"{"type":"record","name":"R","fields":[]}"#).unwrap();
        let b: Value =
            serde_json::from_str(r#"{ "name": "R", "fields": [], "type": "record" }"#).unwrap();
        assert_eq!(normalize(&a).to_string(), normalize(&b).to_string());
    }

    #[test]
    fn versions_and_ids_are_validated() {
        assert_eq!(parse_version("latest").unwrap(), VersionSelector::Latest);
        assert_eq!(parse_version("3").unwrap(), VersionSelector::Number(3));
        assert_eq!(parse_version("0").unwrap_err().code, 42202);
        assert_eq!(parse_version("x").unwrap_err().code, 42202);
        assert_eq!(parse_id("-4").unwrap_err().code, 40403);
    }

    #[test]
    fn error_codes_map_to_http_statuses() {
        assert_eq!(ApiError::new(40401, "").status(), StatusCode::NOT_FOUND);
        assert_eq!(ApiError::new(409, "").status(), StatusCode::CONFLICT);
        assert_eq!(
            ApiError::new(42201, "").status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            ApiError::new(50001, "").status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn bad_bodies_are_invalid_schemas() {
        assert_eq!(parse_candidate(b"not json").err().unwrap().code, 42201);
        assert_eq!(
            parse_candidate(br#"{"schema":"{\"type\":\"nope\"}"}"#)
                .err()
                .unwrap()
                .code,
            42201
        );
        assert!(parse_candidate(br#"{"schema":"\"string\""}"#).is_ok());
    }
}
