#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (default 600 s each, one after the other),
# seeded from the webhook fixtures, and prints executions and coverage per target. A crash
# leaves its input under fuzz/artifacts/<target>/ and makes the script fail: turn it into a
# regression test next to the code it broke.
#
#   scripts/fuzz.sh            # 600 s per target
#   scripts/fuzz.sh 30         # a quick pass
#   FUZZ_PARALLEL=2 scripts/fuzz.sh   # two targets at a time (one core each)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds_each=${1:-600}
targets=(webhook_normalize avro_decode query_params bolt_packstream)

command -v cargo-fuzz > /dev/null || cargo +nightly install cargo-fuzz --locked

# Seeds: each fixture behind the selector byte of its event (see fuzz_targets/webhook_normalize.rs).
seed=fuzz/corpus/webhook_normalize
mkdir -p "$seed" fuzz/logs
for fixture in tests/fixtures/github-webhooks/*.json; do
  name=$(basename "$fixture" .payload.json)
  case "${name%%.*}" in
    push) selector='\x00' ;; pull_request) selector='\x01' ;; deployment) selector='\x02' ;;
    deployment_status) selector='\x03' ;; issues) selector='\x04' ;; release) selector='\x05' ;;
    *) selector='\x08' ;;
  esac
  { printf "$selector"; cat "$fixture"; } > "$seed/$name"
done

cargo +nightly fuzz build -O

parallel=${FUZZ_PARALLEL:-1}
run_target() {
  local target=$1 log="fuzz/logs/$1.log"
  mkdir -p "fuzz/corpus/$target"
  if cargo +nightly fuzz run -O "$target" -- -max_total_time="$seconds_each" -print_final_stats=1 > "$log" 2>&1; then
    echo 0 > "fuzz/logs/$target.crashed"
  else
    echo 1 > "fuzz/logs/$target.crashed"
  fi
}
running=0
for target in "${targets[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=0
printf '\n| target | seconds | executions | exec/s | coverage (edges) | features | crashes |\n|---|---:|---:|---:|---:|---:|---:|\n' > fuzz/logs/summary.md
for target in "${targets[@]}"; do
  log="fuzz/logs/$target.log"
  crashes=$(cat "fuzz/logs/$target.crashed")
  [ "$crashes" -eq 0 ] || failed=1
  done_line=$(grep -aE '^#[0-9]+ +DONE' "$log" | tail -1 || true)
  [ -n "$done_line" ] || done_line=$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)
  execs=$(grep -aoE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  rate=$(grep -aoE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  cov=$(echo "$done_line" | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+' || echo "?")
  ft=$(echo "$done_line" | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+' || echo "?")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$target" "$seconds_each" "$execs" "$rate" "$cov" "$ft" "$crashes" >> fuzz/logs/summary.md
done
cat fuzz/logs/summary.md
if [ "$failed" -ne 0 ]; then
  echo "a target crashed: see fuzz/logs/ and fuzz/artifacts/" >&2
  exit 1
fi
