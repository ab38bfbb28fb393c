//! One module per resource.

pub mod activity;
pub mod admin;
pub mod code;
pub mod commits;
pub mod docs;
pub mod dora;
pub mod graph;
pub mod health;
pub mod people;
pub mod repos;
pub mod stream;

use serde::Serialize;
use std::collections::HashMap;

/// Raw query parameters, validated by each handler through [`crate::params`].
pub type Params = HashMap<String, String>;

/// A parameter by name.
pub fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params.get(name).map(String::as_str)
}

/// One page of a paginated listing, `{"items": [...], "next_cursor": "..." | null}`: serialized
/// straight from the rows (no intermediate JSON tree on the listing's hot path).
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// The page's items, in the listing's order.
    pub items: Vec<T>,
    /// Where the next page starts (`?cursor=`), or null on the last page.
    pub next_cursor: Option<String>,
}
