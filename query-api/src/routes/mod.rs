//! One module per resource: the handlers, their parameter types and their response types. Each
//! handler carries its OpenAPI description (`#[utoipa::path]`); [`crate::openapi`] registers
//! them, so the router and the document are built from the same list.

pub(crate) mod activity;
pub(crate) mod admin;
pub(crate) mod code;
pub(crate) mod commits;
pub(crate) mod docs;
pub(crate) mod dora;
pub(crate) mod graph;
pub(crate) mod health;
pub(crate) mod navigation;
pub(crate) mod people;
pub(crate) mod repos;
pub(crate) mod stream;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tributary_http::HttpError;
use utoipa::{IntoParams, ToSchema};

/// The query string as `T` (whose fields are raw text, validated by each handler through
/// [`crate::params`]); a query string that does not fit (a repeated parameter) is refused with
/// the API's 400 shape.
#[derive(Debug, Clone, Default)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(q)| Self(q))
            .map_err(|e| HttpError::bad_request("bad_parameter", e.body_text()))
    }
}

/// A repository in the path: `/repos/{owner}/{name}/...`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RepoPath {
    /// Repository owner
    pub owner: String,
    /// Repository name
    pub name: String,
}

/// A commit in the path: `/commits/{sha}/...`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ShaPath {
    /// Commit sha or unique prefix (4-40 hex digits)
    pub sha: String,
}

/// `?limit=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LimitQuery {
    /// Page size, 1-500 (default 50)
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// `?since=&until=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WindowQuery {
    /// Inclusive lower bound: RFC 3339 time or YYYY-MM-DD
    pub since: Option<String>,
    /// Exclusive upper bound: RFC 3339 time or YYYY-MM-DD
    pub until: Option<String>,
}

/// A listing: `{"items": [...]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Items<T> {
    /// The items, in the listing's order.
    pub items: Vec<T>,
}

/// A listing of JSON objects as the read model stores them (one object per row, its columns as
/// keys): `{"items": [{...}]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rows {
    /// The rows, in the listing's order.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Value>,
}

/// One page of a paginated listing, `{"items": [...], "next_cursor": "..." | null}`: serialized
/// straight from the rows (no intermediate JSON tree on the listing's hot path).
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The page's items, in the listing's order.
    pub items: Vec<T>,
    /// Where the next page starts (`?cursor=`), or null on the last page.
    pub next_cursor: Option<String>,
}
