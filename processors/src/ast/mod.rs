//! The AST analyzer (work in progress toward `tributary process ast`): tree-sitter analysis of
//! one file version at a time — symbols, imports, calls, doc comments, metrics.
//!
//! - [`languages`]: the language table (grammar, queries, complexity and comment node kinds);
//! - [`extract`]: the pure extraction, which never fails on a broken file.
//!
//! Analysis is per blob with no cross-file state, so it scales out by partitions.

pub mod extract;
pub mod languages;

pub use extract::{analyze, FileAnalysis};

#[cfg(test)]
mod tests;
