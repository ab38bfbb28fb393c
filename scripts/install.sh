#!/usr/bin/env bash
# Installs what the local stack needs, idempotently: Debian build packages for rdkafka's bundled
# librdkafka, and the tansu broker (and, with --graph, the kglite Bolt server) from crates.io.
# A tool already present is reused, never rebuilt. Interrupted builds resume from their target dir.
#
# Environment:
#   TRIBUTARY_HOME   where tools are installed (default: $HOME/.tributary); binaries land in its bin/
set -euo pipefail

TRIBUTARY_HOME=${TRIBUTARY_HOME:-$HOME/.tributary}
BIN="$TRIBUTARY_HOME/bin"
mkdir -p "$BIN" "$TRIBUTARY_HOME/build"

log() { printf '[install] %s\n' "$*" >&2; }

want_graph=0
for arg in "$@"; do
  case "$arg" in
    --graph) want_graph=1 ;;
    *) log "unknown argument: $arg"; exit 2 ;;
  esac
done

# --- Debian packages -------------------------------------------------------------------------
apt_needed=()
command -v cmake >/dev/null || apt_needed+=(cmake)
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || apt_needed+=(libcurl4-openssl-dev)
command -v git >/dev/null || apt_needed+=(git)
command -v ctags >/dev/null || apt_needed+=(universal-ctags)  # the analyzer's accuracy oracle
command -v chromium >/dev/null || apt_needed+=(chromium)        # the documentation pages' tests
command -v promtool >/dev/null || apt_needed+=(prometheus)      # deployment checks; dashboards' queries
command -v openssl >/dev/null || apt_needed+=(openssl)          # RSA keys of the JWT tests
if [ ${#apt_needed[@]} -gt 0 ]; then
  log "apt-get install ${apt_needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${apt_needed[@]}" >/dev/null
fi

# --- cargo-installed servers ------------------------------------------------------------------
# cargo_tool NAME VERSION [cargo install args...]
cargo_tool() {
  local name=$1 version=$2; shift 2
  if [ -x "$BIN/$name" ] && [ -f "$TRIBUTARY_HOME/$name.version" ] \
     && [ "$(cat "$TRIBUTARY_HOME/$name.version")" = "$version" ]; then
    log "$name $version already installed at $BIN/$name"
    return 0
  fi
  log "building $name $version (once per machine; this takes a while)"
  cargo install --quiet --root "$TRIBUTARY_HOME" --target-dir "$TRIBUTARY_HOME/build/$name" \
    --version "$version" --locked "$@"
  echo "$version" > "$TRIBUTARY_HOME/$name.version"
  rm -rf "$TRIBUTARY_HOME/build/$name"
  log "$name $version installed"
}

cargo_tool tansu 0.6.0 tansu --features dynostore,libsql
if [ "$want_graph" = 1 ]; then
  cargo_tool kglite-bolt-server 0.21.5 kglite-bolt-server
fi
