//! The end-to-end tests, in one binary (the stack is linked once, and `cargo test --test it --
//! <filter>` picks tests by module): every test gets its own topic prefix and PostgreSQL schemas
//! on the real local stack (`scripts/stack.sh start`), so tests run in parallel as threads of
//! this one process without seeing each other's data.
//!
//! What the process shares, and how the tests live with it:
//! - the tracing subscriber and the Prometheus recorder are process-wide: a test that asserts
//!   on metric values or exported spans runs again in a process of its own
//!   ([`common::own_process`]), as do tests that set environment variables;
//! - ports are never fixed: servers bind port 0, or [`common::free_port`];
//! - names on the broker and in PostgreSQL carry the test's unique id ([`common::TestEnv`]).
//!
//! One module per capability; the harness is [`common`], the webhook fixtures are in
//! `tests/fixtures/`.

mod common;

mod analysis;
mod auth;
mod dashboards;
mod deploy;
mod dlq;
mod dora;
mod enrich;
mod evolution;
mod faults;
mod git_history;
mod graph;
mod hostile_door;
mod hostile_fetch;
mod hostile_payloads;
mod hostile_sizes;
mod hostile_stall;
mod limits;
mod live;
mod model;
mod navigation;
mod recovery;
mod registry;
mod replay;
mod telemetry;
mod webhooks;
