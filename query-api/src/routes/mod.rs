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

use std::collections::HashMap;

/// Raw query parameters, validated by each handler through [`crate::params`].
pub type Params = HashMap<String, String>;

/// A parameter by name.
pub fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params.get(name).map(String::as_str)
}
