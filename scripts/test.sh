#!/usr/bin/env bash
# Runs every test on a fresh machine of this kind: installs what is missing (once), starts the
# local stack (broker, registry, PostgreSQL, graph server), then the unit and end-to-end tests.
# Graph tests start their own in-memory graph server each, so they never share a graph.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian packages first (the workspace build needs cmake), then the tools and the workspace
# build at the same time: on a fresh machine one's serial tail overlaps the other's parallel part.
# Every test target is built first, with the binary the stack runs among them: `cargo test
# --workspace` unifies the features of all members and their dev-dependencies, so a plain
# `cargo build --bin tributary` would compile about twenty dependencies and the whole workspace
# a second time with other features (measured: issue 14's closing note).
./scripts/install.sh --packages-only
./scripts/install.sh --graph &
tools=$!
cargo test --locked --workspace --no-run || { kill "$tools" 2>/dev/null; exit 1; }
wait "$tools"
# Tests make their own schemas in the test database; start each run from an empty one.
if pg_isready -q -h 127.0.0.1 -p "${TRIBUTARY_PG_PORT:-5432}"; then
  psql -h 127.0.0.1 -p "${TRIBUTARY_PG_PORT:-5432}" -U postgres -qc \
    "DROP DATABASE IF EXISTS ${TRIBUTARY_DB:-tributary}_test WITH (FORCE)"
fi
./scripts/stack.sh start

export TRIBUTARY_BROKERS=${TRIBUTARY_BROKERS:-127.0.0.1:${TRIBUTARY_KAFKA_PORT:-9092}}
export TRIBUTARY_REGISTRY_URL=${TRIBUTARY_REGISTRY_URL:-http://127.0.0.1:${TRIBUTARY_REGISTRY_PORT:-8081}}
export TRIBUTARY_TEST_DATABASE_URL=${TRIBUTARY_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:${TRIBUTARY_PG_PORT:-5432}/${TRIBUTARY_DB:-tributary}_test}
export TRIBUTARY_KGLITE=${TRIBUTARY_KGLITE:-${TRIBUTARY_HOME:-$HOME/.tributary}/bin/kglite-bolt-server}
export RUST_LOG=${RUST_LOG:-warn}

log=$(mktemp)
set +e
cargo test --locked --workspace --no-fail-fast "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run: cargo prints one `test result:` line per test binary (each
# crate's unit tests, doc tests, and the one end-to-end binary `it`, tests/it/). A test that
# runs itself again in a process of its own (tests/it/common/process.rs) keeps that process's
# summary to itself, so nothing is counted twice.
awk '/^test result:/ {p += $4; f += $6} END {printf "\ntests: %d passed, %d failed\n", p, f}' "$log"
rm -f "$log"
exit "$status"
