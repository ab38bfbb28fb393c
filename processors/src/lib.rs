//! Transforms: processors that read one topic and write others, each through the shared loop
//! in `tributary_runtime::processor` (a `Processor` implementation per folder):
//!
//! - [`normalizer`]: `webhooks.raw` → `pushes`, `activity` ([`normalizer::Normalizer`]);
//! - [`ast`]: tree-sitter analysis of file versions: `blobs` → `analysis`
//!   ([`ast::AstAnalyzer`]);
//! - [`enrich`]: commit enrichment: `commits` → `enrichment` ([`enrich::Enricher`]);
//! - [`fetcher`]: `pushes` → a git fetch of the pushed repository → `commits`, `blobs`, through
//!   the git producer's sync ([`fetcher::PushFetcher`]).
//!
//! A new processor is one more folder here implementing `Processor`, and one subcommand.

pub mod ast;
pub mod enrich;
pub mod fetcher;
pub mod normalizer;
