//! The AST analyzer (`tributary process ast`): `blobs` → `analysis`, tree-sitter analysis of one
//! file version at a time — symbols, imports, calls, doc comments, metrics.
//!
//! - [`languages`]: the language table (grammar, queries, complexity and comment node kinds);
//! - [`extract`]: the pure extraction, which never fails on a broken file;
//! - `processor`: the [`AstAnalyzer`] processor, with skip records for binary, oversized and
//!   unsupported files.
//!
//! Analysis is per blob with no cross-file state, so it scales out by partitions.

mod extract;
mod languages;
mod processor;

pub use extract::{
    analyze, parse_only, text_metrics, Binding, Call, FileAnalysis, Local, Metrics, Symbol,
    MODULE_SYMBOL,
};
pub use languages::{spec, LanguageSpec, LANGUAGES};
pub use processor::{analysis_of, AstAnalyzer, ANALYZER_VERSION, MAX_ANALYSIS_BYTES};

#[cfg(test)]
mod resolution_tests;
#[cfg(test)]
mod tests;
