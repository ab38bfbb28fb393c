//! Transforms: stateless processors that read one topic and write others, through the shared
//! loop in `tributary_runtime::processor`.
//!
//! - [`normalizer`]: `webhooks.raw` → `pushes`, `activity`.
//!
//! A new processor is one more folder here implementing `Processor`, and one subcommand.

pub mod normalizer;
