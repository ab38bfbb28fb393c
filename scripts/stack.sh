#!/usr/bin/env bash
# The local stack on loopback: PostgreSQL (the machine's), the tansu broker with SQLite storage,
# Tributary's own Schema Registry, the kglite graph server (Bolt 5) with Tributary's Bolt 4.4
# bridge in front of it (neo4rs speaks 4.4), the model server (llama.cpp through xllamacpp,
# OpenAI-compatible, serving the small model scripts/install.sh installed); creates the topics.
#
#   scripts/stack.sh start | stop | status
#
# Environment (all optional):
#   TRIBUTARY_HOME          tools and data (default: $HOME/.tributary)
#   TRIBUTARY_DATA          data folders (default: $TRIBUTARY_HOME/data)
#   TRIBUTARY_KAFKA_PORT    broker port (default: 9092)
#   TRIBUTARY_REGISTRY_PORT registry port (default: 8081)
#   TRIBUTARY_PG_PORT       PostgreSQL port (default: 5432)
#   TRIBUTARY_GRAPH_PORT    graph server's Bolt 5 port (default: 7687)
#   TRIBUTARY_BRIDGE_PORT   Bolt 4.4 bridge port, what components connect to (default: 7688)
#   TRIBUTARY_MODEL_PORT    model server port (default: 8090; not started when
#                           TRIBUTARY_LLM_PROVIDER=none)
#   TRIBUTARY_MODEL_THREADS its CPU threads (default: 2)
#   TRIBUTARY_DB            database of the pipeline (default: tributary)
#   TRIBUTARY_BIN           the tributary binary (default: target/debug/tributary, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."

TRIBUTARY_HOME=${TRIBUTARY_HOME:-$HOME/.tributary}
DATA=${TRIBUTARY_DATA:-$TRIBUTARY_HOME/data}
KAFKA_PORT=${TRIBUTARY_KAFKA_PORT:-9092}
REGISTRY_PORT=${TRIBUTARY_REGISTRY_PORT:-8081}
PG_PORT=${TRIBUTARY_PG_PORT:-5432}
GRAPH_PORT=${TRIBUTARY_GRAPH_PORT:-7687}
BRIDGE_PORT=${TRIBUTARY_BRIDGE_PORT:-7688}
KGLITE=${TRIBUTARY_KGLITE:-$TRIBUTARY_HOME/bin/kglite-bolt-server}
DB=${TRIBUTARY_DB:-tributary}
MODEL_PORT=${TRIBUTARY_MODEL_PORT:-8090}
MODEL_THREADS=${TRIBUTARY_MODEL_THREADS:-2}
MODEL_PYTHON=${TRIBUTARY_MODEL_PYTHON:-$TRIBUTARY_HOME/venv/bin/python}
MODEL_FILE=${TRIBUTARY_MODEL_FILE:-$TRIBUTARY_HOME/models/SmolLM2-135M-Instruct.Q4_1.gguf}
BIN=${TRIBUTARY_BIN:-target/debug/tributary}
TANSU=${TRIBUTARY_TANSU:-$TRIBUTARY_HOME/bin/tansu}
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB"

log() { printf '[stack] %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 what=$2 i
  for i in $(seq 1 120); do
    port_open "$port" && return 0
    sleep 0.5
  done
  log "$what did not open port $port; see $DATA/*.log"
  return 1
}

start_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    wait_port "$PG_PORT" PostgreSQL
  fi
  for db in "$DB" "${DB}_test"; do
    if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      log "creating database $db"
      psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $db"
    fi
  done
}

start_tansu() {
  if port_open "$KAFKA_PORT"; then
    log "broker already listening on $KAFKA_PORT"
    return 0
  fi
  [ -x "$TANSU" ] || { log "tansu not installed: run scripts/install.sh"; exit 1; }
  mkdir -p "$DATA/tansu"
  log "starting tansu on 127.0.0.1:$KAFKA_PORT (storage $DATA/tansu/tansu.db)"
  # The storage path is relative to the broker's working directory. Every descriptor is
  # redirected, so the caller's pipes are not held open by the daemon.
  (cd "$DATA/tansu" && exec "$TANSU" broker \
      --listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
      --advertised-listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
      --storage-engine sqlite://tansu.db) </dev/null >>"$DATA/tansu.log" 2>&1 &
  echo $! >"$DATA/tansu.pid"
  wait_port "$KAFKA_PORT" tansu
}

ensure_bin() {
  if [ ! -x "$BIN" ]; then
    log "building $BIN"
    cargo build --quiet --bin tributary
  fi
}

start_registry() {
  if port_open "$REGISTRY_PORT"; then
    log "registry already listening on $REGISTRY_PORT"
    return 0
  fi
  ensure_bin
  log "starting the schema registry on 127.0.0.1:$REGISTRY_PORT"
  "$BIN" registry --listen "127.0.0.1:$REGISTRY_PORT" --database-url "$DATABASE_URL" \
    </dev/null >>"$DATA/registry.log" 2>&1 &
  echo $! >"$DATA/registry.pid"
  wait_port "$REGISTRY_PORT" registry
}

start_graph() {
  if ! port_open "$GRAPH_PORT"; then
    [ -x "$KGLITE" ] || { log "kglite-bolt-server not installed: run scripts/install.sh --graph"; exit 1; }
    log "starting the graph server on 127.0.0.1:$GRAPH_PORT (in memory)"
    "$KGLITE" --graph "$DATA/graph.kgl" --storage memory --durability off \
      --bind 127.0.0.1 --port "$GRAPH_PORT" \
      </dev/null >>"$DATA/graph.log" 2>&1 &
    echo $! >"$DATA/graph.pid"
    wait_port "$GRAPH_PORT" "graph server"
  else
    log "graph server already listening on $GRAPH_PORT"
  fi
  if ! port_open "$BRIDGE_PORT"; then
    ensure_bin
    log "starting the Bolt 4.4 bridge on 127.0.0.1:$BRIDGE_PORT"
    "$BIN" bolt-bridge --listen "127.0.0.1:$BRIDGE_PORT" --upstream "127.0.0.1:$GRAPH_PORT" \
      </dev/null >>"$DATA/bridge.log" 2>&1 &
    echo $! >"$DATA/bridge.pid"
    wait_port "$BRIDGE_PORT" "bolt bridge"
  fi
}

start_model() {
  if [ "${TRIBUTARY_LLM_PROVIDER:-}" = none ]; then
    log "TRIBUTARY_LLM_PROVIDER=none: no model server"
    return 0
  fi
  if port_open "$MODEL_PORT"; then
    log "model server already listening on $MODEL_PORT"
    return 0
  fi
  [ -x "$MODEL_PYTHON" ] && [ -f "$MODEL_FILE" ] || { log "the model server is not installed: run scripts/install.sh"; exit 1; }
  log "starting the model server on 127.0.0.1:$MODEL_PORT ($(basename "$MODEL_FILE"))"
  "$MODEL_PYTHON" local-stack/model-server/serve.py --model "$MODEL_FILE" \
    --alias smollm2-135m-instruct --port "$MODEL_PORT" --threads "$MODEL_THREADS" \
    </dev/null >>"$DATA/model.log" 2>&1 &
  echo $! >"$DATA/model.pid"
  wait_port "$MODEL_PORT" "model server"
}

stop_pid() {
  local name=$1 f="$DATA/$1.pid"
  if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then
    log "stopping $name"
    kill "$(cat "$f")" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$(cat "$f")" 2>/dev/null || true
  fi
  rm -f "$f"
}

status() {
  local s
  for s in "PostgreSQL:$PG_PORT" "broker:$KAFKA_PORT" "registry:$REGISTRY_PORT" \
           "graph:$GRAPH_PORT" "bridge:$BRIDGE_PORT" "model:$MODEL_PORT"; do
    if port_open "${s#*:}"; then echo "${s%%:*}: up (127.0.0.1:${s#*:})"; else echo "${s%%:*}: down"; fi
  done
}

case "${1:-}" in
  start)
    mkdir -p "$DATA"
    start_postgres
    start_tansu
    start_registry
    start_graph
    start_model
    ensure_bin
    TRIBUTARY_BROKERS="127.0.0.1:$KAFKA_PORT" "$BIN" topics create
    status
    ;;
  stop)
    stop_pid model
    stop_pid bridge
    stop_pid graph
    stop_pid registry
    stop_pid tansu
    ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
