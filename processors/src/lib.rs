//! Transforms: stateless processors that read one topic and write others, through the shared
//! loop in `tributary_runtime::processor`.
//!
//! - [`normalizer`]: `webhooks.raw` → `pushes`, `activity`;
//! - [`ast`]: tree-sitter analysis of file versions: `blobs` → `analysis`;
//! - [`enrich`]: commit enrichment: `commits` → `enrichment`.
//!
//! A new processor is one more folder here implementing `Processor`, and one subcommand.

pub mod ast;
pub mod enrich;
pub mod normalizer;
