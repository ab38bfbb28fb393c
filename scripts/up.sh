#!/usr/bin/env bash
# The main job: installs what is missing (once), starts the local stack, and runs the whole
# pipeline in one process on a sample repository (this checkout), with the shared webhook
# fixtures sent through ingest. Ctrl-C stops the pipeline; `scripts/stack.sh stop` the stack.
#
# Environment: TRIBUTARY_WEBHOOK_SECRET and TRIBUTARY_JWT_SECRET (random per run when unset; a
# generated webhook secret is written to $TRIBUTARY_HOME/webhook-secret, mode 0600, and the demo
# prints a `tributary webhook send` command that uses it), plus everything scripts/stack.sh reads.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian packages first (the workspace build needs cmake), then the tools and the workspace
# build at the same time: on a fresh machine one's serial tail overlaps the other's parallel part.
./scripts/install.sh --packages-only
./scripts/install.sh --graph &
tools=$!
cargo build --locked --release --bin tributary || { kill "$tools" 2>/dev/null; exit 1; }
wait "$tools"
TRIBUTARY_BIN=target/release/tributary ./scripts/stack.sh start

# The local broker (tansu 0.6.0) cannot take idempotent producers back after a crash; every
# downstream effect is idempotent by event id, so the local pipeline runs without it.
export TRIBUTARY_KAFKA_IDEMPOTENCE=${TRIBUTARY_KAFKA_IDEMPOTENCE:-false}
# One produce request in flight per broker connection: on the local tansu broker it raised the
# ingest rate sustained within a 50 ms p99 from 1,550-1,650/s to 2,250/s (`cargo bench --bench
# pipeline`), and without idempotence it keeps a retried batch from overtaking the next one.
export TRIBUTARY_KAFKA_PRODUCER_OPTIONS=${TRIBUTARY_KAFKA_PRODUCER_OPTIONS:-max.in.flight.requests.per.connection=1}

# Enrichment through the model server scripts/stack.sh started (OpenAI-compatible, structured
# answers); TRIBUTARY_LLM_PROVIDER=none turns the model off (the offline classifier answers), and
# TRIBUTARY_LLM_URL/TRIBUTARY_LLM_MODEL point at another server (README "A bigger model").
export TRIBUTARY_LLM_PROVIDER=${TRIBUTARY_LLM_PROVIDER:-openai}
export TRIBUTARY_LLM_URL=${TRIBUTARY_LLM_URL:-http://127.0.0.1:${TRIBUTARY_MODEL_PORT:-8090}}
export TRIBUTARY_LLM_MODEL=${TRIBUTARY_LLM_MODEL:-smollm2-135m-instruct}
# As many requests in flight as the local server decodes at once (serve.py --parallel, 2): a request
# waiting in the server's queue spends its TRIBUTARY_LLM_TIMEOUT_MS there.
export TRIBUTARY_LLM_CONCURRENCY=${TRIBUTARY_LLM_CONCURRENCY:-2}

exec target/release/tributary up --repo . \
  --mirrors "${TRIBUTARY_HOME:-$HOME/.tributary}/mirrors" \
  --webhooks tests/fixtures/github-webhooks "$@"
